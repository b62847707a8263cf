import { DEFAULT_MIN_INSYNC_REPLICAS, DEFAULT_REPLICATION_FACTOR } from '../../constructs/model/defaults';
import { KRAFT, TRANSACTION_LOG } from './facts';
import type { Failure } from './failures';
import type { EdgeSite, Estate, ModelCluster, ModelCopy, ModelTopic, Node } from './topology';

/**
 * Plays one failure through the estate, partition by partition, and says what a
 * producer with acks=all sees: do writes go on, can a write it was told is safe be
 * gone, and how long until the partitions it writes to have leaders again.
 *
 * Kafka as the model runs it:
 * - Replicas are placed by the striped placer of KRaft (StripedReplicaPlacer): racks
 *   in turn, one broker per rack per round, a rack skipped once it has no unused
 *   broker. The rack order is shuffled and rotated from partition to partition, so
 *   every order happens somewhere; the model plays every order and, inside a rack,
 *   lets the failure hit the replica's brokers first (the worst partition).
 * - An acknowledged write is on every replica of the ISR at that moment: at least
 *   min.insync.replicas of them, leader included. With unclean leader election off,
 *   it is lost only when every one of them is gone, which can happen exactly when the
 *   failure takes min.insync.replicas replicas of some partition.
 * - After the failure the ISR shrinks to the replicas still up; a leader is elected
 *   from them by the controller quorum, which needs more than half of its voters.
 *   acks=all writes go on when that ISR still has min.insync.replicas members.
 */

export type Loss = 'none' | 'lag' | 'all';

export interface Verdict {
  readonly topic: string;
  /** The cluster's id, or the edge site's for an edge topic. */
  readonly cluster: string;
  readonly failure: Failure;
  readonly writesContinue: boolean;
  /** none: every acknowledged write survives; lag: what a copy had not received yet; all: everything not copied elsewhere. */
  readonly loss: Loss;
  /** With loss `lag`: the bound, or undefined when nothing bounds the lag. */
  readonly lagBoundSeconds?: number;
  /** With writes going on inside the cluster: seconds until the partitions have leaders again. */
  readonly leadershipMovesSeconds?: number;
  readonly recovery: 'in-cluster' | 'failover' | 'edge-buffer' | 'none';
  /** With recovery `failover`: the cluster clients move to. */
  readonly failoverTo?: string;
  readonly why: string;
}

/** What one failure does to one partition layout of one cluster. */
export interface ClusterUnderFailure {
  readonly touched: boolean;
  readonly votersLost: number;
  readonly votersTotal: number;
  readonly quorum: boolean;
  /** Most replicas of one partition the failure takes, over every placement. */
  readonly replicasLost: number;
  readonly ackedWriteLost: boolean;
  readonly writesContinue: boolean;
}

/** Replica counts per rack for every rack order the striped placer can take. */
export function rackCounts(brokers: readonly Node[], replicationFactor: number): { racks: string[]; counts: number[][] } {
  const racks = [...new Set(brokers.map((b) => b.rack))];
  const size = racks.map((r) => brokers.filter((b) => b.rack === r).length);
  const seen = new Map<string, number[]>();
  for (const order of permutations(racks.length)) {
    const counts = racks.map(() => 0);
    let placed = 0;
    while (placed < replicationFactor) {
      const before = placed;
      for (const r of order) {
        if (placed < replicationFactor && counts[r] < size[r]) {
          counts[r]++;
          placed++;
        }
      }
      if (placed === before) break; // more replicas than brokers: the topic cannot be created
    }
    if (placed === replicationFactor) seen.set(counts.join(','), counts);
  }
  return { racks, counts: [...seen.values()] };
}

const orders = new Map<number, number[][]>();

