import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskReplicator } from '@cdktf/provider-aws/lib/msk-replicator';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { S3Backend, Testing, TerraformStack } from 'cdktf';
import { applyPolicy, blocking, KafkaNetwork, MskRegionalCluster, policyReport, ReplicationLink, standardTags } from '../../constructs';

const ROOT = resolve(__dirname, '..', '..');

/**
 * What a team writes without an environment file: its own provider (no default tags),
 * a network and a cluster of its own, and a copy from a cluster it already runs.
 */
function handWrittenStack() {
  const stack = new TerraformStack(Testing.app(), 'payments-dr');
  applyPolicy(stack, { stage: 'prod' });
  new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
  const backend = new S3Backend(stack, { bucket: 'payments-tfstate', key: 'payments-dr.tfstate', region: 'eu-north-1', encrypt: true });
  // S3-native locking (Terraform >= 1.10); the cdktf 0.21 config type predates it.
  backend.addOverride('use_lockfile', true);
  const tags = standardTags({ env: 'payments', owner: 'team-payments', dataClass: 'confidential' });
  const network = new KafkaNetwork(stack, 'Network', { namePrefix: 'payments-sto', cidr: '10.20.0.0/16', tags });
  const cluster = new MskRegionalCluster(stack, 'Cluster', {
    clusterName: 'payments-sto',
    network,
    brokers: 6,
    logRetentionDays: 365,
    tags,
  });
  const existing = MskRegionalCluster.fromClusterArn(stack, 'Frankfurt', {
    clusterArn: 'arn:aws:kafka:eu-central-1:111122223333:cluster/payments-fra/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6-2',
    network: { subnetIds: ['subnet-0a', 'subnet-0b', 'subnet-0c'], securityGroupIds: ['sg-0fra'] },
  });
  const link = new ReplicationLink(stack, 'FraToSto', {
    linkId: 'fra-to-sto',
    namePrefix: 'payments',
    source: existing,
    target: cluster,
    topics: ['payments.v1', 'ledger'],
    tags,
  });
  return { stack, cluster, existing, link, tags };
}

