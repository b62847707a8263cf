import { formatSeconds } from '../model/duration';

/**
 * Alarm thresholds derived from resilience objectives. Constructs never type a
 * threshold: they render what these functions return, so a page is tied to the
 * objective it protects and moves when the objective moves.
 *
 * The rule behind every budget alarm: the page must reach a person no later than the
 * moment the budget is spent. A metric alarm sees a breach only after the breaching
 * period has closed and the datapoint has been published, so thresholds are lowered
 * by that detection delay rather than set at the budget itself.
 */

export type Severity = 'page' | 'ticket';
export type AlarmCloud = 'aws' | 'azure' | 'gcp';

/** How fast each cloud's metric alarms can see a datapoint, and how far back they can look. */
export interface MetricCadence {
  /** Shortest period the service's metrics are published at, seconds. */
  readonly periodSeconds: number;
  /** Worst time from the end of a period until an alarm can evaluate its datapoint, seconds. */
  readonly publishDelaySeconds: number;
  /** Longest window one alarm can evaluate, seconds, at the coarsest period used for it. */
  readonly maxWindowSeconds: number;
  /** Coarsest period the cloud allows for long windows, seconds. */
  readonly longPeriodSeconds: number;
}

/**
 * - AWS: MSK, MSK Connect and VPN publish 1-minute datapoints; CloudWatch evaluates a
 *   window of at most 1 day for periods under an hour and 7 days for periods of an hour
 *   or more (PutMetricAlarm: Period x EvaluationPeriods <= 604,800 s).
 * - Azure Monitor metric alerts: 1-minute frequency, window sizes up to 1 day (P1D);
 *   platform metrics land within about 3 minutes.
 * - Cloud Monitoring: 60 s sampling, data visible up to about 3 minutes later; a
 *   condition's duration may be up to 1 day.
 */
export const METRIC_CADENCE: Readonly<Record<AlarmCloud, MetricCadence>> = {
  aws: { periodSeconds: 60, publishDelaySeconds: 60, maxWindowSeconds: 604_800, longPeriodSeconds: 3600 },
  azure: { periodSeconds: 60, publishDelaySeconds: 180, maxWindowSeconds: 86_400, longPeriodSeconds: 3600 },
  gcp: { periodSeconds: 60, publishDelaySeconds: 180, maxWindowSeconds: 86_400, longPeriodSeconds: 3600 },
};

/** CloudWatch keeps windows of periods under an hour to one day. */
export const AWS_SHORT_PERIOD_MAX_WINDOW_SECONDS = 86_400;

/** Disk of a broker volume: ticket when the headroom halves toward the page, page before the broker stops. */
export const DISK_USED_PERCENT: Readonly<Record<Severity, number>> = { ticket: 80, page: 90 };

/** Broker CPU (user + system): MSK's guidance is to stay below 60 % so a broker can absorb a failed peer's load. */
export const BROKER_CPU_PERCENT = 60;
/** CPU must stay high this long before anyone is told: rebalances and compaction spike it briefly. */
export const BROKER_CPU_SUSTAINED_SECONDS = 900;

/**
 * Failed client authentications tolerated per 5 minutes before a ticket: credential
 * rotations make a few, a misconfigured or hostile client makes many.
 */
export const AUTH_FAILURES_PER_WINDOW = 10;
export const AUTH_FAILURE_WINDOW_SECONDS = 300;

/** Event Hubs server errors tolerated per 5 minutes: the SDKs retry single transient errors, a burst means the namespace is failing. */
export const EVENT_HUBS_SERVER_ERRORS_PER_WINDOW = 10;
/** A producer fleet that sent nothing for this long has stopped (a plant offline, a broken deployment). */
export const INCOMING_SILENCE_SECONDS = 900;

/** A link must stay down this long before a page; IPsec rekeys flap a tunnel for seconds. */
export const LINK_DOWN_SECONDS = 180;

/** One AWS VPN TunnelState alarm: per connection (both tunnels down = link down) or per tunnel (redundancy lost). */
export interface VpnTunnelAlarm {
  readonly scope: 'connection' | 'tunnel';
  readonly severity: Severity;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** TunnelState is 1 when up; the alarm fires below this. */
  readonly threshold: number;
}

/**
 * TunnelState alarms of an AWS VPN connection. Losing one of its two tunnels is
 * redundancy lost (ticket); losing both is the link down (page), each after the link has
 * stayed down for LINK_DOWN_SECONDS so rekeys do not page anyone.
 */
