import type { ResolvedTopic } from '../../model/defaults';
import { clusterBrokers, resolveCluster } from '../../kinds/registry';
import { durationSeconds } from '../../model/duration';
import type { Cluster, Environment } from '../../model/schema';
import { MSK_PARTITIONS_PER_BROKER, partitionsPerBroker } from '../durability';
import { produceLatency, type SitePlacement } from '../quorum';
import { BROKER_PROFILES, diskGiB, sizeBrokers } from '../sizing';
import type { ClusterSizing } from './types';

/** Voter counts and cross-site waits depend on placement; these stand in for a topic's replica settings. */
const STANDARD_REPLICAS = { replicationFactor: 3, minInsyncReplicas: 2 };

/** Retention the sizing uses, as analysis/sizing's check does: the throughput's, else the longest topic retention. */
function sizingRetention(cluster: Cluster, topics: readonly ResolvedTopic[]): string {
  return (
    cluster.throughput?.retention ?? [...topics].map((t) => t.retention).sort((a, b) => durationSeconds(b) - durationSeconds(a))[0] ?? '7d'
  );
}

/**
 * Sizing facts of one cluster: brokers, partitions per broker against the instance's
 * limit, the disk and brokers its declared throughput needs (analysis/sizing), and for a
 * cluster over several sites the wait each acks=all produce pays (analysis/quorum).
 */
export function clusterSizing(
  env: Environment,
  cluster: Cluster,
  topics: readonly ResolvedTopic[],
  placement: readonly SitePlacement[] | undefined,
): ClusterSizing {
  const resolved = resolveCluster(cluster);
  const brokers = clusterBrokers(cluster);
  const instanceType = resolved.instanceType;
  const rf = Math.max(3, ...topics.map((t) => t.replicationFactor));
  const retention = sizingRetention(cluster, topics);
  const partitions = topics.reduce((n, t) => n + t.partitions, 0);
  const profile = BROKER_PROFILES[instanceType ?? ''];
  const rtt = (a: string) => env.sites.find((s) => s.id === a)?.rttMs;
  const sizing =
    cluster.throughput && profile && placement
      ? sizeBrokers({
          inMBps: cluster.throughput.inMBps,
          outMBps: cluster.throughput.outMBps,
          messageBytes: cluster.throughput.messageBytes,
          retentionSeconds: durationSeconds(retention),
          replicationFactor: rf,
          partitions,
          profile,
          multipleOf: placement.filter((p) => p.brokers > 0).length,
        })
      : undefined;
  return {
    brokers,
    instanceType,
    storageGiB: resolved.storageGiB,
    partitions,
    partitionsPerBroker: brokers ? partitionsPerBroker(topics, brokers) : undefined,
    partitionLimit: instanceType ? (MSK_PARTITIONS_PER_BROKER[instanceType] ?? BROKER_PROFILES[instanceType]?.partitions) : undefined,
    disk:
      cluster.throughput && brokers
        ? {
            neededGiB: Math.ceil(diskGiB(cluster.throughput.inMBps, durationSeconds(retention), rf) / brokers),
            retention,
            replicationFactor: rf,
          }
        : undefined,
    throughputBrokers: sizing
      ? { brokers: sizing.brokers, boundBy: sizing.boundBy, messagesPerSecond: sizing.messagesPerSecond }
      : undefined,
    produceLatency: placement && cluster.sites.length >= 2 ? produceLatency(placement, STANDARD_REPLICAS, rtt) : undefined,
  };
}

export { STANDARD_REPLICAS };
