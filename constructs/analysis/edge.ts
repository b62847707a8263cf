import { durationSeconds, formatSeconds } from '../model/duration';
import type { EdgeFleet, EdgeFleetSite, EdgeSettings, EdgeTopic, Environment } from '../model/schema';
import { kindModel } from '../kinds/registry';
import type { EdgeHubBinding, EdgeHubIdentity } from '../kinds/kind';
import { EDGE_HUB_BINDINGS, isEdgeHubCloud } from '../kinds/edge-hub-clouds';
import type { Problem } from '../model/problems';
import type { Outcome } from './outcome';
import { hubTopicName } from '../model/naming';

/**
 * Offline-first edge arithmetic (DESIGN.md "Edge sites"): plain functions over plain
 * numbers, so the review, the validation and the constructs agree on every figure.
 *
 * Units: MB = 10^6 bytes (how links and producers are quoted), GiB = 2^30 bytes (how
 * volumes are sold), Mbit/s for links.
 */
export const EDGE_DEFAULTS = {
  nodes: 1,
  /** Retention covers the offline window with room for a late reconnect (a ship delayed in port, a storm). */
  retentionMargin: 1.5,
  /** A full disk stops a broker: keep room for segment rolls, indexes and the log cleaner. */
  diskHeadroom: 1.3,
  /** Smallest volume worth provisioning; metadata log and internal topics live there too. */
  minStorageGiB: 10,
  delivery: 'pull' as const,
} as const;

const MB = 1e6;
const GIB = 2 ** 30;

/** Retention a site needs: the offline window times the margin, rounded up to the hour. */
export function requiredRetentionSeconds(offlineWindowSeconds: number, margin: number = EDGE_DEFAULTS.retentionMargin): number {
  return Math.ceil((offlineWindowSeconds * margin) / 3600) * 3600;
}

export interface DiskInput {
  readonly ingressMBps: number;
  readonly retentionSeconds: number;
  readonly replicationFactor: number;
  readonly nodes: number;
  /** @default EDGE_DEFAULTS.diskHeadroom */
  readonly headroom?: number;
}

/** Disk per node: ingress × retention × RF / nodes × headroom, in whole GiB, never below the minimum volume. */
export function requiredDiskGiB(d: DiskInput): number {
  const bytes = (d.ingressMBps * MB * d.retentionSeconds * d.replicationFactor) / Math.max(1, d.nodes);
  return Math.max(EDGE_DEFAULTS.minStorageGiB, Math.ceil((bytes * (d.headroom ?? EDGE_DEFAULTS.diskHeadroom)) / GIB));
}

export interface CatchUpInput {
  /** MB/s pushed to the hub, which keeps arriving while the backlog drains. */
  readonly upMBps: number;
  readonly offlineSeconds: number;
  readonly uplinkMbps: number;
}

/**
 * Seconds to push the backlog of an offline window after the link returns. New
 * records keep arriving, so only the bandwidth above the produce rate drains the
 * backlog; Infinity when the link cannot even keep up with live traffic.
 */
export function catchUpSeconds(c: CatchUpInput): number {
  const drainMBps = c.uplinkMbps / 8 - c.upMBps;
  if (drainMBps <= 0) return Infinity;
  return Math.ceil((c.upMBps * c.offlineSeconds) / drainMBps);
}

/** Replicas at a site: a single node keeps one copy; three or more keep three, two of them in sync. */
export function edgeReplication(nodes: number): { replicationFactor: number; minInsyncReplicas: number } {
  return nodes >= 3 ? { replicationFactor: 3, minInsyncReplicas: 2 } : { replicationFactor: 1, minInsyncReplicas: 1 };
}

export interface EdgeTopicPlan {
  readonly name: string;
  readonly direction: EdgeTopic['direction'];
  readonly partitions: number;
  /** Name of the topic in the hub: `<site>.<name>` for up, the hub topic for down, none for local. */
  readonly hubTopic?: string;
}