export function vpnTunnelAlarms(periodSeconds = 60): VpnTunnelAlarm[] {
  const evaluationPeriods = Math.max(1, Math.ceil(LINK_DOWN_SECONDS / periodSeconds));
  return [
    { scope: 'connection', severity: 'page', periodSeconds, evaluationPeriods, threshold: 1 },
    { scope: 'tunnel', severity: 'ticket', periodSeconds, evaluationPeriods, threshold: 1 },
  ];
}

/** Stream processing watermark delay tolerated before a ticket, as a share of the job's lag budget. */
export const WATERMARK_SHARE_OF_BUDGET = 0.5;

/** A threshold an alarm fires at, with the evaluation that makes it fire in time. */
export interface BudgetAlarm {
  readonly severity: Severity;
  /** Metric value, in seconds, above which the alarm fires. */
  readonly thresholdSeconds: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** Worst time from the threshold being crossed to the alarm firing. */
  readonly detectionSeconds: number;
  /** Why this number, for the alarm description and the review. */
  readonly why: string;
}

export interface BudgetThresholds {
  readonly alarms: BudgetAlarm[];
  /** Set when there is nothing to alarm on (a zero budget): the objective cannot be watched. */
  readonly unwatchable?: { readonly reason: string; readonly minimumBudgetSeconds: number };
  /** Set when the breach is seen only after the budget is spent (a budget shorter than the detection delay). */
  readonly late?: { readonly reason: string; readonly minimumBudgetSeconds: number };
}

/**
 * Thresholds for a lag-like metric (replication lag or latency, watermark delay)
 * against a budget (the flow's maxLag, its RPO): a ticket at half the budget, a page
 * early enough to arrive by the time the budget is spent. With a budget too short for
 * the page to arrive in time the page sits at half the budget and `late` says so.
 */
export function lagThresholds(budgetSeconds: number, cadence: MetricCadence): BudgetThresholds {
  const detection = cadence.periodSeconds + cadence.publishDelaySeconds;
  const pageAt = budgetSeconds - detection;
  if (!(budgetSeconds > 0)) {
    return {
      alarms: [],
      unwatchable: {
        reason: `a lag budget of ${formatSeconds(budgetSeconds)} leaves nothing to alarm on`,
        minimumBudgetSeconds: detection + cadence.periodSeconds,
      },
    };
  }
  if (pageAt <= 0) {
    // The breach is still seen, only after the budget is spent: page at half the budget and say how late.
    return {
      alarms: [
        {
          severity: 'page',
          thresholdSeconds: budgetSeconds / 2,
          periodSeconds: cadence.periodSeconds,
          evaluationPeriods: 1,
          detectionSeconds: detection,
          why: `half of the ${formatSeconds(budgetSeconds)} budget; the budget is shorter than the ${formatSeconds(detection)} a ${formatSeconds(cadence.periodSeconds)} metric takes to be seen, so the page may come after it is spent`,
        },
      ],
      late: {
        reason: `a lag budget of ${formatSeconds(budgetSeconds)} is spent before a ${formatSeconds(cadence.periodSeconds)} metric can be published and evaluated (${formatSeconds(detection)}), so the page may arrive after the breach`,
        minimumBudgetSeconds: detection + cadence.periodSeconds,
      },
    };
  }
  const page: BudgetAlarm = {
    severity: 'page',
    thresholdSeconds: pageAt,
    periodSeconds: cadence.periodSeconds,
    evaluationPeriods: 1,
    detectionSeconds: detection,
    why: `budget ${formatSeconds(budgetSeconds)} minus ${formatSeconds(detection)} detection delay, so the page arrives before the budget is spent`,
  };
  const ticketAt = budgetSeconds / 2;
  // A ticket above the page threshold would only ever arrive after the page.
  if (ticketAt >= pageAt) return { alarms: [page] };
  const ticket: BudgetAlarm = {
    severity: 'ticket',
    thresholdSeconds: ticketAt,
    periodSeconds: cadence.periodSeconds,
    evaluationPeriods: 1,
    detectionSeconds: detection,
    why: `half of the ${formatSeconds(budgetSeconds)} budget is spent`,
  };
  return { alarms: [ticket, page] };
}

