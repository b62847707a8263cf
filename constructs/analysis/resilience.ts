import { clusterBrokers, MSK_ZONES, resolveTopic, type ResolvedTopic } from '../model/defaults';
import { edgeBufferOutcomes } from './edge';
import { MANAGED_KAFKA_ZONES } from './managed-kafka';
import { stretchedClusterOutcomes } from './quorum';
import { asyncCopies } from './replication';
import { durationSeconds, formatSeconds } from '../model/duration';
import { zoneRedundant } from './eventhubs';
import type { Cluster, Environment, TopicGroup } from '../model/schema';
import type { Problem } from '../model/problems';
import type { ClusterResilience, FailureScope, Outcome, OutcomeRefinement } from './outcome';

/**
 * Honest resilience: what the topology achieves when one failure domain is lost,
 * computed from placement facts, never asserted. Every RPO/RTO the product reports
 * (review, README, alarms) comes from here.
 *
 * Failure scopes: `zone` (one availability zone or one broker rack inside a site) and
 * `site` (a whole region or edge site). A topic group's objective names the scope it
 * must survive.
 */
export type { ClusterResilience, FailureScope, Mechanism, Outcome, OutcomeRefinement } from './outcome';

/** Seconds until a new partition leader serves after a broker or zone is lost (controller failover plus client metadata refresh). */
export const LEADER_FAILOVER_SECONDS = 30;

/** Data loss and write availability when the domain holding the most replicas of a partition goes. */
export interface DomainLoss {
  /** An acknowledged write may be lost (minISR <= m). */
  readonly dataLoss: boolean;
  /** acks=all writes continue (RF - m >= minISR). */
  readonly writesContinue: boolean;
}

/**
 * DESIGN.md's rule: with m the most replicas of a partition in one domain, no
 * acknowledged write is lost iff minISR > m, and writes continue iff RF - m >= minISR.
 */
export function loseDomain(rf: number, minIsr: number, m: number): DomainLoss {
  return { dataLoss: minIsr <= m, writesContinue: rf - m >= minIsr };
}

/** Most replicas of one partition in one domain when `rf` replicas spread rack-aware over `domains`. */
export function maxReplicasPerDomain(rf: number, domains: number): number {
  return Math.ceil(rf / Math.max(1, domains));
}

/** A whole-site loss with nothing to fail over to. */
export function siteLost(cluster: Cluster, t: ResolvedTopic, site: string): Outcome {
  return {
    topic: t.name,
    cluster: cluster.id,
    scope: 'site',
    failure: `site ${site} lost`,
    rpoSeconds: Infinity,
    rpoIsLagBound: false,
    rtoSeconds: Infinity,
    writesContinue: false,
    mechanism: 'none',
    reason: `cluster "${cluster.id}" lives only in ${site} and the topic is not replicated elsewhere`,
    lostSite: site,
  };
}

/** Brokers spread over zones inside one site (MSK: broker.rack = availability zone). */
export function zonedClusterOutcomes(zones: number): ClusterResilience {
  return (_env, cluster, topics) =>
    topics.flatMap((t) => {
      const brokers = clusterBrokers(cluster) ?? zones;
      const domains = Math.min(zones, brokers);
      const m = maxReplicasPerDomain(t.replicationFactor, domains);
      const loss = loseDomain(t.replicationFactor, t.minInsyncReplicas, m);
      const site = cluster.sites[0];
      const zone: Outcome = {
        topic: t.name,
        cluster: cluster.id,
        scope: 'zone',
        failure: `one zone of ${site} lost`,
        rpoSeconds: loss.dataLoss ? Infinity : 0,
        rpoIsLagBound: false,
        rtoSeconds: loss.writesContinue ? LEADER_FAILOVER_SECONDS : Infinity,
        writesContinue: loss.writesContinue,
        mechanism: 'replicas-across-zones',
        lostSite: site,
        reason:
          `RF ${t.replicationFactor} over ${domains} zones puts at most ${m} replica${m === 1 ? '' : 's'} in one zone; ` +
          `min.insync.replicas ${t.minInsyncReplicas} ${loss.dataLoss ? `<= ${m}: an acknowledged write can be lost` : `> ${m}: every acknowledged write is in two zones`}` +
          `${loss.writesContinue ? '' : `; RF - ${m} < minISR: acks=all writes stop until the zone returns`}`,
      };
      return [zone, siteLost(cluster, t, site)];
    });
}