/** Everything the constructs and the review need to know about one edge site, defaults applied. */
export interface EdgeSitePlan {
  readonly env: string;
  readonly fleet: string;
  readonly site: string;
  readonly location?: string;
  /** Path of the site in the environment file, for problems. */
  readonly path: string;
  readonly hubCluster: string;
  /** Kind of the hub cluster. */
  readonly hubKind?: string;
  /** How the site authenticates to the hub (the hub kind's edge hub role). */
  readonly hubAuth: EdgeHubIdentity;
  readonly hubBootstrap: string;
  /** Who the site is on the hub: `edge-<env>-<site>`, or its service account e-mail on Managed Kafka. */
  readonly hubIdentity: string;
  readonly delivery: 'direct' | 'pull';
  readonly kubeApi?: string;
  /** Registry the site's Connect images are pushed to and pulled from (connectors at the site). */
  readonly connectRegistry?: string;
  /** Image of the site's MirrorMaker 2 workers (a Managed Kafka hub needs Google's login handler in it). */
  readonly mirrorMakerImage?: string;
  /**
   * Service-account sites: the workload identity provider that trusts the fleet's CA, as
   * `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`;
   * undefined without accounts.gcp.projectNumber.
   */
  readonly workloadIdentityProvider?: string;
  readonly storageClass?: string;
  readonly nodes: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly offlineWindowSeconds: number;
  readonly retentionSeconds: number;
  readonly requiredRetentionSeconds: number;
  readonly ingressMBps: number;
  readonly upMBps: number;
  readonly uplinkMbps?: number;
  /** Per node, as declared or as computed. */
  readonly storageGiB: number;
  readonly requiredStorageGiB: number;
  /** Undefined when no uplink bandwidth is declared. */
  readonly catchUpSeconds?: number;
  readonly topics: readonly EdgeTopicPlan[];
}

/** Fleet defaults, then the site's own values; undefined values never override. */
export function mergeEdgeSettings(defaults: EdgeSettings, site: EdgeFleetSite): EdgeSettings {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(site)) if (v !== undefined) out[k] = v;
  return out as EdgeSettings;
}

/** The site's identity on the hub: `edge-<env>-<site>`. */
export function edgeIdentity(env: string, site: string): string {
  return `edge-${env}-${site}`;
}

/** Id of the workload identity pool of a fleet's sites: 4-32 characters of [a-z0-9-] (google_iam_workload_identity_pool). */
export function edgeWorkloadIdentityPoolId(env: string, fleet: string): string {
  return `edge-${env}-${fleet}`.slice(0, 32).replace(/-+$/, '');
}

/** Id of the X.509 provider in that pool. */
export const EDGE_WORKLOAD_IDENTITY_PROVIDER_ID = 'site-certificates';

/** Google service account ids are 6-30 characters. */
export function edgeAccountId(env: string, site: string): string {
  return edgeIdentity(env, site).slice(0, 30).replace(/-$/, '');
}

/**
 * A fleet site that is also declared under `sites:` (it has a network and a link)
 * takes that entry's offlineWindow and uplinkMbps over the fleet defaults; the fleet
 * site's own values still win.
 */
function networkSiteSettings(env: Pick<Environment, 'sites'>, defaults: EdgeSettings, id: string): EdgeSettings {
  const site = env.sites.find((x) => x.id === id && x.role === 'edge');
  if (!site) return defaults;
  return {
    ...defaults,
    ...(site.offlineWindow ? { offlineWindow: site.offlineWindow } : {}),
    ...(site.uplinkMbps ? { uplinkMbps: site.uplinkMbps } : {}),
  };
}

/**
 * Hub addresses known before apply: Managed Kafka's bootstrap name and an Event Hubs
 * namespace's Kafka endpoint follow from their planned names. MSK and self-managed
 * hubs must be given (a name in the hub's private zone).
 */
function derivedHubBootstrap(
  env: Pick<Environment, 'name' | 'accounts' | 'sites'>,
  hub: Environment['clusters'][number] | undefined,
): string | undefined {
  const site = env.sites.find((x) => x.id === hub?.sites[0]);
  if (!hub || !site) return undefined;
  const role = kindModel(hub.kind)?.edgeHub;
  return role?.accepts ? role.bootstrap(env, hub, site) : undefined;
}

/** How the fleet's hub construct ties site credentials to the hub cluster (undefined: the hub takes no sites). */
export function edgeHubBinding(env: Pick<Environment, 'clusters'>, hubId: string): EdgeHubBinding | undefined {
  const hub = env.clusters.find((c) => c.id === hubId);
  const role = hub ? kindModel(hub.kind)?.edgeHub : undefined;
  return role?.accepts ? role.binding : undefined;
}

