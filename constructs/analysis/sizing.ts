import { SELF_MANAGED_DEFAULTS } from '../kinds/self-managed/facts';
import { topicsOf } from '../model/defaults';
import { durationSeconds } from '../model/duration';
import type { Cluster, Environment } from '../model/schema';
import type { Problem } from '../model/problems';
import { placementOf } from './quorum';

/**
 * Broker sizing from declared throughput, retention and replication: how many brokers
 * the writes, the network, the partitions and the disk each need, which one binds,
 * and the disk each broker must hold. Plain arithmetic, so the review can show it and
 * a test can hold it against published figures (Robinhood's estate).
 */

/** What one broker instance sustains. Baseline figures, never burst: a broker runs flat out for hours. */
export interface BrokerProfile {
  /** Baseline network bandwidth per direction, MB/s. */
  readonly networkMBps: number;
  /** Baseline EBS throughput, MB/s. */
  readonly ebsMBps: number;
  /** Partitions per broker including replicas, the same steps MSK recommends for the size class. */
  readonly partitions: number;
}

/**
 * EC2 m7i baseline network (0.781 Gbit/s per vCPU pair, doubling per size) and
 * EBS-optimized baseline (650 Mbit/s for large, doubling per size), in MB/s; partition
 * limits follow the MSK guidance for the same size (DESIGN.md sizing facts).
 * @see https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html
 */
export const BROKER_PROFILES: Readonly<Record<string, BrokerProfile>> = {
  'm7i.large': { networkMBps: 97, ebsMBps: 81, partitions: 1000 },
  'm7i.xlarge': { networkMBps: 195, ebsMBps: 156, partitions: 1000 },
  'm7i.2xlarge': { networkMBps: 390, ebsMBps: 312, partitions: 2000 },
  'm7i.4xlarge': { networkMBps: 781, ebsMBps: 625, partitions: 4000 },
  'm7i.8xlarge': { networkMBps: 1562, ebsMBps: 1250, partitions: 4000 },
  'm7i.12xlarge': { networkMBps: 2343, ebsMBps: 1875, partitions: 4000 },
  'm7i.16xlarge': { networkMBps: 3125, ebsMBps: 2500, partitions: 4000 },
};

/** Share of a baseline a broker may use at peak: room for a broker loss, reassignments and catch-up. */
export const PEAK_UTILISATION = 0.6;
/** Disk kept free beyond retention: segments not yet deleted, reassignments, growth. */
export const DISK_HEADROOM = 1.25;
/** Largest gp3 volume, GiB. */
export const MAX_VOLUME_GIB = 16384;

export interface SizingInput {
  readonly inMBps: number;
  readonly outMBps: number;
  readonly messageBytes: number;
  readonly retentionSeconds: number;
  readonly replicationFactor: number;
  /** Topic partitions, replicas not counted. */
  readonly partitions: number;
  readonly profile: BrokerProfile;
  /** Brokers must be a multiple of this (the data sites of a stretched cluster). @default 1 */
  readonly multipleOf?: number;
}

export type SizingBound = 'writes' | 'network' | 'partitions' | 'disk' | 'durability';

export interface Sizing {
  readonly messagesPerSecond: number;
  /** Brokers each constraint needs on its own. */
  readonly brokersFor: Readonly<Record<SizingBound, number>>;
  readonly brokers: number;
  /** The constraint that sets `brokers`. */
  readonly boundBy: SizingBound;
  /** Disk per broker at `brokers`, GiB. */
  readonly diskPerBrokerGiB: number;
  /** Partitions per broker (replicas included) at `brokers`. */
  readonly partitionsPerBroker: number;
}

/** Disk the whole cluster needs for a produce rate kept for `retentionSeconds` at RF, headroom included, GiB. */
export function diskGiB(inMBps: number, retentionSeconds: number, rf: number): number {
  return (inMBps * retentionSeconds * rf * DISK_HEADROOM) / 1024;
}

