import { formatSeconds } from '../../constructs/model/duration';
import type { Mechanism, Outcome } from '../../constructs/analysis/resilience';
import { formatHours } from '../../constructs/analysis/edge';
import { flowObjectivesOf, type ClusterPlan, type EstatePlan } from '../../constructs/analysis/plan';
import { runbookPath } from '../../constructs/analysis/replication-runbook';
import { clusterSurvivesSiteLoss, controllerQuorumAfterSiteLoss, hybridLinks } from './seams';
import { domainFailure, failureDomains, type FailureDomain } from '../../constructs/analysis/failure-domains';
import { domainLoss } from '../../constructs/analysis/quorum';

/**
 * The site-loss table: for each site, each region or provider holding several sites,
 * each edge site and each link, what stops and what to do. Every fact about data and
 * writes is read from the plan's resilience outcomes (assessEnvironment, run once by
 * planEstate); this module only groups them by failure and puts them into words.
 */
export interface LossRow {
  /** `site fra` or `link core → vault`. */
  readonly lost: string;
  readonly quorum: string;
  readonly writes: string;
  readonly dataLoss: string;
  readonly flows: string;
  readonly runbook: string;
  /** The outcomes the row was built from (empty for link rows). */
  readonly outcomes: Outcome[];
}

/** The site a site-scope outcome is about: core words site failures as `site <id> lost`. */
export function siteOfOutcome(o: Outcome): string | undefined {
  if (o.scope !== 'site') return undefined;
  return /^site (\S+) lost/.exec(o.failure)?.[1];
}

const RUNBOOK: Record<Mechanism, string> = {
  'replicas-across-zones': 'none: leaders move to the surviving zones; replace the zone’s brokers when it returns',
  'synchronous-stretch':
    'none for clients: the surviving sites keep the quorum and the data; re-add the site’s brokers when it returns, then check under-replicated partitions reach 0',
  'async-replication':
    'fail over producers and consumers to the replica cluster (offsets are synced); records within the replication lag may be missing; reverse replication before failing back',
  'edge-buffer':
    'none at the edge: the site keeps producing locally and the uplink replays the backlog when it returns; watch retention against the outage',
  'metadata-only': 'recreate clients against the paired namespace: metadata is copied, events are not',
  none: 'rebuild the site from code (`cdktf deploy <stack>`); data that was not replicated elsewhere is lost',
};

function list(names: readonly string[], max = 6): string {
  const u = [...new Set(names)];
  return u.length <= max ? u.join(', ') : `${u.slice(0, max).join(', ')} and ${u.length - max} more`;
}

function describeLoss(outcomes: readonly Outcome[]): string {
  const unbounded = outcomes.filter((o) => o.rpoSeconds === Infinity).map((o) => o.topic);
  const lag = outcomes.filter((o) => o.rpoIsLagBound && o.rpoSeconds !== Infinity);
  const bounded = outcomes.filter((o) => !o.rpoIsLagBound && o.rpoSeconds > 0 && o.rpoSeconds !== Infinity);
  const parts: string[] = [];
  if (unbounded.length) parts.push(`everything not copied elsewhere: ${list(unbounded)}`);
  if (lag.length)
    parts.push(
      `up to the replication lag (budget ${formatSeconds(Math.max(...lag.map((o) => o.rpoSeconds)))}): ${list(lag.map((o) => o.topic))}`,
    );
  if (bounded.length)
    parts.push(`up to ${formatSeconds(Math.max(...bounded.map((o) => o.rpoSeconds)))}: ${list(bounded.map((o) => o.topic))}`);
  return parts.length ? parts.join('; ') : 'none';
}

function describeWrites(outcomes: readonly Outcome[]): string {
  const stop = outcomes.filter((o) => !o.writesContinue).map((o) => o.topic);
  const go = outcomes.filter((o) => o.writesContinue);
  if (stop.length === 0) {
    const rto = Math.max(...go.map((o) => o.rtoSeconds));
    return `continue${rto > 0 ? ` after ≈ ${formatSeconds(rto)}` : ''}`;
  }
  return `stop: ${list(stop)}${go.length ? `; continue: ${list(go.map((o) => o.topic))}` : ''}`;
}

