import type { AlarmCloud, Severity } from './alarm-thresholds';
import type { Environment } from '../model/schema';
import { resourceName } from '../model/naming';

/**
 * The terms of the alarm plan, shared by the planner (analysis/alarms.ts) and the
 * kinds that say what their alarms read (constructs/kinds/<kind>/alarms.ts). Kept apart
 * from the planner so a kind can name these types without importing the kind registry.
 */

/** What an alarm watches. */
export type AlarmSubjectKind = 'cluster' | 'replication' | 'link' | 'edge-site' | 'pipeline' | 'connector';

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

/** The description every alarm carries: what fired, why that number, what to do. */
export function alarmDescription(a: AlarmSpec): string {
  return `[${a.severity}] ${a.title} of ${a.subject.kind} ${a.subject.id}. Threshold: ${a.why}. Runbook: ${a.runbook}`;
}

/** The alarm's name in the cloud: env, site, subject, signal, severity. */
export function alarmName(env: string, a: AlarmSpec): string {
  return resourceName({ env, site: a.site, component: a.id }, 255);
}

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

/** Metric namespace of the log metric filter counting failed client authentications. */
export const AUTH_FAILURE_NAMESPACE = 'KafkaEstate/ClientAuthentication';
/** Kafka's Selector logs this line at INFO for every failed SASL/TLS authentication. */
export const AUTH_FAILURE_LOG_PATTERN = '"Failed authentication"';

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