function permutations(n: number): number[][] {
  const known = orders.get(n);
  if (known) return known;
  const all =
    n === 0 ? [[]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
  orders.set(n, all);
  return all;
}

interface Layout {
  readonly rackOf: ReadonlyMap<Node, number>;
  readonly racks: number;
  readonly byRf: Map<number, number[][]>;
}

const layouts = new WeakMap<ModelCluster, Layout>();

/** The cluster's racks and, per replication factor, the replica counts per rack the placer can produce. */
function layoutOf(c: ModelCluster, rf: number): { rackOf: ReadonlyMap<Node, number>; racks: number; counts: number[][] } {
  let l = layouts.get(c);
  if (!l) {
    const names = [...new Set(c.brokers.map((b) => b.rack))];
    l = { rackOf: new Map(c.brokers.map((b) => [b, names.indexOf(b.rack)])), racks: names.length, byRf: new Map() };
    layouts.set(c, l);
  }
  let counts = l.byRf.get(rf);
  if (!counts) l.byRf.set(rf, (counts = rackCounts(c.brokers, rf).counts));
  return { rackOf: l.rackOf, racks: l.racks, counts };
}

/** One cluster, one topic's replication settings, nodes in `down` gone. */
export function underFailure(c: ModelCluster, rf: number, minIsr: number, down: (n: Node) => boolean): ClusterUnderFailure {
  let votersLost = 0;
  for (const v of c.voters) if (down(v)) votersLost++;
  const quorum = (c.voters.length - votersLost) * 2 > c.voters.length;
  const { rackOf, racks, counts } = layoutOf(c, rf);
  const hitInRack: number[] = new Array(racks).fill(0);
  for (const b of c.brokers) if (down(b)) hitInRack[rackOf.get(b) as number]++;
  let worst = 0;
  for (const perRack of counts) {
    // Inside a rack the placer may pick any of its brokers: the failed ones first.
    const lost = perRack.reduce((sum, n, i) => sum + Math.min(n, hitInRack[i]), 0);
    worst = Math.max(worst, lost);
  }
  const creatable = counts.length > 0;
  return {
    touched: votersLost > 0 || hitInRack.some((n) => n > 0),
    votersLost,
    votersTotal: c.voters.length,
    quorum,
    replicasLost: worst,
    ackedWriteLost: !creatable || worst >= minIsr,
    writesContinue: creatable && quorum && rf - worst >= minIsr,
  };
}

function settingsOf(c: ModelCluster, t: Pick<ModelTopic, 'replicationFactor' | 'minInsyncReplicas'>): [number, number] {
  const s = c.imposed ?? t;
  return [s.replicationFactor, s.minInsyncReplicas];
}

/** Nodes a failure takes down; a partition isolates one side, and the worse side counts. */
function sidesOf(f: Failure, c: ModelCluster): Array<(n: Node) => boolean> {
  if (!f.cut) return [(n) => f.hits(n)];
  const [a, b] = f.cut;
  const here = (site: string) => c.brokers.some((n) => n.site === site) || c.voters.some((n) => n.site === site);
  if (!here(a) || !here(b)) return [(n) => f.hits(n)];
  return [(n) => f.hits(n) || n.site === a, (n) => f.hits(n) || n.site === b];
}

interface OwnVerdict {
  readonly touched: boolean;
  readonly writesContinue: boolean;
  readonly ackedWriteLost: boolean;
  readonly leadershipMovesSeconds?: number;
  readonly why: string;
}

const UNTOUCHED: OwnVerdict = { touched: false, writesContinue: true, ackedWriteLost: false, why: 'untouched' };

function clusterVerdict(c: ModelCluster, t: ModelTopic, f: Failure): OwnVerdict {
  const sides = sidesOf(f, c);
  const partitioned = sides.length === 2;
  if (!partitioned && !c.brokers.some(f.hits) && !c.voters.some(f.hits)) return UNTOUCHED;
  const [rf, minIsr] = settingsOf(c, t);
  const runs = sides.map((down) => {
    const topic = underFailure(c, rf, minIsr, down);
    const log =
      t.transactional && c.engine === 'kafka'
        ? underFailure(c, TRANSACTION_LOG.replicationFactor, TRANSACTION_LOG.minInsyncReplicas, down)
        : undefined;
    return { topic, log };
  });
  const touched = runs.some((r) => r.topic.touched);
  const writesContinue = runs.every((r) => r.topic.writesContinue && (r.log?.writesContinue ?? true));
  // A partition loses nothing acknowledged: the side without the quorum cannot shrink its ISR, so it acknowledges nothing alone.
  const ackedWriteLost = !partitioned && runs.some((r) => r.topic.ackedWriteLost);
  const worst = runs.reduce((a, b) => (b.topic.replicasLost > a.topic.replicasLost ? b : a)).topic;
  const controllerMoves = runs.some((r) => r.topic.votersLost > 0);
  const leadershipMovesSeconds =
    writesContinue && c.engine === 'kafka'
      ? (worst.replicasLost > 0 ? KRAFT.brokerSessionTimeoutSeconds : 0) +
        (controllerMoves ? KRAFT.quorumFetchTimeoutSeconds + KRAFT.quorumElectionSeconds : 0)
      : undefined;
  const r = runs[0].topic;
  const why =
    `${c.id}: ${r.votersLost} of ${r.votersTotal} voters down (${r.quorum ? 'quorum holds' : 'quorum lost'}), ` +
    `worst partition loses ${worst.replicasLost} of RF ${rf} with min ISR ${minIsr}` +
    (runs.some((x) => x.log && !x.log.writesContinue) ? '; the transaction state log stops' : '');
  return { touched, writesContinue, ackedWriteLost, leadershipMovesSeconds, why };
}

/** Does the copy's cluster keep taking writes (RF 3, min ISR 2 topics) through the failure? */
function copySurvives(estate: Estate, copy: ModelCopy, f: Failure): boolean {
  const target = estate.clusters.find((c) => c.id === copy.to);
  if (!target) return false;
  const copyTopic: ModelTopic = {
    name: '',
    cluster: target.id,
    replicationFactor: DEFAULT_REPLICATION_FACTOR,
    minInsyncReplicas: DEFAULT_MIN_INSYNC_REPLICAS,
    transactional: false,
  };
  const v = clusterVerdict(target, copyTopic, f);
  return !v.touched || (v.writesContinue && !v.ackedWriteLost);
}

/** Worse recoveries sort later: events copied with the shortest lag first, then the quickest failover. */
function recoveryRank(c: ModelCopy): [number, number, number] {
  return [c.eventsCopied ? 0 : 1, c.lagSeconds ?? Infinity, c.failoverSeconds ?? Infinity];
}

function compareRank(a: ModelCopy, b: ModelCopy): number {
  const [x, y] = [recoveryRank(a), recoveryRank(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return a.index - b.index;
}

function topicVerdict(estate: Estate, c: ModelCluster, t: ModelTopic, f: Failure): Verdict | undefined {
  const own = clusterVerdict(c, t, f);
  if (!own.touched) return undefined;
  const base = { topic: t.name, cluster: c.id, failure: f };
  if (own.writesContinue && !own.ackedWriteLost) {
    return {
      ...base,
      writesContinue: true,
      loss: 'none',
      leadershipMovesSeconds: own.leadershipMovesSeconds,
      recovery: 'in-cluster',
      why: own.why,
    };
  }
  // The cluster alone either loses acknowledged writes or stops: clients move to a copy that lives through the failure.
  const copy = estate.copies.filter((r) => r.from === c.id && r.topics.includes(t.name) && copySurvives(estate, r, f)).sort(compareRank)[0];
  if (copy) {
    return {
      ...base,
      writesContinue: true,
      loss: copy.eventsCopied ? 'lag' : 'all',
      lagBoundSeconds: copy.eventsCopied ? copy.lagSeconds : undefined,
      recovery: 'failover',
      failoverTo: copy.to,
      why: `${own.why}; clients fail over to ${copy.to}, which ${copy.eventsCopied ? 'trails by the replication lag' : 'holds no events'}`,
    };
  }
  return {
    ...base,
    writesContinue: own.writesContinue,
    loss: own.ackedWriteLost ? 'all' : 'none',
    leadershipMovesSeconds: own.writesContinue ? own.leadershipMovesSeconds : undefined,
    recovery: own.writesContinue ? 'in-cluster' : 'none',
    why: own.why,
  };
}

/**
 * An edge site writes locally while its uplink is down; its MirrorMaker 2 pushes the
 * backlog oldest first when the link returns. The oldest unsent record is then as old
 * as the outage; later ones are younger as long as the uplink is faster than the
 * records arrive. Kafka deletes a record only once it is older than the retention.
 */
export function backlogSurvives(e: EdgeSite, outageSeconds: number): boolean {
  if (outageSeconds > e.retentionSeconds) return false;
  // A backlog that never drains grows with every outage until its oldest records expire unsent.
  return e.uplinkMBps === undefined || e.uplinkMBps > e.upMBps;
}

function edgeVerdicts(e: EdgeSite, f: Failure): Verdict[] {
  const cut = f.cut?.includes(e.id) === true;
  const down = f.hits(e.place);
  if (!cut && !down) return [];
  return e.topics
    .filter((t) => t.direction !== 'down')
    .map((t): Verdict => {
      const base = { topic: t.name, cluster: e.id, failure: f };
      if (down) {
        return t.direction === 'local'
          ? { ...base, writesContinue: false, loss: 'all', recovery: 'none', why: `${e.id} is gone and its local topic never left it` }
          : {
              ...base,
              writesContinue: false,
              loss: 'lag',
              lagBoundSeconds: e.offlineWindowSeconds > 0 ? e.offlineWindowSeconds : undefined,
              recovery: 'none',
              why: `${e.id} is gone with what it had not pushed to ${e.hub}: at most its offline window`,
            };
      }
      const outage = f.seconds ?? e.offlineWindowSeconds;
      const kept = t.direction === 'local' || backlogSurvives(e, outage);
      return {
        ...base,
        writesContinue: true,
        loss: kept ? 'none' : 'all',
        leadershipMovesSeconds: 0,
        recovery: 'edge-buffer',
        why: kept
          ? `${e.id} keeps writing locally and pushes its backlog when the link returns`
          : `${e.id} keeps writing, but records expire (retention ${e.retentionSeconds}s) before the link drains them`,
      };
    });
}

/** Every topic the failure touches, with what happens to it. */
export function verdictsUnder(estate: Estate, f: Failure): Verdict[] {
  const out: Verdict[] = [];
  for (const t of estate.topics) {
    const c = estate.clusters.find((x) => x.id === t.cluster);
    const v = c && topicVerdict(estate, c, t, f);
    if (v) out.push(v);
  }
  for (const e of estate.edgeSites) out.push(...edgeVerdicts(e, f));
  return out;
}
