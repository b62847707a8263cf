import {
  AUTH_FAILURE_WINDOW_SECONDS,
  AUTH_FAILURES_PER_WINDOW,
  BROKER_CPU_PERCENT,
  BROKER_CPU_SUSTAINED_SECONDS,
  DISK_USED_PERCENT,
  EVENT_HUBS_SERVER_ERRORS_PER_WINDOW,
  INCOMING_SILENCE_SECONDS,
  LINK_DOWN_SECONDS,
  heartbeatSilenceThresholds,
  lagThresholds,
  METRIC_CADENCE,
  type AlarmCloud,
  type SilenceAlarm,
  type Severity,
} from './alarm-thresholds';
import { clusterBrokers, resolveCluster } from '../kinds/registry';
import { durationSeconds, formatSeconds } from '../model/duration';
import type { Cluster, Environment, Replication, Site } from '../model/schema';
import { resourceName } from '../model/naming';
import type { Problem } from '../model/problems';
import { replicationLabel } from './replication';
import { edgeReplicationWatches } from './edge';
import { planLinks } from './links';

/**
 * The alarm plan of an environment: every alarm the product creates, as plain data,
 * with its threshold derived in alarm-thresholds.ts and the objectives it guards.
 * Cloud constructs render this plan; the review report lists it per objective; the
 * environment check rejects an objective that no alarm in it can see breached.
 */

/** What an alarm watches. */
export type AlarmSubjectKind = 'cluster' | 'replication' | 'link' | 'edge-site' | 'pipeline';

/**
 * What a firing alarm means for the objectives:
 * - `data-loss`: acknowledged writes are at risk (RPO);
 * - `availability`: reads or writes stop (RTO);
 * - `lag`: an asynchronous copy trails by more than its budget (the copy's RPO);
 * - `buffer`: an edge site's buffer may be overwritten before it is replicated;
 * - `capacity`, `security`: drift that has not broken an objective yet.
 */
export type Guard = 'data-loss' | 'availability' | 'lag' | 'buffer' | 'capacity' | 'security';

export interface CloudWatchMetric {
  /** Id inside a metric-math alarm (m1, m2...). */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: 'Sum' | 'Maximum' | 'Average' | 'Minimum' | 'SampleCount';
}

/** A metric query, in the terms of the cloud whose alarm renders it. */
export type AlarmMetric =
  | {
      readonly kind: 'cloudwatch';
      readonly metrics: readonly CloudWatchMetric[];
      /** Metric math over `metrics`; absent for a single-metric alarm. */
      readonly expression?: string;
      /** Unit conversion already applied by `expression`, for the description. */
      readonly unit: string;
    }
  | {
      readonly kind: 'azure-monitor';
      /** Resource the metric belongs to, by its planned name. */
      readonly resource: { readonly type: string; readonly name: string; readonly resourceGroup: string };
      readonly namespace: string;
      readonly name: string;
      readonly aggregation: 'Total' | 'Average' | 'Maximum' | 'Minimum' | 'Count';
      /** Dimension filters; several values match any of them. */
      readonly dimensions?: Readonly<Record<string, string | readonly string[]>>;
      readonly unit: string;
    }
  | {
      readonly kind: 'cloud-monitoring';
      /** Monitoring filter (metric.type, resource.type, labels). */
      readonly filter: string;
      readonly aligner: 'ALIGN_MAX' | 'ALIGN_SUM' | 'ALIGN_MEAN' | 'ALIGN_RATE' | 'ALIGN_FRACTION_TRUE' | 'ALIGN_COUNT';
      readonly reducer?: 'REDUCE_SUM' | 'REDUCE_MAX' | 'REDUCE_MEAN';
      readonly unit: string;
    };

export type Comparison = 'above' | 'at-or-below' | 'below';

export interface AlarmSpec {
  /** Construct id in the site's observability construct; also the alarm name's suffix. */
  readonly id: string;
  /** Site whose stack holds the alarm (the region its metrics are published in). */
  readonly site: string;
  readonly cloud: AlarmCloud;
  readonly subject: { readonly kind: AlarmSubjectKind; readonly id: string };
  /** Short human name: "offline partitions". */
  readonly title: string;
  readonly severity: Severity;
  readonly guards: readonly Guard[];
  readonly metric: AlarmMetric;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** How a missing datapoint counts: silence alarms treat it as breaching. */
  readonly missingData: 'breaching' | 'not-breaching' | 'missing';
  /** Why the threshold is what it is. */
  readonly why: string;
  /** What the person paged does first. */
  readonly runbook: string;
  /** Dashboard panel the metric is drawn in. */
  readonly panel: 'throughput' | 'lag' | 'disk' | 'health' | 'link' | 'pipeline';
}

/** A place where an objective cannot be watched, found while planning. */
export interface WatchGap {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /** @default error */
  readonly severity?: 'error' | 'warning';
}

export interface AlarmPlan {
  readonly alarms: AlarmSpec[];
  readonly gaps: WatchGap[];
  /** Alarms that see a breach only after the budget is spent (warned at synth). */
  readonly late?: WatchGap[];
}

/** Plans the alarms for one part of the estate. Features register theirs in ALARM_PLANNERS. */
export type AlarmPlanner = (env: Environment) => AlarmPlan;

const cloudOf = (s: Site): AlarmCloud | undefined => (s.cloud === 'aws' || s.cloud === 'azure' || s.cloud === 'gcp' ? s.cloud : undefined);

/** The description every alarm carries: what fired, why that number, what to do. */
export function alarmDescription(a: AlarmSpec): string {
  return `[${a.severity}] ${a.title} of ${a.subject.kind} ${a.subject.id}. Threshold: ${a.why}. Runbook: ${a.runbook}`;
}

/** The alarm's name in the cloud: env, site, subject, signal, severity. */
export function alarmName(env: string, a: AlarmSpec): string {
  return resourceName({ env, site: a.site, component: a.id }, 255);
}

// ---------------------------------------------------------------- MSK clusters

const KAFKA = 'AWS/Kafka';
/** CloudWatch allows 10 metrics in one metric-math alarm; larger clusters get one alarm per group of brokers. */
export const MAX_METRICS_PER_ALARM = 10;

/** Broker ids 1..n in groups that fit one metric-math alarm. */
export function brokerGroups(brokers: number, size: number = MAX_METRICS_PER_ALARM): number[][] {
  const out: number[][] = [];
  for (let first = 1; first <= brokers; first += size) {
    out.push(Array.from({ length: Math.min(size, brokers - first + 1) }, (_, k) => first + k));
  }
  return out;
}