/**
 * Seconds until Event Hubs clients write again after a zone is lost. Microsoft publishes
 * no figure; this is the product's planning assumption (client retry and reconnect to
 * the partitions the service moved), to be replaced by a measured failover drill.
 */
export const EVENT_HUBS_ZONE_RTO_SECONDS = 60;

/**
 * Event Hubs: the service keeps each namespace's data in three zones where the region
 * has zones; in a region without zones a datacenter loss is the site loss. Nothing
 * survives the loss of the region unless a copy says otherwise (asyncCopies: Geo-DR
 * pairs are reported metadata-only there, MirrorMaker 2 copies as lag-bound).
 */
export const eventHubsOutcomes: ClusterResilience = (env, cluster, topics) =>
  topics.flatMap((t) => {
    const site = cluster.sites[0];
    const region = env.sites.find((s) => s.id === site)?.region ?? '';
    const zoned = zoneRedundant(region);
    const zone: Outcome = {
      topic: t.name,
      cluster: cluster.id,
      scope: 'zone',
      failure: `one zone of ${site} lost`,
      rpoSeconds: zoned ? 0 : Infinity,
      rpoIsLagBound: false,
      rtoSeconds: zoned ? EVENT_HUBS_ZONE_RTO_SECONDS : Infinity,
      writesContinue: zoned,
      mechanism: zoned ? 'replicas-across-zones' : 'none',
      lostSite: site,
      reason: zoned
        ? `namespace "${cluster.id}" is zone redundant in ${region}: the service keeps the events in three zones (RTO is a planning assumption of ${EVENT_HUBS_ZONE_RTO_SECONDS}s, not a Microsoft figure)`
        : `region ${region} has no availability zones, so a datacenter loss takes the namespace with it`,
    };
    return [zone, siteLost(cluster, t, site)];
  });

/**
 * MSK Serverless fixes replication factor 3 and min.insync.replicas 2 over three zones,
 * whatever the topic model says; the outcome is computed from those facts.
 */
export const mskServerlessOutcomes: ClusterResilience = (env, cluster, topics) =>
  zonedClusterOutcomes(MSK_ZONES)(
    env,
    cluster,
    topics.map((t) => ({ ...t, replicationFactor: 3, minInsyncReplicas: 2 })),
  );

/** Resilience per cluster kind; kinds without an entry report nothing and are flagged by checkObjectives. */
export const CLUSTER_RESILIENCE: Partial<Record<Cluster['kind'], ClusterResilience>> = {
  msk: zonedClusterOutcomes(MSK_ZONES),
  'self-managed': stretchedClusterOutcomes(LEADER_FAILOVER_SECONDS),
  'msk-serverless': mskServerlessOutcomes,
  'event-hubs': eventHubsOutcomes,
  // Google Managed Kafka is regional: brokers and replicas over three zones of one region.
  'gcp-managed': zonedClusterOutcomes(MANAGED_KAFKA_ZONES),
};

/**
 * Adjusts cluster outcomes for copies elsewhere (async replication). Later features
 * (replication links, edge buffers) register here; each receives the outcomes so far.
 */

export const OUTCOME_REFINEMENTS: OutcomeRefinement[] = [asyncCopies, edgeBufferOutcomes];

/** Every outcome of every topic of the environment, under every single-domain failure. */
export function assessEnvironment(env: Environment): Outcome[] {
  let outcomes = env.clusters.flatMap((c) => {
    const topics = env.topics.filter((t) => t.cluster === c.id).map(resolveTopic);
    return CLUSTER_RESILIENCE[c.kind]?.(env, c, topics) ?? [];
  });
  for (const refine of OUTCOME_REFINEMENTS) outcomes = refine(env, outcomes);
  return outcomes;
}

export interface ObjectiveResult {
  readonly group: TopicGroup;
  readonly scope: FailureScope;
  readonly declaredRpoSeconds: number;
  readonly declaredRtoSeconds: number;
  /** The worst outcome over the group's topics and the failures in scope. */
  readonly worst?: { rpo: Outcome; rto: Outcome };
  readonly met: boolean;
  readonly topics: string[];
}

