import { ZONES_PER_REGION } from './facts';
import { zoneOf, type Estate, type Place } from './topology';

/**
 * The failures the model plays through: every zone, site, region and cloud provider
 * the estate uses, every network partition between two places that talk to each
 * other, and any pair of those asked for.
 */
export interface Failure {
  /** `zone:aws:eu-central-1/zone-0`, `site:fra`, `region:aws:eu-central-1`, `cloud:aws`, `link:fra|par`, `uplink:ship-1`. */
  readonly id: string;
  readonly kind: 'zone' | 'site' | 'region' | 'cloud' | 'link' | 'uplink' | 'pair';
  /** Nodes in a place this returns true for are down (and their disks gone). */
  readonly hits: (p: Place) => boolean;
  /** A network partition: both sides run, but cannot reach each other. */
  readonly cut?: readonly [string, string];
  /** How long a partition lasts; an edge uplink is down for its declared offline window. */
  readonly seconds?: number;
  readonly parts?: readonly [Failure, Failure];
}

const never = () => false;

export function zoneFailure(zone: string): Failure {
  return { id: `zone:${zone}`, kind: 'zone', hits: (p) => p.zone === zone };
}
export function siteFailure(site: string): Failure {
  return { id: `site:${site}`, kind: 'site', hits: (p) => p.site === site };
}
export function regionFailure(region: string): Failure {
  return { id: `region:${region}`, kind: 'region', hits: (p) => p.region === region };
}
export function cloudFailure(cloud: string): Failure {
  return { id: `cloud:${cloud}`, kind: 'cloud', hits: (p) => p.cloud === cloud };
}
export function linkFailure(a: string, b: string): Failure {
  const [x, y] = [a, b].sort();
  return { id: `link:${x}|${y}`, kind: 'link', hits: never, cut: [x, y] };
}
export function uplinkFailure(site: string, hubSite: string, seconds: number): Failure {
  return { id: `uplink:${site}`, kind: 'uplink', hits: never, cut: [site, hubSite], seconds };
}

/** Two failures at once: what is down in either is down; one partition at most is kept. */
export function together(a: Failure, b: Failure): Failure {
  return {
    id: `${a.id}+${b.id}`,
    kind: 'pair',
    hits: (p) => a.hits(p) || b.hits(p),
    cut: a.cut ?? b.cut,
    seconds: a.seconds ?? b.seconds,
    parts: [a, b],
  };
}

/** Every single failure of the estate; `pairs` adds combined failures by id. */
export function failuresOf(estate: Estate, pairs: ReadonlyArray<readonly [string, string]> = []): Failure[] {
  const places = [...estate.places.values(), ...estate.edgeSites.map((e) => e.place)];
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  const zoned = unique(places.filter((p) => p.cloud !== 'edge').map((p) => p.region));
  const out: Failure[] = [
    ...zoned.flatMap((r) => Array.from({ length: ZONES_PER_REGION }, (_, n) => zoneFailure(zoneOf(r, n)))),
    ...unique(places.map((p) => p.site)).map(siteFailure),
    ...unique(places.map((p) => p.region)).map(regionFailure),
    ...unique(places.map((p) => p.cloud).filter((c) => c !== 'edge')).map(cloudFailure),
  ];
  const links = new Map<string, Failure>();
  const addLink = (f: Failure) => links.set(f.id, f);
  for (const c of estate.clusters) {
    const sites = unique([...c.brokers, ...c.voters].map((n) => n.site));
    for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) addLink(linkFailure(sites[i], sites[j]));
  }
  for (const [a, b] of estate.links) addLink(linkFailure(a, b));
  for (const e of estate.edgeSites) {
    const hub = estate.clusters.find((c) => c.id === e.hub);
    addLink(uplinkFailure(e.id, hub?.sites[0] ?? e.hub, e.offlineWindowSeconds));
  }
  out.push(...links.values());
  const byId = new Map(out.map((f) => [f.id, f]));
  for (const [a, b] of pairs) {
    const fa = byId.get(a);
    const fb = byId.get(b);
    if (!fa || !fb) throw new Error(`unknown failure in pair ${a} + ${b}; known: ${[...byId.keys()].join(', ')}`);
    out.push(together(fa, fb));
  }
  return out;
}
