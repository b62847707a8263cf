import { durationSeconds, formatSeconds } from '../model/duration';
import type { DeployOrderEdge } from './links';
import type { Cluster, Environment, Replication } from '../model/schema';
import { stackId } from '../model/naming';
import { nearest, type Problem } from '../model/problems';
import { resolveEventHubs } from '../kinds/event-hubs/facts';
import { kindModel } from '../kinds/registry';
import { copyTerms } from './replication';
import { chooseImplementation, IMPLEMENTATIONS, type ReplicationImplementation } from './replication-implementation';

export type ReplicationMode = Replication['mode'];
export type TopicNaming = 'identical' | 'prefixed';
export type StartingPosition = 'earliest' | 'latest';

/**
 * Replication links: which implementation copies a flow, what the copy promises (RPO,
 * RTO, whether consumer offsets follow) and which mode rules it must obey. Plain
 * functions over the environment, reused by the ReplicationLink pattern, the review
 * report and the lag alarms, so every claim about a copy is made once, here.
 */

/** One direction of a link: an active-active link has two, every other mode one. */
export interface ReplicationFlow {
  /** Link id: the entry's id, or `<from>-to-<to>`. */
  readonly linkId: string;
  /** Flow id, unique in the environment: the link id, `-reverse` appended for the second direction. */
  readonly id: string;
  /** Index of the entry in `replication`. */
  readonly index: number;
  readonly mode: ReplicationMode;
  readonly direction: 'forward' | 'reverse';
  readonly from: string;
  readonly to: string;
  readonly sourceKind: string;
  readonly targetKind: string;
  readonly sourceSite: string;
  /** The site whose stack holds the flow's resources: the target's. */
  readonly targetSite: string;
  readonly implementation: ReplicationImplementation;
  readonly naming: TopicNaming;
  /** Source topic -> name on the target. */
  readonly topics: ReadonlyArray<{ readonly source: string; readonly target: string }>;
  readonly startingPosition: StartingPosition;
  /** The declared lag budget; undefined means the lag, and so the RPO, is unbounded. */
  readonly maxLagSeconds?: number;
  /** Time to move clients over: failoverTime, or the implementation's default. */
  readonly failoverSeconds: number;
}

export function linkId(r: Replication): string {
  return r.id ?? `${r.from}-to-${r.to}`;
}

/**
 * Name of a copy on the target. Identical for active-passive and migration; for
 * active-active MirrorMaker 2's DefaultReplicationPolicy writes `<source alias>.topic`
 * with the source cluster id as alias, while MSK Replicator picks its own alias,
 * known only after apply.
 */
export function targetTopicName(
  topic: string,
  naming: TopicNaming,
  implementation: ReplicationImplementation,
  sourceCluster: string,
): string {
  if (naming === 'identical') return topic;
  return implementation === 'msk-replicator' ? `<source alias>.${topic}` : `${sourceCluster}.${topic}`;
}

export function namingOf(mode: ReplicationMode): TopicNaming {
  return mode === 'active-active' ? 'prefixed' : 'identical';
}

/** The flows of one entry; empty when an end is unknown or no implementation fits (checkReplicationLinks reports why). */
export function flowsOf(env: Environment, r: Replication, index: number): ReplicationFlow[] {
  const from = env.clusters.find((c) => c.id === r.from);
  const to = env.clusters.find((c) => c.id === r.to);
  if (!from || !to || from.id === to.id) return [];
  // A reversed (failing back) entry copies to -> from in the stack of `from`; one entry, so nothing loops.
  const ends: Array<[Cluster, Cluster, 'forward' | 'reverse']> =
    r.reversed && r.mode === 'active-passive' ? [[to, from, 'forward']] : [[from, to, 'forward']];
  if (r.mode === 'active-active') ends.push([to, from, 'reverse']);
  const out: ReplicationFlow[] = [];
  for (const [src, dst, direction] of ends) {
    const choice = chooseImplementation(src.kind, dst.kind, r.implementation);
    if (!('implementation' in choice)) continue;
    const naming = namingOf(r.mode);
    out.push({
      linkId: linkId(r),
      id: direction === 'forward' ? linkId(r) : `${linkId(r)}-reverse`,
      index,
      mode: r.mode,
      direction,
      from: src.id,
      to: dst.id,
      sourceKind: src.kind,
      targetKind: dst.kind,
      sourceSite: src.sites[0],
      targetSite: dst.sites[0],
      implementation: choice.implementation,
      naming,
      topics: r.topics.map((t) => ({ source: t, target: targetTopicName(t, naming, choice.implementation, src.id) })),
      startingPosition: r.startingPosition ?? 'earliest',
      maxLagSeconds: r.maxLag === undefined ? undefined : durationSeconds(r.maxLag),
      failoverSeconds: r.failoverTime === undefined ? IMPLEMENTATIONS[choice.implementation].rtoSeconds : durationSeconds(r.failoverTime),
    });
  }
  return out;
}

