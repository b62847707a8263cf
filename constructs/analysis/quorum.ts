import { SELF_MANAGED_DEFAULTS } from '../kinds/self-managed/facts';
import { topicsOf, type ResolvedTopic } from '../model/defaults';
import type { Cluster, Environment } from '../model/schema';
import type { Problem } from '../model/problems';
import { domainFailure, failureDomains } from './failure-domains';
import type { ClusterResilience, FailureScope, Outcome } from './outcome';

/**
 * Placement and KRaft quorum math for a cluster stretched over sites (DESIGN.md "Zero
 * RPO and near-zero RTO across sites"). Pure functions over plain numbers: the
 * resilience model, the validation, the construct and the README table read them.
 *
 * Model: `broker.rack` = site, so Kafka's rack-aware assignment spreads the replicas
 * of a partition over the data sites as evenly as their brokers allow. Controllers
 * are dedicated KRaft voters; a witness site runs controllers only.
 *
 * Losing a site means losing its region: sites that share a region (two VPCs in
 * eu-central-1) share its fate and its zones, so they are lost together.
 */

/** Brokers and controllers one site contributes. A witness has brokers 0. */
export interface SitePlacement {
  readonly site: string;
  readonly brokers: number;
  readonly controllers: number;
  /** The region the site is in (`<cloud>:<region>`); sites with the same region fail together. @default the site alone */
  readonly region?: string;
}