/** Fleets larger than this show one row per kind of loss instead of one per site. */
export const EDGE_ROWS_COLLAPSE = 4;

/** The edge site an uplink outcome is about: core words it `uplink of <site> lost for up to …`. */
export function uplinkOfOutcome(o: Outcome): string | undefined {
  return /^uplink of (\S+) lost/.exec(o.failure)?.[1];
}

/**
 * Edge fleet sites (analysis/edge plans): losing the site, and losing its uplink. Sites of a
 * large fleet whose rows read the same once the site id is taken out fold into one row.
 */
function edgeRows(plan: EstatePlan, outcomes: readonly Outcome[]): LossRow[] {
  const { env } = plan;
  const plans = plan.edgeSites;
  const out: LossRow[] = [];
  for (const fleet of env.edgeFleets ?? []) {
    const sites = plans.filter((p) => p.fleet === fleet.id);
    const rows = sites.flatMap((p): Array<LossRow & { site: string }> => {
      const lost = outcomes.filter((o) => siteOfOutcome(o) === p.site && o.cluster === p.site);
      const uplink = outcomes.filter((o) => uplinkOfOutcome(o) === p.site);
      return [
        {
          site: p.site,
          lost: `site ${p.site}`,
          quorum: `its own KRaft (${p.nodes} node${p.nodes === 1 ? '' : 's'}): lost with the site; hub "${p.hubCluster}" unaffected`,
          writes: lost.length ? describeWrites(lost) : 'no topics here',
          dataLoss: lost.length ? describeLoss(lost) : 'none',
          flows: `MirrorMaker 2 push from ${p.site} to hub "${p.hubCluster}" stops`,
          runbook: `replace the site's hardware and apply its bundle again (cdktf.out/edge/${env.name}/${p.site}/); what it had not pushed is gone, what reached the hub stays under ${p.site}.*`,
          outcomes: lost,
        },
        {
          site: p.site,
          lost: `uplink of ${p.site} (up to ${formatHours(p.offlineWindowSeconds)})`,
          quorum: 'unaffected: the site and the hub keep their own quorums',
          writes: uplink.length ? describeWrites(uplink) : 'continue locally',
          dataLoss: uplink.length ? describeLoss(uplink) : 'none',
          flows: `push to hub "${p.hubCluster}" pauses${p.catchUpSeconds !== undefined ? `; backlog catch-up ≈ ${formatHours(p.catchUpSeconds)} after reconnect` : ''}; down topics wait at the hub`,
          runbook: [...new Set(uplink.map((o) => RUNBOOK[o.mechanism]))].join(' / ') || RUNBOOK['edge-buffer'],
          outcomes: uplink,
        },
      ];
    });
    if (sites.length <= EDGE_ROWS_COLLAPSE) {
      out.push(...rows.map(({ site: _site, ...r }) => r));
      continue;
    }
    const groups = new Map<string, Array<LossRow & { site: string }>>();
    for (const r of rows) {
      const sig = [r.lost, r.quorum, r.writes, r.dataLoss, r.flows, r.runbook].map((x) => x.split(r.site).join('<site>')).join('\u0000');
      groups.set(sig, [...(groups.get(sig) ?? []), r]);
    }
    for (const group of groups.values()) {
      const [first] = group;
      const generic = (x: string) => (group.length === 1 ? x : x.split(first.site).join('<site>'));
      out.push({
        lost:
          group.length === 1
            ? first.lost
            : `${generic(first.lost)}: any of ${group.length} sites of fleet ${fleet.id} (${list(
                group.map((g) => g.site),
                3,
              )})`,
        quorum: generic(first.quorum),
        writes: generic(first.writes),
        dataLoss: generic(first.dataLoss),
        flows: generic(first.flows),
        runbook: generic(first.runbook),
        outcomes: group.flatMap((g) => g.outcomes),
      });
    }
  }
  return out;
}

