import {
  AUTH_FAILURE_WINDOW_SECONDS,
  AUTH_FAILURES_PER_WINDOW,
  BROKER_CPU_PERCENT,
  BROKER_CPU_SUSTAINED_SECONDS,
  DISK_USED_PERCENT,
} from '../../analysis/alarm-thresholds';
import {
  AUTH_FAILURE_NAMESPACE,
  brokerGroups,
  MAX_METRICS_PER_ALARM,
  remoteHeartbeatsTopic,
  type AlarmMetric,
  type AlarmSpec,
  type CloudWatchMetric,
  type LagSignal,
} from '../../analysis/alarm-spec';
import type { ReplicationImplementation } from '../../analysis/replication-facts';
import { formatSeconds } from '../../model/duration';
import { resourceName } from '../../model/naming';
import type { Cluster, Environment, Replication } from '../../model/schema';
import type { KindAlarms } from '../kind';
import { mskBrokers } from './facts';

/**
 * What MSK's alarms read: the AWS/Kafka CloudWatch metrics of provisioned brokers
 * (DEFAULT level: cluster; PER_BROKER: per broker; PER_TOPIC_PER_BROKER: BytesInPerSec
 * per topic), and MSK Replicator's ReplicationLatency.
 * https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details.html
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-metrics-ref.html
 */
export const AWS_KAFKA_NAMESPACE = 'AWS/Kafka';

function perBroker(cluster: string, name: string, stat: CloudWatchMetric['stat'], ids: number[]): CloudWatchMetric[] {
  return ids.map((b) => ({
    id: `b${b}`,
    namespace: AWS_KAFKA_NAMESPACE,
    name,
    dimensions: { 'Cluster Name': cluster, 'Broker ID': String(b) },
    stat,
  }));
}

/** The MSK cluster's name, as MskRegionalCluster names it. */
export function mskClusterName(env: string, site: string, clusterId: string): string {
  return resourceName({ env, site, component: clusterId });
}