function perBroker(cluster: string, name: string, stat: CloudWatchMetric['stat'], ids: number[]): CloudWatchMetric[] {
  return ids.map((b) => ({ id: `b${b}`, namespace: KAFKA, name, dimensions: { 'Cluster Name': cluster, 'Broker ID': String(b) }, stat }));
}

/** The MSK cluster's name, as MskRegionalCluster names it. */
export function mskClusterName(env: string, site: string, clusterId: string): string {
  return resourceName({ env, site, component: clusterId });
}

/** Metric namespace of the log metric filter counting failed client authentications. */
export const AUTH_FAILURE_NAMESPACE = 'KafkaEstate/ClientAuthentication';
/** Kafka's Selector logs this line at INFO for every failed SASL/TLS authentication. */
export const AUTH_FAILURE_LOG_PATTERN = '"Failed authentication"';

export function mskClusterAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const site = c.sites[0];
  const r = resolveCluster(c);
  const name = mskClusterName(env.name, site, c.id);
  const subject = { kind: 'cluster' as const, id: c.id };
  const base = { site, cloud: 'aws' as const, subject, periodSeconds: 60 };
  const groups = brokerGroups(clusterBrokers(c) ?? r.brokers);
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
        metrics: [{ id: 'm1', namespace: KAFKA, name: 'OfflinePartitionsCount', dimensions: { 'Cluster Name': name }, stat: 'Maximum' }],
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
        metrics: [{ id: 'm1', namespace: KAFKA, name: 'ActiveControllerCount', dimensions: { 'Cluster Name': name }, stat: 'Sum' }],
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
  const cpuGroups = brokerGroups(clusterBrokers(c) ?? r.brokers, MAX_METRICS_PER_ALARM / 2);
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

// ---------------------------------------------------------------- self-managed brokers

/**
 * Self-managed brokers publish through the CloudWatch agent (JMX exporter scraped as
 * Prometheus, aggregated per cluster and site). The agent's configuration on the nodes
 * is the seam: until it publishes, these alarms sit in INSUFFICIENT_DATA and the
 * "metrics missing" ticket fires, so a blind watch is never silent.
 */
export const SELF_MANAGED_NAMESPACE = 'KafkaEstate/Kafka';

export function selfManagedDimensions(env: string, clusterId: string, site: string): Record<string, string> {
  return { Cluster: `${env}-${clusterId}`, Site: site };
}

export function selfManagedAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  return c.sites.flatMap((site): AlarmSpec[] => {
    const s = env.sites.find((x) => x.id === site);
    const cloud = s ? cloudOf(s) : undefined;
    if (cloud !== 'aws') return [];
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
        metric: metric('OfflinePartitionsCount', 'Maximum', 'partitions'),
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
        metric: metric('UnderMinIsrPartitionCount', 'Maximum', 'partitions'),
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
        metric: metric('UnderReplicatedPartitions', 'Maximum', 'partitions'),
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
        metric: metric('KafkaDataDiskUsedPercent', 'Maximum', '%'),
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
          metrics: [{ id: 'm1', namespace: SELF_MANAGED_NAMESPACE, name: 'OfflinePartitionsCount', dimensions: dims, stat: 'SampleCount' }],
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

// ---------------------------------------------------------------- Event Hubs

/** The namespace name, as EventHubsNamespace names it, and the site resource group it lives in. */
export function eventHubsNamespace(env: string, site: string, clusterId: string): { type: string; name: string; resourceGroup: string } {
  return {
    type: 'Microsoft.EventHub/namespaces',
    name: resourceName({ env, site, component: clusterId }, 50),
    resourceGroup: resourceName({ env, site, component: 'rg' }, 90),
  };
}

export function eventHubsAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const site = c.sites[0];
  const resource = eventHubsNamespace(env.name, site, c.id);
  const metric = (name: string, unit: string): AlarmMetric => ({
    kind: 'azure-monitor',
    resource,
    namespace: 'Microsoft.EventHub/namespaces',
    name,
    aggregation: 'Total',
    unit,
  });
  const base = {
    site,
    cloud: 'azure' as const,
    subject: { kind: 'cluster' as const, id: c.id },
    periodSeconds: 300,
    evaluationPeriods: 1,
    missingData: 'missing' as const,
  };
  const out: AlarmSpec[] = [
    {
      ...base,
      id: `${c.id}-server-errors`,
      title: 'server errors',
      severity: 'page',
      guards: ['availability', 'data-loss'],
      metric: metric('ServerErrors', 'errors'),
      comparison: 'above',
      threshold: EVENT_HUBS_SERVER_ERRORS_PER_WINDOW,
      why: `more than ${EVENT_HUBS_SERVER_ERRORS_PER_WINDOW} server errors in 5 minutes: the namespace is rejecting sends and receives`,
      runbook:
        'check Azure Service Health for the region and the namespace Resource health; fail clients over to the Geo-DR alias if one is paired; open a support case.',
      panel: 'health',
    },
    {
      ...base,
      id: `${c.id}-throttled`,
      title: 'throttled requests',
      severity: 'ticket',
      guards: ['capacity', 'data-loss'],
      metric: metric('ThrottledRequests', 'requests'),
      comparison: 'above',
      threshold: 0,
      why: 'any throttled request means the namespace is out of throughput or processing units',
      runbook: `raise capacity (throughput or processing units) of ${c.id}, or enable auto-inflate; check which hub's IncomingBytes grew.`,
      panel: 'throughput',
    },
  ];
  // Incoming messages dropping to zero only means something where producers are declared.
  if (env.producers.some((p) => p.cluster === c.id)) {
    out.push({
      ...base,
      id: `${c.id}-incoming-stopped`,
      title: `no incoming messages for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      severity: 'ticket',
      guards: ['availability'],
      metric: metric('IncomingMessages', 'messages'),
      comparison: 'at-or-below',
      threshold: 0,
      periodSeconds: INCOMING_SILENCE_SECONDS,
      missingData: 'breaching',
      why: `declared producers sent nothing for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      runbook:
        'check the producers (plants, gateways): their connectivity, credentials (Entra ID role assignments) and the namespace network rules.',
      panel: 'throughput',
    });
  }
  return out;
}

// ---------------------------------------------------------------- MSK Serverless

/**
 * MSK Serverless runs the brokers and their replicas; it publishes bytes in per topic
 * only. What its owner can see breaking is writes no longer arriving, so that is what
 * pages, summed over the cluster's topics (at most 10 per alarm).
 */
export function mskServerlessAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const site = c.sites[0];
  const name = resourceName({ env: env.name, site, component: c.id }, 64);
  const topics = env.topics.filter((t) => t.cluster === c.id).map((t) => t.name);
  const producers = env.producers.some((p) => p.cluster === c.id);
  const groups: string[][] = [];
  for (let i = 0; i < topics.length; i += MAX_METRICS_PER_ALARM) groups.push(topics.slice(i, i + MAX_METRICS_PER_ALARM));
  return groups.map((group, g): AlarmSpec => ({
    id: `${c.id}-incoming-stopped${groups.length === 1 ? '' : `-${g + 1}`}`,
    site,
    cloud: 'aws',
    subject: { kind: 'cluster', id: c.id },
    title: `no bytes in for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
    severity: producers ? 'page' : 'ticket',
    guards: ['availability', 'data-loss'],
    metric: {
      kind: 'cloudwatch',
      metrics: group.map((t, i) => ({
        id: `t${i}`,
        namespace: KAFKA,
        name: 'BytesInPerSec',
        dimensions: { 'Cluster Name': name, Topic: t },
        stat: 'Sum' as const,
      })),
      expression: `SUM([${group.map((_, i) => `t${i}`).join(',')}])`,
      unit: 'bytes/s',
    },
    comparison: 'at-or-below',
    threshold: 0,
    periodSeconds: 60,
    evaluationPeriods: INCOMING_SILENCE_SECONDS / 60,
    missingData: 'breaching',
    why: `nothing was written for ${formatSeconds(INCOMING_SILENCE_SECONDS)}: writes are failing or the producers stopped`,
    runbook: `check the MSK Serverless cluster ${c.id} in the console and AWS Health; check producers' IAM permissions and the VPC path.`,
    panel: 'throughput',
  }));
}

