import {
  heartbeatSilenceThresholds,
  LINK_DOWN_SECONDS,
  lagThresholds,
  METRIC_CADENCE,
  type AlarmCloud,
  type SilenceAlarm,
  type Severity,
} from './alarm-thresholds';
import {
  MM2_HEARTBEAT_INTERVAL_SECONDS,
  type AlarmMetric,
  type AlarmPlan,
  type AlarmPlanner,
  type AlarmSpec,
  type AlarmSubjectKind,
  type Guard,
  type WatchGap,
} from './alarm-spec';
import type { KindAlarms } from '../kinds/kind';
import { kindModel, kindNames } from '../kinds/registry';
import { durationSeconds, formatSeconds } from '../model/duration';
import type { Environment, Replication, Site } from '../model/schema';
import { resourceName } from '../model/naming';
import type { Problem } from '../model/problems';
import { replicationLabel } from './replication';
import { implementationOf } from './replication-implementation';
import { edgeReplicationWatches } from './edge';
import { planLinks } from './links';
import { planConnectorAlarms } from './connectors';

export * from './alarm-spec';

/**
 * The alarm plan of an environment: every alarm the product creates, as plain data,
 * with its threshold derived in alarm-thresholds.ts and the objectives it guards.
 * Cloud constructs render this plan; the review report lists it per objective; the
 * environment check rejects an objective that no alarm in it can see breached.
 * What each cluster kind's alarms read (metric names, namespaces, dimensions) is the
 * kind's own (KindModel.alarms, constructs/kinds/<kind>/alarms.ts).
 */

const cloudOf = (s: Site): AlarmCloud | undefined => (s.cloud === 'aws' || s.cloud === 'azure' || s.cloud === 'gcp' ? s.cloud : undefined);

// ---------------------------------------------------------------- replication

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
    const signal = kindModel(to.kind)?.alarms.replicationLag?.(env, r, to, implementationOf(env, r));
    const budgetPath = r.maxLag !== undefined ? `replication[${i}].maxLag` : `replication[${i}]`;
    if (!signal) {
      gaps.push({
        path: budgetPath,
        message: `the lag of ${label} (budget ${formatSeconds(budget)}) cannot be watched: no alarm in this version reads the lag of a flow into a ${to.kind} cluster.`,
        fix: `replicate into a cluster kind whose replication lag is alarmed (${kindsWith('replicationLag')}), or give kind ${to.kind} an alarms.replicationLag (constructs/kinds/<kind>/alarms.ts).`,
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
    const hub = hubs
      .map((h) => ({ ...h, heartbeats: h.hub ? kindModel(h.hub.kind)?.alarms.siteHeartbeats : undefined }))
      .find((h) => h.heartbeats !== undefined && h.site !== undefined);
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
    if (!hub || !hub.hub || !hub.site || !hub.heartbeats) {
      gaps.push({
        path: `sites[${i}].offlineWindow`,
        message: `site "${s.id}" declares an offline window of ${s.offlineWindow} but nothing watches its heartbeats: ${flows.length === 0 ? 'it replicates to no hub' : `its hub (${hubs.map((h) => h.hub?.kind ?? h.r.to).join(', ')}) has no heartbeat alarm in this version`}.`,
        fix:
          flows.length === 0
            ? `add a replication entry from the site's cluster to a hub cluster (${kindsWith('siteHeartbeats')}), whose heartbeats the hub alarms on.`
            : `replicate the site to a hub kind whose heartbeat silence is alarmed (${kindsWith('siteHeartbeats')}), or give the hub's kind an alarms.siteHeartbeats (constructs/kinds/<kind>/alarms.ts).`,
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
    const metric = hub.heartbeats(env, hub.hub, s.id);
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

/**
 * Sites of edge fleets: the hub sees a site only through what its MirrorMaker 2 writes
 * (`<site>.<topic>` and `<site>.checkpoints.internal`, every minute). A ticket when that
 * stops for longer than a connected site is quiet, a page when the silence reaches the
 * site's offline window: from then on its buffer is at risk.
 */
export const planEdgeFleetAlarms: AlarmPlanner = (env) => {
  const alarms: AlarmSpec[] = [];
  const gaps: WatchGap[] = [];
  const edgeSitePath = edgeSitePaths(env);
  for (const w of edgeReplicationWatches(env)) {
    const path = edgeSitePath(w.fleet, w.site);
    const hub = env.clusters.find((c) => c.id === w.hubCluster);
    const hubSite = env.sites.find((s) => s.id === hub?.sites[0]);
    const cloud = hubSite ? cloudOf(hubSite) : undefined;
    // Where the site's pushes land in its hub: the hub's own metric of arrivals on the site's topics.
    const metric = hub
      ? kindModel(hub.kind)?.alarms.edgeArrivals?.(env, hub, [...(w.checkpointsTopic ? [w.checkpointsTopic] : []), ...w.hubTopics], w.site)
      : undefined;
    if (!hub || !hubSite || !cloud || !metric) {
      gaps.push({
        path,
        message: `the offline window of edge site "${w.site}" cannot be watched: its hub "${w.hubCluster}" (${hub?.kind ?? 'unknown'}) has no arrival alarm in this version.`,
        fix: `use a hub of kind ${kindsWith('edgeArrivals')}.`,
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

/**
 * Where each edge site's offline window is declared, by fleet and site id; the first
 * declaration wins, as a search from the start of the file finds it. Built once per
 * planner: searching the fleet for every site grew with the square of its sites.
 */
function edgeSitePaths(env: Environment): (fleet: string, site: string) => string {
  const paths = new Map<string, string>();
  for (const [f, x] of env.edgeFleets.entries())
    for (const [s, y] of x.sites.entries()) {
      const key = `${x.id}\n${y.id}`;
      if (!paths.has(key) && env.edgeFleets.findIndex((z) => z.id === x.id) === f)
        paths.set(key, `edgeFleets[${f}].sites[${s}].offlineWindow`);
    }
  return (fleet, site) => paths.get(`${fleet}\n${site}`) ?? `edgeFleets`;
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
    // Stream Analytics reads kinds that say so (KindModel.pipelines) in Azure sites.
    if (!cluster || !kindModel(cluster.kind)?.pipelines || !site || site.cloud !== 'azure') return;
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
  alarms: env.clusters.flatMap((c) => kindModel(c.kind)?.alarms.cluster?.(env, c) ?? []),
  gaps: [],
});

/** The registered kinds that answer one part of KindModel.alarms, for the fix of a gap. */
function kindsWith(part: keyof KindAlarms): string {
  return kindNames()
    .filter((k) => kindModel(k)?.alarms[part] !== undefined)
    .join(', ');
}

export const ALARM_PLANNERS: AlarmPlanner[] = [
  planClusterAlarms,
  planReplicationAlarms,
  planEdgeAlarms,
  planEdgeFleetAlarms,
  planLinkAlarms,
  planPipelineAlarms,
  planConnectorAlarms,
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
          fix: `place the group's topics on a cluster kind with health alarms (${kindsWith('cluster')}), or give that kind an alarms.cluster (constructs/kinds/<kind>/alarms.ts).`,
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
  const edgeSitePath = edgeSitePaths(env);
  for (const w of edgeReplicationWatches(env)) {
    const path = edgeSitePath(w.fleet, w.site);
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