export function mskClusterAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const site = c.sites[0];
  const name = mskClusterName(env.name, site, c.id);
  const subject = { kind: 'cluster' as const, id: c.id };
  const base = { site, cloud: 'aws' as const, subject, periodSeconds: 60 };
  const groups = brokerGroups(mskBrokers(c));
  const grouped = (suffix: string, i: number) =>
    groups.length === 1 ? suffix : `${suffix}-brokers-${groups[i][0]}-${groups[i][groups[i].length - 1]}`;
  const sumOf = (ids: number[]) => `SUM([${ids.map((b) => `b${b}`).join(',')}])`;
  const maxOf = (ids: number[]) => `MAX([${ids.map((b) => `b${b}`).join(',')}])`;
  const out: AlarmSpec[] = [
    {
      ...base,
      id: `${c.id}-offline-partitions`,
      title: 'offline partitions',
      severity: 'page',
      guards: ['availability', 'data-loss'],
      metric: {
        kind: 'cloudwatch',
        metrics: [
          {
            id: 'm1',
            namespace: AWS_KAFKA_NAMESPACE,
            name: 'OfflinePartitionsCount',
            dimensions: { 'Cluster Name': name },
            stat: 'Maximum',
          },
        ],
        unit: 'partitions',
      },
      comparison: 'above',
      threshold: 0,
      evaluationPeriods: 1,
      missingData: 'missing',
      why: 'any offline partition has no leader: its producers and consumers are stopped',
      runbook:
        'find the partitions without a leader (kafka-topics --describe --unavailable-partitions); check broker health and disk; never enable unclean leader election.',
      panel: 'health',
    },
    {
      ...base,
      id: `${c.id}-active-controller`,
      title: 'active controller count not 1',
      severity: 'page',
      guards: ['availability'],
      // Each broker reports 1 when it is the controller: the sum over the cluster must be exactly 1.
      metric: {
        kind: 'cloudwatch',
        metrics: [
          { id: 'm1', namespace: AWS_KAFKA_NAMESPACE, name: 'ActiveControllerCount', dimensions: { 'Cluster Name': name }, stat: 'Sum' },
        ],
        expression: 'ABS(m1 - 1)',
        unit: 'controllers away from 1',
      },
      comparison: 'above',
      threshold: 0,
      // Three minutes: a controller election legitimately leaves a minute with 0 or 2.
      evaluationPeriods: 3,
      missingData: 'missing',
      why: 'the controllers reported across the cluster must sum to exactly 1 for 3 minutes',
      runbook:
        'no controller means no leader elections or topic changes; two mean a split brain. Check the MSK cluster state and open an AWS support case if it persists.',
      panel: 'health',
    },
  ];
  groups.forEach((ids, i) => {
    out.push(
      {
        ...base,
        id: `${c.id}-${grouped('under-min-isr', i)}`,
        title: 'partitions under min ISR',
        severity: 'page',
        guards: ['data-loss', 'availability'],
        metric: {
          kind: 'cloudwatch',
          metrics: perBroker(name, 'UnderMinIsrPartitionCount', 'Maximum', ids),
          expression: sumOf(ids),
          unit: 'partitions',
        },
        comparison: 'above',
        threshold: 0,
        evaluationPeriods: 2,
        missingData: 'missing',
        why: 'acks=all writes to a partition under min.insync.replicas fail: writes are stopping',
        runbook:
          'a broker or a zone is down or behind; check UnderReplicatedPartitions per broker, broker CPU and disk, and the MSK cluster state.',
        panel: 'health',
      },
      {
        ...base,
        id: `${c.id}-${grouped('under-replicated', i)}`,
        title: 'under-replicated partitions',
        severity: 'ticket',
        guards: ['data-loss'],
        metric: {
          kind: 'cloudwatch',
          metrics: perBroker(name, 'UnderReplicatedPartitions', 'Maximum', ids),
          expression: sumOf(ids),
          unit: 'partitions',
        },
        comparison: 'above',
        threshold: 0,
        // Rolling restarts and patching leave replicas behind for a few minutes.
        evaluationPeriods: 10,
        missingData: 'missing',
        why: 'replicas behind their leader for 10 minutes: one more failure may lose acknowledged writes',
        runbook:
          'find the lagging broker (UnderReplicatedPartitions per broker); check its CPU, disk throughput and network; rebalance partitions if one broker is hot.',
        panel: 'health',
      },
      ...(['ticket', 'page'] as const).map((severity): AlarmSpec => ({
        ...base,
        id: `${c.id}-${grouped('disk-used', i)}-${severity}`,
        title: `data disk above ${DISK_USED_PERCENT[severity]} %`,
        severity,
        guards: severity === 'page' ? ['availability', 'data-loss', 'capacity'] : ['capacity'],
        metric: {
          kind: 'cloudwatch',
          metrics: perBroker(name, 'KafkaDataLogsDiskUsed', 'Maximum', ids),
          expression: maxOf(ids),
          unit: '%',
        },
        comparison: 'above',
        threshold: DISK_USED_PERCENT[severity],
        evaluationPeriods: 5,
        missingData: 'missing',
        why: `a broker whose data volume fills stops: ${severity === 'page' ? 'act before it does' : 'plan more storage or shorter retention'}`,
        runbook: `raise storageGiB for cluster ${c.id} (MSK volumes grow online) or shorten topic retention; find the topics that grew (BytesInPerSec per topic).`,
        panel: 'disk',
      })),
    );
  });
  // CPU is user + system: two metrics per broker, so half as many brokers per alarm.
  const cpuGroups = brokerGroups(mskBrokers(c), MAX_METRICS_PER_ALARM / 2);
  cpuGroups.forEach((ids) => {
    out.push({
      ...base,
      id: `${c.id}-cpu${cpuGroups.length === 1 ? '' : `-brokers-${ids[0]}-${ids[ids.length - 1]}`}`,
      title: `broker CPU above ${BROKER_CPU_PERCENT} %`,
      severity: 'ticket',
      guards: ['capacity'],
      metric: {
        kind: 'cloudwatch',
        metrics: [
          ...perBroker(name, 'CpuUser', 'Average', ids),
          ...perBroker(name, 'CpuSystem', 'Average', ids).map((m) => ({ ...m, id: `s${m.id.slice(1)}` })),
        ],
        expression: `MAX([${ids.map((b) => `b${b}+s${b}`).join(',')}])`,
        unit: '%',
      },
      comparison: 'above',
      threshold: BROKER_CPU_PERCENT,
      evaluationPeriods: BROKER_CPU_SUSTAINED_SECONDS / 60,
      missingData: 'missing',
      why: `above ${BROKER_CPU_PERCENT} % for ${formatSeconds(BROKER_CPU_SUSTAINED_SECONDS)} a broker cannot absorb a failed peer's load`,
      runbook: `scale cluster ${c.id} up (larger instanceType) or out (more brokers, then reassign partitions).`,
      panel: 'health',
    });
  });
  out.push({
    ...base,
    id: `${c.id}-auth-failures`,
    title: 'client authentication failures',
    severity: 'ticket',
    guards: ['security'],
    metric: {
      kind: 'cloudwatch',
      metrics: [{ id: 'm1', namespace: AUTH_FAILURE_NAMESPACE, name, dimensions: {}, stat: 'Sum' }],
      unit: 'failures',
    },
    comparison: 'above',
    threshold: AUTH_FAILURES_PER_WINDOW,
    periodSeconds: AUTH_FAILURE_WINDOW_SECONDS,
    evaluationPeriods: 1,
    missingData: 'not-breaching',
    why: `more than ${AUTH_FAILURES_PER_WINDOW} failed authentications in ${formatSeconds(AUTH_FAILURE_WINDOW_SECONDS)} (broker log "Failed authentication")`,
    runbook:
      'read the broker log lines for the client address; rotate or fix the client credential; block the address if it is not a known client.',
    panel: 'health',
  });
  return out;
}