// ---------------------------------------------------------------- Google Managed Kafka

/** The cluster id Google Managed Kafka knows, as ManagedKafkaCluster names it. */
export function gcpManagedClusterName(env: string, site: string, clusterId: string): string {
  return resourceName({ env, site, component: clusterId });
}

/** Bytes written to a Managed Kafka cluster (optionally one topic), from Cloud Monitoring. */
export function gcpBytesIn(env: Environment, c: Cluster, topic?: string): AlarmMetric {
  const name = gcpManagedClusterName(env.name, c.sites[0], c.id);
  return {
    kind: 'cloud-monitoring',
    filter: `metric.type="managedkafka.googleapis.com/byte_in_count" AND resource.labels.cluster_id="${name}"${topic ? ` AND resource.labels.topic_id="${topic}"` : ''}`,
    aligner: 'ALIGN_SUM',
    reducer: 'REDUCE_SUM',
    unit: 'bytes',
  };
}

/**
 * Google runs the brokers, replicas across three zones and the disks (storage grows on
 * its own), so the owner watches what clients see: writes arriving. A cluster with
 * declared producers pages when nothing arrives.
 */
export function gcpManagedAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const producers = env.producers.some((p) => p.cluster === c.id);
  return [
    {
      id: `${c.id}-incoming-stopped`,
      site: c.sites[0],
      cloud: 'gcp',
      subject: { kind: 'cluster', id: c.id },
      title: `no bytes in for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      severity: producers ? 'page' : 'ticket',
      // Google keeps the replicas; writes not arriving is the breach its owner can see.
      guards: ['availability', 'data-loss'],
      metric: gcpBytesIn(env, c),
      comparison: 'at-or-below',
      threshold: 0,
      periodSeconds: 60,
      evaluationPeriods: INCOMING_SILENCE_SECONDS / 60,
      missingData: 'breaching',
      why: `nothing was written to the cluster for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      runbook: `check the Managed Kafka cluster state of ${c.id} and Google Cloud status for the region; check producers' credentials and the VPC path (Private Service Connect).`,
      panel: 'throughput',
    },
  ];
}

// ---------------------------------------------------------------- replication

/** MirrorMaker 2's heartbeat connector emits one heartbeat per second by default (emit.heartbeats.interval.seconds). */
export const MM2_HEARTBEAT_INTERVAL_SECONDS = 1;

/** Topic the source's heartbeats arrive in on the target (MM2 DefaultReplicationPolicy: `<source alias>.heartbeats`). */
export function remoteHeartbeatsTopic(sourceAlias: string): string {
  return `${sourceAlias}.heartbeats`;
}

/**
 * How a flow's lag is seen on its target. MSK Replicator publishes ReplicationLatency;
 * MirrorMaker 2 on a managed connect service publishes no lag metric, so the target
 * watches the heartbeats MM2 replicates: they stop arriving when the flow stalls.
 * That catches a stalled flow within its budget, not one that crawls; the README says so.
 */
export type LagSignal =
  { readonly kind: 'latency'; readonly metric: AlarmMetric } | { readonly kind: 'heartbeat-silence'; readonly metric: AlarmMetric };

/**
 * Lag signals per implementation of a flow, chosen from the clusters at its ends.
 * Replication constructs register theirs; a flow without one cannot have its lag watched.
 */
export type LagSignalFinder = (env: Environment, r: Replication, i: number) => LagSignal | undefined;

/** Heartbeats arriving in an MSK target: bytes in on the remote heartbeats topic, summed over brokers. */
export function mskTopicBytesIn(env: Environment, target: Cluster, topic: string): AlarmMetric {
  const name = mskClusterName(env.name, target.sites[0], target.id);
  const ids = brokerGroups(clusterBrokers(target) ?? 3)[0];
  return {
    kind: 'cloudwatch',
    metrics: ids.map((b) => ({
      id: `b${b}`,
      namespace: KAFKA,
      name: 'BytesInPerSec',
      dimensions: { 'Cluster Name': name, 'Broker ID': String(b), Topic: topic },
      stat: 'Sum' as const,
    })),
    expression: `SUM([${ids.map((b) => `b${b}`).join(',')}])`,
    unit: 'bytes/s',
  };
}

