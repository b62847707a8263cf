import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { KafkaNetwork } from '../../../constructs/aws/network';
import { EnvironmentSchema, type Cluster, type Environment } from '../../../constructs/model/schema';
import { StretchedCluster, type StretchedClusterProps } from '../../../constructs/patterns/stretched-cluster';
import { kraftNodes, peerCidrs } from '../../../constructs/analysis/kraft';
import { RenderedFile } from '../../../constructs/rendered-file';
import { problemsOf } from '../../helpers';

const artifact = { location: 's3://bank-artifacts/kafka/kafka_2.13-4.1.1.tgz', sha512: 'b'.repeat(128) };
const kafkaArtifact = {
  locations: Object.fromEntries(
    ['eu-central-1', 'eu-west-3', 'eu-south-1'].map((r) => [r, `s3://bank-artifacts-${r}/kafka/kafka_2.13-4.1.1.tgz`]),
  ),
  sha512: artifact.sha512,
};
const data = {
  name: 'bank',
  stage: 'prod',
  owner: 'payments',
  backend: { type: 's3', bucket: 'bank-state', region: 'eu-central-1' },
  sites: [
    { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16', rttMs: { par: 9, wit: 11 } },
    { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16', rttMs: { wit: 15 } },
    { id: 'wit', cloud: 'aws', region: 'eu-south-1', role: 'witness', cidr: '10.30.0.0/16' },
  ],
  clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'par', 'wit'], brokersPerSite: 2, controllersPerSite: 1, kafkaArtifact }],
};
const env: Environment = EnvironmentSchema.parse(data);

/** The props an environment gives (stacks/clusters.ts does the same), overridable per test. */
function place(siteId: string, cluster: Cluster = env.clusters[0], overrides: Partial<StretchedClusterProps> = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), siteId);
  const site = env.sites.find((s) => s.id === siteId)!;
  new AwsProvider(stack, 'aws', { region: site.region });
  const network = new KafkaNetwork(stack, 'Network', { namePrefix: `bank-${site.id}`, cidr: site.cidr, clientAuth: [] });
  new StretchedCluster(stack, 'core', {
    estate: env.name,
    clusterId: cluster.id,
    nodes: kraftNodes(env, cluster),
    site: site.id,
    sites: cluster.sites,
    region: site.region,
    network,
    artifact,
    peerCidrs: peerCidrs(env, cluster),
    ...overrides,
  });
  return stack;
}

describe('StretchedCluster', () => {
  it('builds only the controller and the DNS zone in a witness site', () => {
    const json = JSON.parse(Testing.synth(place('wit'), true));
    expect(Object.keys(json.resource.aws_instance)).toEqual([expect.stringContaining('Node-wit-c0')]);
    expect(Object.keys(json.resource.aws_route53_record)).toHaveLength(7);
  });

  it('builds two brokers and a controller in a data site', () => {
    const json = JSON.parse(Testing.synth(place('fra'), true));
    expect(Object.keys(json.resource.aws_instance)).toHaveLength(3);
  });

  it('fails an artifact checksum that is not a SHA-512', () => {
    expect(() => place('fra', env.clusters[0], { artifact: { ...artifact, sha512: 'abc' } })).toThrow(
      /StretchedCluster fra\/core: artifact.sha512 "abc" is not a SHA-512; give the digest Apache publishes for s3:\/\/bank-artifacts/,
    );
  });

  it('writes the client guide from the first site only', () => {
    const guide = (id: string) => RenderedFile.all(place(id, env.clusters[0], { clientGuide: '# core' })).map((f) => f.path);
    expect(guide('fra')).toEqual(['clients/bank/core.md']);
    expect(guide('par')).toEqual([]);
  });

  it('fails on a quorum a site can take down', () => {
    expect(() => place('fra', { ...env.clusters[0], sites: ['fra', 'par'] })).toThrow(/2 KRaft voters is an even number/);
  });

  it('fails for a site outside the cluster', () => {
    const other = { ...env.clusters[0], sites: ['par', 'wit'] };
    expect(() => place('fra', other)).toThrow(/site "fra" is not one of the cluster's sites \(par, wit\)/);
  });
});

describe('validation of self-managed clusters', () => {
  it('rejects a stretched site on another cloud', () => {
    const d = structuredClone(data) as any;
    d.sites.push({ id: 'az', cloud: 'azure', region: 'westeurope', cidr: '10.50.0.0/16' });
    d.clusters[0].sites = ['fra', 'par', 'az'];
    expect(problemsOf(d)).toContainEqual(
      expect.objectContaining({
        path: 'clusters[0].sites[2]',
        message: 'self-managed nodes on azure (site "az") are not implemented by this version.',
      }),
    );
  });

  it('rejects a malformed artifact in the schema', () => {
    const d = structuredClone(data) as any;
    d.clusters[0].kafkaArtifact = { locations: { 'eu-central-1': 'https://downloads.apache.org/kafka.tgz' }, sha512: 'xyz' };
    const paths = problemsOf(d).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['clusters[0].kafkaArtifact.locations.eu-central-1']));
  });
});