/** Heartbeats arriving in an MSK target: bytes in on the remote heartbeats topic, summed over brokers. */
export function mskTopicBytesIn(env: Environment, target: Cluster, topic: string): AlarmMetric {
  const name = mskClusterName(env.name, target.sites[0], target.id);
  const ids = brokerGroups(mskBrokers(target))[0];
  return {
    kind: 'cloudwatch',
    metrics: ids.map((b) => ({
      id: `b${b}`,
      namespace: AWS_KAFKA_NAMESPACE,
      name: 'BytesInPerSec',
      dimensions: { 'Cluster Name': name, 'Broker ID': String(b), Topic: topic },
      stat: 'Sum' as const,
    })),
    expression: `SUM([${ids.map((b) => `b${b}`).join(',')}])`,
    unit: 'bytes/s',
  };
}

/**
 * As a replication target: MSK Replicator publishes ReplicationLatency (milliseconds)
 * under the replicator's name; MirrorMaker 2 into MSK publishes none, so its heartbeats arriving are watched.
 */
function mskReplicationLag(
  env: Environment,
  r: Replication,
  target: Cluster,
  implementation: ReplicationImplementation | undefined,
): LagSignal {
  if (implementation === 'msk-replicator') {
    // Named after the flow in the target's site, as MskReplicator names it.
    const replicator = resourceName({ env: env.name, site: target.sites[0], component: r.id ?? `${r.from}-to-${r.to}` }, 64);
    return {
      kind: 'latency',
      metric: {
        kind: 'cloudwatch',
        metrics: [
          {
            id: 'm1',
            namespace: AWS_KAFKA_NAMESPACE,
            name: 'ReplicationLatency',
            dimensions: { ReplicatorName: replicator },
            stat: 'Maximum',
          },
        ],
        expression: 'm1 / 1000',
        unit: 's',
      },
    };
  }
  return { kind: 'heartbeat-silence', metric: mskTopicBytesIn(env, target, remoteHeartbeatsTopic(r.from)) };
}