/** How sites authenticate to the fleet's hub, from the hub kind's edge hub role (scram when it has none: validation refuses it). */
export function edgeHubIdentity(env: Pick<Environment, 'clusters'>, hubId: string): EdgeHubIdentity {
  const hub = env.clusters.find((c) => c.id === hubId);
  const role = hub ? kindModel(hub.kind)?.edgeHub : undefined;
  return role?.accepts ? role.identity : 'scram';
}

export { hubTopicName };

/**
 * Plans one fleet site. Missing inputs fall back to safe values so that a plan always
 * exists; checkEdgeFleets reports them as problems before anything is synthesized.
 */
export function planEdgeSite(
  env: Pick<Environment, 'name' | 'clusters' | 'accounts' | 'sites'>,
  fleet: EdgeFleet,
  fleetIndex: number,
  siteIndex: number,
): EdgeSitePlan {
  const raw = fleet.sites[siteIndex];
  const s = mergeEdgeSettings(networkSiteSettings(env, fleet.defaults ?? {}, raw.id), raw);
  const hub = env.clusters.find((c) => c.id === fleet.hub);
  const nodes = s.nodes ?? EDGE_DEFAULTS.nodes;
  const { replicationFactor, minInsyncReplicas } = edgeReplication(nodes);
  const offlineWindowSeconds = safeSeconds(s.offlineWindow) ?? 0;
  const required = requiredRetentionSeconds(offlineWindowSeconds);
  const retentionSeconds = safeSeconds(s.retention) ?? Math.max(required, 3600);
  const ingressMBps = s.ingressMBps ?? 0;
  const upMBps = s.upMBps ?? ingressMBps;
  const requiredStorageGiB = requiredDiskGiB({ ingressMBps, retentionSeconds, replicationFactor, nodes });
  return {
    env: env.name,
    fleet: fleet.id,
    site: raw.id,
    location: raw.location,
    path: `edgeFleets[${fleetIndex}].sites[${siteIndex}]`,
    hubCluster: fleet.hub,
    hubKind: hub?.kind,
    hubBootstrap: fleet.hubBootstrap ?? derivedHubBootstrap(env, hub) ?? '',
    hubAuth: edgeHubIdentity(env, fleet.hub),
    hubIdentity:
      edgeHubIdentity(env, fleet.hub) === 'service-account'
        ? `${edgeAccountId(env.name, raw.id)}@${env.accounts?.gcp?.projectId ?? 'project'}.iam.gserviceaccount.com`
        : edgeIdentity(env.name, raw.id),
    delivery: s.delivery ?? EDGE_DEFAULTS.delivery,
    kubeApi: s.kubeApi,
    connectRegistry: s.connectRegistry,
    mirrorMakerImage: s.mirrorMakerImage,
    workloadIdentityProvider:
      edgeHubIdentity(env, fleet.hub) === 'service-account' && env.accounts?.gcp?.projectNumber
        ? `projects/${env.accounts.gcp.projectNumber}/locations/global/workloadIdentityPools/${edgeWorkloadIdentityPoolId(env.name, fleet.id)}/providers/${EDGE_WORKLOAD_IDENTITY_PROVIDER_ID}`
        : undefined,
    storageClass: s.storageClass,
    nodes,
    replicationFactor,
    minInsyncReplicas,
    offlineWindowSeconds,
    retentionSeconds,
    requiredRetentionSeconds: required,
    ingressMBps,
    upMBps,
    uplinkMbps: s.uplinkMbps,
    storageGiB: s.storageGiB ?? requiredStorageGiB,
    requiredStorageGiB,
    catchUpSeconds:
      s.uplinkMbps === undefined ? undefined : catchUpSeconds({ upMBps, offlineSeconds: offlineWindowSeconds, uplinkMbps: s.uplinkMbps }),
    topics: fleet.topics.map((t) => ({
      name: t.name,
      direction: t.direction,
      partitions: t.partitions,
      hubTopic: t.direction === 'up' ? hubTopicName(raw.id, t.name) : t.direction === 'down' ? (t.hubTopic ?? t.name) : undefined,
    })),
  };
}

function safeSeconds(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  try {
    return durationSeconds(d);
  } catch {
    return undefined;
  }
}

