import { DEFAULT_MIN_INSYNC_REPLICAS, DEFAULT_REPLICATION_FACTOR } from '../../constructs/model/defaults';
import { MSK_DEFAULTS } from '../../constructs/kinds/msk/facts';
import { SELF_MANAGED_DEFAULTS } from '../../constructs/kinds/self-managed/facts';
import type { Cluster, Environment } from '../../constructs/model/schema';
// A table of Azure regions with zones: a provider fact the model shares, not arithmetic.
import { zoneRedundant } from '../../constructs/kinds/event-hubs/facts';
import { SERVICE, ZONES_PER_REGION } from './facts';

/**
 * The estate as the model sees it: concrete brokers and controllers with the cloud,
 * region, site and zone they run in, topics, asynchronous copies and edge buffers.
 * Built from the environment alone, following the placement rules the product
 * documents (stated again here, not imported), so that a slip in the product's own
 * placement code shows up as a disagreement.
 */

/** Where something runs. `region` is `<cloud>:<region>`: two sites in one region share it, and its zones. */
export interface Place {
  readonly cloud: string;
  readonly region: string;
  readonly site: string;
  /** `<region>/zone-<n>`; undefined where the product places nothing per zone (edge sites). */
  readonly zone?: string;
}

export interface Node extends Place {
  readonly id: string;
  readonly role: 'broker' | 'controller';
  /** broker.rack: the site for a stretched cluster, the zone for a regional service. */
  readonly rack: string;
}

export type Engine = 'kafka' | 'event-hubs';

export interface ModelCluster {
  readonly id: string;
  readonly kind: Cluster['kind'];
  readonly engine: Engine;
  readonly sites: readonly string[];
  readonly brokers: readonly Node[];
  /** KRaft voters; for a managed service, the service's quorum as the model assumes it. */
  readonly voters: readonly Node[];
  /** Replication settings the service imposes whatever the topic says (MSK Serverless). */
  readonly imposed?: { readonly replicationFactor: number; readonly minInsyncReplicas: number };
}

export interface ModelTopic {
  readonly name: string;
  readonly cluster: string;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly transactional: boolean;
}

export interface ModelCopy {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly topics: readonly string[];
  /** Lag budget in seconds; undefined when none is declared (the lag is unbounded). */
  readonly lagSeconds?: number;
  readonly failoverSeconds?: number;
  /** Event Hubs Geo-DR pairs move the alias and copy no events. */
  readonly eventsCopied: boolean;
}

export interface EdgeSite {
  readonly id: string;
  readonly fleet: string;
  readonly hub: string;
  readonly place: Place;
  readonly nodes: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly offlineWindowSeconds: number;
  readonly retentionSeconds: number;
  /** Uplink in MB/s; undefined when the environment does not say. */
  readonly uplinkMBps?: number;
  /** MB/s the site pushes to the hub. */
  readonly upMBps: number;
  readonly topics: ReadonlyArray<{ readonly name: string; readonly direction: 'up' | 'down' | 'local' }>;
}

