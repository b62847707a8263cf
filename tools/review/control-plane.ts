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
  /** Plannable stacks whose home store or runner is lost: they plan from a copy of their state (plan/state-copies.ts). */
  readonly switches: ReadonlyArray<{
    readonly stack: string;
    readonly site: string;
    readonly backendFile: string;
    readonly runner: string;
  }>;
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

/** What a stack needs when Terraform plans it, computed once per stack. */
interface Needs {
  readonly stack: string;
  readonly state?: { cloud: string; region?: string; text: string };
  /** `cloud/region` of each provider configuration, with its words. */
  readonly providers: ReadonlyArray<{ cloud: string; region: string; text: string }>;
  /** The site whose Kubernetes API the stack calls. */
  readonly kubeSite?: string;
  /** The cluster whose Kafka admin API the stack calls. */
  readonly kafka?: string;
  readonly reads: ReadonlyArray<{ cloud: string; region?: string; text: string }>;
  /** The site whose self-hosted runner plans the stack. */
  readonly runnerSite?: string;
  /** Copies of the state in other regions, each with the site whose runner plans from it. */
  readonly copies: ReadonlyArray<{
    site: string;
    runner: string;
    backendFile: string;
    state: { cloud: string; region?: string; text: string };
  }>;
}

function needsOf(plan: EstatePlan, s: StackPlan, synth: SynthStack | undefined): Needs {
  const site = plan.env.sites.find((x) => x.id === s.site);
  const where = (b: StackBackend) => (b.type === 'local' ? undefined : { cloud: b.cloud, region: b.region, text: describeStore(b) });
  const providers: Array<{ cloud: string; region: string; text: string }> = [];
  let kubeSite: string | undefined;
  let kafka: string | undefined;
  for (const p of synth?.providers ?? []) {
    if ((p.type === 'aws' || p.type === 'google' || p.type === 'google-beta') && p.region)
      providers.push({ cloud: p.type === 'aws' ? 'aws' : 'gcp', region: p.region, text: `${p.type} ${p.region}` });
    else if (p.type === 'azurerm' && site) providers.push({ cloud: 'azure', region: site.region, text: `azurerm (${site.region})` });
    else if (p.type === 'kubernetes') kubeSite = s.site;
    else if (p.type === 'kafka') kafka = kafkaCluster(plan, s);
  }
  const reads = (synth?.remoteStates ?? []).flatMap((r) => {
    const store = remoteStore(plan, r);
    const w = store && where(store);
    return w ? [w] : [];
  });
  const copies = (s.stateCopies ?? []).map((c) => ({
    site: c.site,
    runner: `${plan.env.name}-${c.site}`,
    backendFile: c.backendFile,
    state: { cloud: 'aws', region: c.backend.region, text: describeStore(c.backend) },
  }));
  const runnerSite = s.runner.kind === 'self-hosted' ? s.runner.site : undefined;
  return { stack: s.id, state: where(s.backend), providers, kubeSite, kafka, reads, runnerSite, copies };
}

const inDomain = (f: Failure, cloud: string, region: string | undefined) =>
  f.clouds.has(cloud) || (region !== undefined && f.regions.has(`${cloud}/${region}`));

function whyBlocked(n: Needs, f: Failure, clusterDown: (id: string) => boolean): string[] {
  const why: string[] = [];
  if (n.state && inDomain(f, n.state.cloud, n.state.region)) why.push(`state: ${n.state.text} is lost`);
  for (const p of n.providers) if (inDomain(f, p.cloud, p.region)) why.push(`provider: ${p.text} is lost`);
  if (n.kubeSite && f.sites.has(n.kubeSite)) why.push(`provider: the Kubernetes API of ${n.kubeSite} is lost`);
  if (n.kafka && clusterDown(n.kafka)) why.push(`provider: the Kafka admin API of ${n.kafka} is down`);
  for (const r of n.reads) if (inDomain(f, r.cloud, r.region)) why.push(`a lookup: reads another stack's state in ${r.text}`);
  if (n.runnerSite && f.sites.has(n.runnerSite)) why.push(`runner: the runner inside ${n.runnerSite} is lost`);
  return [...new Set(why)];
}