/** Every site of every fleet of the environment, planned. */
export function edgeSitePlans(env: Pick<Environment, 'name' | 'clusters' | 'accounts' | 'sites' | 'edgeFleets'>): EdgeSitePlan[] {
  return (env.edgeFleets ?? []).flatMap((f, i) => f.sites.map((_, j) => planEdgeSite(env, f, i, j)));
}

/** Human hours: 259200 -> "72h". */
export function formatHours(seconds: number): string {
  return `${Math.ceil(seconds / 3600)}h`;
}

/**
 * Offline rules of one planned site: retention covers the offline window (with the
 * margin), the disk holds that retention, and a reconnect drains the backlog before
 * the next offline window could start.
 */
export function checkEdgeSite(
  p: EdgeSitePlan,
  declared: { retention: boolean; storageGiB: boolean; offlineWindow: boolean; ingress: boolean },
): Problem[] {
  const out: Problem[] = [];
  const problem = (field: string, message: string, fix: string, severity: Problem['severity'] = 'error') =>
    out.push({ file: '', path: `${p.path}.${field}`, message: `edge site "${p.site}": ${message}`, fix, severity });
  const needDisk = requiredDiskGiB({
    ingressMBps: p.ingressMBps,
    retentionSeconds: p.requiredRetentionSeconds,
    replicationFactor: p.replicationFactor,
    nodes: p.nodes,
  });
  const diskWhy = `${p.ingressMBps} MB/s × ${formatHours(p.requiredRetentionSeconds)} × RF ${p.replicationFactor} / ${p.nodes} node${p.nodes === 1 ? '' : 's'} × ${EDGE_DEFAULTS.diskHeadroom} headroom`;
  if (!declared.offlineWindow) {
    problem(
      'offlineWindow',
      'has no offline window, so its retention and disk cannot be sized.',
      'set offlineWindow on the site or in the fleet defaults (for example 72h).',
    );
  }
  if (!declared.ingress) {
    problem(
      'ingressMBps',
      'has no ingress rate, so its disk cannot be sized.',
      'set ingressMBps (MB/s written at the site at peak) on the site or in the fleet defaults.',
    );
  }
  if (p.nodes === 2) {
    problem(
      'nodes',
      'has 2 Kafka nodes: a KRaft quorum of 2 voters stops when either node stops, and RF 2 cannot keep min.insync.replicas 2 through a node loss.',
      'use 1 node (kiosk) or 3 (ship, well site).',
    );
  }
  if (declared.offlineWindow && p.retentionSeconds < p.offlineWindowSeconds) {
    problem(
      'retention',
      `retention ${formatHours(p.retentionSeconds)} is shorter than its offline window of ${formatHours(p.offlineWindowSeconds)}: records written while offline are deleted before the link returns to push them.`,
      `set retention to at least ${formatHours(p.requiredRetentionSeconds)} (offline window × ${EDGE_DEFAULTS.retentionMargin}) and give each node at least ${needDisk} GiB of disk (${diskWhy}).`,
    );
  } else if (declared.offlineWindow && declared.retention && p.retentionSeconds < p.requiredRetentionSeconds) {
    problem(
      'retention',
      `retention ${formatHours(p.retentionSeconds)} covers its offline window of ${formatHours(p.offlineWindowSeconds)} with less than the ${EDGE_DEFAULTS.retentionMargin}× margin: a late reconnect loses records.`,
      `set retention to ${formatHours(p.requiredRetentionSeconds)} (disk ${needDisk} GiB per node).`,
      'warning',
    );
  }
  if (declared.storageGiB && declared.ingress && p.storageGiB < p.requiredStorageGiB) {
    problem(
      'storageGiB',
      `${p.storageGiB} GiB per node cannot hold ${formatHours(p.retentionSeconds)} of retention: it needs ${p.requiredStorageGiB} GiB (${p.ingressMBps} MB/s × ${formatHours(p.retentionSeconds)} × RF ${p.replicationFactor} / ${p.nodes} × ${EDGE_DEFAULTS.diskHeadroom} headroom).`,
      `set storageGiB to at least ${p.requiredStorageGiB}, or leave it out to have it computed.`,
    );
  }
  if (p.uplinkMbps === undefined) {
    problem(
      'uplinkMbps',
      'has no uplink bandwidth, so the catch-up time after a reconnect is unknown.',
      'set uplinkMbps on the site or in the fleet defaults.',
      'warning',
    );
  } else if (p.catchUpSeconds === Infinity) {
    problem(
      'uplinkMbps',
      `its uplink of ${p.uplinkMbps} Mbit/s (${p.uplinkMbps / 8} MB/s) cannot carry the ${p.upMBps} MB/s pushed to the hub: the backlog never drains and records expire unsent.`,
      `give the site more than ${Math.ceil(p.upMBps * 8)} Mbit/s of uplink, or push less (upMBps).`,
    );
  } else if (p.catchUpSeconds !== undefined && declared.offlineWindow && p.catchUpSeconds > p.offlineWindowSeconds) {
    problem(
      'uplinkMbps',
      `after ${formatHours(p.offlineWindowSeconds)} offline it needs ${formatSeconds(p.catchUpSeconds)} (${formatHours(p.catchUpSeconds)}) at ${p.uplinkMbps} Mbit/s to push its backlog, longer than the next offline window: if it disconnects again the backlog keeps growing.`,
      `raise uplinkMbps above ${Math.ceil(p.upMBps * 2 * 8)} Mbit/s (catch-up then takes at most the offline window), or shorten the offline windows.`,
      'warning',
    );
  }
  return out;
}