/** Every flow of the environment. */
export function replicationFlows(env: Environment): ReplicationFlow[] {
  return env.replication.flatMap((r, i) => flowsOf(env, r, i));
}

/** Flows whose resources live in a site's stack (the target's). */
export function flowsIntoSite(env: Environment, site: string): ReplicationFlow[] {
  return replicationFlows(env).filter((f) => f.targetSite === site);
}

/** What a flow promises when its source is lost. */
export interface FlowObjectives {
  /** Async copies lose at most the lag budget; a metadata-only pair loses every event not consumed. Never 0. */
  readonly rpoSeconds: number;
  readonly rpoIsLagBound: boolean;
  readonly rtoSeconds: number;
  readonly eventsCopied: boolean;
  readonly offsetsFollow: boolean;
  readonly rpo: string;
  readonly rto: string;
  readonly offsets: string;
}

export function flowObjectives(f: ReplicationFlow, env?: Environment): FlowObjectives {
  const facts = IMPLEMENTATIONS[f.implementation];
  const r = env?.replication[f.index];
  // One source for the lag terms: the outcome refinement (replication.ts) reports the same numbers.
  const lagRpo = r ? copyTerms(r).rpoSeconds : (f.maxLagSeconds ?? Infinity);
  // Asynchronous by construction: even a zero budget cannot make the copy synchronous.
  const rpoSeconds = facts.eventsCopied ? Math.max(lagRpo, Number.EPSILON) : Infinity;
  return {
    rpoSeconds,
    rpoIsLagBound: facts.eventsCopied,
    rtoSeconds: f.failoverSeconds,
    eventsCopied: facts.eventsCopied,
    offsetsFollow: facts.offsetsFollow,
    rpo: !facts.eventsCopied
      ? 'events are not copied (metadata only): every event not yet consumed on the primary is lost'
      : f.maxLagSeconds === undefined
        ? '> 0, bounded by replication lag (no maxLag declared, so the bound is unknown)'
        : `> 0, bounded by replication lag (alarm at ${formatSeconds(f.maxLagSeconds)})`,
    rto: `≈ ${formatSeconds(f.failoverSeconds)} (${facts.eventsCopied ? 'decision + client redirect' : 'decision + alias failover'})`,
    offsets: facts.offsets,
  };
}

/** Lag alarm threshold of a flow, in seconds: the RPO budget it defends. Undefined when nothing is copied or no budget is declared. */
export function lagAlarmSeconds(f: ReplicationFlow): number | undefined {
  return IMPLEMENTATIONS[f.implementation].eventsCopied ? f.maxLagSeconds : undefined;
}

function problem(path: string, message: string, fix: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: '', path, message, fix, severity };
}

/**
 * Mode rules: active-active prefixes (and its topics exist on both ends), identical
 * names never flow in a circle, a migration copies the history (a zero lag budget is
 * refused by checkReplicationTerms in replication.ts), Geo-DR pairs only active-passive namespaces and says it copies no events.
 */
