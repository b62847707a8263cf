import { durationSeconds, formatSeconds } from '../model/duration';
import type { Environment, Replication } from '../model/schema';
import type { Problem } from '../model/problems';
import { IMPLEMENTATIONS, implementationOf } from './replication-implementation';
import type { Outcome, OutcomeRefinement } from './outcome';

/**
 * Asynchronous copies (MirrorMaker 2, MSK Replicator, Cluster Linking): what a
 * `replication` entry is worth when its source site is lost. A copy always trails
 * its source, so its RPO is the replication lag and never 0 (DESIGN.md
 * "Asynchronous replication"); its RTO is the time to move clients over to it.
 */

/** Failover to a copy: a decision, then producers and consumers repointed at the target's bootstrap. */
export const DEFAULT_FAILOVER_SECONDS = 15 * 60;

/** What a copy offers when the source is lost: RPO = maxLag (unbounded without one), RTO = failover time. */
export interface CopyTerms {
  readonly rpoSeconds: number;
  readonly rtoSeconds: number;
}

export function copyTerms(r: Replication): CopyTerms {
  return {
    rpoSeconds: r.maxLag === undefined ? Infinity : durationSeconds(r.maxLag),
    rtoSeconds: r.failoverTime === undefined ? DEFAULT_FAILOVER_SECONDS : durationSeconds(r.failoverTime),
  };
}

/** Label used in problems and reports for entry `i`: its id, else `from->to`. */
export function replicationLabel(r: Replication, i: number): string {
  return r.id ?? `replication[${i}] ${r.from}->${r.to}`;
}

/**
 * Outcome refinement: an outcome that loses data or stops writes is replaced by the
 * failover to an async copy that survives the same failure. An outcome that already
 * keeps every acknowledged write and keeps writing (a stretched cluster that survives
 * the site) is left alone: the copy adds nothing there.
 *
 * Only one recovery is reported per failure (wait for the site, or fail over), never
 * a mix of the two: "RPO 0 by waiting" and "RTO 15m by failing over" are not both true.
 */
export const asyncCopies: OutcomeRefinement = (env, outcomes) =>
  outcomes.map((o) => {
    if (o.rpoSeconds === 0 && o.writesContinue) return o;
    // A copy that holds the events beats one that only moves the clients (Geo-DR), whatever their order.
    const metadata = (r: Replication) => {
      const impl = implementationOf(env, r);
      return impl !== undefined && !IMPLEMENTATIONS[impl].eventsCopied ? impl : undefined;
    };
    const best = survivingCopies(env, o)
      .map(({ r, i }) => ({ r, i, terms: copyTerms(r), metadataOnly: metadata(r) }))
      .sort(
        (a, b) =>
          Number(a.metadataOnly !== undefined) - Number(b.metadataOnly !== undefined) ||
          a.terms.rpoSeconds - b.terms.rpoSeconds ||
          a.terms.rtoSeconds - b.terms.rtoSeconds,
      )[0];
    if (!best) {
      // Copies that exist but share the failed region: say so, or the reason reads as if nothing were copied.
      const gone = sitesLost(o).length === 0 ? [] : copiesOf(env, o).filter((x) => !survivingCopies(env, o).includes(x));
      if (gone.length === 0) return o;
      const targets = [...new Set(gone.map(({ r }) => r.to))];
      const domain = o.scope === 'provider' ? 'provider' : 'region';
      const what =
        targets.length === 1
          ? `its copy on cluster "${targets[0]}" is`
          : `its copies on clusters ${targets.map((t) => `"${t}"`).join(', ')} are`;
      return {
        ...o,
        reason: `${o.reason}; ${what} in the failed ${domain} and lost with it`,
        rpoFix: o.rpoFix && `${o.rpoFix} A copy counts only outside the failed ${domain}.`,
      };
    }
    const { r, i, terms } = best;
    const label = replicationLabel(r, i);
    if (best.metadataOnly !== undefined) return metadataOnly(o, r, i, best.metadataOnly);
    const lag =
      r.maxLag === undefined
        ? 'no maxLag is declared, so the lag (and the loss) is unbounded'
        : `up to maxLag ${r.maxLag} of acknowledged writes may not have been copied`;
    const refined: Outcome = {
      ...o,
      rpoSeconds: terms.rpoSeconds,
      rpoIsLagBound: true,
      rtoSeconds: terms.rtoSeconds,
      writesContinue: true,
      mechanism: 'async-replication',
      reason:
        `${o.reason}; clients fail over to the asynchronous copy on cluster "${r.to}" (${label}) in ${formatSeconds(terms.rtoSeconds)}, ` +
        `and ${lag}: asynchronous replication is never RPO 0`,
      rpoFix:
        r.maxLag === undefined
          ? `declare maxLag on replication[${i}] (${label}) no longer than the objective's RPO, and alarm on it; for RPO 0 stretch the cluster synchronously over three sites instead.`
          : `asynchronous replication cannot give an RPO below its lag: lower maxLag on replication[${i}] (${label}) if the link can keep it, or for RPO 0 stretch the cluster synchronously over three sites (kind: self-managed).`,
      rtoFix: `shorten failoverTime on replication[${i}] (${label}) with an automated, rehearsed failover, or stretch the cluster over three sites so writes never stop.`,
    };
    return refined;
  });