/** Environment check: fleets refer to a hub, ids are unique, direct sites are reachable, every site passes the offline rules. */
export function checkEdgeFleets(env: Environment): Problem[] {
  const out: Problem[] = [];
  const problem = (path: string, message: string, fix: string) => out.push({ file: '', path, message, fix });
  const seen = new Map<string, string>(env.sites.map((s, i) => [s.id, `sites[${i}]`]));
  const fleetIds = new Map<string, number>();
  (env.edgeFleets ?? []).forEach((f, i) => {
    const first = fleetIds.get(f.id);
    if (first !== undefined)
      problem(
        `edgeFleets[${i}].id`,
        `duplicate fleet id "${f.id}" (already used at edgeFleets[${first}]).`,
        'give each fleet a unique id.',
      );
    else fleetIds.set(f.id, i);
    if (env.sites.some((s) => s.id === f.id))
      problem(`edgeFleets[${i}].id`, `fleet id "${f.id}" is also a site id; the stack <env>-${f.id} would collide.`, 'rename the fleet.');
    const hub = env.clusters.find((c) => c.id === f.hub);
    if (!hub)
      problem(
        `edgeFleets[${i}].hub`,
        `unknown hub cluster "${f.hub}".`,
        `use one of: ${env.clusters.map((c) => c.id).join(', ') || 'none declared; declare the hub cluster first'}.`,
      );
    const role = hub ? kindModel(hub.kind)?.edgeHub : undefined;
    if (hub && role && !role.accepts) problem(`edgeFleets[${i}].hub`, role.why(hub), role.fix);
    if (hub && role?.accepts) {
      out.push(...role.check(env, hub, i));
      const cloud = env.sites.find((s) => s.id === hub.sites[0])?.cloud;
      if (cloud !== undefined && (!isEdgeHubCloud(cloud) || !EDGE_HUB_BINDINGS[cloud].includes(role.binding)))
        problem(
          `edgeFleets[${i}].hub`,
          `hub "${hub.id}" is a ${hub.kind} cluster on ${cloud}, whose fleet hub cannot bind site credentials to it (${role.binding}).`,
          `put the hub on ${Object.entries(EDGE_HUB_BINDINGS)
            .filter(([, b]) => b.includes(role.binding))
            .map(([c]) => c)
            .join(' or ')}, or use another hub cluster.`,
        );
    }
    if (!f.hubBootstrap && hub && role?.accepts && role.publishedAtApply) {
      f.sites.forEach((s, j) => {
        if ((s.delivery ?? f.defaults.delivery ?? EDGE_DEFAULTS.delivery) === 'direct')
          problem(
            `edgeFleets[${i}].sites[${j}].delivery`,
            `site "${s.id}" is delivered directly, but the address of ${hub.kind} hub "${hub.id}" is known only once the hub exists and is written into pulled bundles only.`,
            "set the fleet's hubBootstrap to the hub's bootstrap brokers, or deliver the site by pull.",
          );
      });
    }
    if (!f.hubBootstrap && hub && role?.accepts && !derivedHubBootstrap(env, hub)) {
      problem(
        `edgeFleets[${i}].hubBootstrap`,
        `fleet "${f.id}" has no hubBootstrap and the address of a ${hub.kind} hub cannot be derived${role.bootstrapNeeds ?? ''}.`,
        "set hubBootstrap to the host:port the sites dial (a name in the hub's private zone, reachable over their links).",
      );
    }
    const names = new Set<string>();
    f.topics.forEach((t, j) => {
      if (names.has(t.name))
        problem(`edgeFleets[${i}].topics[${j}].name`, `duplicate topic "${t.name}" in fleet "${f.id}".`, 'give each topic a unique name.');
      names.add(t.name);
      if (t.hubTopic !== undefined && t.direction !== 'down')
        problem(
          `edgeFleets[${i}].topics[${j}].hubTopic`,
          `hubTopic is set on a ${t.direction} topic.`,
          'hubTopic names the hub topic a down topic mirrors; remove it (up topics are named <site>.<topic> in the hub).',
        );
      if (t.direction === 'down' && hub && !env.topics.some((h) => h.cluster === hub.id && h.name === (t.hubTopic ?? t.name))) {
        problem(
          `edgeFleets[${i}].topics[${j}]`,
          `down topic "${t.name}" mirrors hub topic "${t.hubTopic ?? t.name}", which cluster "${hub.id}" does not have.`,
          `declare topic "${t.hubTopic ?? t.name}" on cluster "${hub.id}" under topics:, or set hubTopic.`,
        );
      }
    });
    f.sites.forEach((s, j) => {
      const path = `edgeFleets[${i}].sites[${j}]`;
      const other = seen.get(s.id);
      if (other !== undefined && !(other.startsWith('sites[') && env.sites.find((x) => x.id === s.id)?.role === 'edge')) {
        problem(
          `${path}.id`,
          `site id "${s.id}" is already used at ${other}.`,
          'give each site a unique id (a fleet site may reuse only a sites: entry with role edge, which gives it a network).',
        );
      }
      if (other === undefined || other.startsWith('sites[')) seen.set(s.id, path);
      const merged = mergeEdgeSettings(networkSiteSettings(env, f.defaults ?? {}, s.id), s);
      const networkSite = env.sites.find((x) => x.id === s.id && x.role === 'edge');
      const plan = planEdgeSite(env, f, i, j);
      if (plan.delivery === 'direct') {
        if (!networkSite)
          problem(
            `${path}.delivery`,
            `site "${s.id}" uses direct delivery but is not declared under sites: with role edge, so it has no network to reach it over.`,
            'declare the site under sites: (role: edge, cidr) and link it to the hub, or use delivery: pull.',
          );
        if (!merged.kubeApi)
          problem(
            `${path}.kubeApi`,
            `site "${s.id}" uses direct delivery but has no kubeApi.`,
            'set kubeApi to the Kubernetes API address of the site, reachable over its link (https://10.x.y.z:6443).',
          );
      }
      for (const t of plan.topics) {
        if (t.hubTopic && t.hubTopic.length > 249)
          problem(
            `${path}.id`,
            `hub topic "${t.hubTopic.slice(0, 40)}…" is longer than Kafka's 249 characters.`,
            'shorten the site id or the topic name.',
          );
      }
      out.push(
        ...checkEdgeSite(plan, {
          retention: merged.retention !== undefined,
          storageGiB: merged.storageGiB !== undefined,
          offlineWindow: merged.offlineWindow !== undefined,
          ingress: merged.ingressMBps !== undefined,
        }),
      );
    });
  });
  return out;
}