export const LAG_SIGNALS: LagSignalFinder[] = [
  // MSK to MSK: MSK Replicator, named after the flow in the target's site.
  (env, r) => {
    const from = env.clusters.find((c) => c.id === r.from);
    const to = env.clusters.find((c) => c.id === r.to);
    if (from?.kind !== 'msk' || to?.kind !== 'msk') return undefined;
    const replicator = resourceName({ env: env.name, site: to.sites[0], component: r.id ?? `${r.from}-to-${r.to}` }, 64);
    return {
      kind: 'latency',
      metric: {
        kind: 'cloudwatch',
        metrics: [{ id: 'm1', namespace: KAFKA, name: 'ReplicationLatency', dimensions: { ReplicatorName: replicator }, stat: 'Maximum' }],
        expression: 'm1 / 1000',
        unit: 's',
      },
    };
  },
  // MirrorMaker 2 on Managed Kafka Connect into Google Managed Kafka: heartbeats arriving.
  (env, r) => {
    const to = env.clusters.find((c) => c.id === r.to);
    if (to?.kind !== 'gcp-managed') return undefined;
    return { kind: 'heartbeat-silence', metric: gcpBytesIn(env, to, remoteHeartbeatsTopic(r.from)) };
  },
  // Anything into MSK through MirrorMaker 2: the source's heartbeats arriving.
  (env, r) => {
    const to = env.clusters.find((c) => c.id === r.to);
    if (to?.kind !== 'msk') return undefined;
    return { kind: 'heartbeat-silence', metric: mskTopicBytesIn(env, to, remoteHeartbeatsTopic(r.from)) };
  },
];

/** The lag budget of a flow: its maxLag, else the tightest RPO of the groups its topics belong to. */
export function lagBudgetSeconds(env: Environment, r: Replication): number | undefined {
  if (r.maxLag !== undefined) return durationSeconds(r.maxLag);
  const rpos = env.topics
    .filter((t) => t.cluster === r.from && r.topics.includes(t.name) && t.group !== undefined)
    .map((t) => env.topicGroups.find((g) => g.id === t.group))
    .filter((g): g is NonNullable<typeof g> => g !== undefined)
    .map((g) => durationSeconds(g.rpo))
    .filter((s) => s > 0);
  return rpos.length > 0 ? Math.min(...rpos) : undefined;
}

export const planReplicationAlarms: AlarmPlanner = (env) => {
  const alarms: AlarmSpec[] = [];
  const gaps: WatchGap[] = [];
  const late: WatchGap[] = [];
  env.replication.forEach((r, i) => {
    const to = env.clusters.find((c) => c.id === r.to);
    const site = env.sites.find((s) => s.id === to?.sites[0]);
    const cloud = site ? cloudOf(site) : undefined;
    const budget = lagBudgetSeconds(env, r);
    // A zero budget is refused by checkReplicationTerms (a copy is never RPO 0).
    if (!to || !site || !cloud || budget === undefined || budget <= 0) return;
    const label = replicationLabel(r, i);
    const id = r.id ?? `${r.from}-to-${r.to}`;
    const signal = LAG_SIGNALS.map((f) => f(env, r, i)).find((s) => s !== undefined);
    const budgetPath = r.maxLag !== undefined ? `replication[${i}].maxLag` : `replication[${i}]`;
    if (!signal) {
      gaps.push({
        path: budgetPath,
        message: `the lag of ${label} (budget ${formatSeconds(budget)}) cannot be watched: no alarm in this version reads the lag of a flow into a ${to.kind} cluster.`,
        fix: 'replicate into a cluster kind whose replication lag is alarmed (msk), or register a LagSignalFinder for this implementation in analysis/alarms.ts.',
      });
      return;
    }
    const subject = { kind: 'replication' as const, id };
    const lateGap = (t: ReturnType<typeof lagThresholds>) => {
      if (t.late)
        late.push({
          path: budgetPath,
          message: `the lag alarm of ${label} may page late: ${t.late.reason}.`,
          fix: `declare maxLag of at least ${formatSeconds(t.late.minimumBudgetSeconds)} to be paged before the budget is spent.`,
          severity: 'warning',
        });
    };
    if (signal.kind === 'latency') {
      const t = lagThresholds(budget, METRIC_CADENCE[cloud]);
      lateGap(t);
      if (t.unwatchable) {
        gaps.push({
          path: budgetPath,
          message: `the lag of ${label} cannot be watched: ${t.unwatchable.reason}.`,
          fix: `declare maxLag of at least ${formatSeconds(t.unwatchable.minimumBudgetSeconds)}.`,
        });
        return;
      }
      for (const a of t.alarms) {
        alarms.push({
          id: `${id}-lag-${a.severity}`,
          site: site.id,
          cloud,
          subject,
          title: `replication lag above ${formatSeconds(a.thresholdSeconds)}`,
          severity: a.severity,
          guards: ['lag'],
          metric: signal.metric,
          comparison: 'above',
          threshold: a.thresholdSeconds,
          periodSeconds: a.periodSeconds,
          evaluationPeriods: a.evaluationPeriods,
          missingData: 'missing',
          why: a.why,
          runbook: `replication ${label} from ${r.from} to ${r.to} is falling behind: check the source's produce rate, the replicator's throughput and throttling, and the link between the sites; on a site loss the copy misses up to this lag.`,
          panel: 'lag',
        });
      }
      return;
    }
    // Heartbeat silence: a stall is visible once a heartbeat is missed; the page must fire by the budget.
    const t = lagThresholds(budget, METRIC_CADENCE[cloud]);
    lateGap(t);
    if (t.unwatchable) {
      gaps.push({
        path: budgetPath,
        message: `the lag of ${label} cannot be watched: ${t.unwatchable.reason}.`,
        fix: `declare maxLag of at least ${formatSeconds(t.unwatchable.minimumBudgetSeconds)}.`,
      });
      return;
    }
    for (const a of t.alarms) {
      // N silent 1-minute periods prove a stall of N minutes; fire by the threshold.
      const periods = Math.max(1, Math.floor(a.thresholdSeconds / a.periodSeconds));
      alarms.push({
        id: `${id}-stalled-${a.severity}`,
        site: site.id,
        cloud,
        subject,
        title: `replication stalled for ${formatSeconds(periods * a.periodSeconds)} (no heartbeats)`,
        severity: a.severity,
        guards: ['lag', 'availability'],
        metric: signal.metric,
        comparison: 'at-or-below',
        threshold: 0,
        periodSeconds: a.periodSeconds,
        evaluationPeriods: periods,
        missingData: 'breaching',
        why: `${a.why}; heartbeats replicated by MirrorMaker 2 stop arriving when the flow stalls`,
        runbook: `replication ${label} from ${r.from} to ${r.to} delivers nothing: check the connector state (RUNNING, tasks not FAILED), its logs, and the network path to the source.`,
        panel: 'lag',
      });
    }
  });
  return { alarms, gaps, late };
};

// ---------------------------------------------------------------- edge sites

/**
 * Edge sites push heartbeats to their hub through MirrorMaker 2. The hub alarms when
 * they stop for longer than expected and pages when the silence reaches the site's
 * offline window: its buffer is then at risk.
 */