export function sizeBrokers(s: SizingInput): Sizing {
  const { inMBps, outMBps, replicationFactor: rf, profile } = s;
  const multiple = Math.max(1, s.multipleOf ?? 1);
  const roundUp = (n: number) => Math.ceil(Math.max(1, n) / multiple) * multiple;
  // Every produced byte is written RF times and arrives RF times (once from the
  // producer, RF - 1 times as replication); it leaves to consumers and to RF - 1 followers.
  const networkPeak = Math.max(inMBps * rf, outMBps + inMBps * (rf - 1));
  const diskTotalGiB = diskGiB(inMBps, s.retentionSeconds, rf);
  const brokersFor: Record<SizingBound, number> = {
    writes: roundUp(Math.ceil((inMBps * rf) / (profile.ebsMBps * PEAK_UTILISATION))),
    network: roundUp(Math.ceil(networkPeak / (profile.networkMBps * PEAK_UTILISATION))),
    partitions: roundUp(Math.ceil((s.partitions * rf) / profile.partitions)),
    disk: roundUp(Math.ceil(diskTotalGiB / MAX_VOLUME_GIB)),
    // RF replicas on distinct brokers, and exactly-once needs three.
    durability: roundUp(Math.max(rf, 3)),
  };
  const [boundBy, brokers] = (Object.entries(brokersFor) as Array<[SizingBound, number]>).reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    messagesPerSecond: Math.round((inMBps * 1024 * 1024) / s.messageBytes),
    brokersFor,
    brokers,
    boundBy,
    diskPerBrokerGiB: Math.ceil(diskTotalGiB / brokers),
    partitionsPerBroker: Math.ceil((s.partitions * rf) / brokers),
  };
}

const BOUND_FIX: Record<SizingBound, string> = {
  writes: 'add brokers or pick a type with more EBS bandwidth',
  network: 'add brokers or pick a type with more network bandwidth',
  partitions: 'add brokers, pick a larger type, or use fewer partitions',
  disk: 'add brokers or shorten retention',
  durability: 'add brokers',
};

/** Environment check: self-managed clusters with a declared throughput have the brokers and disk it needs. */
export function checkSelfManagedSizing(env: Environment, c: Cluster, i: number): Problem[] {
  const out: Problem[] = [];
  if (!c.throughput) return out;
  const instanceType = c.instanceType ?? SELF_MANAGED_DEFAULTS.instanceType;
  const profile = BROKER_PROFILES[instanceType];
  if (!profile) {
    out.push({
      file: '',
      path: `clusters[${i}].instanceType`,
      message: `no sizing profile for "${instanceType}", so throughput ${c.throughput.inMBps} MB/s cannot be checked.`,
      fix: `use one of ${Object.keys(BROKER_PROFILES).join(', ')}, or add the type's baseline figures to analysis/sizing.ts.`,
      severity: 'warning',
    });
    return out;
  }
  const topics = topicsOf(env, c.id);
  const placement = placementOf(env, c);
  const dataSites = placement.filter((p) => p.brokers > 0).length;
  const brokers = placement.reduce((n, p) => n + p.brokers, 0);
  const rf = Math.max(3, ...topics.map((t) => t.replicationFactor));
  const retention =
    c.throughput.retention ?? topics.map((t) => t.retention).sort((a, b) => durationSeconds(b) - durationSeconds(a))[0] ?? '7d';
  const sizing = sizeBrokers({
    inMBps: c.throughput.inMBps,
    outMBps: c.throughput.outMBps,
    messageBytes: c.throughput.messageBytes,
    retentionSeconds: durationSeconds(retention),
    replicationFactor: rf,
    partitions: topics.reduce((n, t) => n + t.partitions, 0),
    profile,
    multipleOf: dataSites,
  });
  if (brokers < sizing.brokers) {
    out.push({
      file: '',
      path: `clusters[${i}].${c.brokersPerSite === undefined && c.brokers !== undefined ? 'brokers' : 'brokersPerSite'}`,
      message: `cluster "${c.id}" has ${brokers} × ${instanceType} brokers; ${c.throughput.inMBps} MB/s in, ${c.throughput.outMBps} MB/s out and ${sizing.partitionsPerBroker * sizing.brokers} partition replicas need ${sizing.brokers} (bound by ${sizing.boundBy}: ${Object.entries(
        sizing.brokersFor,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}).`,
      fix: `${BOUND_FIX[sizing.boundBy]}: brokersPerSite ${Math.ceil(sizing.brokers / Math.max(1, dataSites))}.`,
    });
  }
  const storageGiB = c.storageGiB ?? SELF_MANAGED_DEFAULTS.storageGiB;
  const needGiB = Math.ceil(diskGiB(c.throughput.inMBps, durationSeconds(retention), rf) / Math.max(1, brokers));
  if (brokers > 0 && storageGiB < needGiB) {
    out.push({
      file: '',
      path: `clusters[${i}].storageGiB`,
      message: `cluster "${c.id}" keeps ${c.throughput.inMBps} MB/s for ${retention} at RF ${rf}: each of its ${brokers} brokers needs about ${needGiB} GiB (with ${Math.round((DISK_HEADROOM - 1) * 100)}% headroom), but storageGiB is ${storageGiB}.`,
      fix: `set storageGiB to at least ${Math.min(MAX_VOLUME_GIB, needGiB)}, add brokers, or shorten retention (throughput.retention).`,
    });
  }
  return out;
}
