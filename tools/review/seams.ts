import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Cluster, Environment } from '../../constructs/model/schema';
import type { StackPolicyRecord } from '../../constructs/policy/aspect';
import { topicsOf } from '../../constructs/model/defaults';
import { clusterBrokers, resolveCluster } from '../../constructs/kinds/registry';
import { durationSeconds } from '../../constructs/model/duration';
import { watchObjectives } from '../../constructs/analysis/alarms';
import { resolveEventHubs } from '../../constructs/analysis/eventhubs';
import { BROKER_PROFILES, DISK_HEADROOM, diskGiB, sizeBrokers } from '../../constructs/analysis/sizing';
import { managedKafkaCapacity } from '../../constructs/analysis/managed-kafka';
import { placementOf, produceLatency, siteLosses } from '../../constructs/analysis/quorum';

/**
 * Where the review reads the features' facts from analysis/ beyond resilience.ts: links,
 * quorum, sizing, alarms, the policy report. Each function names the core module it
 * reads; where core has no model for a kind it says "not modelled" rather than guessing.
 * A new feature that adds a fact to core plugs in here, and only here.
 */

/** A connection between two sites that data crosses (VPN, interconnect, edge uplink). */
export interface SiteLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** vpn, interconnect, edge-uplink... */
  readonly kind: string;
}

/** Hybrid links of the environment (analysis/links: `links`, one VPN between two sites). */
export function hybridLinks(env: Environment): SiteLink[] {
  return env.links.map((l) => ({ id: l.id, from: l.between[0], to: l.between[1], kind: l.kind ?? 'vpn' }));
}

/**
 * The KRaft controller quorum of a cluster after `site` is lost. Self-managed clusters
 * read analysis/quorum's placement math; managed
 * services of one site go with their site.
 */
export function controllerQuorumAfterSiteLoss(env: Environment, cluster: Cluster, site: string): string {
  if (!cluster.sites.includes(site)) return 'unaffected';
  if (cluster.kind === 'self-managed') {
    // Voter counts depend on placement only, so any replica settings do.
    const loss = siteLosses(placementOf(env, cluster), { replicationFactor: 3, minInsyncReplicas: 2 }).find((l) => l.site === site);
    if (loss)
      return `${loss.votersLeft} of ${loss.votersLeft + loss.votersLost} voters left, majority ${loss.majority}: ${loss.quorumSurvives ? 'survives' : 'LOST'}`;
  }
  if (cluster.sites.length === 1) return 'lost with the site';
  return 'not modelled in core for this kind';
}

/** Whether a cluster keeps serving after `site` is lost: its quorum survives (analysis/quorum) or it never lived there. */
export function clusterSurvivesSiteLoss(env: Environment, cluster: Cluster, site: string): boolean {
  if (!cluster.sites.includes(site)) return true;
  if (cluster.sites.length === 1 || cluster.kind !== 'self-managed') return false;
  const loss = siteLosses(placementOf(env, cluster), { replicationFactor: 3, minInsyncReplicas: 2 }).find((l) => l.site === site);
  return loss?.quorumSurvives ?? false;
}

/**
 * Sizing lines per cluster kind, each from core's own sizing function: Event Hubs
 * throughput/processing units, Managed Kafka vCPUs, and the produce latency a stretched
 * cluster adds, the brokers and disk a declared throughput needs (analysis/sizing).
 */
export function sizingNotes(env: Environment, cluster: Cluster): string[] {
  switch (cluster.kind) {
    case 'event-hubs': {
      const r = resolveEventHubs(cluster);
      const unit = r.tier === 'standard' ? 'TU' : 'PU';
      return [
        `${r.tier}: ${r.capacity} ${unit}${r.maxThroughputUnits !== undefined ? `, auto-inflate to ${r.maxThroughputUnits}` : ''} (peak needs ${r.sizing.unitsNeeded}, bound by ${r.sizing.boundBy})${r.sizing.exceedsTier ? ' — EXCEEDS the tier' : ''}`,
      ];
    }
    case 'gcp-managed': {
      const m = managedKafkaCapacity(cluster);
      return [`${m.vcpus} vCPU, ${m.memoryGiB} GiB (${m.basis})`];
    }
    case 'msk':
      return diskNote(env, cluster);
    case 'self-managed': {
      const notes = [...brokerNote(env, cluster), ...diskNote(env, cluster)];
      if (cluster.sites.length < 2) return notes;
      const rtt = (a: string) => env.sites.find((s) => s.id === a)?.rttMs;
      const l = produceLatency(placementOf(env, cluster), { replicationFactor: 3, minInsyncReplicas: 2 }, rtt);
      return [
        l.missing.length
          ? `produce latency unknown: no round-trip time declared for ${l.missing.map(([a, b]) => `${a}–${b}`).join(', ')}`
          : `each acks=all produce waits ≈ ${l.replicationMs} ms for another site (worst leader site ${l.leaderSite}); a producer in another site than the leader adds up to ${l.remoteLeaderMs} ms`,
        ...notes,
      ];
    }
    default:
      return [];
  }
}