export const planEdgeAlarms: AlarmPlanner = (env) => {
  const alarms: AlarmSpec[] = [];
  const gaps: WatchGap[] = [];
  env.sites.forEach((s, i) => {
    if (s.offlineWindow === undefined) return;
    // Sites of an edge fleet are planned from the fleet (planEdgeFleetAlarms).
    if (env.edgeFleets.some((f) => f.sites.some((x) => x.id === s.id))) return;
    const window = durationSeconds(s.offlineWindow);
    const edgeClusters = env.clusters.filter((c) => c.sites.includes(s.id)).map((c) => c.id);
    const flows = env.replication.filter((r) => edgeClusters.includes(r.from));
    const hubs = flows
      .map((r) => ({ r, hub: env.clusters.find((c) => c.id === r.to) }))
      .map(({ r, hub }) => ({ r, hub, site: env.sites.find((x) => x.id === hub?.sites[0]) }));
    const hub = hubs.find((h) => h.hub?.kind === 'msk' && h.site !== undefined);
    if (edgeClusters.length === 0) {
      // Nothing is buffered at the site yet, so nothing can be lost; say so, but let it synthesize.
      gaps.push({
        path: `sites[${i}].offlineWindow`,
        message: `site "${s.id}" declares an offline window of ${s.offlineWindow} but runs no cluster yet, so no heartbeat alarm watches it.`,
        fix: "place the site's edge cluster and replicate it to a hub; the hub then alarms on its heartbeats.",
        severity: 'warning',
      });
      return;
    }
    if (!hub || !hub.hub || !hub.site) {
      gaps.push({
        path: `sites[${i}].offlineWindow`,
        message: `site "${s.id}" declares an offline window of ${s.offlineWindow} but nothing watches its heartbeats: ${flows.length === 0 ? 'it replicates to no hub' : `its hub (${hubs.map((h) => h.hub?.kind ?? h.r.to).join(', ')}) has no heartbeat alarm in this version`}.`,
        fix:
          flows.length === 0
            ? `add a replication entry from the site's cluster to a hub cluster (msk), whose heartbeats the hub alarms on.`
            : 'replicate the site to a hub kind whose heartbeat silence is alarmed (msk), or register one in analysis/alarms.ts.',
      });
      return;
    }
    const cloud = cloudOf(hub.site) as AlarmCloud;
    const t = heartbeatSilenceThresholds(window, MM2_HEARTBEAT_INTERVAL_SECONDS, METRIC_CADENCE[cloud]);
    if (t.unwatchable) {
      gaps.push({
        path: `sites[${i}].offlineWindow`,
        message: `site "${s.id}"'s offline window cannot be watched: ${t.unwatchable.reason}.`,
        fix: `declare an offline window of at least ${formatSeconds(t.unwatchable.minimumWindowSeconds)}.`,
      });
      return;
    }
    const metric = mskTopicBytesIn(env, hub.hub, remoteHeartbeatsTopic(s.id));
    const hubSiteId = hub.site.id;
    alarms.push(
      ...t.alarms.map((a) =>
        edgeSilenceAlarm(a, {
          id: `${s.id}-heartbeats-${a.severity}`,
          site: hubSiteId,
          cloud,
          edgeSite: s.id,
          title: `no heartbeats from ${s.id} for ${formatSeconds(a.silenceSeconds)}`,
          metric,
          runbook: {
            page: `site ${s.id} has been silent for its whole offline window: its local retention may start deleting records the hub never received. Reach the site by another channel, extend local retention, or accept the loss.`,
            ticket: `site ${s.id} stopped pushing heartbeats: check its uplink and its MirrorMaker 2 status; ships and remote sites may be offline on purpose.`,
          },
        }),
      ),
    );
  });
  return { alarms, gaps };
};

// ---------------------------------------------------------------- edge fleets

/** Where an edge site's pushes land in its hub: the hub cluster's bytes in on the site's topics. */
function hubArrivals(env: Environment, hub: Cluster, topics: readonly string[], site: string): AlarmMetric | undefined {
  switch (hub.kind) {
    case 'msk': {
      const ids = brokerGroups(clusterBrokers(hub) ?? 3)[0];
      // One metric per broker and topic, at most 10: the checkpoints topic first (it beats every minute).
      const pairs = topics.flatMap((t) => ids.map((b) => ({ t, b }))).slice(0, MAX_METRICS_PER_ALARM);
      const name = mskClusterName(env.name, hub.sites[0], hub.id);
      return {
        kind: 'cloudwatch',
        metrics: pairs.map(({ t, b }, i) => ({
          id: `m${i}`,
          namespace: KAFKA,
          name: 'BytesInPerSec',
          dimensions: { 'Cluster Name': name, 'Broker ID': String(b), Topic: t },
          stat: 'Sum' as const,
        })),
        expression: `SUM([${pairs.map((_, i) => `m${i}`).join(',')}])`,
        unit: 'bytes/s',
      };
    }
    case 'gcp-managed': {
      const name = gcpManagedClusterName(env.name, hub.sites[0], hub.id);
      return {
        kind: 'cloud-monitoring',
        filter: `metric.type="managedkafka.googleapis.com/byte_in_count" AND resource.labels.cluster_id="${name}" AND resource.labels.topic_id=starts_with("${site}.")`,
        aligner: 'ALIGN_SUM',
        reducer: 'REDUCE_SUM',
        unit: 'bytes',
      };
    }
    case 'event-hubs':
      return {
        kind: 'azure-monitor',
        resource: eventHubsNamespace(env.name, hub.sites[0], hub.id),
        namespace: 'Microsoft.EventHub/namespaces',
        name: 'IncomingMessages',
        aggregation: 'Total',
        dimensions: { EntityName: topics },
        unit: 'messages',
      };
    default:
      return undefined;
  }
}

/**
 * Sites of edge fleets: the hub sees a site only through what its MirrorMaker 2 writes
 * (`<site>.<topic>` and `<site>.checkpoints.internal`, every minute). A ticket when that
 * stops for longer than a connected site is quiet, a page when the silence reaches the
 * site's offline window: from then on its buffer is at risk.
 */