/** What a cluster's controllers do when a region or provider takes several of its sites at once. */
function quorumAfterDomainLoss(c: ClusterPlan, d: FailureDomain): string {
  const inside = c.sites.filter((s) => d.sites.includes(s));
  if (inside.length === c.sites.length) return `lost with the ${d.scope}`;
  if (c.placement) {
    const l = domainLoss(c.placement, { replicationFactor: 3, minInsyncReplicas: 2 }, `${d.scope} ${d.id}`, d.sites);
    return `${l.votersLeft} of ${l.votersLeft + l.votersLost} voters left, majority ${l.majority}: ${l.quorumSurvives ? 'survives' : 'LOST'}`;
  }
  return `loses ${inside.join(', ')}; counted as lost`;
}

/**
 * One row per region or cloud provider that holds several sites: they fail together,
 * so the row shows what one such outage does (copies inside the domain are lost too).
 */
function domainRows(plan: EstatePlan, outcomes: readonly Outcome[]): LossRow[] {
  return failureDomains(plan.env).map((d): LossRow => {
    const failure = domainFailure(d);
    const here = outcomes.filter((o) => o.failure === failure);
    const clusters = plan.clusters.filter((c) => c.sites.some((s) => d.sites.includes(s)));
    const flowsStopped = plan.replication
      .filter((f) => f.direction === 'forward' && (d.sites.includes(f.sourceSite) || d.sites.includes(f.targetSite)))
      .map((f) => `replication ${f.from} → ${f.to} stops`);
    const stopped = here.filter((o) => !o.writesContinue).map((o) => o.topic);
    const mechanisms = [...new Set(here.map((o) => o.mechanism))];
    return {
      lost: `${d.scope} ${d.id} (sites ${d.sites.join(', ')}, together)`,
      quorum: clusters.length === 0 ? 'no cluster here' : clusters.map((c) => `${c.id}: ${quorumAfterDomainLoss(c, d)}`).join('; '),
      writes: here.length ? describeWrites(here) : 'no topics here',
      dataLoss: here.length ? describeLoss(here) : 'none (no topics here)',
      flows: [...(stopped.length ? [`producers of ${list(stopped)} stop`] : []), ...flowsStopped].join('; ') || 'none',
      runbook: mechanisms.length
        ? mechanisms.map((m) => RUNBOOK[m]).join(' / ')
        : `rebuild the ${d.scope}'s sites from code when it returns`,
      outcomes: here,
    };
  });
}

/**
 * One row per site of the environment, then one per region or provider holding several
 * sites, per edge site and uplink, replication flow and hybrid link. `outcomes` are the plan's unless a test hands in its own.
 */