export interface ReplicaSettings {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

/** Zones a self-managed site spreads its nodes over (node i sits in zone i mod 3). */
export const SITE_ZONES = 3;

/** The transaction state log every exactly-once producer writes to (DESIGN.md durability defaults). */
export const TRANSACTION_STATE_LOG: ReplicaSettings = { replicationFactor: 3, minInsyncReplicas: 2 };

export function voters(placement: readonly SitePlacement[]): number {
  return placement.reduce((n, s) => n + s.controllers, 0);
}

/** Votes a KRaft quorum needs to elect a leader and commit metadata. */
export function majority(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/** The quorum survives losing `lost` voters. */
export function quorumSurvives(voterCount: number, lost: number): boolean {
  return voterCount - lost >= majority(voterCount);
}

/**
 * Most replicas of one partition that site `site` can hold when rack-aware assignment
 * spreads `rf` replicas over the data sites: an even share, more only when the other
 * sites lack brokers, never more than the site's own brokers.
 */
export function replicasInSite(placement: readonly SitePlacement[], rf: number, site: string): number {
  return replicasTaken(placement, rf, (s) => (s.site === site ? s.brokers : 0));
}

/**
 * Most replicas of one partition a failure takes when it takes `taken(site)` brokers of
 * each site. Rack-aware assignment deals replicas to the sites in rounds, one per site
 * with a broker left, in an order that changes from partition to partition: each site
 * gets `level - 1`, or `level` for the sites the last, partial round reaches (KRaft's
 * StripedReplicaPlacer). Inside a site any of its brokers may hold them.
 */
export function replicasTaken(placement: readonly SitePlacement[], rf: number, taken: (s: SitePlacement) => number): number {
  const data = placement.filter((s) => s.brokers > 0);
  const dealt = (rounds: number) => data.reduce((n, s) => n + Math.min(s.brokers, rounds), 0);
  let level = 1;
  while (level < rf && dealt(level) < rf) level++;
  const full = data.reduce((n, s) => n + Math.min(s.brokers, level - 1, taken(s)), 0);
  const lastRound = rf - dealt(level - 1);
  const lastInTaken = data.filter((s) => s.brokers >= level && taken(s) >= level).length;
  return full + Math.min(lastRound, lastInTaken);
}

/** The sites that fail with `site`: those in its region. */
export function fateSharing(placement: readonly SitePlacement[], site: SitePlacement): SitePlacement[] {
  return placement.filter((p) => p === site || (site.region !== undefined && p.region === site.region));
}

/** "fra", or "fra (eu-central-1, with fra2)" when the site shares its region with others of the cluster. */
function sharedRegion(site: SitePlacement, domain: readonly SitePlacement[]): string {
  if (domain.length < 2) return '';
  const others = domain.filter((p) => p !== site).map((p) => p.site);
  return ` (it shares region ${site.region} with ${others.join(', ')}, which fail${others.length === 1 ? 's' : ''} with it)`;
}

/** What losing one domain does to the quorum and to acks=all writes of one topic. */
export interface LossAnalysis {
  /** "site fra", "a zone of fra", "one broker". */
  readonly domain: string;
  readonly site?: string;
  readonly votersLost: number;
  readonly votersLeft: number;
  readonly majority: number;
  readonly quorumSurvives: boolean;
  /** Most replicas of one partition lost with the domain (m). */
  readonly replicasLost: number;
  /** An acknowledged write can be lost: minISR <= m. */
  readonly dataLoss: boolean;
  /** acks=all writes go on: the quorum survives and RF - m >= minISR. */
  readonly writesContinue: boolean;
  readonly explanation: string;
}

function analyse(
  domain: string,
  site: string | undefined,
  placement: readonly SitePlacement[],
  r: ReplicaSettings,
  m: number,
  votersLost: number,
): LossAnalysis {
  const v = voters(placement);
  const maj = majority(v);
  const quorum = quorumSurvives(v, votersLost);
  const dataLoss = r.minInsyncReplicas <= m;
  const isrHolds = r.replicationFactor - m >= r.minInsyncReplicas;
  const parts = [
    `${domain} holds ${votersLost} of ${v} KRaft voters: ${quorum ? `${v - votersLost} left, the quorum (${maj}) survives` : `${v - votersLost} left, below the quorum of ${maj}, so no metadata change and no leader election`}`,
    `it holds up to ${m} of RF ${r.replicationFactor} replicas of a partition: min.insync.replicas ${r.minInsyncReplicas} ${dataLoss ? `<= ${m}, so an acknowledged write may exist only there` : `> ${m}, so every acknowledged write is also elsewhere`}`,
  ];
  if (!isrHolds) parts.push(`RF ${r.replicationFactor} - ${m} < min.insync.replicas ${r.minInsyncReplicas}: acks=all writes stop`);
  return {
    domain,
    site,
    votersLost,
    votersLeft: v - votersLost,
    majority: maj,
    quorumSurvives: quorum,
    replicasLost: m,
    dataLoss,
    writesContinue: quorum && isrHolds,
    explanation: parts.join('; '),
  };
}

/** Losing each site in turn, and with it the sites that share its region. */
export function siteLosses(placement: readonly SitePlacement[], r: ReplicaSettings): LossAnalysis[] {
  return placement.map((s) => {
    const domain = fateSharing(placement, s);
    const m = replicasTaken(placement, r.replicationFactor, (p) => (domain.includes(p) ? p.brokers : 0));
    const loss = analyse(`site ${s.site}`, s.site, placement, r, m, voters(domain));
    return { ...loss, explanation: `${loss.explanation}${sharedRegion(s, domain)}` };
  });
}

/**
 * Losing several sites at once (a region or a provider): the most replicas of a
 * partition KRaft's striped placement puts in those sites (all of them when the domain
 * holds every broker), and all their voters.
 */
export function domainLoss(
  placement: readonly SitePlacement[],
  r: ReplicaSettings,
  domain: string,
  sites: readonly string[],
): LossAnalysis {
  const inside = placement.filter((p) => sites.includes(p.site));
  // Every broker gone: every replica is gone, whatever the placement could hold.
  const all = placement.every((p) => p.brokers === 0 || sites.includes(p.site));
  const m = all ? r.replicationFactor : replicasTaken(placement, r.replicationFactor, (p) => (sites.includes(p.site) ? p.brokers : 0));
  return analyse(domain, undefined, placement, r, m, voters(inside));
}

/**
 * Losing one zone of each site's region. Nodes of a site go round-robin over its zones,
 * so a zone holds ceil(n / zones) of the site's n brokers or controllers, and a
 * partition's replicas in the site sit on distinct brokers. Sites in one region share
 * its zones: the first zone of each is the same zone.
 */
export function zoneLosses(placement: readonly SitePlacement[], r: ReplicaSettings, zones = SITE_ZONES): LossAnalysis[] {
  return placement.map((s) => {
    const domain = fateSharing(placement, s);
    const inZone = (n: number) => Math.ceil(n / zones);
    const m = replicasTaken(placement, r.replicationFactor, (p) => (domain.includes(p) ? inZone(p.brokers) : 0));
    const loss = analyse(
      `a zone of ${s.site}`,
      s.site,
      placement,
      r,
      m,
      domain.reduce((n, p) => n + inZone(p.controllers), 0),
    );
    return { ...loss, explanation: `${loss.explanation}${sharedRegion(s, domain)}` };
  });
}

/** Losing one broker (a controller is a separate node; its loss is one voter). */
export function brokerLoss(placement: readonly SitePlacement[], r: ReplicaSettings): LossAnalysis {
  return analyse('one broker', undefined, placement, r, 1, 0);
}

/** Losing one controller node. */
export function controllerLoss(placement: readonly SitePlacement[], r: ReplicaSettings): LossAnalysis {
  return analyse('one controller', undefined, placement, r, 0, 1);
}

/** Quorum shape findings: an even voter count, or a site whose loss takes the quorum with it. */
export function quorumFindings(placement: readonly SitePlacement[]): Array<{ message: string; fix: string }> {
  const v = voters(placement);
  const out: Array<{ message: string; fix: string }> = [];
  if (v === 0)
    return [{ message: 'the cluster has no KRaft controllers.', fix: 'give each site controllersPerSite: 1 (3 voters over three sites).' }];
  if (v % 2 === 0) {
    out.push({
      message: `${v} KRaft voters is an even number: it tolerates no more failures than ${v - 1} and can split evenly between sites.`,
      fix: `use an odd number of voters, for example add a witness site (role: witness) with one controller for ${v + 1} voters.`,
    });
  }
  if (placement.length > 1) {
    const reported = new Set<SitePlacement>();
    for (const s of placement) {
      const domain = fateSharing(placement, s);
      if (reported.has(s) || voters(domain) * 2 < v) continue;
      domain.forEach((p) => reported.add(p));
      out.push(
        domain.length === 1
          ? {
              message: `site ${s.site} holds ${s.controllers} of ${v} KRaft voters (half or more): losing it loses the controller quorum and the whole cluster stops.`,
              fix: 'spread voters so that no site holds half of them: one controller in each of three sites, or two data sites plus a witness site.',
            }
          : {
              message: `sites ${domain.map((p) => p.site).join(', ')} share region ${s.region} and hold ${voters(domain)} of ${v} KRaft voters (half or more): losing the region loses the controller quorum and the whole cluster stops.`,
              fix: 'put the sites of a stretched cluster in different regions, so that no region holds half of the voters.',
            },
      );
    }
  }
  return out;
}

/** Brokers and controllers per site of a self-managed cluster: witness sites hold controllers only. */
export function placementOf(env: Environment, c: Cluster): SitePlacement[] {
  const brokersPerSite = c.brokersPerSite ?? (c.brokers !== undefined ? undefined : SELF_MANAGED_DEFAULTS.brokersPerSite);
  const controllersPerSite = c.controllersPerSite ?? SELF_MANAGED_DEFAULTS.controllersPerSite;
  const dataSites = c.sites.filter((id) => env.sites.find((s) => s.id === id)?.role !== 'witness');
  return c.sites.map((id, i) => {
    const witness = !dataSites.includes(id);
    let brokers = 0;
    if (!witness) {
      if (brokersPerSite !== undefined) brokers = brokersPerSite;
      else {
        // A total spread over the data sites, the first sites taking the remainder.
        const total = c.brokers ?? 0;
        const k = dataSites.indexOf(id);
        brokers = Math.floor(total / dataSites.length) + (k < total % dataSites.length ? 1 : 0);
      }
    }
    const site = env.sites.find((s) => s.id === id);
    return { site: c.sites[i], brokers, controllers: controllersPerSite, region: site && `${site.cloud}:${site.region}` };
  });
}

/** Seconds of replication wait each produce pays, for the worst leader site, from declared round trips. */
export interface ProduceLatency {
  /** Added by waiting for min.insync.replicas in other sites, worst leader site, ms. */
  readonly replicationMs: number;
  readonly leaderSite: string;
  /** Added when the producer sits in another site than the partition leader, worst pair, ms. */
  readonly remoteLeaderMs: number;
  /** Site pairs without a declared round-trip time. */
  readonly missing: Array<[string, string]>;
}

/** Round trip between two sites from `rtt[a][b]` or `rtt[b][a]`. */
export function roundTripMs(rtt: (a: string) => Readonly<Record<string, number>> | undefined, a: string, b: string): number | undefined {
  return rtt(a)?.[b] ?? rtt(b)?.[a];
}

/**
 * With acks=all the leader answers once min.insync.replicas replicas have the write.
 * A follower confirms by its next fetch, about one round trip, so each produce waits
 * for the round trip to the site that completes the in-sync set.
 */
export function produceLatency(
  placement: readonly SitePlacement[],
  r: ReplicaSettings,
  rtt: (a: string) => Readonly<Record<string, number>> | undefined,
): ProduceLatency {
  const data = placement.filter((s) => s.brokers > 0);
  const missing: Array<[string, string]> = [];
  let worst = { ms: 0, site: data[0]?.site ?? '' };
  let remote = 0;
  for (const leader of data) {
    const local = Math.min(replicasInSite(placement, r.replicationFactor, leader.site), leader.brokers);
    let needed = r.minInsyncReplicas - local;
    const others = data
      .filter((s) => s.site !== leader.site)
      .map((s) => ({ s, ms: roundTripMs(rtt, leader.site, s.site) }))
      .sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity));
    let waited = 0;
    for (const o of others) {
      if (o.ms === undefined) {
        if (leader.site < o.s.site) missing.push([leader.site, o.s.site]);
        continue;
      }
      remote = Math.max(remote, o.ms);
      if (needed <= 0) continue;
      waited = o.ms;
      needed -= Math.min(o.s.brokers, Math.ceil(r.replicationFactor / data.length));
    }
    if (waited > worst.ms) worst = { ms: waited, site: leader.site };
  }
  return { replicationMs: worst.ms, leaderSite: worst.site, remoteLeaderMs: remote, missing };
}