/** As an edge fleet's hub: the hub's bytes in on the site's topics, one metric per broker and topic, at most 10. */
function mskEdgeArrivals(env: Environment, hub: Cluster, topics: readonly string[]): AlarmMetric {
  const ids = brokerGroups(mskBrokers(hub))[0];
  // The checkpoints topic first (it beats every minute).
  const pairs = topics.flatMap((t) => ids.map((b) => ({ t, b }))).slice(0, MAX_METRICS_PER_ALARM);
  const name = mskClusterName(env.name, hub.sites[0], hub.id);
  return {
    kind: 'cloudwatch',
    metrics: pairs.map(({ t, b }, i) => ({
      id: `m${i}`,
      namespace: AWS_KAFKA_NAMESPACE,
      name: 'BytesInPerSec',
      dimensions: { 'Cluster Name': name, 'Broker ID': String(b), Topic: t },
      stat: 'Sum' as const,
    })),
    expression: `SUM([${pairs.map((_, i) => `m${i}`).join(',')}])`,
    unit: 'bytes/s',
  };
}

/**
 * A signal counted only while `gate` (a topic at the hub) arrives, as one metric-math series:
 * IF(gate > 0, signal filled with 0, 1). A period in which the gate arrives and the signal does not reads
 * 0; a silent gate reads 1 or nothing, never a breach. FILL and IF are metric-math functions (Metric math
 * syntax and functions, CloudWatch User Guide); an alarm holds at most 10 metrics, so the gate reads the
 * first brokers, as the arrival alarms do.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */
function mskGated(env: Environment, hub: Cluster, gate: string, signal: readonly CloudWatchMetric[], unit: string): AlarmMetric {
  const ids = brokerGroups(mskBrokers(hub), MAX_METRICS_PER_ALARM - signal.length)[0];
  const name = mskClusterName(env.name, hub.sites[0], hub.id);
  const gateMetrics: CloudWatchMetric[] = ids.map((b) => ({
    id: `g${b}`,
    namespace: AWS_KAFKA_NAMESPACE,
    name: 'BytesInPerSec',
    dimensions: { 'Cluster Name': name, 'Broker ID': String(b), Topic: gate },
    stat: 'Sum' as const,
  }));
  const list = (ms: readonly CloudWatchMetric[]) => `[${ms.map((m) => m.id).join(',')}]`;
  return {
    kind: 'cloudwatch',
    metrics: [...gateMetrics, ...signal],
    expression: `IF(SUM(${list(gateMetrics)}) > 0, SUM(FILL(${list(signal)}, 0)), 1)`,
    unit,
  };
}

/** One `<site>.<topic>` arriving while the site's checkpoints (`gate`) do: a source at the site that stops writing. */
function mskEdgeTopicWhileConnected(env: Environment, hub: Cluster, _site: string, topic: string, gate: string): AlarmMetric {
  const ids = brokerGroups(mskBrokers(hub), MAX_METRICS_PER_ALARM / 2)[0];
  const name = mskClusterName(env.name, hub.sites[0], hub.id);
  const topicMetrics = ids.map((b) => ({
    id: `t${b}`,
    namespace: AWS_KAFKA_NAMESPACE,
    name: 'BytesInPerSec',
    dimensions: { 'Cluster Name': name, 'Broker ID': String(b), Topic: topic },
    stat: 'Sum' as const,
  }));
  return mskGated(env, hub, gate, topicMetrics, 'bytes/s');
}

/** A CloudWatch signal in the hub's region while `topic` arrives at the hub. */
function mskWhileArriving(env: Environment, hub: Cluster, topic: string, signal: AlarmMetric): AlarmMetric | undefined {
  if (signal.kind !== 'cloudwatch' || signal.expression !== undefined) return undefined;
  return mskGated(env, hub, topic, signal.metrics, signal.unit);
}

export const MSK_ALARMS: KindAlarms = {
  cluster: mskClusterAlarms,
  replicationLag: mskReplicationLag,
  siteHeartbeats: (env, hub, site) => mskTopicBytesIn(env, hub, remoteHeartbeatsTopic(site)),
  edgeArrivals: mskEdgeArrivals,
  edgeTopicWhileConnected: mskEdgeTopicWhileConnected,
  whileArriving: mskWhileArriving,
};
