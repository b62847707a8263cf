import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { Testing } from 'cdktf';
import { ManagedKafkaMirrorMaker, type ManagedKafkaMirrorMakerProps } from '../../../constructs/gcp/mirror-maker-connect';
import { GcpNetwork, GcpSubnetInNetwork } from '../../../constructs/gcp/network';

function synth(p: Partial<ManagedKafkaMirrorMakerProps>): string {
  return Testing.synthScope((s) => {
    const provider = new GoogleBetaProvider(s, 'beta', { project: 'p-1' });
    new ManagedKafkaMirrorMaker(s, 'mm2', {
      namePrefix: 'e-ams',
      linkId: 'lake-copy',
      region: 'europe-west4',
      provider,
      source: { alias: 'lake', bootstrapServers: 'bootstrap.e-bel-lake.europe-west1.managedkafka.p-1.cloud.goog:9092' },
      target: {
        alias: 'lake-dr',
        clusterId: 'projects/p-1/locations/europe-west4/clusters/e-ams-lake-dr',
        bootstrapServers: 'bootstrap.e-ams-lake-dr.europe-west4.managedkafka.p-1.cloud.goog:9092',
      },
      subnetId: 'projects/p-1/regions/europe-west4/subnetworks/s',
      topics: ['clicks'],
      ...p,
    });
  });
}

describe('ManagedKafkaMirrorMaker validation', () => {
  it.each([
    [{ topics: [] }, /topics must name at least one topic to copy/],
    [{ source: { alias: 'lake-dr', bootstrapServers: 'b:9092' } }, /source and target aliases must differ, both are "lake-dr"/],
    [{ source: { alias: 'lake', bootstrapServers: 'no-port' } }, /source\.bootstrapServers "no-port" is not a host:port list/],
    [{ vcpus: 2 }, /vcpus must be at least 3 \(the Managed Kafka Connect minimum\), got 2/],
  ])('rejects %p', (bad, message) => {
    expect(() => synth(bad as Partial<ManagedKafkaMirrorMakerProps>)).toThrow(message);
  });

  it('resolves the source domain on its primary subnet by default, and takes additional subnets and domains when given', () => {
    const configs = (text: string) =>
      (Object.values(JSON.parse(text).resource.google_managed_kafka_connect_cluster)[0] as any).gcp_config.access_config.network_configs;
    expect(configs(synth({}))).toEqual([
      {
        primary_subnet: 'projects/p-1/regions/europe-west4/subnetworks/s',
        dns_domain_names: ['e-bel-lake.europe-west1.managedkafka.p-1.cloud.goog'],
      },
    ]);
    expect(
      configs(synth({ additionalSubnetIds: ['projects/p-1/regions/europe-west1/subnetworks/b'], dnsDomainNames: ['a.goog', 'b.goog'] })),
    ).toEqual([
      {
        primary_subnet: 'projects/p-1/regions/europe-west4/subnetworks/s',
        additional_subnets: ['projects/p-1/regions/europe-west1/subnetworks/b'],
        dns_domain_names: ['a.goog', 'b.goog'],
      },
    ]);
  });

  it('runs prefixed for active-active', () => {
    expect(synth({ replicationPolicy: 'prefixed' })).toContain('org.apache.kafka.connect.mirror.DefaultReplicationPolicy');
  });
});

describe('GcpNetwork validation', () => {
  it('rejects a CIDR that is not one', () => {
    expect(() =>
      Testing.synthScope((s) => new GcpNetwork(s, 'n', { namePrefix: 'e-s', region: 'europe-west1', cidr: '10.0.0/16' })),
    ).toThrow(/cidr "10.0.0\/16" is not an IPv4 CIDR/);
  });
});

describe('GcpSubnetInNetwork', () => {
  it("names the other stack's network and plans its own full name when the project is given", () => {
    let subnetId = '';
    const out = Testing.synthScope((s) => {
      subnetId = new GcpSubnetInNetwork(s, 'n', {
        name: 'e-dr-in-main',
        region: 'europe-west4',
        cidr: '10.1.252.0/22',
        networkName: 'e-main-kafka',
        project: 'p-1',
      }).subnetId;
    });
    expect(subnetId).toBe('projects/p-1/regions/europe-west4/subnetworks/e-dr-in-main');
    expect(out).toContain('"network": "projects/p-1/global/networks/e-main-kafka"');
  });

  it('rejects a CIDR that is not one', () => {
    expect(() =>
      Testing.synthScope(
        (s) => new GcpSubnetInNetwork(s, 'n', { name: 'x', region: 'europe-west4', cidr: '10.1.252/22', networkName: 'net' }),
      ),
    ).toThrow(/cidr "10.1.252\/22" is not an IPv4 CIDR/);
  });
});