/** The first copy of a blocked stack's state from which it plans: the copy's store and runner survive, and so does all else it needs. */
function switchOf(n: Needs, f: Failure, clusterDown: (id: string) => boolean): Needs['copies'][number] | undefined {
  return n.copies.find((c) => whyBlocked({ ...n, state: c.state, runnerSite: c.site }, f, clusterDown).length === 0);
}

/** Edge and on-premises sites beyond this many fold into one row (a 1,000-store fleet). */
export const EDGE_CONTROL_ROWS = 4;

export function controlPlaneLoss(plan: EstatePlan, stacks: readonly SynthStack[]): ControlPlaneLoss[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const needs = plan.stacks.map((s) => needsOf(plan, s, byName.get(s.id)));
  const row = (f: Failure): ControlPlaneLoss => {
    const down = new Map<string, boolean>();
    const clusterDown = (id: string) => {
      if (!down.has(id)) down.set(id, !clusterUp(plan, id, f));
      return down.get(id)!;
    };
    const switches: Array<ControlPlaneLoss['switches'][number]> = [];
    const rows = needs.map((n) => {
      const why = whyBlocked(n, f, clusterDown);
      const copy = why.length > 0 ? switchOf(n, f, clusterDown) : undefined;
      if (copy) switches.push({ stack: n.stack, site: copy.site, backendFile: copy.backendFile, runner: copy.runner });
      return { stack: n.stack, why: copy ? [] : why };
    });
    const plannable = rows.filter((r) => r.why.length === 0).map((r) => r.stack);
    const blocked = rows.filter((r) => r.why.length > 0);
    return { lost: f.label, plannable, blocked, switches, runbook: runbookOf(plannable, blocked, switches) };
  };
  const all = failures(plan);
  const cloud = all.filter((f) => f.regions.size > 0 || f.clouds.size > 0);
  const edge = all.filter((f) => f.regions.size === 0 && f.clouds.size === 0);
  if (edge.length <= EDGE_CONTROL_ROWS) return [...cloud, ...edge].map(row);
  // Many edge sites: one row says what losing any one of them does (its own stacks wait).
  const sample = row(edge[0]);
  const ids = edge.map((f) => [...f.sites][0]);
  return [
    ...cloud.map(row),
    {
      lost: `any one of ${edge.length} edge or on-premises sites (${ids.slice(0, 3).join(', ')}, …)`,
      plannable: [`every stack but the site's own (${plan.stacks.length - sample.blocked.length} of ${plan.stacks.length} for ${ids[0]})`],
      blocked: sample.blocked.map((b) => ({
        stack: b.stack.split(ids[0]).join('<site>'),
        why: b.why.map((w) => w.split(ids[0]).join('<site>')),
      })),
      switches: sample.switches,
      runbook: sample.runbook.split(ids[0]).join('<site>'),
    },
  ];
}

function runbookOf(plannable: readonly string[], blocked: ControlPlaneLoss['blocked'], switches: ControlPlaneLoss['switches']): string {
  const lostState = blocked.filter((r) => r.why.some((w) => w.startsWith('state:')));
  return [
    ...switches.map(
      (x) =>
        `plan \`${x.stack}\` from its state copy in ${x.site}: on runner \`${x.runner}\`, \`terraform init -reconfigure -backend-config=${x.backendFile}\` (docs/deploy.md, "Losing a region")`,
    ),
    plannable.length > 0
      ? `plan and apply the survivors as usual, from their own runners (${plannable.length} stack${plannable.length === 1 ? '' : 's'})`
      : 'nothing can be planned until it returns',
    lostState.length > 0
      ? `the state of ${lostState.length} stack${lostState.length === 1 ? '' : 's'} waits in the lost store (versioned): do not re-create it elsewhere or force-unlock; plan them when it returns (docs/deploy.md, "Losing a region")`
      : undefined,
    blocked.some((r) => r.why.some((w) => !w.startsWith('state:')))
      ? 'stacks blocked only by a provider or a lookup plan again once that returns; the failover runbooks say what to run for the data'
      : undefined,
  ]
    .filter((x): x is string => x !== undefined)
    .join('; ');
}
