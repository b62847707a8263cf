import type { Cluster, Environment } from '../../constructs/core/model';

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

/** SEAM(hybrid): hybrid links of the environment. Empty until the hybrid-link model lands on main. */
export function hybridLinks(_env: Environment): SiteLink[] {
  return [];
}

/**
 * SEAM(stretch): the KRaft controller quorum of a cluster after `site` is lost. Single-site
 * clusters go with their site; multi-site quorum math belongs to core (controller
 * placement), which is not on main yet.
 */
export function controllerQuorumAfterSiteLoss(_env: Environment, cluster: Cluster, site: string): string {
  if (!cluster.sites.includes(site)) return 'unaffected';
  if (cluster.sites.length === 1) return 'lost with the site';
  return 'not modelled in core yet (stretched quorum)';
}

/** SEAM(stretch): sizing lines (disk headroom, throughput units) from core/sizing.ts once it exists. */
export function sizingNotes(_env: Environment, _cluster: Cluster): string[] {
  return [];
}

/** A policy rule's result for the review. */
export interface PolicyResult {
  readonly rule: string;
  readonly status: 'compliant' | 'non-compliant' | 'suppressed' | 'not-applicable' | 'undecided';
  readonly resource: string;
  readonly reason?: string;
}

/** SEAM(policy): results of the policy aspects for the environment's stacks. Undefined until the policy suite lands. */
export function policyResults(_env: Environment, _outdir: string): PolicyResult[] | undefined {
  return undefined;
}

/** SEAM(observe): alarms that watch a topic group's objective. Undefined until observability lands. */
export function objectiveAlarms(_env: Environment, _group: string): string[] | undefined {
  return undefined;
}
