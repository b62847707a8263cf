import { DataAwsResourcegroupstaggingapiResources } from '@cdktf/provider-aws/lib/data-aws-resourcegroupstaggingapi-resources';
import { MskServerlessCluster } from '@cdktf/provider-aws/lib/msk-serverless-cluster';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { KafkaTopic } from '../../constructs/kafka/topic';
import { assessEnvironment } from '../../constructs/analysis/resilience';
import { envOf, estateStacks, problemsOf, synthJson } from '../helpers';

/** The automotive topic model with its ingest on MSK Serverless in Frankfurt instead of Event Hubs. */
function awsIngest(): Record<string, any> {
  const d = parse(readFileSync(join(__dirname, '../../environments/automotive.yaml'), 'utf8'));
  d.name = 'auto-aws';
  d.accounts = { aws: { accountId: '123456789012' } };
  d.backend = { type: 's3', bucket: 'auto-aws-state', region: 'eu-central-1' };
  d.sites = [{ id: 'fra', cloud: 'aws', region: 'eu-central-1', role: 'primary', cidr: '10.70.0.0/16' }];
  d.clusters = [{ id: 'iiot', kind: 'msk-serverless', sites: ['fra'], throughput: d.clusters[0].throughput }];
  delete d.pipelines; // stream processing stays on Azure
  delete d.connectors; // so does Event Hubs Capture into the data lake
  // The Leipzig plant's edge site signs in with an Event Hubs key; MSK Serverless takes IAM only.
  delete d.edgeFleets;
  d.topics = d.topics.filter((t: { name: string }) => !t.name.startsWith('plant-leipzig.'));
  // On AWS the plants sign in with IAM roles; Entra ID object ids mean nothing there.
  for (const app of [...d.producers, ...d.consumers]) delete app.principalId;
  return d;
}

describe('the automotive topic model on MSK Serverless', () => {
  const env = envOf(awsIngest());
  const stacks = estateStacks(env);
  const site = synthJson(stacks.get('auto-aws-fra')!);
  const topics = synthJson(stacks.get('auto-aws-fra-topics')!);

  it('is an IAM-only serverless cluster in the private subnets, protected', () => {
    expect(site.synth).toHaveResourceWithProperties(MskServerlessCluster, {
      cluster_name: 'auto-aws-fra-iiot',
      client_authentication: { sasl: { iam: { enabled: true } } },
      vpc_config: [expect.objectContaining({ subnet_ids: expect.arrayContaining([expect.stringContaining('aws_subnet.')]) })],
      lifecycle: { prevent_destroy: true },
    });
    expect(site.synth).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { from_port: 9098, cidr_ipv4: '10.70.0.0/16' });
    expect(
      Object.values(site.json.resource.aws_vpc_security_group_ingress_rule as Record<string, any>).every((r) => r.from_port === 9098),
    ).toBe(true);
  });
  it('manages the same topics from the topics stack, found by tag, with the service replication', () => {
    expect(topics.synth).toHaveDataSourceWithProperties(DataAwsResourcegroupstaggingapiResources, {
      resource_type_filters: ['kafka:cluster'],
      tag_filter: [{ key: 'Name', values: ['auto-aws-fra-iiot'] }],
    });
    expect(topics.synth).toHaveResourceWithProperties(KafkaTopic, {
      name: 'temperature-spikes',
      partitions: 8,
      replication_factor: 3,
      config: { 'retention.ms': '604800000' },
    });
  });
  it('survives a zone with RPO 0 (RF 3, min ISR 2 over three zones)', () => {
    expect(
      assessEnvironment(env)
        .filter((o) => o.scope === 'zone')
        .every((o) => o.rpoSeconds === 0 && o.writesContinue),
    ).toBe(true);
  });
});

describe('MSK Serverless validation', () => {
  const paths = (d: Record<string, any>) =>
    problemsOf(d)
      .filter((p) => p.severity !== 'warning')
      .map((p) => `${p.path}: ${p.message}`);
  it('fails broker settings and non-IAM auth', () => {
    const d = awsIngest();
    d.clusters[0].brokers = 3;
    d.clusters[0].clientAuth = ['scram'];
    expect(paths(d)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clusters\[0\]\.brokers: MSK Serverless has no brokers/),
        expect.stringMatching(/^clusters\[0\]\.clientAuth: MSK Serverless authenticates clients with IAM only/),
      ]),
    );
  });
  it('fails more than 2,400 partitions and throughput over the cluster quota', () => {
    const d = awsIngest();
    d.topics[0].partitions = 2400;
    d.clusters[0].throughput = { inMBps: 250, outMBps: 100 };
    expect(paths(d)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clusters\[0\]: cluster "iiot" has 2416 partitions/),
        expect.stringMatching(/^clusters\[0\]\.throughput: .*250 MB\/s in/),
      ]),
    );
  });
  it('fails a replication factor the service does not offer', () => {
    const d = awsIngest();
    d.topics[0].replicationFactor = 4;
    expect(paths(d)).toContainEqual(expect.stringMatching(/^topics\[0\]\.replicationFactor: .*always keeps 3/));
  });
});
