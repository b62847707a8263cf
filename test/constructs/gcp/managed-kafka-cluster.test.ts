import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { ManagedKafkaCluster as ManagedKafkaClusterResource } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { Testing } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';
import { managedKafkaBootstrap, managedKafkaCapacity } from '../../../constructs/kinds/gcp-managed/facts';
import { assessEnvironment } from '../../../constructs/analysis/resilience';
import { ManagedKafkaCluster } from '../../../constructs/gcp/managed-kafka-cluster';
import { envOf, estateStacks } from '../../helpers';

const env = envOf(readFileSync(join(__dirname, '..', '..', 'fixtures', 'replication.yaml'), 'utf8'));
const bel = Testing.synth(estateStacks(env).get('repl-bel')!, true);

describe('Google Managed Kafka cluster', () => {
  it("is sized from the declared throughput (Google's rule) and encrypted with its own key", () => {
    // 40 MB/s in, 80 out, RF 3: 120 + (80 + 80) / 4 = 160 MB/s write-equivalent -> 160 / 20 / 0.5 = 16 vCPUs.
    expect(bel).toHaveResourceWithProperties(ManagedKafkaClusterResource, {
      cluster_id: 'repl-bel-lake',
      location: 'europe-west1',
      capacity_config: { vcpu_count: '16', memory_bytes: String(64 * 1024 ** 3) },
      gcp_config: expect.objectContaining({
        kms_key: expect.stringContaining('google_kms_crypto_key'),
        access_config: { network_configs: [{ subnet: expect.stringContaining('google_compute_subnetwork') }] },
      }),
      lifecycle: { prevent_destroy: true },
    });
  });

  it('rotates the key and protects it', () => {
    expect(bel).toHaveResourceWithProperties(KmsCryptoKey, {
      rotation_period: '7776000s',
      purpose: 'ENCRYPT_DECRYPT',
      lifecycle: { prevent_destroy: true },
    });
  });

  it('creates topics through the API with the durability settings, protected from destroy', () => {
    expect(bel).toHaveResourceWithProperties(ManagedKafkaTopic, {
      topic_id: 'clicks',
      partition_count: 6,
      replication_factor: 3,
      configs: expect.objectContaining({ 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' }),
      lifecycle: { prevent_destroy: true },
    });
  });

  it('places its endpoints in a private subnet of the site CIDR with Private Google Access', () => {
    expect(bel).toHaveResourceWithProperties(ComputeSubnetwork, { ip_cidr_range: '10.50.0.0/20', private_ip_google_access: true });
  });

  it('plans its bootstrap address without apply', () => {
    expect(managedKafkaBootstrap('repl-bel-lake', 'europe-west1', 'p-1')).toBe(
      'bootstrap.repl-bel-lake.europe-west1.managedkafka.p-1.cloud.goog:9092',
    );
  });

  it('defaults to the 3 vCPU minimum with 4 GiB each', () => {
    expect(managedKafkaCapacity({})).toMatchObject({ vcpus: 3, memoryGiB: 12 });
    expect(managedKafkaCapacity({ throughput: { inMBps: 1, outMBps: 1, messageBytes: 1024 } }).vcpus).toBe(3);
  });

  it('survives a zone (regional over three zones) but not the region', () => {
    const clicks = assessEnvironment(env).filter((o) => o.topic === 'clicks' && o.cluster === 'lake');
    expect(clicks.find((o) => o.scope === 'zone')).toMatchObject({ rpoSeconds: 0, writesContinue: true });
    // The migration copy to lake-dr refines the region loss: RPO bounded by lag, never 0.
    expect(clicks.find((o) => o.scope === 'site')).toMatchObject({ mechanism: 'async-replication', rpoIsLagBound: true });
  });

  it.each([
    [{ vcpus: 2 }, /vcpus must be a whole number of at least 3, got 2/],
    [{ vcpus: 4, memoryGiB: 40 }, /memoryGiB must be 1 to 8 GiB per vCPU \(4 to 32 for 4 vCPUs\), got 40/],
    [{ keyRotationDays: 0 }, /keyRotationDays must be 1 to 365, got 0/],
  ])('rejects %p', (bad, message) => {
    expect(() =>
      Testing.synthScope((s) => new ManagedKafkaCluster(s, 'c', { clusterName: 'e-s-c', region: 'europe-west1', subnetId: 'sub', ...bad })),
    ).toThrow(message);
  });

  it('rejects a topic name Managed Kafka does not allow', () => {
    expect(() =>
      Testing.synthScope((s) =>
        new ManagedKafkaCluster(s, 'c', { clusterName: 'e-s-c', region: 'europe-west1', subnetId: 'sub' }).addTopic({
          name: 'bad name',
          partitions: 1,
        }),
      ),
    ).toThrow(/topic name "bad name" must be 1-255 letters/);
  });
});
