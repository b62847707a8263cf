import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { StackPolicyRecord } from '../../constructs/policy/aspect';
import type { ClusterPlan, ClusterSizing, EstatePlan } from '../../constructs/analysis/plan';
import { kindModel } from '../../constructs/kinds/registry';
import { DISK_HEADROOM } from '../../constructs/analysis/sizing';

/**
 * Where the review reads the features' facts beyond the resilience outcomes: links,
 * quorum, sizing, alarms, the policy report. Each fact comes from the EstatePlan
 * (analysis/plan), which took it from its analysis module once; where analysis has no
 * model for a kind it says "not modelled" rather than guessing. A new feature that adds a
 * fact to the plan plugs in here, and only here.
 */

/** A connection between two sites that data crosses (VPN, interconnect, edge uplink). */
export interface SiteLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** vpn, interconnect, edge-uplink... */
  readonly kind: string;
}

/** Hybrid links of the estate (the plan's links: one VPN between two sites). */
export function hybridLinks(plan: EstatePlan): SiteLink[] {
  return plan.links.map((l) => ({ id: l.id, from: l.ends[0].site.id, to: l.ends[1].site.id, kind: l.kind }));
}

/**
 * The KRaft controller quorum of a cluster after `site` is lost: a cluster whose nodes
 * the estate runs reads the plan's quorum (analysis/quorum placement math); managed
 * services of one site go with their site.
 */
export function controllerQuorumAfterSiteLoss(cluster: ClusterPlan, site: string): string {
  if (!cluster.sites.includes(site)) return 'unaffected';
  const loss = cluster.quorum?.find((l) => l.site === site);
  if (loss)
    return `${loss.votersLeft} of ${loss.votersLeft + loss.votersLost} voters left, majority ${loss.majority}: ${loss.quorumSurvives ? 'survives' : 'LOST'}`;
  if (cluster.sites.length === 1) return 'lost with the site';
  return 'not modelled in core for this kind';
}

/** Whether a cluster keeps serving after `site` is lost: its planned quorum survives, or it never lived there. */
export function clusterSurvivesSiteLoss(cluster: ClusterPlan, site: string): boolean {
  if (!cluster.sites.includes(site)) return true;
  if (cluster.sites.length === 1 || !cluster.quorum) return false;
  return cluster.quorum.find((l) => l.site === site)?.quorumSurvives ?? false;
}

/**
 * Sizing lines as the cluster's kind says (KindModel.sizing): Event Hubs throughput/processing units, Managed Kafka
 * vCPUs, and from the plan's sizing facts the produce latency a stretched cluster adds
 * and the brokers and disk a declared throughput needs.
 */
export function sizingNotes(plan: EstatePlan, cluster: ClusterPlan): string[] {
  const declared = plan.env.clusters.find((c) => c.id === cluster.id);
  const s = cluster.sizing;
  const kind = kindModel(cluster.kind)?.sizing;
  if (!kind) return [];
  const l = s.produceLatency;
  const notes = {
    'produce-latency': () =>
      l
        ? [
            l.missing.length
              ? `produce latency unknown: no round-trip time declared for ${l.missing.map(([a, b]) => `${a}–${b}`).join(', ')}`
              : `each acks=all produce waits ≈ ${l.replicationMs} ms for another site (worst leader site ${l.leaderSite}); a producer in another site than the leader adds up to ${l.remoteLeaderMs} ms`,
          ]
        : [],
    brokers: () => brokerNote(s),
    disk: () => diskNote(s),
  };
  return [...(kind.capacity && declared ? [kind.capacity(declared)] : []), ...kind.notes.flatMap((n) => notes[n]())];
}

/** Disk each broker needs for the declared throughput (analysis/sizing diskGiB, headroom included) against what it has. */
function diskNote(s: ClusterSizing): string[] {
  if (!s.disk) return [];
  const { neededGiB: need, retention, replicationFactor: rf } = s.disk;
  const have = s.storageGiB;
  return [
    `disk: ${need} GiB per broker needed for ${retention} at RF ${rf} (${Math.round((DISK_HEADROOM - 1) * 100)}% headroom included), ${have} GiB provisioned${have < need ? ' — SHORT' : ''}`,
  ];
}

/** Brokers the declared throughput needs (analysis/sizing sizeBrokers) and what binds them. */
function brokerNote(s: ClusterSizing): string[] {
  const t = s.throughputBrokers;
  return t ? [`throughput needs ${t.brokers} brokers (bound by ${t.boundBy}; ${t.messagesPerSecond} msg/s)`] : [];
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
export interface CatalogueRule {
  id: string;
  severity: string;
  title: string;
  suppressible: boolean;
  /** Scanner checks the rule mirrors or extends, and the controls it serves (absent in output of older builds). */
  scanners?: Array<{ scanner: string; id: string; relation: string }>;
  controls?: string[];
}
export function policyRules(outdir: string): CatalogueRule[] {
  const file = join(outdir, 'policy.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { rules?: CatalogueRule[] }).rules ?? [];
}

/** What watches each declared objective (the plan's watches over its alarms): alarm titles with severity, or the gap. */
export function objectiveWatches(plan: EstatePlan): Array<{ objective: string; path: string; alarms: string[]; gap?: string }> {
  return plan.resilience.watches.map((w) => ({
    objective: w.objective,
    path: w.path,
    alarms: [...new Set(w.alarms.map((a) => `${a.title} (${a.severity}, ${a.site})`))],
    gap: w.gap?.message,
  }));
}

/** Alarms that watch a topic group's RPO or RTO (the plan's watches), for the resilience table. */
export function objectiveAlarms(plan: EstatePlan, group: string): string[] | undefined {
  const i = plan.env.topicGroups.findIndex((g) => g.id === group);
  const mine = objectiveWatches(plan).filter((w) => w.path.startsWith(`topicGroups[${i}].`));
  return [...new Set(mine.flatMap((w) => w.alarms.map((a) => a.replace(/ \([^)]*\)$/, ''))))];
}
