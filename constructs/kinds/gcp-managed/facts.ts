import type { Cluster } from '../../model/schema';

/**
 * Google Cloud Managed Service for Apache Kafka: capacity from the cluster model and
 * the planned bootstrap address. The service is regional and spreads brokers over
 * three zones itself; it is sized in vCPUs and memory, not brokers.
 * @see https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size
 */
export const MANAGED_KAFKA_ZONES = 3;
export const MANAGED_KAFKA_MIN_VCPUS = 3;
/** Estimated write capacity of one vCPU in one zone, MB/s. */
export const MANAGED_KAFKA_MBPS_PER_VCPU = 20;
/** Average utilization the estimate aims for, leaving headroom for peaks. */
export const MANAGED_KAFKA_TARGET_UTILIZATION = 0.5;
/** Recommended memory per vCPU (allowed: 1 to 8). */
export const MANAGED_KAFKA_GIB_PER_VCPU = 4;
/** Bootstrap port for SASL (OAUTHBEARER / PLAIN) clients. */
export const MANAGED_KAFKA_PORT = 9092;

export interface ManagedKafkaCapacity {
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** How the number came about, for the review. */
  readonly basis: string;
}

/**
 * Google's sizing rule: write bandwidth (produce × RF) plus a quarter of the read
 * bandwidth (consume + produce × (RF − 1)), over 20 MB/s per vCPU at 50 % utilization.
 * Without a declared throughput, one vCPU per declared broker (at least 3).
 */
export function managedKafkaCapacity(c: Pick<Cluster, 'brokers' | 'throughput'>, replicationFactor = 3): ManagedKafkaCapacity {
  if (c.throughput) {
    const write = c.throughput.inMBps * replicationFactor;
    const read = c.throughput.outMBps + c.throughput.inMBps * (replicationFactor - 1);
    const writeEquivalent = write + read / 4;
    const vcpus = Math.max(
      MANAGED_KAFKA_MIN_VCPUS,
      Math.ceil(writeEquivalent / MANAGED_KAFKA_MBPS_PER_VCPU / MANAGED_KAFKA_TARGET_UTILIZATION),
    );
    return {
      vcpus,
      memoryGiB: vcpus * MANAGED_KAFKA_GIB_PER_VCPU,
      basis: `${writeEquivalent} MB/s write-equivalent at ${MANAGED_KAFKA_MBPS_PER_VCPU} MB/s per vCPU, ${MANAGED_KAFKA_TARGET_UTILIZATION * 100}% utilization`,
    };
  }
  const vcpus = Math.max(MANAGED_KAFKA_MIN_VCPUS, c.brokers ?? MANAGED_KAFKA_MIN_VCPUS);
  return {
    vcpus,
    memoryGiB: vcpus * MANAGED_KAFKA_GIB_PER_VCPU,
    basis: 'no throughput declared: one vCPU per declared broker, at least 3',
  };
}

/** The cluster's bootstrap address, known before apply: `bootstrap.<cluster>.<region>.managedkafka.<project>.cloud.goog:9092`. */
export function managedKafkaBootstrap(clusterName: string, region: string, project: string): string {
  return `bootstrap.${clusterName}.${region}.managedkafka.${project}.cloud.goog:${MANAGED_KAFKA_PORT}`;
}