/** An alarm on a metric that stops arriving (heartbeats, bytes in). */
export interface SilenceAlarm {
  readonly severity: Severity;
  /** The alarm fires after this much silence at the latest. */
  readonly silenceSeconds: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly why: string;
}

export interface SilenceThresholds {
  readonly alarms: SilenceAlarm[];
  readonly unwatchable?: { readonly reason: string; readonly minimumWindowSeconds: number };
  /** Set when the cloud cannot look back as far as the window: the page comes early, never late. */
  readonly clampedTo?: number;
}

/** Heartbeats must be missing for this many of their intervals before silence counts as unexpected. */
export const MISSED_HEARTBEATS = 10;
/** Silence shorter than this is normal jitter for an edge uplink (reconnects, NAT rebinding). */
export const EXPECTED_SILENCE_SECONDS = 900;

/**
 * Periods of `period` seconds that, all silent, prove a silence of at least
 * `silence` seconds has happened, while firing no later than `silence` after it began:
 * silence can start just after a period began, so N silent periods take up to
 * (N + 1) x period, plus the publishing delay.
 */
function silencePeriods(silenceSeconds: number, periodSeconds: number, delaySeconds: number): number {
  return Math.floor((silenceSeconds - delaySeconds) / periodSeconds) - 1;
}

/** Periods tried for silence alarms: 5 minutes while the window allows, then the cloud's long period. */
const SILENCE_PERIODS_SECONDS = [300] as const;

function silenceAlarm(severity: Severity, silenceSeconds: number, cadence: MetricCadence, why: string): SilenceAlarm | undefined {
  for (const period of [...SILENCE_PERIODS_SECONDS, cadence.longPeriodSeconds]) {
    const n = silencePeriods(silenceSeconds, period, cadence.publishDelaySeconds);
    const windowLimit = period < 3600 ? Math.min(cadence.maxWindowSeconds, AWS_SHORT_PERIOD_MAX_WINDOW_SECONDS) : cadence.maxWindowSeconds;
    if (n >= 1 && n * period <= windowLimit) return { severity, silenceSeconds, periodSeconds: period, evaluationPeriods: n, why };
  }
  return undefined;
}

/**
 * Thresholds for an edge site's heartbeats arriving at the hub: a ticket when they
 * stop for longer than a connected site would ever be quiet, a page when the silence
 * reaches the site's offline window (from then on its buffer may be overwritten before
 * it can be replicated). A window longer than the cloud can evaluate is paged at the
 * cloud's limit (earlier than needed, never later).
 */
export function heartbeatSilenceThresholds(
  offlineWindowSeconds: number,
  heartbeatIntervalSeconds: number,
  cadence: MetricCadence,
): SilenceThresholds {
  const expected = Math.max(EXPECTED_SILENCE_SECONDS, MISSED_HEARTBEATS * heartbeatIntervalSeconds);
  const longest = cadence.maxWindowSeconds;
  const pageSilence = Math.min(offlineWindowSeconds, longest);
  const page = silenceAlarm(
    'page',
    pageSilence,
    cadence,
    pageSilence < offlineWindowSeconds
      ? `the ${formatSeconds(offlineWindowSeconds)} offline window is longer than the ${formatSeconds(longest)} this cloud's alarms can look back, so the page comes at ${formatSeconds(longest)}`
      : `silence reached the ${formatSeconds(offlineWindowSeconds)} offline window: the site's buffer is at risk`,
  );
  if (!page) {
    return {
      alarms: [],
      unwatchable: {
        reason: `an offline window of ${formatSeconds(offlineWindowSeconds)} is shorter than the time needed to prove silence with ${formatSeconds(SILENCE_PERIODS_SECONDS[0])} periods`,
        minimumWindowSeconds: 2 * SILENCE_PERIODS_SECONDS[0] + cadence.publishDelaySeconds,
      },
    };
  }
  const alarms: SilenceAlarm[] = [];
  if (expected < pageSilence) {
    const ticket = silenceAlarm(
      'ticket',
      expected,
      cadence,
      `no heartbeat for ${formatSeconds(expected)}: longer than a connected site is ever quiet`,
    );
    if (ticket && ticket.periodSeconds * ticket.evaluationPeriods < page.periodSeconds * page.evaluationPeriods) alarms.push(ticket);
  }
  alarms.push(page);
  return { alarms, clampedTo: pageSilence < offlineWindowSeconds ? pageSilence : undefined };
}