/** Failures an objective of a scope must survive: a `site` objective also covers zones. */
export function inScope(objective: FailureScope, outcome: FailureScope): boolean {
  return objective === 'site' || outcome === 'zone';
}

export function evaluateObjectives(env: Environment, outcomes: Outcome[] = assessEnvironment(env)): ObjectiveResult[] {
  return env.topicGroups.map((group) => {
    const scope: FailureScope = group.scope ?? 'site';
    const topics = env.topics.filter((t) => t.group === group.id).map((t) => t.name);
    const relevant = outcomes.filter(
      (o) =>
        topics.includes(o.topic) &&
        inScope(scope, o.scope) &&
        env.topics.some((t) => t.name === o.topic && t.cluster === o.cluster && t.group === group.id),
    );
    const byRpo = [...relevant].sort((a, b) => b.rpoSeconds - a.rpoSeconds)[0];
    const byRto = [...relevant].sort((a, b) => b.rtoSeconds - a.rtoSeconds)[0];
    const rpo = durationSeconds(group.rpo);
    const rto = durationSeconds(group.rto);
    const met = byRpo !== undefined && byRto !== undefined && byRpo.rpoSeconds <= rpo && byRto.rtoSeconds <= rto;
    return {
      group,
      scope,
      declaredRpoSeconds: rpo,
      declaredRtoSeconds: rto,
      worst: byRpo && byRto ? { rpo: byRpo, rto: byRto } : undefined,
      met,
      topics,
    };
  });
}

export function describeRpo(o: Outcome): string {
  if (o.rpoIsLagBound) {
    return o.rpoSeconds === Infinity
      ? '> 0, bounded by replication lag (no maxLag declared, so unbounded)'
      : `> 0, bounded by replication lag (${formatSeconds(o.rpoSeconds)} budget)`;
  }
  return o.rpoSeconds === 0 ? '0' : o.rpoSeconds === Infinity ? 'unbounded (data lost)' : formatSeconds(o.rpoSeconds);
}

export function describeRto(o: Outcome): string {
  return o.rtoSeconds === Infinity ? 'until the failed domain returns' : `≈ ${formatSeconds(o.rtoSeconds)}`;
}

/** Environment check: each topic group's declared objective is met by the topology. */
export function checkObjectives(env: Environment): Problem[] {
  return evaluateObjectives(env).flatMap((r): Problem[] => {
    const i = env.topicGroups.indexOf(r.group);
    if (r.topics.length === 0) return [];
    if (!r.worst) {
      return [
        {
          file: '',
          path: `topicGroups[${i}]`,
          message: `no resilience model covers the topics of group "${r.group.id}", so its objective cannot be proven.`,
          fix: 'place its topics on a cluster kind with a resilience model.',
        },
      ];
    }
    if (r.met) return [];
    const { rpo, rto } = r.worst;
    const out: Problem[] = [];
    if (rpo.rpoSeconds > r.declaredRpoSeconds) {
      out.push({
        file: '',
        path: `topicGroups[${i}].rpo`,
        message: `group "${r.group.id}" declares RPO ${r.group.rpo} but when ${rpo.failure} topic "${rpo.topic}" achieves RPO ${describeRpo(rpo)}: ${rpo.reason}.`,
        fix:
          rpo.rpoFix ??
          (rpo.scope === 'site'
            ? 'replicate the topics to another site (replication with maxLag), stretch the cluster over three sites, or declare scope: zone.'
            : 'raise minInsyncReplicas so that it exceeds the replicas one zone holds.'),
      });
    }
    if (rto.rtoSeconds > r.declaredRtoSeconds) {
      out.push({
        file: '',
        path: `topicGroups[${i}].rto`,
        message: `group "${r.group.id}" declares RTO ${r.group.rto} but when ${rto.failure} topic "${rto.topic}" achieves RTO ${describeRto(rto)}: ${rto.reason}.`,
        fix:
          rto.rtoFix ??
          (rto.scope === 'site'
            ? 'add a third data site (stretched cluster) or a replicated copy with a failover runbook, or declare a longer RTO.'
            : 'keep RF - (replicas per zone) >= minInsyncReplicas.'),
      });
    }
    return out;
  });
}