export function checkReplicationLinks(env: Environment): Problem[] {
  const out: Problem[] = [];
  const ids = new Map<string, number>();
  env.replication.forEach((r, i) => {
    const at = `replication[${i}]`;
    const id = linkId(r);
    const first = ids.get(id);
    if (first !== undefined)
      out.push(
        problem(
          r.id ? `${at}.id` : at,
          `duplicate replication link id "${id}" (already used at replication[${first}]); the id names the runbook and the resources.`,
          'give the entry its own id.',
        ),
      );
    else ids.set(id, i);

    const from = env.clusters.find((c) => c.id === r.from);
    const to = env.clusters.find((c) => c.id === r.to);
    if (!from || !to || from.id === to.id) return; // checkReplication reports unknown or identical ends
    if (r.reversed && r.mode !== 'active-passive') {
      out.push(
        problem(
          `${at}.reversed`,
          `reversed applies to an active-passive link failing back; this one is ${r.mode}.`,
          r.mode === 'active-active'
            ? 'remove reversed: an active-active link already copies both ways.'
            : 'remove reversed: a migration is cut over, not failed back.',
        ),
      );
    }
    const directions: Array<[Cluster, Cluster]> =
      r.mode === 'active-active'
        ? [
            [from, to],
            [to, from],
          ]
        : r.reversed
          ? [[to, from]]
          : [[from, to]];
    for (const [src, dst] of directions) {
      const choice = chooseImplementation(src.kind, dst.kind, r.implementation);
      if ('problem' in choice) {
        const dir = src === from ? '' : ` (reverse direction of the active-active link, ${src.id} -> ${dst.id})`;
        out.push(problem(`${at}.${choice.problem.field}`, `${choice.problem.message}${dir}`, choice.problem.fix));
        continue;
      }
      // MSK Replicator reaches both clusters, MSK Connect its target, with IAM only.
      const iamEnds =
        choice.implementation === 'msk-replicator'
          ? [src, dst]
          : choice.implementation === 'mm2-msk-connect' && kindModel(dst.kind)?.replicationEnd.mskConnectTarget
            ? [dst]
            : [];
      for (const c of iamEnds.filter((c) => c.clientAuth !== undefined && !c.clientAuth.includes('iam'))) {
        out.push(
          problem(
            `${at}.${c.id === r.from ? 'from' : 'to'}`,
            `${IMPLEMENTATIONS[choice.implementation].label} authenticates to cluster "${c.id}" with IAM, but its clientAuth is [${c.clientAuth!.join(', ')}].`,
            `add iam to clientAuth of cluster "${c.id}".`,
          ),
        );
      }
      if (r.mode === 'active-active' && !IMPLEMENTATIONS[choice.implementation].canPrefix) {
        out.push(
          problem(
            `${at}.mode`,
            `active-active between "${src.id}" and "${dst.id}" needs prefixed copies, but ${IMPLEMENTATIONS[choice.implementation].label} keeps one active namespace and copies no events.`,
            'use mode: active-passive for a Geo-DR pair, or implementation: mirror-maker-2 to copy events both ways.',
          ),
        );
      }
    }

    if (r.mode === 'active-active') {
      const targetTopics = env.topics.filter((t) => t.cluster === r.to).map((t) => t.name);
      r.topics.forEach((name, j) => {
        if (!targetTopics.includes(name)) {
          const guess = nearest(name, targetTopics);
          out.push(
            problem(
              `${at}.topics[${j}]`,
              `active-active copies "${name}" both ways, but cluster "${r.to}" has no topic "${name}" to copy back.`,
              guess
                ? `did you mean "${guess}"? Otherwise declare topic "${name}" on cluster "${r.to}".`
                : `declare topic "${name}" on cluster "${r.to}", or use mode: active-passive.`,
            ),
          );
        }
      });
    }
    if (r.mode === 'migration' && r.startingPosition === 'latest') {
      out.push(
        problem(
          `${at}.startingPosition`,
          'a migration starting at latest leaves the existing records behind, so consumers cut over to a cluster without their history.',
          'remove startingPosition (earliest) for a migration.',
        ),
      );
    }
    const impl = chooseImplementation(from.kind, to.kind, r.implementation);
    if ('implementation' in impl && impl.implementation === 'event-hubs-geo-dr') {
      if (r.startingPosition !== undefined || r.maxLag !== undefined) {
        out.push(
          problem(
            `${at}.${r.maxLag !== undefined ? 'maxLag' : 'startingPosition'}`,
            'a Geo-DR pair copies no events, so a lag budget or starting position means nothing here.',
            'remove it, or set implementation: mirror-maker-2 to copy events.',
          ),
        );
      }
      // Azure pairs only with an empty secondary: the pairing itself creates the hubs there.
      const ownHubs = env.topics.filter((t) => t.cluster === r.to).map((t) => t.name);
      if (ownHubs.length > 0) {
        out.push(
          problem(
            `${at}.to`,
            `Geo-DR pairs namespace "${r.from}" only with an empty secondary, but cluster "${r.to}" declares topics ${ownHubs.map((t) => `"${t}"`).join(', ')}.`,
            `remove the topics of cluster "${r.to}" from topics: the pairing copies every hub of "${r.from}" to it.`,
          ),
        );
      }
      const tiers = [resolveEventHubs(from).tier, resolveEventHubs(to).tier];
      if (tiers[0] !== tiers[1]) {
        out.push(
          problem(
            `${at}.to`,
            `Geo-DR pairs namespaces of the same tier; "${r.from}" is ${tiers[0]} and "${r.to}" is ${tiers[1]}.`,
            `set eventHubs.tier of cluster "${r.to}" to ${tiers[0]}.`,
          ),
        );
      }
      const guarded = r.topics.filter((t) => env.topics.some((x) => x.cluster === r.from && x.name === t && x.group !== undefined));
      if (guarded.length > 0) {
        out.push(
          problem(
            `${at}.implementation`,
            `Geo-DR copies metadata only: events of ${guarded.map((t) => `"${t}"`).join(', ')} are not copied, so their objective gains nothing from this link.`,
            'set implementation: mirror-maker-2 to copy events as well.',
            'warning',
          ),
        );
      }
    }
  });
  out.push(...checkLoops(env));
  return out;
}

