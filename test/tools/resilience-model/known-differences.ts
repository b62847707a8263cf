import type { Environment } from '../../../constructs/model/schema';
import type { Disagreement } from './agreement';

/**
 * Where the analysis and the model knowingly disagree, and why it is left so. Each
 * entry is conservative on the analysis' side (it claims less than the model finds),
 * is asserted by a witness estate in agreement.test.ts, and disappears from this list
 * when the analysis learns better.
 */
export interface KnownDifference {
  readonly id: string;
  readonly why: string;
  readonly explains: (d: Disagreement, env: Environment) => boolean;
}

const regionOf = (env: Environment, site: string | undefined) => {
  const s = env.sites.find((x) => x.id === site);
  return s && `${s.cloud}:${s.region}`;
};

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'copy-in-the-failed-region',
    why:
      'analysis/replication.ts credits an asynchronous copy only when its cluster has no site in the region of a lost site. ' +
      'The model also credits a copy on a cluster that shares that region but keeps taking writes through the failure ' +
      '(a stretched cluster that survives the site, a multi-zone cluster that survives the zone). Knowing that would need ' +
      "the target's own resilience inside the refinement; a DR copy in the region it protects against is not a design to encourage.",
    explains: (d, env) => {
      // The model fails over to such a copy, where the analysis stays with the cluster or picks a copy further away.
      const o = d.outcome;
      if (!o) return false;
      // A region or provider outcome names every site it takes (lostSites); a site outcome, one.
      const lost = new Set((o.lostSites ?? [o.lostSite]).map((s) => regionOf(env, s)));
      return (d.verdicts ?? []).some(
        (v) =>
          v.recovery === 'failover' &&
          (env.clusters.find((c) => c.id === v.failoverTo)?.sites ?? []).some((s) => lost.has(regionOf(env, s))),
      );
    },
  },
];