/**
 * A pair that copies metadata only (Event Hubs Geo-DR): writes go on after the alias
 * fails over, but every event of the lost primary is gone.
 */
function metadataOnly(o: Outcome, r: Replication, i: number, impl: keyof typeof IMPLEMENTATIONS): Outcome {
  const facts = IMPLEMENTATIONS[impl];
  const rto = r.failoverTime === undefined ? facts.rtoSeconds : durationSeconds(r.failoverTime);
  const label = replicationLabel(r, i);
  return {
    ...o,
    rpoSeconds: Infinity,
    rpoIsLagBound: false,
    rtoSeconds: rto,
    writesContinue: true,
    mechanism: 'metadata-only',
    reason: `${o.reason}; ${facts.label} (${label}) moves clients to "${r.to}" in ${formatSeconds(rto)} but copies no events, so every event of the lost primary is lost`,
    rpoFix: `set implementation: mirror-maker-2 on replication[${i}] (${label}) to copy events, with a maxLag no longer than the objective's RPO.`,
    rtoFix: o.rtoFix,
  };
}

/** Sites an outcome's failure takes: the lost site, or every site of a lost region or provider. */
export function sitesLost(o: Outcome): readonly string[] {
  return o.lostSites ?? (o.lostSite === undefined ? [] : [o.lostSite]);
}

/**
 * Copies of the outcome's topic that live outside every failed site's region: a site's
 * loss is its region's loss, and a copy in another site of the same region goes too.
 */
function survivingCopies(env: Environment, o: Outcome): Array<{ r: Replication; i: number }> {
  const lostSites = sitesLost(o);
  if (lostSites.length === 0) return [];
  const regionOf = (id: string) => {
    const s = env.sites.find((x) => x.id === id);
    return s ? `${s.cloud}:${s.region}` : `site:${id}`;
  };
  const lost = new Set(lostSites.map(regionOf));
  return copiesOf(env, o).filter(({ r }) => {
    const target = env.clusters.find((c) => c.id === r.to);
    return target !== undefined && target.sites.length > 0 && !target.sites.some((t) => lost.has(regionOf(t)));
  });
}

const copies = new WeakMap<Environment, Map<string, Array<{ r: Replication; i: number }>>>();

/** Every copy of the outcome's topic out of its cluster, wherever it lives (same objects on every call). */
function copiesOf(env: Environment, o: Outcome): Array<{ r: Replication; i: number }> {
  const byTopic = copies.get(env) ?? new Map<string, Array<{ r: Replication; i: number }>>();
  copies.set(env, byTopic);
  const key = `${o.cluster}|${o.topic}`;
  let found = byTopic.get(key);
  if (!found)
    byTopic.set(
      key,
      (found = env.replication
        .map((r, i) => ({ r, i }))
        // A reversed entry (failing back) copies into `from`, so it protects nothing on `from`.
        .filter(({ r }) => r.from === o.cluster && r.topics.includes(o.topic) && !r.reversed)),
    );
  return found;
}

/** Environment check: a copy's declared lag and failover are plausible for asynchronous replication. */
export function checkReplicationTerms(env: Environment): Problem[] {
  const out: Problem[] = [];
  env.replication.forEach((r, i) => {
    if (r.maxLag !== undefined && durationSeconds(r.maxLag) === 0) {
      out.push({
        file: '',
        path: `replication[${i}].maxLag`,
        message: `maxLag ${r.maxLag} claims an asynchronous copy with no lag; replication from "${r.from}" to "${r.to}" always trails its source.`,
        fix: 'declare the lag budget the link is alarmed on (for example 30s); for zero data loss stretch the cluster synchronously over three sites.',
      });
    }
    if (r.failoverTime !== undefined && durationSeconds(r.failoverTime) === 0) {
      out.push({
        file: '',
        path: `replication[${i}].failoverTime`,
        message: `failoverTime ${r.failoverTime} claims clients move to cluster "${r.to}" instantly.`,
        fix: 'declare the time the failover runbook takes (detect, decide, repoint clients), for example 5m.',
      });
    }
  });
  return out;
}
