import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Cluster, Environment } from '../../constructs/core/model';
import type { StackPolicyRecord } from '../../constructs/policy/aspect';
import { resolveEventHubs } from '../../constructs/core/eventhubs';
import { managedKafkaCapacity } from '../../constructs/core/managed-kafka';
import { placementOf, produceLatency, siteLosses } from '../../constructs/core/quorum';

/**
 * Where the review reads facts that core/ does not expose yet. Each seam names the
 * feature expected to provide the fact; until it lands the review says "not modelled"
 * rather than guessing. Replace a seam's body with the core/ call when it exists.
 */

/** A connection between two sites that data crosses (VPN, interconnect, edge uplink). */
export interface SiteLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** vpn, interconnect, edge-uplink... */
  readonly kind: string;
}

/** Hybrid links of the environment (core/links: `links`, one VPN between two sites). */
export function hybridLinks(env: Environment): SiteLink[] {
  return env.links.map((l) => ({ id: l.id, from: l.between[0], to: l.between[1], kind: l.kind ?? 'vpn' }));
}

/**
 * The KRaft controller quorum of a cluster after `site` is lost. Self-managed clusters
 * read core/quorum's placement math; managed
 * services of one site go with their site.
 */
export function controllerQuorumAfterSiteLoss(env: Environment, cluster: Cluster, site: string): string {
  if (!cluster.sites.includes(site)) return 'unaffected';
  if (cluster.kind === 'self-managed') {
    // Voter counts depend on placement only, so any replica settings do.
    const loss = siteLosses(placementOf(env, cluster), { replicationFactor: 3, minInsyncReplicas: 2 }).find((l) => l.site === site);
    if (loss) return `${loss.votersLeft} of ${loss.votersLeft + loss.votersLost} voters left, majority ${loss.majority}: ${loss.quorumSurvives ? 'survives' : 'LOST'}`;
  }
  if (cluster.sites.length === 1) return 'lost with the site';
  return 'not modelled in core for this kind';
}

/** Whether a cluster keeps serving after `site` is lost: its quorum survives (core/quorum) or it never lived there. */
export function clusterSurvivesSiteLoss(env: Environment, cluster: Cluster, site: string): boolean {
  if (!cluster.sites.includes(site)) return true;
  if (cluster.sites.length === 1 || cluster.kind !== 'self-managed') return false;
  const loss = siteLosses(placementOf(env, cluster), { replicationFactor: 3, minInsyncReplicas: 2 }).find((l) => l.site === site);
  return loss?.quorumSurvives ?? false;
}

/**
 * Sizing lines per cluster kind, each from core's own sizing function: Event Hubs
 * throughput/processing units, Managed Kafka vCPUs, and the produce latency a stretched
 * cluster adds. SEAM(stretch): disk headroom once core exposes it (core/sizing.ts).
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
    case 'self-managed': {
      if (cluster.sites.length < 2) return [];
      const rtt = (a: string) => env.sites.find((s) => s.id === a)?.rttMs;
      const l = produceLatency(placementOf(env, cluster), { replicationFactor: 3, minInsyncReplicas: 2 }, rtt);
      return [
        l.missing.length
          ? `produce latency unknown: no round-trip time declared for ${l.missing.map(([a, b]) => `${a}–${b}`).join(', ')}`
          : `each acks=all produce waits ≈ ${l.replicationMs} ms for another site (worst leader site ${l.leaderSite}); a producer in another site than the leader adds up to ${l.remoteLeaderMs} ms`,
      ];
    }
    default:
      return [];
  }
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
  return (JSON.parse(readFileSync(file, 'utf8')) as { rules?: Array<{ id: string; severity: string; title: string; suppressible: boolean }> }).rules ?? [];
}

/** SEAM(observe): alarms that watch a topic group's objective. Undefined until observability lands. */
export function objectiveAlarms(_env: Environment, _group: string): string[] | undefined {
  return undefined;
}