export const planEdgeFleetAlarms: AlarmPlanner = (env) => {
  const alarms: AlarmSpec[] = [];
  const gaps: WatchGap[] = [];
  for (const w of edgeReplicationWatches(env)) {
    const path = edgeSitePath(env, w.fleet, w.site);
    const hub = env.clusters.find((c) => c.id === w.hubCluster);
    const hubSite = env.sites.find((s) => s.id === hub?.sites[0]);
    const cloud = hubSite ? cloudOf(hubSite) : undefined;
    const metric = hub ? hubArrivals(env, hub, [w.checkpointsTopic, ...w.hubTopics], w.site) : undefined;
    if (!hub || !hubSite || !cloud || !metric) {
      gaps.push({
        path,
        message: `the offline window of edge site "${w.site}" cannot be watched: its hub "${w.hubCluster}" (${hub?.kind ?? 'unknown'}) has no arrival alarm in this version.`,
        fix: 'use a hub of kind msk, gcp-managed or event-hubs.',
      });
      continue;
    }
    const t = heartbeatSilenceThresholds(w.expectedSilenceSeconds, 60, METRIC_CADENCE[cloud]);
    if (t.unwatchable) {
      gaps.push({
        path,
        message: `the offline window of edge site "${w.site}" cannot be watched: ${t.unwatchable.reason}.`,
        fix: `declare an offline window of at least ${formatSeconds(t.unwatchable.minimumWindowSeconds)}.`,
      });
      continue;
    }
    alarms.push(
      ...t.alarms.map((a) =>
        edgeSilenceAlarm(a, {
          id: `${w.site}-silent-${a.severity}`,
          site: hubSite.id,
          cloud,
          edgeSite: w.site,
          title: `nothing from ${w.site} for ${formatSeconds(a.silenceSeconds)}`,
          metric,
          runbook: {
            page: `edge site ${w.site} (fleet ${w.fleet}) has been silent for its whole offline window; its retention (${formatSeconds(w.dataLossAfterSeconds)}) starts deleting records the hub never received. Reach the site by another channel, extend local retention, or accept the loss.`,
            ticket: `edge site ${w.site} (fleet ${w.fleet}) stopped pushing: check its uplink and its MirrorMaker 2 status; a ship or a remote site may be offline on purpose.`,
          },
        }),
      ),
    );
  }
  return { alarms, gaps };
};

/**
 * An edge site's silence alarm at its hub: no arrivals at or below zero for the
 * threshold's silence. The page also guards the site's buffer (its offline window).
 */
function edgeSilenceAlarm(
  a: SilenceAlarm,
  o: {
    id: string;
    site: string;
    cloud: AlarmCloud;
    edgeSite: string;
    title: string;
    metric: AlarmMetric;
    runbook: Record<Severity, string>;
  },
): AlarmSpec {
  return {
    id: o.id,
    site: o.site,
    cloud: o.cloud,
    subject: { kind: 'edge-site', id: o.edgeSite },
    title: o.title,
    severity: a.severity,
    guards: a.severity === 'page' ? ['buffer', 'lag'] : ['lag'],
    metric: o.metric,
    comparison: 'at-or-below',
    threshold: 0,
    periodSeconds: a.periodSeconds,
    evaluationPeriods: a.evaluationPeriods,
    missingData: 'breaching',
    why: a.why,
    runbook: o.runbook[a.severity],
    panel: 'lag',
  };
}

function edgeSitePath(env: Environment, fleet: string, site: string): string {
  const f = env.edgeFleets.findIndex((x) => x.id === fleet);
  const s = f >= 0 ? env.edgeFleets[f].sites.findIndex((x) => x.id === site) : -1;
  return f >= 0 && s >= 0 ? `edgeFleets[${f}].sites[${s}].offlineWindow` : `edgeFleets`;
}

// ---------------------------------------------------------------- stream processing

/**
 * Stream Analytics pipelines: runtime errors are a ticket; the output watermark delay
 * (how far results trail the input) is held to the RTO of the input topic's group, the
 * same budget arithmetic as replication lag.
 */
export const planPipelineAlarms: AlarmPlanner = (env) => {
  const alarms: AlarmSpec[] = [];
  const late: WatchGap[] = [];
  env.pipelines.forEach((p, i) => {
    const cluster = env.clusters.find((c) => c.id === p.cluster);
    const site = env.sites.find((s) => s.id === cluster?.sites[0]);
    if (!cluster || cluster.kind !== 'event-hubs' || !site || site.cloud !== 'azure') return;
    const resource = {
      type: 'Microsoft.StreamAnalytics/streamingjobs',
      name: resourceName({ env: env.name, site: site.id, component: p.id }),
      resourceGroup: resourceName({ env: env.name, site: site.id, component: 'rg' }, 90),
    };
    const metric = (name: string, aggregation: 'Total' | 'Maximum', unit: string): AlarmMetric => ({
      kind: 'azure-monitor',
      resource,
      namespace: 'Microsoft.StreamAnalytics/streamingjobs',
      name,
      aggregation,
      unit,
    });
    const subject = { kind: 'pipeline' as const, id: p.id };
    alarms.push({
      id: `${p.id}-runtime-errors`,
      site: site.id,
      cloud: 'azure',
      subject,
      title: 'runtime errors',
      severity: 'ticket',
      guards: ['availability'],
      metric: metric('Errors', 'Total', 'errors'),
      comparison: 'above',
      threshold: 0,
      periodSeconds: 300,
      evaluationPeriods: 1,
      missingData: 'missing',
      why: 'any runtime error drops or delays events (conversion, serialization, output errors)',
      runbook: `open the job's activity and resource logs in the site's Log Analytics workspace; fix the event schema or the output; restart the job from the last output time.`,
      panel: 'pipeline',
    });
    const input = env.topics.find((t) => t.cluster === p.cluster && t.name === p.input);
    const group = env.topicGroups.find((g) => g.id === input?.group);
    if (!group) return;
    const t = lagThresholds(durationSeconds(group.rto), METRIC_CADENCE.azure);
    if (t.late)
      late.push({
        path: `pipelines[${i}]`,
        message: `the watermark alarm of pipeline ${p.id} may page late: ${t.late.reason} (budget: RTO ${group.rto} of group ${group.id}).`,
        fix: `declare an RTO of at least ${formatSeconds(t.late.minimumBudgetSeconds)} for group ${group.id}.`,
        severity: 'warning',
      });
    for (const a of t.alarms) {
      alarms.push({
        id: `${p.id}-watermark-${a.severity}`,
        site: site.id,
        cloud: 'azure',
        subject,
        title: `watermark delay above ${formatSeconds(a.thresholdSeconds)}`,
        severity: a.severity,
        guards: ['availability'],
        metric: metric('OutputWatermarkDelaySeconds', 'Maximum', 's'),
        comparison: 'above',
        threshold: a.thresholdSeconds,
        periodSeconds: 300,
        evaluationPeriods: 1,
        missingData: 'missing',
        why: `${a.why} (RTO ${group.rto} of group ${group.id})`,
        runbook: `pipeline ${p.id} is falling behind its input: check input backlog and streaming units (scale up), and runtime errors.`,
        panel: 'pipeline',
      });
    }
  });
  return { alarms, gaps: [], late };
};

