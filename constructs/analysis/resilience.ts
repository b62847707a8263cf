import { kindModel } from '../kinds/registry';
import { resolveTopic } from '../model/defaults';
import { edgeBufferOutcomes } from './edge';
import { asyncCopies } from './replication';
import { durationSeconds, formatSeconds } from '../model/duration';
import type { Environment, TopicGroup } from '../model/schema';
import type { Problem } from '../model/problems';
import { domainFailure, failureDomains, SCOPE_RANK } from './failure-domains';
import type { FailureScope, Outcome, OutcomeRefinement } from './outcome';

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

export { LEADER_FAILOVER_SECONDS, loseDomain, maxReplicasPerDomain, siteLost, zonedClusterOutcomes, type DomainLoss } from './zones';

/**
 * Adjusts cluster outcomes for copies elsewhere (async replication). Later features
 * (replication links, edge buffers) register here; each receives the outcomes so far.
 */

export const OUTCOME_REFINEMENTS: OutcomeRefinement[] = [asyncCopies, edgeBufferOutcomes];

/**
 * Every outcome of every topic of the environment, under every failure of one domain:
 * a zone, a site, and a region or cloud provider holding several sites.
 */
export function assessEnvironment(env: Environment): Outcome[] {
  let outcomes = env.clusters.flatMap((c) => {
    const topics = env.topics.filter((t) => t.cluster === c.id).map(resolveTopic);
    return kindModel(c.kind)?.resilience?.(env, c, topics) ?? [];
  });
  outcomes = [...outcomes, ...widerLosses(env, outcomes)];
  for (const refine of OUTCOME_REFINEMENTS) outcomes = refine(env, outcomes);
  return outcomes;
}

/**
 * Region and provider losses for clusters whose kind model assesses single sites only:
 * a cluster whose every site lies in the domain is lost as it is with its site (the
 * site outcome, relabelled); a cluster the domain takes only part of, without a model
 * for that, is assumed lost (never counted as surviving on a guess). Copies are then
 * judged by asyncCopies against every lost site, so a copy in the same region is lost too.
 */
export function widerLosses(env: Environment, outcomes: readonly Outcome[]): Outcome[] {
  const out: Outcome[] = [];
  for (const d of failureDomains(env)) {
    const failure = domainFailure(d);
    for (const c of env.clusters) {
      const inside = c.sites.filter((s) => d.sites.includes(s));
      if (inside.length === 0 || outcomes.some((o) => o.cluster === c.id && o.failure === failure)) continue;
      const whole = inside.length === c.sites.length;
      const bySite = new Map<string, Outcome>();
      for (const o of outcomes)
        if (o.cluster === c.id && o.scope === 'site' && o.lostSite !== undefined && inside.includes(o.lostSite) && !bySite.has(o.topic))
          bySite.set(o.topic, o);
      for (const o of bySite.values()) {
        const lost = whole && c.sites.length === 1;
        out.push({
          ...o,
          scope: d.scope,
          failure,
          lostSite: undefined,
          lostSites: d.sites,
          ...(lost
            ? {}
            : {
                rpoSeconds: Infinity,
                rpoIsLagBound: false,
                rtoSeconds: Infinity,
                writesContinue: false,
                mechanism: 'none' as const,
              }),
          reason: lost
            ? `${o.reason}; ${d.scope} ${d.id} takes ${inside.join(', ')} with it`
            : `cluster "${c.id}" loses ${inside.join(', ')} at once with ${d.scope} ${d.id}, and no model says what remains, so it is counted as lost`,
        });
      }
    }
  }
  return out;
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

/** Failures an objective of a scope must survive: its own and every narrower one (a `region` objective also covers sites and zones). */
export function inScope(objective: FailureScope, outcome: FailureScope): boolean {
  return SCOPE_RANK[outcome] <= SCOPE_RANK[objective];
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
          (rpo.scope === 'region' || rpo.scope === 'provider'
            ? `replicate the topics to a site outside the ${rpo.scope} (replication with maxLag): copies inside it are lost with it.`
            : rpo.scope === 'site'
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
          (rto.scope === 'region' || rto.scope === 'provider'
            ? `keep a copy with a failover runbook in a site outside the ${rto.scope}, or declare a longer RTO.`
            : rto.scope === 'site'
              ? 'add a third data site (stretched cluster) or a replicated copy with a failover runbook, or declare a longer RTO.'
              : 'keep RF - (replicas per zone) >= minInsyncReplicas.'),
      });
    }
    return out;
  });
}