/**
 * What an alarm needs to notice a site that stopped replicating: the hub sees the
 * site only through its MirrorMaker 2 writing `<site>.*` topics (the hub never dials
 * in). Silence up to the offline window is expected; past it the site is outside
 * what it was sized for, and past its retention it is losing records.
 */
export interface EdgeReplicationWatch {
  readonly env: string;
  readonly fleet: string;
  readonly site: string;
  readonly hubCluster: string;
  /** Hub topics written by the site's up flow (`<site>.<topic>`). */
  readonly hubTopics: readonly string[];
  /**
   * Checkpoints MirrorMaker 2 writes to the hub every minute while the site has consumer groups
   * (`<site>.checkpoints.internal`); undefined where no checkpoint reaches the hub (an Event Hubs
   * hub: the site's rules may only send to its event hubs).
   */
  readonly checkpointsTopic?: string;
  /** Silence the site is declared to survive: warn after this. */
  readonly expectedSilenceSeconds: number;
  /** Past this the site deletes records it has not pushed: page. */
  readonly dataLossAfterSeconds: number;
}

export function edgeReplicationWatches(
  env: Pick<Environment, 'name' | 'clusters' | 'accounts' | 'sites' | 'edgeFleets'>,
): EdgeReplicationWatch[] {
  return edgeSitePlans(env).map((p) => ({
    env: p.env,
    fleet: p.fleet,
    site: p.site,
    hubCluster: p.hubCluster,
    hubTopics: p.topics.filter((t) => t.direction === 'up').map((t) => t.hubTopic as string),
    checkpointsTopic: p.hubAuth === 'sas' ? undefined : checkpointsTopic(p.site),
    expectedSilenceSeconds: p.offlineWindowSeconds,
    dataLossAfterSeconds: p.retentionSeconds,
  }));
}

