import { kindModel } from '../kinds/registry';
import { resolveTopic } from '../model/defaults';
import { edgeBufferOutcomes } from './edge';
import { asyncCopies } from './replication';
import { durationSeconds, formatSeconds } from '../model/duration';
import type { Environment, TopicGroup } from '../model/schema';
import type { Problem } from '../model/problems';
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

/** Every outcome of every topic of the environment, under every single-domain failure. */
export function assessEnvironment(env: Environment): Outcome[] {
  let outcomes = env.clusters.flatMap((c) => {
    const topics = env.topics.filter((t) => t.cluster === c.id).map(resolveTopic);
    return kindModel(c.kind)?.resilience?.(env, c, topics) ?? [];
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