export interface Estate {
  readonly places: ReadonlyMap<string, Place>;
  readonly clusters: readonly ModelCluster[];
  readonly topics: readonly ModelTopic[];
  readonly copies: readonly ModelCopy[];
  readonly edgeSites: readonly EdgeSite[];
  /** Declared private links between two sites. */
  readonly links: ReadonlyArray<readonly [string, string]>;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `30s`, `5m`, `14d` in seconds (the schema has already checked the form). */
export function seconds(duration: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/.exec(duration.trim());
  if (!m) throw new Error(`not a duration: ${duration}`);
  return m[2] ? Number(m[1]) * UNIT_SECONDS[m[2]] : Number(m[1]);
}

export function zoneOf(region: string, n: number): string {
  return `${region}/zone-${n % ZONES_PER_REGION}`;
}

function placesOf(env: Environment): Map<string, Place> {
  return new Map(env.sites.map((s) => [s.id, { cloud: s.cloud, region: `${s.cloud}:${s.region}`, site: s.id }]));
}

/** `count` nodes of one role in one site, node i in zone i mod 3. */
function nodesIn(cluster: string, role: Node['role'], place: Place, count: number, rack: (zone: string) => string): Node[] {
  return Array.from({ length: count }, (_, i) => {
    const zone = zoneOf(place.region, i);
    return { ...place, zone, id: `${cluster}/${place.site}/${role}-${i}`, role, rack: rack(zone) };
  });
}

/**
 * Self-managed: broker.rack = site. Brokers per site are brokersPerSite, or the total
 * spread over the data sites in the order listed with the first sites taking what does
 * not divide; a witness site runs controllers only; every site runs controllersPerSite.
 */
function stretched(env: Environment, c: Cluster, places: ReadonlyMap<string, Place>): ModelCluster {
  const isWitness = (id: string) => env.sites.find((s) => s.id === id)?.role === 'witness';
  const dataSites = c.sites.filter((id) => !isWitness(id));
  const brokersAt = (id: string): number => {
    if (isWitness(id)) return 0;
    if (c.brokersPerSite !== undefined) return c.brokersPerSite;
    if (c.brokers === undefined) return SELF_MANAGED_DEFAULTS.brokersPerSite;
    const k = dataSites.indexOf(id);
    let n = 0;
    // Deal the total out like cards, one per data site in turn.
    for (let b = 0; b < c.brokers; b++) if (b % dataSites.length === k) n++;
    return n;
  };
  const controllers = c.controllersPerSite ?? SELF_MANAGED_DEFAULTS.controllersPerSite;
  const brokers: Node[] = [];
  const voters: Node[] = [];
  for (const id of c.sites) {
    const place = places.get(id);
    if (!place) continue;
    brokers.push(...nodesIn(c.id, 'broker', place, brokersAt(id), () => id));
    voters.push(...nodesIn(c.id, 'controller', place, controllers, () => id));
  }
  return { id: c.id, kind: c.kind, engine: 'kafka', sites: c.sites, brokers, voters };
}

/** A regional service: brokers spread evenly over three zones, rack = zone, a service quorum of one voter per zone. */
function regional(c: Cluster, place: Place, brokerCount: number, engine: Engine, zoned = true): ModelCluster {
  const zone = (i: number) => zoneOf(place.region, zoned ? i : 0);
  const node = (role: Node['role'], i: number): Node => ({ ...place, zone: zone(i), id: `${c.id}/${role}-${i}`, role, rack: zone(i) });
  return {
    id: c.id,
    kind: c.kind,
    engine,
    sites: c.sites,
    brokers: Array.from({ length: brokerCount }, (_, i) => node('broker', i)),
    voters: Array.from({ length: ZONES_PER_REGION }, (_, i) => node('controller', i)),
    imposed: c.kind === 'msk-serverless' ? SERVICE.mskServerless : engine === 'event-hubs' ? SERVICE.eventHubs : undefined,
  };
}

function clusterOf(env: Environment, c: Cluster, places: ReadonlyMap<string, Place>): ModelCluster | undefined {
  const place = places.get(c.sites[0]);
  if (c.kind === 'self-managed') return stretched(env, c, places);
  if (!place) return undefined;
  switch (c.kind) {
    case 'msk':
      return regional(c, place, c.brokers ?? MSK_DEFAULTS.brokers, 'kafka');
    case 'msk-serverless':
    case 'gcp-managed':
      return regional(c, place, SERVICE.defaultZonedBrokers, 'kafka');
    case 'event-hubs': {
      // Three synchronous copies, in three zones where the region has them, else in one datacenter.
      const region = env.sites.find((s) => s.id === c.sites[0])?.region ?? '';
      return regional(c, place, SERVICE.defaultZonedBrokers, 'event-hubs', zoneRedundant(region));
    }
    default:
      return undefined;
  }
}

/**
 * Geo-DR exists only between two Event Hubs namespaces, and is what such a pair gets
 * unless mirror-maker-2 is asked for; every other pairing copies events.
 */
function copiesEvents(env: Environment, from: string, to: string, implementation: string | undefined): boolean {
  const kind = (id: string) => env.clusters.find((c) => c.id === id)?.kind;
  const bothEventHubs = kind(from) === 'event-hubs' && kind(to) === 'event-hubs';
  return !(bothEventHubs && (implementation === undefined || implementation === 'geo-dr'));
}

/**
 * Edge sites: fleet defaults, then the `sites:` entry of the same id (role edge) for its
 * offline window and uplink, then the site's own values. One node keeps one copy; three
 * keep three with two in sync. Retention defaults to the offline window × 1.5, rounded
 * up to the hour, at least an hour.
 */
function edgeSites(env: Environment, places: ReadonlyMap<string, Place>): EdgeSite[] {
  return (env.edgeFleets ?? []).flatMap((f) =>
    f.sites.map((s): EdgeSite => {
      const declared = env.sites.find((x) => x.id === s.id && x.role === 'edge');
      const d = f.defaults ?? {};
      const offlineWindow = s.offlineWindow ?? declared?.offlineWindow ?? d.offlineWindow;
      const uplinkMbps = s.uplinkMbps ?? declared?.uplinkMbps ?? d.uplinkMbps;
      const nodes = s.nodes ?? d.nodes ?? 1;
      const window = offlineWindow === undefined ? 0 : seconds(offlineWindow);
      const retention = s.retention ?? d.retention;
      const ingress = s.ingressMBps ?? d.ingressMBps ?? 0;
      return {
        id: s.id,
        fleet: f.id,
        hub: f.hub,
        place: places.get(s.id) ?? { cloud: 'edge', region: `edge:${s.id}`, site: s.id },
        nodes,
        replicationFactor: nodes >= 3 ? 3 : 1,
        minInsyncReplicas: nodes >= 3 ? 2 : 1,
        offlineWindowSeconds: window,
        retentionSeconds: retention !== undefined ? seconds(retention) : Math.max(3600, Math.ceil((window * 1.5) / 3600) * 3600),
        uplinkMBps: uplinkMbps === undefined ? undefined : uplinkMbps / 8,
        upMBps: s.upMBps ?? d.upMBps ?? ingress,
        topics: f.topics.map((t) => ({ name: t.name, direction: t.direction })),
      };
    }),
  );
}

export function estateOf(env: Environment): Estate {
  const places = placesOf(env);
  const clusters = env.clusters.flatMap((c) => clusterOf(env, c, places) ?? []);
  return {
    places,
    clusters,
    topics: env.topics.map((t) => ({
      name: t.name,
      cluster: t.cluster,
      replicationFactor: t.replicationFactor ?? DEFAULT_REPLICATION_FACTOR,
      minInsyncReplicas: t.minInsyncReplicas ?? DEFAULT_MIN_INSYNC_REPLICAS,
      transactional: t.transactional === true,
    })),
    copies: env.replication.flatMap((r, index): ModelCopy[] =>
      // A reversed entry is a failback in progress: it copies into `from`, protecting nothing there.
      r.reversed
        ? []
        : [
            {
              index,
              from: r.from,
              to: r.to,
              topics: r.topics,
              lagSeconds: r.maxLag === undefined ? undefined : seconds(r.maxLag),
              failoverSeconds: r.failoverTime === undefined ? undefined : seconds(r.failoverTime),
              eventsCopied: copiesEvents(env, r.from, r.to, r.implementation),
            },
          ],
    ),
    edgeSites: edgeSites(env, places),
    links: env.links.map((l) => [l.between[0], l.between[1]] as const),
  };
}