/** Retention the sizing uses, as analysis/sizing's check does: the throughput's, else the longest topic retention. */
function sizingRetention(env: Environment, cluster: Cluster): string {
  const topics = topicsOf(env, cluster.id);
  return cluster.throughput?.retention ?? topics.map((t) => t.retention).sort((a, b) => durationSeconds(b) - durationSeconds(a))[0] ?? '7d';
}

/** Disk each broker needs for the declared throughput (analysis/sizing diskGiB, headroom included) against what it has. */
function diskNote(env: Environment, cluster: Cluster): string[] {
  const brokers = clusterBrokers(cluster);
  if (!cluster.throughput || !brokers) return [];
  const rf = Math.max(3, ...topicsOf(env, cluster.id).map((t) => t.replicationFactor));
  const retention = sizingRetention(env, cluster);
  const need = Math.ceil(diskGiB(cluster.throughput.inMBps, durationSeconds(retention), rf) / brokers);
  const have = resolveCluster(cluster).storageGiB;
  return [
    `disk: ${need} GiB per broker needed for ${retention} at RF ${rf} (${Math.round((DISK_HEADROOM - 1) * 100)}% headroom included), ${have} GiB provisioned${have < need ? ' — SHORT' : ''}`,
  ];
}

/** Brokers the declared throughput needs (analysis/sizing sizeBrokers) and what binds them. */
function brokerNote(env: Environment, cluster: Cluster): string[] {
  const profile = BROKER_PROFILES[resolveCluster(cluster).instanceType ?? ''];
  if (!cluster.throughput || !profile) return [];
  const topics = topicsOf(env, cluster.id);
  const dataSites = placementOf(env, cluster).filter((p) => p.brokers > 0).length;
  const sizing = sizeBrokers({
    inMBps: cluster.throughput.inMBps,
    outMBps: cluster.throughput.outMBps,
    messageBytes: cluster.throughput.messageBytes,
    retentionSeconds: durationSeconds(sizingRetention(env, cluster)),
    replicationFactor: Math.max(3, ...topics.map((t) => t.replicationFactor)),
    partitions: topics.reduce((n, t) => n + t.partitions, 0),
    profile,
    multipleOf: dataSites,
  });
  return [`throughput needs ${sizing.brokers} brokers (bound by ${sizing.boundBy}; ${sizing.messagesPerSecond} msg/s)`];
}

/** The policy suite's record of one stack, as main.ts writes it to cdktf.out/policy.json. */
export type PolicyRecord = StackPolicyRecord;

/** Policy records of the given stacks from cdktf.out/policy.json; undefined when the synth wrote none. */
export function policyRecords(outdir: string, stacks: readonly string[]): PolicyRecord[] | undefined {
  const file = join(outdir, 'policy.json');
  if (!existsSync(file)) return undefined;
  const all = (JSON.parse(readFileSync(file, 'utf8')) as { stacks?: PolicyRecord[] }).stacks ?? [];
  return all.filter((r) => stacks.includes(r.stack));
}

/** The policy suite's rule catalogue from cdktf.out/policy.json; empty when the synth wrote none. */
export function policyRules(outdir: string): Array<{ id: string; severity: string; title: string; suppressible: boolean }> {
  const file = join(outdir, 'policy.json');
  if (!existsSync(file)) return [];
  return (
    (JSON.parse(readFileSync(file, 'utf8')) as { rules?: Array<{ id: string; severity: string; title: string; suppressible: boolean }> })
      .rules ?? []
  );
}

/** What watches each declared objective (analysis/alarms `watchObjectives`): alarm titles with severity, or the gap. */
export function objectiveWatches(env: Environment): Array<{ objective: string; path: string; alarms: string[]; gap?: string }> {
  return watchObjectives(env).map((w) => ({
    objective: w.objective,
    path: w.path,
    alarms: [...new Set(w.alarms.map((a) => `${a.title} (${a.severity}, ${a.site})`))],
    gap: w.gap?.message,
  }));
}

/** Alarms that watch a topic group's RPO or RTO (analysis/alarms), for the resilience table. */
export function objectiveAlarms(env: Environment, group: string): string[] | undefined {
  const i = env.topicGroups.findIndex((g) => g.id === group);
  const mine = objectiveWatches(env).filter((w) => w.path.startsWith(`topicGroups[${i}].`));
  return [...new Set(mine.flatMap((w) => w.alarms.map((a) => a.replace(/ \([^)]*\)$/, ''))))];
}