/** Worst of two analyses of the same domain (a topic and an internal topic it depends on). */
function worse(a: LossAnalysis, b: LossAnalysis, what: string): LossAnalysis {
  if (b.writesContinue || !a.writesContinue) return a;
  return { ...a, writesContinue: false, explanation: `${a.explanation}; ${what}: ${b.explanation}` };
}

/**
 * Resilience model of kind `self-managed`: per topic, every single-site loss (scope
 * `site`) and every single-zone loss (scope `zone`), from the quorum and placement
 * math above. A transactional topic also needs the transaction state log to keep
 * taking writes.
 */
export function stretchedClusterOutcomes(failoverSeconds: number): ClusterResilience {
  return (env, cluster, topics) => {
    const placement = placementOf(env, cluster);
    return topics.flatMap((t: ResolvedTopic) => {
      const r = { replicationFactor: t.replicationFactor, minInsyncReplicas: t.minInsyncReplicas };
      const txn = (losses: LossAnalysis[], all: LossAnalysis[]) =>
        t.transactional ? losses.map((l, i) => worse(l, all[i], 'the transaction state log (RF 3, min ISR 2) it commits through')) : losses;
      const sites = txn(siteLosses(placement, r), siteLosses(placement, TRANSACTION_STATE_LOG));
      const zones = txn(zoneLosses(placement, r), zoneLosses(placement, TRANSACTION_STATE_LOG));
      // Regions and providers holding several of the cluster's sites: lost together, not one by one.
      const wider = failureDomains(env).filter((d) => d.sites.some((s) => cluster.sites.includes(s)));
      const domains = txn(
        wider.map((d) => domainLoss(placement, r, `${d.scope} ${d.id}`, d.sites)),
        wider.map((d) => domainLoss(placement, TRANSACTION_STATE_LOG, `${d.scope} ${d.id}`, d.sites)),
      );
      const toOutcome =
        (scope: FailureScope) =>
        (l: LossAnalysis, i: number): Outcome => {
          const wide = scope === 'region' || scope === 'provider';
          // A region or provider holding every site of the cluster: no replica or voter setting helps.
          const inside = wide && cluster.sites.every((s) => wider[i].sites.includes(s));
          const outside = `copy "${t.name}" to a cluster outside ${l.domain} (replication), or stretch "${cluster.id}" to a site outside it.`;
          return {
            topic: t.name,
            cluster: cluster.id,
            scope,
            failure: scope === 'region' || scope === 'provider' ? domainFailure(wider[i]) : `${l.domain} lost`,
            ...(scope === 'region' || scope === 'provider' ? { lostSites: wider[i].sites } : {}),
            rpoSeconds: l.dataLoss ? Infinity : 0,
            rpoIsLagBound: false,
            rtoSeconds: l.writesContinue ? failoverSeconds : Infinity,
            writesContinue: l.writesContinue,
            // A region or provider that stops the cluster leaves nothing to fail over to inside it.
            mechanism: scope === 'zone' ? 'replicas-across-zones' : scope === 'site' || l.writesContinue ? 'synchronous-stretch' : 'none',
            reason: `cluster "${cluster.id}" stretched over ${placement.map((p) => `${p.site} (${p.brokers}b/${p.controllers}c)`).join(', ')}: ${l.explanation}`,
            lostSite: l.site,
            rpoFix: !l.dataLoss
              ? undefined
              : inside
                ? outside
                : `raise minInsyncReplicas of "${t.name}" above ${l.replicasLost} (the replicas ${l.domain} holds) and keep RF - ${l.replicasLost} >= minInsyncReplicas: with three data sites, RF 3 (1+1+1) and minInsyncReplicas 2.`,
            rtoFix:
              inside && !l.writesContinue
                ? outside
                : !l.quorumSurvives
                  ? `no ${wide ? scope : 'site'} may hold half or more of the KRaft voters: ${l.domain} holds ${l.votersLost} of ${l.votersLeft + l.votersLost}; add a third site (a witness with one controller is enough for the quorum).`
                  : l.writesContinue
                    ? undefined
                    : `add a third data site so that RF - (replicas one site holds) >= minInsyncReplicas (RF 3 over three sites with minInsyncReplicas 2), or accept that writes stop until ${l.site ?? 'the domain'} returns and declare a longer RTO.`,
          };
        };
      return [...sites.map(toOutcome('site')), ...zones.map(toOutcome('zone')), ...domains.map((l, i) => toOutcome(wider[i].scope)(l, i))];
    });
  };
}

