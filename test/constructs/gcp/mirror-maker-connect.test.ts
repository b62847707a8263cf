import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { Testing } from 'cdktf';
import { ManagedKafkaMirrorMaker, type ManagedKafkaMirrorMakerProps } from '../../../constructs/gcp/mirror-maker-connect';
import { GcpNetwork } from '../../../constructs/gcp/network';

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
