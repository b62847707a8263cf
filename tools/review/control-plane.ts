import { describeStore, type EstatePlan, type StackBackend, type StackPlan } from '../../constructs/analysis/plan';
import { domainLoss } from '../../constructs/analysis/quorum';
import { isCloud } from '../../constructs/analysis/links';
import type { SynthStack } from './synth-output';

/**
 * The control plane under a failure: for each cloud region with sites, each cloud
 * provider, and each edge or on-premises site, which stacks can still be planned and
 * applied and which cannot, and why. A stack needs, when Terraform plans it:
 * - its state store (the plan's backend: cloud and region);
 * - every provider it configures (the synthesized provider blocks: an AWS or Google region,
 *   the Azure region of its site, a Kubernetes API at an edge site, the Kafka admin API of a cluster);
 * - every other stack's state it reads (data.terraform_remote_state: link far ends).
 * Local state lives on the machine that runs Terraform and is lost with none of them.
 */
export interface ControlPlaneLoss {
  /** `region aws/eu-central-1 (sites fra)`, `provider azure (sites ...)`, `site store-mia`. */
  readonly lost: string;
  /** Stacks that still plan and apply. */
  readonly plannable: readonly string[];
  /** Stacks that do not, each with every reason. */
  readonly blocked: ReadonlyArray<{ readonly stack: string; readonly why: readonly string[] }>;
  readonly runbook: string;
}

interface Failure {
  readonly label: string;
  /** Sites lost (a region takes all its sites). */
  readonly sites: ReadonlySet<string>;
  /** `cloud/region` keys lost. */
  readonly regions: ReadonlySet<string>;
  /** Whole clouds lost. */
  readonly clouds: ReadonlySet<string>;
}

function failures(plan: EstatePlan): Failure[] {
  const cloudSites = plan.env.sites.filter((s) => isCloud(s.cloud));
  const out: Failure[] = [];
  const regions = [...new Set(cloudSites.map((s) => `${s.cloud}/${s.region}`))];
  for (const r of regions) {
    const sites = cloudSites.filter((s) => `${s.cloud}/${s.region}` === r).map((s) => s.id);
    out.push({
      label: `region ${r} (site${sites.length > 1 ? 's' : ''} ${sites.join(', ')})`,
      sites: new Set(sites),
      regions: new Set([r]),
      clouds: new Set(),
    });
  }
  const clouds = [...new Set(cloudSites.map((s) => s.cloud))];
  if (clouds.length > 1 || regions.length > 1)
    for (const c of clouds) {
      const sites = cloudSites.filter((s) => s.cloud === c);
      out.push({
        label: `provider ${c} (all its regions)`,
        sites: new Set(sites.map((s) => s.id)),
        regions: new Set(sites.map((s) => `${s.cloud}/${s.region}`)),
        clouds: new Set([c]),
      });
    }
  for (const s of plan.env.sites.filter((x) => !isCloud(x.cloud)))
    out.push({ label: `site ${s.id} (${s.cloud})`, sites: new Set([s.id]), regions: new Set(), clouds: new Set() });
  return out;
}

/** Where a store lives, as `cloud/region` (undefined region: only its provider's loss takes it). */
function storeLost(b: StackBackend | { type: string; cloud?: string; region?: string }, f: Failure): boolean {
  if (b.type === 'local' || !('cloud' in b) || !b.cloud) return false;
  return f.clouds.has(b.cloud) || (b.region !== undefined && f.regions.has(`${b.cloud}/${b.region}`));
}

/** The plan's store that a synthesized remote-state block points at. */
function remoteStore(plan: EstatePlan, r: SynthStack['remoteStates'][number]): StackBackend | undefined {
  const c = r.config;
  return plan.stacks
    .map((s) => s.backend)
    .find(
      (b) =>
        (b.type === 's3' && r.backend === 's3' && b.bucket === c.bucket) ||
        (b.type === 'gcs' && r.backend === 'gcs' && b.bucket === c.bucket) ||
        (b.type === 'azurerm' && r.backend === 'azurerm' && b.storageAccountName === c.storage_account_name),
    );
}