/** Per cluster: the loss table the README and the review print. */
export function lossTable(
  env: Environment,
  c: Cluster,
  r: ReplicaSettings = { replicationFactor: 3, minInsyncReplicas: 2 },
): LossAnalysis[] {
  const placement = placementOf(env, c);
  return [...siteLosses(placement, r), brokerLoss(placement, r), controllerLoss(placement, r)];
}

/** Environment check: quorum shape, artifact and latency of self-managed clusters. */
export function checkStretchedCluster(env: Environment, c: Cluster, i: number): Problem[] {
  const out: Problem[] = [];
  const placement = placementOf(env, c);
  for (const f of quorumFindings(placement))
    out.push({ file: '', path: `clusters[${i}].controllersPerSite`, message: `cluster "${c.id}": ${f.message}`, fix: f.fix });
  if (placement.every((p) => p.brokers === 0)) {
    out.push({
      file: '',
      path: `clusters[${i}].sites`,
      message: `cluster "${c.id}" has only witness sites, so no brokers.`,
      fix: 'list at least one site whose role is not witness.',
    });
  }
  if (c.brokers !== undefined && c.brokersPerSite === undefined) {
    const data = placement.filter((p) => p.brokers > 0).length;
    if (data > 0 && c.brokers % data !== 0) {
      out.push({
        file: '',
        path: `clusters[${i}].brokers`,
        message: `cluster "${c.id}": ${c.brokers} brokers do not split evenly over ${data} data sites, so one site holds more replicas than the others.`,
        fix: `use brokersPerSite, or a multiple of ${data}.`,
      });
    }
  }
  const siteOf = (id: string) => env.sites.find((s) => s.id === id)?.rttMs;
  const topics = topicsOf(env, c.id);
  if (c.sites.length > 1 && topics.length > 0) {
    const worstIsr = topics.reduce((w, t) => (t.minInsyncReplicas > w.minInsyncReplicas ? t : w));
    const lat = produceLatency(placement, worstIsr, siteOf);
    for (const [a, b] of lat.missing) {
      out.push({
        file: '',
        path: `sites[${env.sites.findIndex((s) => s.id === a)}].rttMs`,
        message: `cluster "${c.id}" is stretched over ${a} and ${b} but no round-trip time between them is declared, so the produce latency it adds is unknown.`,
        fix: `declare the measured round trip, e.g. rttMs: { ${b}: 10 } on site ${a}.`,
        severity: 'warning',
      });
    }
    const budget = c.produceLatencyBudgetMs;
    if (budget !== undefined && lat.replicationMs > budget) {
      out.push({
        file: '',
        path: `clusters[${i}].produceLatencyBudgetMs`,
        message: `cluster "${c.id}": acks=all produces led in ${lat.leaderSite} wait about ${lat.replicationMs} ms for min.insync.replicas ${worstIsr.minInsyncReplicas} across sites (topic "${worstIsr.name}"), above the budget of ${budget} ms.`,
        fix: 'stretch only over sites with a lower round-trip time (nearby regions), or raise the budget if producers can take it.',
        severity: 'warning',
      });
    }
  }
  return out;
}