describe('a hand-written stack with no environment file', () => {
  const built = handWrittenStack();
  // Validations on: the policy fails synth on any blocking finding.
  const synth = Testing.synth(built.stack, true);
  const json = JSON.parse(synth) as { resource: Record<string, Record<string, Record<string, unknown>>> };

  it('passes the product policy with no blocking finding', () => {
    const [record] = policyReport(built.stack);
    expect(record.elements).toBeGreaterThan(10);
    expect(blocking(record.findings)).toEqual([]);
  });

  it('builds a hardened MSK cluster with the given size in the given network', () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      cluster_name: 'payments-sto',
      number_of_broker_nodes: 6,
      client_authentication: { unauthenticated: false, sasl: { iam: true, scram: false } },
      encryption_info: expect.objectContaining({ encryption_in_transit: { client_broker: 'TLS', in_cluster: true } }),
      broker_node_group_info: expect.objectContaining({
        client_subnets: expect.arrayContaining([expect.stringMatching(/^\$\{aws_subnet\.Network_Private0_/)]),
      }),
      lifecycle: { prevent_destroy: true },
    });
  });

  it('imports the existing cluster by ARN: its name and region come from the ARN, nothing is created for it', () => {
    expect(built.existing).toMatchObject({ service: 'amazon-msk', clusterName: 'payments-fra', region: 'eu-central-1' });
    expect(Object.keys(json.resource.aws_msk_cluster)).toHaveLength(1);
  });

  it('replicates from the imported cluster into the new one, topics matched exactly', () => {
    expect(synth).toHaveResourceWithProperties(MskReplicator, {
      replicator_name: 'payments-fra-to-sto-replicator',
      replication_info_list: expect.objectContaining({
        source_kafka_cluster_arn: built.existing.clusterArn,
        target_kafka_cluster_arn: expect.stringMatching(/^\$\{aws_msk_cluster\.Cluster_/),
        topic_replication: [
          expect.objectContaining({
            topics_to_replicate: ['^payments\\.v1$', '^ledger$'],
            topic_name_configuration: { type: 'IDENTICAL' },
            starting_position: { type: 'EARLIEST' },
          }),
        ],
      }),
      kafka_cluster: expect.arrayContaining([
        expect.objectContaining({ vpc_config: { subnet_ids: ['subnet-0a', 'subnet-0b', 'subnet-0c'], security_groups_ids: ['sg-0fra'] } }),
      ]),
    });
  });

  it('tags every taggable resource with the given tags (no provider default_tags here)', () => {
    const required = { environment: 'payments', owner: 'team-payments', 'data-class': 'confidential' };
    expect(synth).toHaveResourceWithProperties(MskCluster, { tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(KmsKey, { tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(MskReplicator, {
      tags: expect.objectContaining({ ...required, 'replication-link': 'fra-to-sto' }),
    });
    expect(synth).toHaveResourceWithProperties(Subnet, {
      tags: expect.objectContaining({ ...required, Name: 'payments-sto-private-0', tier: 'private' }),
    });
    const tagKaf020 = policyReport(built.stack)[0].findings.filter((f) => f.rule === 'KAF-020');
    expect(tagKaf020).toEqual([]);
  });

  it('fails KAF-020 when the same stack is built without tags', () => {
    const stack = new TerraformStack(Testing.app(), 'untagged');
    applyPolicy(stack, { stage: 'prod' });
    new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
    new KafkaNetwork(stack, 'Network', { namePrefix: 'x', cidr: '10.20.0.0/16' });
    expect(() => Testing.synth(stack, true)).toThrow(
      /KAF-020 untagged aws_vpc\.Network_[A-F0-9]+: tags lack environment, owner, data-class/,
    );
  });
});

describe('bring your own', () => {
  it('uses an existing key and log group instead of creating them', () => {
    const stack = new TerraformStack(Testing.app(), 'byo');
    new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
    const network = KafkaNetwork.fromNetworkAttributes({ vpcId: 'vpc-1', subnetIds: ['s-a', 's-b', 's-c'], securityGroupIds: ['sg-1'] });
    new MskRegionalCluster(stack, 'Cluster', {
      clusterName: 'byo',
      network,
      encryptionKey: { arn: 'arn:aws:kms:eu-north-1:111122223333:key/abc' },
      logGroup: { name: '/team/kafka' },
    });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      encryption_info: expect.objectContaining({ encryption_at_rest_kms_key_arn: 'arn:aws:kms:eu-north-1:111122223333:key/abc' }),
      logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: '/team/kafka' } } },
      broker_node_group_info: expect.objectContaining({ client_subnets: ['s-a', 's-b', 's-c'], security_groups: ['sg-1'] }),
    });
    expect(synth).not.toHaveResource(KmsKey);
    expect(synth).not.toHaveResource(CloudwatchLogGroup);
  });

  it('fails an existing network with one subnet, naming the value and the fix', () => {
    expect(() => KafkaNetwork.fromNetworkAttributes({ vpcId: 'vpc-1', subnetIds: ['s-a'], securityGroupIds: ['sg-1'] })).toThrow(
      /KafkaNetwork.fromNetworkAttributes\(vpc-1\): subnetIds has 1 subnet\(s\) \[s-a\]; give at least 2 private subnets/,
    );
  });

  it('fails an existing network with no security group', () => {
    expect(() => KafkaNetwork.fromNetworkAttributes({ vpcId: 'vpc-1', subnetIds: ['s-a', 's-b'], securityGroupIds: [] })).toThrow(
      /securityGroupIds is empty/,
    );
  });

  it('fails an ARN that is not an MSK cluster ARN', () => {
    const stack = new TerraformStack(Testing.app(), 'arn');
    expect(() => MskRegionalCluster.fromClusterArn(stack, 'X', { clusterArn: 'arn:aws:s3:::bucket' })).toThrow(
      /fromClusterArn arn\/X: "arn:aws:s3:::bucket" is not an MSK cluster ARN; expected arn:aws:kafka:/,
    );
  });

  it('fails a cluster name MSK refuses', () => {
    const stack = new TerraformStack(Testing.app(), 'names');
    const network = KafkaNetwork.fromNetworkAttributes({ vpcId: 'v', subnetIds: ['a', 'b', 'c'], securityGroupIds: ['g'] });
    expect(() => new MskRegionalCluster(stack, 'C', { clusterName: '9_bad', network })).toThrow(
      /MskRegionalCluster names\/C: clusterName "9_bad" is not a valid MSK cluster name/,
    );
  });

  it('fails a replicator end without a network, saying how to import it', () => {
    const stack = new TerraformStack(Testing.app(), 'ends');
    const a = MskRegionalCluster.fromClusterArn(stack, 'A', { clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/a/u' });
    const b = MskRegionalCluster.fromClusterArn(stack, 'B', {
      clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/b/u',
      network: { subnetIds: ['s'], securityGroupIds: ['g'] },
    });
    expect(() => new ReplicationLink(stack, 'L', { linkId: 'l', source: a, target: b, topics: ['t'] })).toThrow(
      /ReplicationLink ends\/L: MSK Replicator places interfaces in both clusters' subnets, but the source has no network/,
    );
  });

  it('fails a link with no topics', () => {
    const stack = new TerraformStack(Testing.app(), 'topics');
    const net = { subnetIds: ['s'], securityGroupIds: ['g'] };
    const a = MskRegionalCluster.fromClusterArn(stack, 'A', { clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/a/u', network: net });
    expect(() => new ReplicationLink(stack, 'L', { linkId: 'l', source: a, target: a, topics: [] })).toThrow(
      /ReplicationLink topics\/L: topics is empty; name at least one topic to copy/,
    );
  });
});

describe('the package entry', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string };

  it('is the library, with declarations', () => {
    expect(pkg.main).toBe('dist/constructs/index.js');
    expect(pkg.types).toBe('dist/constructs/index.d.ts');
  });

  it('runs nothing when required: no output, no cdktf.out', () => {
    const entry = join(ROOT, pkg.main);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build (npm test does it first)`);
    const cwd = mkdtempSync(join(tmpdir(), 'library-'));
    const r = spawnSync(
      process.execPath,
      ['-e', `const lib = require(${JSON.stringify(entry)}); if (!lib.MskRegionalCluster) process.exit(3);`],
      {
        cwd,
        encoding: 'utf8',
        timeout: 60000,
      },
    );
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(cwd)).toEqual([]);
  });
});