/**
 * Identical-name flows that come back to where they started copy every record forever
 * (MirrorMaker 2's IdentityReplicationPolicy cannot tell a copy from an original).
 * Each topic's identical-name edges must form no cycle; the entry that closes one is reported.
 */
export function checkLoops(env: Environment): Problem[] {
  const edges = new Map<string, Array<{ from: string; to: string; index: number }>>();
  const loops = new Map<number, { topics: string[]; via: Set<number> }>();
  env.replication.forEach((r, index) => {
    if (namingOf(r.mode) !== 'identical' || r.from === r.to) return;
    const [src, dst] = r.reversed ? [r.to, r.from] : [r.from, r.to];
    for (const t of r.topics) {
      const list = edges.get(t) ?? [];
      const path = reach(list, dst, src);
      if (path) {
        const loop = loops.get(index) ?? { topics: [], via: new Set<number>() };
        loop.topics.push(t);
        path.forEach((i) => loop.via.add(i));
        loops.set(index, loop);
      } else {
        list.push({ from: src, to: dst, index });
        edges.set(t, list);
      }
    }
  });
  return [...loops].map(([index, loop]) => {
    const r = env.replication[index];
    const [src, dst] = r.reversed ? [r.to, r.from] : [r.from, r.to];
    const via = [...loop.via].map((i) => `replication[${i}]`).join(', ');
    const topics = loop.topics.map((t) => `"${t}"`).join(', ');
    return problem(
      `replication[${index}]`,
      `topic${loop.topics.length === 1 ? '' : 's'} ${topics} would loop: this entry copies ${src} -> ${dst} with identical names while ${via} already copies from ${dst} back to ${src}; every record would be copied forever.`,
      "for writes on both sides use one entry with mode: active-active (prefixed copies); for failback, set reversed: true on the existing entry instead of adding a second one (see the link's runbook).",
    );
  });
}

/** Entries on a path from `start` to `goal`, or undefined. */
function reach(edges: ReadonlyArray<{ from: string; to: string; index: number }>, start: string, goal: string): number[] | undefined {
  const queue: Array<{ at: string; via: number[] }> = [{ at: start, via: [] }];
  const seen = new Set<string>([start]);
  while (queue.length > 0) {
    const { at, via } = queue.shift()!;
    for (const e of edges.filter((x) => x.from === at)) {
      const path = [...via, e.index];
      if (e.to === goal) return path;
      if (!seen.has(e.to)) {
        seen.add(e.to);
        queue.push({ at: e.to, via: path });
      }
    }
  }
  return undefined;
}

/** Stack ids a flow's runbook tells the operator to touch. */
export function flowStacks(env: Environment, f: ReplicationFlow): { source: string; target: string } {
  return { source: stackId(env.name, f.sourceSite), target: stackId(env.name, f.targetSite) };
}

/**
 * Apply order replication imposes: the copy in the target's stack finds the source by
 * its planned name (a data source, a planned address or a namespace name), so the
 * source's site stack is applied first. No token crosses stacks. The two directions
 * of an active-active link point both ways: apply both site stacks without the entry
 * first, then add the entry, so each side finds the other.
 */
export function replicationDeployOrder(env: Environment): DeployOrderEdge[] {
  const seen = new Set<string>();
  const out: DeployOrderEdge[] = [];
  for (const f of replicationFlows(env)) {
    const { source, target } = flowStacks(env, f);
    const key = `${source}>${target}`;
    if (source === target || seen.has(key)) continue;
    seen.add(key);
    out.push({
      before: source,
      after: target,
      link: f.linkId,
      why: `the copy ${f.from} -> ${f.to} in ${target} looks up cluster ${f.from} by its planned name`,
    });
  }
  return out;
}