/** Whether a cluster still answers its Kafka admin API after the failure. */
function clusterUp(plan: EstatePlan, clusterId: string, f: Failure): boolean {
  const c = plan.clusters.find((x) => x.id === clusterId);
  if (!c) return true;
  const lost = c.sites.filter((s) => f.sites.has(s));
  if (lost.length === 0) return true;
  if (lost.length === c.sites.length || !c.placement) return false;
  return domainLoss(c.placement, { replicationFactor: 3, minInsyncReplicas: 2 }, f.label, lost).quorumSurvives;
}

/** The cluster whose admin API a stack's Kafka provider calls. */
function kafkaCluster(plan: EstatePlan, s: StackPlan): string | undefined {
  if (s.cluster) return s.cluster;
  if (s.fleet) return plan.env.edgeFleets.find((f) => f.id === s.fleet)?.hub;
  return plan.clusters.find((c) => c.topicsManagedIn === s.id)?.id;
}

function whyBlocked(plan: EstatePlan, s: StackPlan, synth: SynthStack | undefined, f: Failure): string[] {
  const why: string[] = [];
  if (storeLost(s.backend, f)) why.push(`state: ${describeStore(s.backend)} is lost`);
  const site = plan.env.sites.find((x) => x.id === s.site);
  for (const p of synth?.providers ?? []) {
    if ((p.type === 'aws' || p.type === 'google' || p.type === 'google-beta') && p.region) {
      const cloud = p.type === 'aws' ? 'aws' : 'gcp';
      if (f.clouds.has(cloud) || f.regions.has(`${cloud}/${p.region}`)) why.push(`provider: ${p.type} ${p.region} is lost`);
    } else if (p.type === 'azurerm' && site && (f.clouds.has('azure') || f.regions.has(`azure/${site.region}`))) {
      why.push(`provider: azurerm (${site.region}) is lost`);
    } else if (p.type === 'kubernetes' && s.site && f.sites.has(s.site)) {
      why.push(`provider: the Kubernetes API of ${s.site} is lost`);
    } else if (p.type === 'kafka') {
      const cluster = kafkaCluster(plan, s);
      if (cluster && !clusterUp(plan, cluster, f)) why.push(`provider: the Kafka admin API of ${cluster} is down`);
    }
  }
  for (const r of synth?.remoteStates ?? []) {
    const store = remoteStore(plan, r);
    if (store && storeLost(store, f)) why.push(`a lookup: reads another stack's state in ${describeStore(store)}`);
  }
  return [...new Set(why)];
}

export function controlPlaneLoss(plan: EstatePlan, stacks: readonly SynthStack[]): ControlPlaneLoss[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  return failures(plan).map((f): ControlPlaneLoss => {
    const rows = plan.stacks.map((s) => ({ stack: s.id, why: whyBlocked(plan, s, byName.get(s.id), f) }));
    const plannable = rows.filter((r) => r.why.length === 0).map((r) => r.stack);
    const blocked = rows.filter((r) => r.why.length > 0);
    const lostState = blocked.filter((r) => r.why.some((w) => w.startsWith('state:'))).map((r) => r.stack);
    const runbook = [
      plannable.length > 0
        ? `plan and apply the survivors as usual, from their own runners (${plannable.length} stack${plannable.length === 1 ? '' : 's'})`
        : 'nothing can be planned until it returns',
      lostState.length > 0
        ? `the state of ${lostState.length} stack${lostState.length === 1 ? '' : 's'} waits in the lost store (versioned): do not re-create it elsewhere or force-unlock; plan them when it returns (docs/deploy.md, "Losing a region")`
        : undefined,
      blocked.some((r) => r.why.some((w) => !w.startsWith('state:')))
        ? 'stacks blocked only by a provider or a lookup plan again once that returns; the failover runbooks say what to run for the data'
        : undefined,
    ].filter((x): x is string => x !== undefined);
    return { lost: f.label, plannable, blocked, runbook: runbook.join('; ') };
  });
}