// ---------------------------------------------------------------- hybrid links

/**
 * Tunnels of hybrid links whose state a metric can name before apply: Google Cloud's
 * `tunnel_established` is labelled with the planned tunnel name. (AWS TunnelState is
 * keyed by the VPN connection id, known only after apply; see the README.)
 */
export const planLinkAlarms: AlarmPlanner = (env) => {
  const alarms: AlarmSpec[] = [];
  if (env.links.length === 0) return { alarms, gaps: [] };
  let plans: ReturnType<typeof planLinks>;
  try {
    plans = planLinks(env);
  } catch {
    // Links that cannot be planned are reported by checkLinks; there is nothing to watch yet.
    return { alarms, gaps: [] };
  }
  for (const plan of plans) {
    plan.ends.forEach((end, e) => {
      if (end.site.cloud !== 'gcp') return;
      const far = plan.ends[1 - e].site;
      for (const t of plan.tunnels) {
        const tunnel = resourceName({ env: plan.env, site: end.site.id, component: `${plan.id}-tunnel-${t.index}` });
        alarms.push({
          id: `${plan.id}-tunnel-${t.index}-down`,
          site: end.site.id,
          cloud: 'gcp',
          subject: { kind: 'link', id: plan.id },
          title: `tunnel ${t.index} to ${far.id} down`,
          // One tunnel of an HA pair down is redundancy lost, not traffic lost.
          severity: plan.tunnels.length > 1 ? 'ticket' : 'page',
          guards: ['availability'],
          metric: {
            kind: 'cloud-monitoring',
            filter: `metric.type="vpn.googleapis.com/tunnel_established" AND metric.labels.tunnel_name="${tunnel}"`,
            aligner: 'ALIGN_MAX',
            unit: 'established (1) or not (0)',
          },
          comparison: 'below',
          threshold: 1,
          periodSeconds: 60,
          evaluationPeriods: LINK_DOWN_SECONDS / 60,
          missingData: 'breaching',
          why: `tunnel not established for ${formatSeconds(LINK_DOWN_SECONDS)} (IPsec rekeys flap a tunnel for seconds)`,
          runbook: `check the far end ${far.id} (${far.cloud}): its gateway, the pre-shared key and IKE proposal of link ${plan.id}, and its BGP session; the other tunnels carry traffic meanwhile.`,
          panel: 'link',
        });
      }
    });
  }
  return { alarms, gaps: [] };
};

// ---------------------------------------------------------------- registry

export const planClusterAlarms: AlarmPlanner = (env) => ({
  alarms: env.clusters.flatMap((c) => CLUSTER_ALARMS[c.kind]?.(env, c) ?? []),
  gaps: [],
});

/** Cluster health alarms per cluster kind. A kind without an entry cannot have its objectives watched. */
export const CLUSTER_ALARMS: Partial<Record<Cluster['kind'], (env: Environment, c: Cluster) => AlarmSpec[]>> = {
  msk: mskClusterAlarms,
  'event-hubs': eventHubsAlarms,
  'self-managed': selfManagedAlarms,
  'gcp-managed': gcpManagedAlarms,
  'msk-serverless': mskServerlessAlarms,
};

export const ALARM_PLANNERS: AlarmPlanner[] = [
  planClusterAlarms,
  planReplicationAlarms,
  planEdgeAlarms,
  planEdgeFleetAlarms,
  planLinkAlarms,
  planPipelineAlarms,
];

/** The whole alarm plan of an environment. */
export function planAlarms(env: Environment): AlarmPlan {
  const plans = ALARM_PLANNERS.map((p) => p(env));
  return { alarms: plans.flatMap((p) => p.alarms), gaps: plans.flatMap((p) => p.gaps), late: plans.flatMap((p) => p.late ?? []) };
}

// ---------------------------------------------------------------- objectives

/** A declared objective and the alarms that would see it breached. */
export interface ObjectiveWatch {
  /** Where the objective is declared: `topicGroups[0].rpo`, `replication[1].maxLag`, `sites[3].offlineWindow`. */
  readonly path: string;
  /** "RPO 5m of group payments". */
  readonly objective: string;
  readonly alarms: AlarmSpec[];
  /** Why nothing can watch it, when nothing does. */
  readonly gap?: WatchGap;
}

function clustersOfGroup(env: Environment, group: string): string[] {
  return [...new Set(env.topics.filter((t) => t.group === group).map((t) => t.cluster))];
}

/**
 * Per objective, the alarms that watch it: a topic group's RPO is watched by the
 * data-loss alarms of its clusters and the lag alarms of the flows copying its topics;
 * its RTO by the availability alarms of its clusters; a flow's maxLag by its lag
 * alarms; an edge site's offline window by its buffer alarm. Pure, for the review.
 */
