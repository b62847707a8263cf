import { canonicalCidr, isIpv4Cidr, parseCidr, siteSubnetPrefix } from '../model/cidr';
import type { EnvironmentCheck, Problem } from '../model/problems';
import type { Environment } from '../model/schema';
import { kindModel } from '../kinds/registry';
import { ADDRESS_BASE } from './kraft';
import { placementOf, SITE_ZONES } from './quorum';

/**
 * Limits the constructs enforce on what the stacks pass them, reported first with file
 * and path, so an environment that passes never meets a ConstructError or a failed
 * address cut. Each rule names the construct that would refuse.
 */
export const checkConstructLimits: EnvironmentCheck = (env) => [...checkSiteRanges(env), ...checkNodeVolumes(env)];

/** Private subnets cut from a cloud site's range (aws/network.ts, gcp/network.ts, stacks/azure-site.ts): how many, by cloud. */
const SUBNETS_PER_SITE: Record<string, number> = { aws: SITE_ZONES, gcp: 1, azure: 1 };
/** Azure: the VPN gateway's /27 sits in the last /27 of a linked site's range, clear of the subnets cut from the front. */
const AZURE_GATEWAY_PREFIX = 27;
/** AWS reserves the first four and the last address of every subnet (docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html). */
const RESERVED_AT_END = 1;
/** Smallest broker volume aws/kraft-site.ts accepts, GiB (the schema caps storageGiB at its maximum, 16384). */
const MIN_NODE_VOLUME_GIB = 10;

function rangeHolds(prefix: number, subnets: number): boolean {
  const cut = siteSubnetPrefix(prefix);
  return cut >= prefix && 2 ** (cut - prefix) >= subnets;
}

/** The highest node address offset a site's subnets must hold for the nodes the product runs there (analysis/kraft.ts). */
function highestNodeOffset(brokers: number, controllers: number): number {
  const last = (role: keyof typeof ADDRESS_BASE, n: number) => (n === 0 ? 0 : ADDRESS_BASE[role] + Math.floor((n - 1) / SITE_ZONES));
  return Math.max(last('broker', brokers), last('controller', controllers));
}

function checkSiteRanges(env: Environment): Problem[] {
  const out: Problem[] = [];
  const linked = new Set((env.links ?? []).flatMap((l) => l.between));
  env.sites.forEach((s, i) => {
    const subnets = SUBNETS_PER_SITE[s.cloud];
    // checkSites reports a malformed range; edge and onprem ranges are routed, never cut.
    if (subnets === undefined || !isIpv4Cidr(s.cidr) || canonicalCidr(s.cidr) !== s.cidr) return;
    const prefix = parseCidr(s.cidr).prefix;
    const gateway = s.cloud === 'azure' && linked.has(s.id);
    // The widest prefix that still holds what the stacks cut, for the fix.
    let need = 28;
    while (need > 8 && !(rangeHolds(need, subnets) && (!gateway || 2 ** (AZURE_GATEWAY_PREFIX - need) >= 2))) need--;
    if (prefix > need) {
      const what = gateway
        ? `a site on azure with a VPN link gets a private subnet at the front of its range and the gateway's /${AZURE_GATEWAY_PREFIX} in the last /${AZURE_GATEWAY_PREFIX}`
        : `a site on ${s.cloud} gets ${subnets === 1 ? 'a private subnet' : `${subnets} private subnets (one per zone)`} four bits longer than its range, /28 at most`;
      out.push({
        file: '',
        path: `sites[${i}].cidr`,
        message: `${s.cidr} is too small: ${what}.`,
        fix: `give site "${s.id}" a /${need} or larger range (a /16 leaves room to grow).`,
      });
      return;
    }
    for (const [ci, c] of env.clusters.entries()) {
      if (!kindModel(c.kind)?.runsNodes || !c.sites.includes(s.id)) continue;
      const p = placementOf(env, c).find((x) => x.site === s.id);
      if (!p) continue;
      const offset = highestNodeOffset(p.brokers, p.controllers);
      const size = (cut: number) => 2 ** (32 - cut);
      if (offset <= size(siteSubnetPrefix(prefix)) - 1 - RESERVED_AT_END) continue;
      let fits = prefix;
      while (fits > 8 && offset > size(siteSubnetPrefix(fits)) - 1 - RESERVED_AT_END) fits--;
      out.push({
        file: '',
        path: `sites[${i}].cidr`,
        message: `${s.cidr} cannot hold the ${p.brokers} brokers and ${p.controllers} controllers of cluster "${c.id}" (clusters[${ci}]) in site "${s.id}": node addresses start at offset ${ADDRESS_BASE.controller} (controllers) and ${ADDRESS_BASE.broker} (brokers) of each /${siteSubnetPrefix(prefix)} zone subnet and reach offset ${offset}.`,
        fix: `give site "${s.id}" a /${fits} or larger range, or place fewer nodes in it.`,
      });
    }
  });
  return out;
}

function checkNodeVolumes(env: Environment): Problem[] {
  const out: Problem[] = [];
  env.clusters.forEach((c, i) => {
    if (kindModel(c.kind)?.runsNodes && c.storageGiB !== undefined && c.storageGiB < MIN_NODE_VOLUME_GIB)
      out.push({
        file: '',
        path: `clusters[${i}].storageGiB`,
        message: `${c.storageGiB} GiB is below the ${MIN_NODE_VOLUME_GIB} GiB a broker's data volume needs on the nodes the product runs (cluster kind ${c.kind}).`,
        fix: `use at least ${MIN_NODE_VOLUME_GIB} (size it for retention: throughput × retention × RF / brokers).`,
      });
  });
  return out;
}
