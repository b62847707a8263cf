import { allocationKey, entriesOf, type Allocations } from '../model/allocations';
import { cidrsOverlap, isIpv4Cidr } from '../model/cidr';
import type { Problem } from '../model/problems';
import type { Environment } from '../model/schema';
import { kindModel } from '../kinds/registry';
import { kraftSiteBlocks } from './kraft';
import { allocateInsideCidrs, siteAsns } from './links';
import { stateCopyPriorities } from './plan/state-copies';

/**
 * The environment's allocations after this plan: every recorded entry unchanged (also
 * those of removed sites and links, reserved until released) plus the values allocated
 * for the first time. Equal to `env.allocations` when nothing new was allocated; the
 * app writes it back, and refuses to in frozen mode.
 */
export function planAllocations(env: Environment): Allocations {
  const out: Record<string, Allocations[string]> = { ...(env.allocations ?? {}) };
  const add = (key: string, value: Allocations[string]) => {
    if (!(key in out)) out[key] = value;
  };
  const linked = new Set(env.links.flatMap((l) => l.between));
  for (const [site, asn] of siteAsns(env)) if (linked.has(site)) add(allocationKey.asn(site), asn);
  const { byLink } = allocateInsideCidrs(env);
  env.links.forEach((l, i) => {
    const cidrs = byLink.get(i) ?? [];
    const key = allocationKey.tunnels(l.id);
    // A link that gained tunnels records the extra /30s after the ones it had.
    if (!(key in out) || (out[key] as readonly string[]).length < cidrs.length) out[key] = cidrs;
  });
  for (const cloud of ['aws', 'gcp'] as const) {
    const site = dashboardSite(env, cloud);
    // The one entry that follows its site: a dashboard needs a home, so it moves once when its site is removed.
    if (site) out[allocationKey.dashboard(cloud)] = site;
  }
  for (const c of env.clusters.filter((k) => kindModel(k.kind)?.runsNodes === true))
    for (const [site, block] of kraftSiteBlocks(env, c)) add(allocationKey.kraftSite(c.id, site), block);
  for (const [key, priority] of stateCopyPriorities(env)) add(key, priority);
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

/**
 * The site whose stack holds a cloud's estate dashboard: the recorded one while it is a
 * site of that cloud, else the first such site. Reordering or adding sites never moves it.
 */
export function dashboardSite(env: Environment, cloud: 'aws' | 'gcp'): string | undefined {
  const recorded = env.allocations?.[allocationKey.dashboard(cloud)];
  if (typeof recorded === 'string' && env.sites.some((s) => s.id === recorded && s.cloud === cloud)) return recorded;
  return env.sites.find((s) => s.cloud === cloud)?.id;
}

/**
 * Values pinned in the file against the record: a pin that differs from the value
 * recorded for the same key would re-address deployed resources (a new ASN replaces a
 * transit gateway), and a pin that takes another key's recorded value (also a removed
 * site's or link's, still reserved) would give two gateways or tunnels one value.
 */
export function checkAllocations(env: Environment): Problem[] {
  const out: Problem[] = [];
  const recordedAsns = entriesOf(env.allocations, 'asn') as Array<[string, number]>;
  const recordedTunnels = entriesOf(env.allocations, 'tunnels') as Array<[string, string[]]>;
  const release = (key: string) => `npm run allocations -- release ${key} --env ${env.name}`;
  env.links.forEach((link, i) => {
    for (const [site, asn] of Object.entries(link.asn ?? {})) {
      const path = `links[${i}].asn.${site}`;
      const own = recordedAsns.find(([s]) => s === site);
      if (own && own[1] !== asn)
        out.push({
          file: '',
          path,
          message: `pins ASN ${asn} for site "${site}", which is recorded with ASN ${own[1]}; changing a gateway's ASN replaces it and drops BGP on every peer.`,
          fix: `keep ${own[1]}, or release the old value first (${release(allocationKey.asn(site))}) and plan the replacement.`,
        });
      const other = recordedAsns.find(([s, v]) => s !== site && v === asn);
      if (other)
        out.push({
          file: '',
          path,
          message: `pins ASN ${asn} for site "${site}", but ${asn} is recorded for site "${other[0]}"${env.sites.some((s) => s.id === other[0]) ? '' : ' (removed, still reserved)'}.`,
          fix: `choose another private ASN, or release ${allocationKey.asn(other[0])} if that site is gone for good.`,
        });
    }
    if (!link.insideCidrs) return;
    const own = recordedTunnels.find(([l]) => l === link.id);
    if (own && JSON.stringify(own[1]) !== JSON.stringify(link.insideCidrs))
      out.push({
        file: '',
        path: `links[${i}].insideCidrs`,
        message: `pins ${link.insideCidrs.join(', ')} for link "${link.id}", which is recorded with ${own[1].join(', ')}; re-addressing tunnels drops their BGP sessions.`,
        fix: `pin the recorded /30s, or release them first (${release(allocationKey.tunnels(link.id))}).`,
      });
    const live = new Set(env.links.map((l) => l.id));
    for (const [other, cidrs] of recordedTunnels.filter(([l]) => l !== link.id && !live.has(l))) {
      const clash = link.insideCidrs.find((c) => isIpv4Cidr(c) && cidrs.some((r) => isIpv4Cidr(r) && cidrsOverlap(r, c)));
      if (clash)
        out.push({
          file: '',
          path: `links[${i}].insideCidrs`,
          message: `${clash} overlaps the /30s recorded for removed link "${other}" (still reserved).`,
          fix: `choose other /30s, or release ${allocationKey.tunnels(other)} once its tunnels are gone.`,
        });
    }
  });
  return out;
}