export function siteLossRows(plan: EstatePlan, outcomes: readonly Outcome[] = plan.resilience.outcomes): LossRow[] {
  const { env } = plan;
  const replication = plan.replication;
  const rows: LossRow[] = [];
  // A site that is also an edge fleet site is covered by its edge rows (its own KRaft, its push to the hub).
  const edgeIds = new Set(plan.edgeSites.map((p) => p.site));
  for (const site of env.sites.filter((s) => !edgeIds.has(s.id))) {
    const here = outcomes.filter((o) => siteOfOutcome(o) === site.id);
    const clusters = plan.clusters.filter((c) => c.sites.includes(site.id));
    const quorum =
      clusters.length === 0 ? 'no cluster here' : clusters.map((c) => `${c.id}: ${controllerQuorumAfterSiteLoss(c, site.id)}`).join('; ');
    // A flow stops when either end's cluster goes down with the site, or its replicator runs there (the target site).
    const down = (id: string) => clusters.some((c) => c.id === id && !clusterSurvivesSiteLoss(c, site.id));
    const flowsStopped = replication
      .filter((f) => f.direction === 'forward' && (down(f.from) || down(f.to) || f.targetSite === site.id))
      .map((f) => `replication ${f.from} → ${f.to} stops`);
    const topicsStopped = here.filter((o) => !o.writesContinue).map((o) => o.topic);
    const degraded = here.filter((o) => o.writesContinue && o.rtoSeconds > 0).map((o) => o.topic);
    const flows = [
      ...(topicsStopped.length ? [`producers of ${list(topicsStopped)} stop`] : []),
      ...(degraded.length ? [`${list(degraded)} pause during failover`] : []),
      ...flowsStopped,
    ];
    const mechanisms = [...new Set(here.map((o) => o.mechanism))];
    // The failover runbook core renders per replication link out of this site (cdktf.out/runbooks/...).
    const runbooks = [
      ...new Set(
        replication.filter((f) => f.sourceSite === site.id && here.some((o) => o.mechanism === 'async-replication')).map((f) => f.linkId),
      ),
    ].map((id) => `[${id}](./${runbookPath(env, id)})`);
    rows.push({
      lost: `site ${site.id}`,
      quorum,
      writes: here.length ? describeWrites(here) : 'no topics here',
      dataLoss: here.length ? describeLoss(here) : 'none (no topics here)',
      flows: flows.length ? flows.join('; ') : 'none',
      runbook:
        (mechanisms.length ? mechanisms.map((m) => RUNBOOK[m]).join(' / ') : 'rebuild the site from code when it returns') +
        (runbooks.length ? `; runbook: ${runbooks.join(', ')}` : ''),
      outcomes: here,
    });
  }
  rows.push(...domainRows(plan, outcomes));
  rows.push(...edgeRows(plan, outcomes));
  for (const f of replication) {
    const fo = flowObjectivesOf(plan, f.id);
    rows.push({
      lost: `link ${f.from} → ${f.to} (${f.implementation})`,
      quorum: 'unaffected (each cluster keeps its own)',
      writes: `continue on ${f.from}`,
      dataLoss: `none while both sites stand; ${f.to}'s copy falls behind by the outage (RPO after a failover: ${fo.rpo})`,
      flows: `replication of ${list(f.topics.map((t) => t.source))} pauses and resumes from committed offsets`,
      runbook: `watch the lag alarm; fail over to ${f.to} only accepting the backlog (RTO ${fo.rto}; offsets: ${fo.offsets}); runbook: [${f.linkId}](./${runbookPath(env, f.linkId)})`,
      outcomes: [],
    });
  }
  for (const l of hybridLinks(plan)) {
    const ends = [l.from, l.to];
    const crossing = replication.filter((f) => ends.includes(f.sourceSite) && ends.includes(f.targetSite) && f.sourceSite !== f.targetSite);
    const pushes = plan.edgeSites.filter((p) => ends.includes(p.site));
    const spanning = plan.clusters.filter((c) => ends.every((e) => c.sites.includes(e))).map((c) => c.id);
    rows.push({
      lost: `link ${l.id} (${l.kind} ${l.from} ↔ ${l.to})`,
      quorum: spanning.length ? `${list(spanning)} span both ends: the side without a voter majority stops` : 'unaffected',
      writes: 'continue locally on both sides',
      dataLoss: 'none while both sites stand; copies across the link fall behind',
      flows:
        [
          ...crossing.map((f) => `replication ${f.from} → ${f.to} pauses`),
          ...pushes.map(
            (p) =>
              `MirrorMaker 2 push from ${p.site} to hub "${p.hubCluster}" pauses (the site buffers up to its ${formatHours(p.offlineWindowSeconds)} offline window)`,
          ),
        ].join('; ') || 'no replication crosses this link directly',
      runbook: 'check both gateways and BGP sessions; replication resumes from committed offsets when the tunnel is up',
      outcomes: [],
    });
  }
  return rows;
}
