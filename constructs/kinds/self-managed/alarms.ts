import { DISK_USED_PERCENT } from '../../analysis/alarm-thresholds';
import type { AlarmMetric, AlarmSpec, CloudWatchMetric } from '../../analysis/alarm-spec';
import type { Cluster, Environment } from '../../model/schema';
import type { KindAlarms } from '../kind';

/**
 * The MBeans each alarm reads, by node role. OfflinePartitionsCount is reported by the
 * controllers, the replica counts by the brokers.
 * https://kafka.apache.org/41/operations/monitoring/ (Common monitoring metrics, KRaft monitoring metrics)
 */
const OFFLINE_PARTITIONS = { name: 'OfflinePartitionsCount', mbean: 'kafka.controller:type=KafkaController,name=OfflinePartitionsCount' };
const UNDER_MIN_ISR = { name: 'UnderMinIsrPartitionCount', mbean: 'kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount' };
const UNDER_REPLICATED = { name: 'UnderReplicatedPartitions', mbean: 'kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions' };

/** What each node publishes, by role (aws/kraft-boot.ts writes the script that does). */
export const NODE_METRICS: Record<'controller' | 'broker', ReadonlyArray<{ readonly name: string; readonly mbean: string }>> = {
  controller: [OFFLINE_PARTITIONS],
  broker: [UNDER_MIN_ISR, UNDER_REPLICATED],
};
/** Published by every node from `df` of its data volume. */
export const DISK_METRIC = 'KafkaDataDiskUsedPercent';

/**
 * Self-managed nodes publish NODE_METRICS and DISK_METRIC every minute (the timer
 * aws/kraft-boot.ts writes), per cluster and site. Until they publish, these alarms sit
 * in INSUFFICIENT_DATA and the "metrics missing" ticket fires, so a blind watch is never silent.
 */
export const SELF_MANAGED_NAMESPACE = 'KafkaEstate/Kafka';

export function selfManagedDimensions(env: string, clusterId: string, site: string): Record<string, string> {
  return { Cluster: `${env}-${clusterId}`, Site: site };
}

export function selfManagedAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  return c.sites.flatMap((site): AlarmSpec[] => {
    // The nodes publish into CloudWatch: only AWS sites run them.
    if (env.sites.find((x) => x.id === site)?.cloud !== 'aws') return [];
    const cloud = 'aws' as const;
    const dims = selfManagedDimensions(env.name, c.id, site);
    const metric = (name: string, stat: CloudWatchMetric['stat'], unit: string): AlarmMetric => ({
      kind: 'cloudwatch',
      metrics: [{ id: 'm1', namespace: SELF_MANAGED_NAMESPACE, name, dimensions: dims, stat }],
      unit,
    });
    const base = { site, cloud, subject: { kind: 'cluster' as const, id: c.id }, periodSeconds: 60, missingData: 'missing' as const };
    return [
      {
        ...base,
        id: `${c.id}-offline-partitions`,
        title: 'offline partitions',
        severity: 'page',
        guards: ['availability', 'data-loss'],
        metric: metric(OFFLINE_PARTITIONS.name, 'Maximum', 'partitions'),
        comparison: 'above',
        threshold: 0,
        evaluationPeriods: 1,
        why: 'any offline partition has no leader: its producers and consumers are stopped',
        runbook: `find the partitions without a leader (kafka-topics --describe --unavailable-partitions); check the nodes of ${c.id} in ${site} and the links to the other sites; never enable unclean leader election.`,
        panel: 'health',
      },
      {
        ...base,
        id: `${c.id}-under-min-isr`,
        title: 'partitions under min ISR',
        severity: 'page',
        guards: ['data-loss', 'availability'],
        metric: metric(UNDER_MIN_ISR.name, 'Maximum', 'partitions'),
        comparison: 'above',
        threshold: 0,
        evaluationPeriods: 2,
        why: 'acks=all writes to a partition under min.insync.replicas fail: writes are stopping',
        runbook: `a node or a site of ${c.id} is down or cut off; check the inter-site links and the nodes in ${site}.`,
        panel: 'health',
      },
      {
        ...base,
        id: `${c.id}-under-replicated`,
        title: 'under-replicated partitions',
        severity: 'ticket',
        guards: ['data-loss'],
        metric: metric(UNDER_REPLICATED.name, 'Maximum', 'partitions'),
        comparison: 'above',
        threshold: 0,
        evaluationPeriods: 10,
        why: 'replicas behind their leader for 10 minutes: one more failure may lose acknowledged writes',
        runbook: 'find the lagging node; check its disk, CPU and the round trip to the other sites.',
        panel: 'health',
      },
      ...(['ticket', 'page'] as const).map((severity): AlarmSpec => ({
        ...base,
        id: `${c.id}-disk-used-${severity}`,
        title: `data disk above ${DISK_USED_PERCENT[severity]} %`,
        severity,
        guards: severity === 'page' ? ['availability', 'data-loss', 'capacity'] : ['capacity'],
        metric: metric(DISK_METRIC, 'Maximum', '%'),
        comparison: 'above',
        threshold: DISK_USED_PERCENT[severity],
        evaluationPeriods: 5,
        why: `a broker whose data volume fills stops: ${severity === 'page' ? 'act before it does' : 'plan more storage or shorter retention'}`,
        runbook: `grow the data volumes of ${c.id} in ${site} (EBS volumes grow online) or shorten retention.`,
        panel: 'disk',
      })),
      {
        ...base,
        id: `${c.id}-metrics-missing`,
        title: 'broker metrics missing',
        severity: 'ticket',
        guards: ['capacity'],
        metric: {
          kind: 'cloudwatch',
          metrics: [{ id: 'm1', namespace: SELF_MANAGED_NAMESPACE, name: OFFLINE_PARTITIONS.name, dimensions: dims, stat: 'SampleCount' }],
          unit: 'samples',
        },
        comparison: 'below',
        threshold: 1,
        evaluationPeriods: 15,
        missingData: 'breaching',
        why: 'no broker in the site reported for 15 minutes: the other alarms of this cluster are blind',
        runbook: `check the CloudWatch agent on the nodes of ${c.id} in ${site} (service status, its IAM role, the JMX exporter port).`,
        panel: 'health',
      },
    ];
  });
}

export const SELF_MANAGED_ALARMS: KindAlarms = {
  cluster: selfManagedAlarms,
  // No lag metric or heartbeat alarm reads flows into the nodes yet.
  replicationLag: undefined,
  siteHeartbeats: undefined,
  edgeArrivals: undefined,
};