/** MirrorMaker 2's checkpoints topic in the target for a source alias (default replication policy). */
export function checkpointsTopic(site: string): string {
  return `${site}.checkpoints.internal`;
}

/**
 * Resilience of edge topics (registered in OUTCOME_REFINEMENTS): losing the link loses
 * nothing within the offline window because the site buffers (retention covers the
 * window); losing the site itself loses what it had not pushed yet — a lag bound
 * while connected, up to the whole offline window while disconnected. Never RPO 0.
 */
export function edgeBufferOutcomes(env: Environment, outcomes: Outcome[]): Outcome[] {
  const edge = edgeSitePlans(env).flatMap((p): Outcome[] =>
    p.topics
      .filter((t) => t.direction !== 'down')
      .flatMap((t): Outcome[] => {
        // A backlog the uplink cannot drain (catch-up never ends) keeps ageing until its records expire unsent.
        const covered = p.retentionSeconds >= p.offlineWindowSeconds && p.catchUpSeconds !== Infinity;
        const link: Outcome = {
          topic: t.name,
          cluster: p.site,
          scope: 'site',
          failure: `uplink of ${p.site} lost for up to ${formatHours(p.offlineWindowSeconds)}`,
          rpoSeconds: covered ? 0 : Infinity,
          rpoIsLagBound: false,
          rtoSeconds: 0,
          writesContinue: true,
          mechanism: 'edge-buffer',
          reason: covered
            ? `edge buffer: local retention ${formatHours(p.retentionSeconds)} covers the offline window, records wait at the site and are pushed on reconnect${p.catchUpSeconds !== undefined ? ` (catch-up ${formatHours(p.catchUpSeconds)})` : ''}`
            : p.retentionSeconds < p.offlineWindowSeconds
              ? `local retention ${formatHours(p.retentionSeconds)} is shorter than the offline window: records expire before they are pushed`
              : `the uplink of ${p.uplinkMbps} Mbit/s cannot carry the ${p.upMBps} MB/s pushed: the backlog never drains and its records expire unsent`,
          lostSite: p.hubCluster,
        };
        if (t.direction === 'local')
          return [
            // A local topic never crosses the uplink: losing it changes nothing for its records.
            covered ? link : { ...link, rpoSeconds: 0, reason: 'local topic: written and read at the site, the uplink plays no part' },
            {
              ...link,
              failure: `site ${p.site} lost`,
              rpoSeconds: Infinity,
              rtoSeconds: Infinity,
              writesContinue: false,
              mechanism: 'none',
              reason: 'local topic: never copied off the site',
              lostSite: p.site,
            },
          ];
        const site: Outcome = {
          topic: t.name,
          cluster: p.site,
          scope: 'site',
          failure: `site ${p.site} lost`,
          // No offline window declared: nothing bounds what MirrorMaker 2 had not pushed yet.
          rpoSeconds: p.offlineWindowSeconds > 0 ? p.offlineWindowSeconds : Infinity,
          rpoIsLagBound: true,
          rtoSeconds: Infinity,
          writesContinue: false,
          mechanism: 'async-replication',
          reason: `MirrorMaker 2 at the site pushes to ${t.hubTopic} in hub "${p.hubCluster}": what it had not pushed is lost, up to the whole offline window while disconnected`,
          lostSite: p.site,
        };
        return [link, site];
      }),
  );
  return [...outcomes, ...edge];
}