export function watchObjectives(env: Environment, plan: AlarmPlan = planAlarms(env)): ObjectiveWatch[] {
  const out: ObjectiveWatch[] = [];
  // Alarms by subject, in plan order: a fleet of a thousand sites asks once per site.
  const bySubject = new Map<string, AlarmSpec[]>();
  for (const a of plan.alarms) {
    const key = `${a.subject.kind} ${a.subject.id}`;
    const known = bySubject.get(key);
    if (known) known.push(a);
    else bySubject.set(key, [a]);
  }
  const on = (kind: AlarmSubjectKind, id: string, guard: Guard) =>
    (bySubject.get(`${kind} ${id}`) ?? []).filter((a) => a.guards.includes(guard));
  env.topicGroups.forEach((g, i) => {
    const clusters = clustersOfGroup(env, g.id);
    if (clusters.length === 0) return;
    const flows = env.replication
      .map((r, j) => ({ r, j }))
      .filter(({ r }) => env.topics.some((t) => t.group === g.id && t.cluster === r.from && r.topics.includes(t.name)));
    for (const aspect of ['rpo', 'rto'] as const) {
      const guard: Guard = aspect === 'rpo' ? 'data-loss' : 'availability';
      const alarms = [
        ...clusters.flatMap((c) => on('cluster', c, guard)),
        ...(aspect === 'rpo' ? flows.flatMap(({ r }) => on('replication', r.id ?? `${r.from}-to-${r.to}`, 'lag')) : []),
      ];
      const unwatchedClusters = clusters.filter((c) => on('cluster', c, guard).length === 0);
      const unwatchedFlows =
        aspect === 'rpo' ? flows.filter(({ r }) => on('replication', r.id ?? `${r.from}-to-${r.to}`, 'lag').length === 0) : [];
      const path = `topicGroups[${i}].${aspect}`;
      let gap: WatchGap | undefined;
      if (unwatchedClusters.length > 0) {
        const kinds = unwatchedClusters.map((c) => `${c} (${env.clusters.find((x) => x.id === c)?.kind ?? 'unknown'})`);
        gap = {
          path,
          message: `${aspect.toUpperCase()} ${g[aspect]} of group "${g.id}" cannot be watched: no ${guard} alarm covers cluster ${kinds.join(', ')}.`,
          fix: `place the group's topics on a cluster kind with health alarms (${Object.keys(CLUSTER_ALARMS).join(', ')}), or register alarms for that kind in CLUSTER_ALARMS (analysis/alarms.ts).`,
        };
      } else if (unwatchedFlows.length > 0) {
        const labels = unwatchedFlows.map(({ r, j }) => replicationLabel(r, j));
        const flowGaps = unwatchedFlows
          .map(({ j }) => plan.gaps.find((x) => x.path.startsWith(`replication[${j}]`)))
          .filter((x): x is WatchGap => x !== undefined);
        gap = {
          path,
          message: `RPO ${g.rpo} of group "${g.id}" cannot be watched: the lag of ${labels.join(', ')} is not alarmed${flowGaps.length > 0 ? ` (see ${flowGaps.map((x) => x.path).join(', ')})` : ''}.`,
          fix:
            flowGaps.length > 0
              ? flowGaps.map((x) => x.fix).join(' ')
              : `declare maxLag on ${unwatchedFlows.map(({ j }) => `replication[${j}]`).join(', ')} and replicate into a cluster whose lag is alarmed.`,
        };
      }
      out.push({ path, objective: `${aspect.toUpperCase()} ${g[aspect]} of group ${g.id}`, alarms, gap });
    }
  });
  env.replication.forEach((r, i) => {
    if (r.maxLag === undefined || durationSeconds(r.maxLag) <= 0) return;
    const id = r.id ?? `${r.from}-to-${r.to}`;
    const path = `replication[${i}].maxLag`;
    const alarms = on('replication', id, 'lag');
    const gap = plan.gaps.find((x) => x.path === path);
    out.push({
      path,
      objective: `maxLag ${r.maxLag} of ${replicationLabel(r, i)}`,
      alarms,
      gap: alarms.some((a) => a.severity === 'page')
        ? undefined
        : (gap ?? {
            path,
            message: `maxLag ${r.maxLag} of ${replicationLabel(r, i)} cannot be watched: no alarm reads this flow's lag.`,
            fix: 'replicate into a cluster whose replication lag is alarmed (msk).',
          }),
    });
  });
  for (const w of edgeReplicationWatches(env)) {
    const path = edgeSitePath(env, w.fleet, w.site);
    const alarms = on('edge-site', w.site, 'buffer');
    out.push({
      path,
      objective: `offline window ${formatSeconds(w.expectedSilenceSeconds)} of edge site ${w.site}`,
      alarms,
      gap:
        alarms.length > 0
          ? undefined
          : (plan.gaps.find((x) => x.path === path) ?? {
              path,
              message: `the offline window of edge site "${w.site}" cannot be watched.`,
              fix: 'push the site to a hub whose arrivals are alarmed.',
            }),
    });
  }
  env.sites.forEach((s, i) => {
    if (s.offlineWindow === undefined) return;
    // Sites of an edge fleet are watched through the fleet above.
    if (env.edgeFleets.some((f) => f.sites.some((x) => x.id === s.id))) return;
    const path = `sites[${i}].offlineWindow`;
    const alarms = on('edge-site', s.id, 'buffer');
    out.push({
      path,
      objective: `offline window ${s.offlineWindow} of site ${s.id}`,
      alarms,
      gap:
        alarms.length > 0
          ? undefined
          : (plan.gaps.find((x) => x.path === path) ?? {
              path,
              message: `the offline window of site "${s.id}" cannot be watched.`,
              fix: 'replicate the site to a hub whose heartbeat silence is alarmed.',
            }),
    });
  });
  return out;
}

/** Alert targets that apply to a site: its own, else the environment's. */
export function alertsFor(env: Environment, siteId: string): Environment['alerts'] {
  return env.sites.find((s) => s.id === siteId)?.alerts ?? env.alerts;
}

/** Environment check: every objective has an alarm that can see it breached. */
export function checkObjectivesWatched(env: Environment): Problem[] {
  const plan = planAlarms(env);
  const out: Problem[] = [];
  const watches = watchObjectives(env, plan);
  for (const w of watches) {
    if (w.gap) out.push({ file: '', path: w.gap.path, message: w.gap.message, fix: w.gap.fix, severity: w.gap.severity ?? 'error' });
  }
  const reported = new Set(out.map((p) => p.path));
  for (const g of plan.gaps) {
    if (!reported.has(g.path)) out.push({ file: '', path: g.path, message: g.message, fix: g.fix, severity: g.severity ?? 'error' });
  }
  return out;
}

/**
 * Synth-time check (main.ts), warnings only: a lag alarm that can page only after its
 * budget is spent, and a site holding page alarms with nobody to page (the alarm still
 * exists and shows in the console).
 */
export function checkAlertTargets(env: Environment): Problem[] {
  const plan = planAlarms(env);
  const out: Problem[] = (plan.late ?? []).map((g) => ({
    file: '',
    path: g.path,
    message: g.message,
    fix: g.fix,
    severity: 'warning' as const,
  }));
  // An alarm nobody receives watches nothing; it is still created (a console shows it), so this warns.
  const pagingSites = [...new Set(plan.alarms.filter((a) => a.severity === 'page').map((a) => a.site))];
  for (const site of pagingSites) {
    const targets = alertsFor(env, site)?.page;
    if (!targets || ((targets.email ?? []).length === 0 && (targets.https ?? []).length === 0)) {
      const i = env.sites.findIndex((s) => s.id === site);
      out.push({
        file: '',
        path: env.alerts ? `sites[${i}].alerts.page` : 'alerts',
        message: `site "${site}" holds ${plan.alarms.filter((a) => a.site === site && a.severity === 'page').length} paging alarms but nobody is told when they fire: no page targets are declared.`,
        fix: 'declare alerts: { page: { email: [oncall@example.com], https: [https://events.example.com/...] } } for the environment (or the site).',
        severity: 'warning',
      });
    }
  }
  return out;
}
