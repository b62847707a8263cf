import { entriesOf } from '../model/allocations';
import { canonicalCidr, cidrContains, cidrsOverlap, hostAddress, isIpv4Cidr, parseCidr, subnet } from '../model/cidr';
import type { Environment, Link, Site } from '../model/schema';
import { stackId } from '../model/naming';
import { nearest, type Problem } from '../model/problems';

/**
 * Hybrid links: an IPsec (IKEv2) VPN with BGP between two sites. Everything a link
 * needs that can be decided before apply is decided here, as plain data: which end
 * runs how many tunnels on which interface, the inside-tunnel /30s, the BGP ASNs,
 * the IKE proposal, and the order stacks must be applied in. The constructs only
 * render this plan; the review report reads the same plan.
 */

export type LinkCloud = Site['cloud'];

// --- BGP ASNs -------------------------------------------------------------------

/** Private ASN ranges (RFC 6996). Every cloud here accepts both for its side. */
export const PRIVATE_ASN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [64512, 65534],
  [4200000000, 4294967294],
];

/** ASNs Azure VPN gateways reserve; neither end of a link to Azure may use them. */
export const AZURE_RESERVED_ASNS: readonly number[] = [65515, 65516, 65517, 65518, 65519, 65520];

export function isPrivateAsn(asn: number): boolean {
  return PRIVATE_ASN_RANGES.some(([lo, hi]) => asn >= lo && asn <= hi);
}

// --- Inside-tunnel addresses ------------------------------------------------------

export const LINK_LOCAL = '169.254.0.0/16';

/** /30s AWS refuses as tunnel inside CIDRs (VPN tunnel options); refused for every cloud so plans stay portable. */
export const RESERVED_INSIDE_CIDRS: readonly string[] = [
  '169.254.0.0/30',
  '169.254.1.0/30',
  '169.254.2.0/30',
  '169.254.3.0/30',
  '169.254.4.0/30',
  '169.254.5.0/30',
  '169.254.169.252/30',
];

/** Azure accepts custom BGP (APIPA) addresses only in 169.254.21.0-169.254.22.255. */
export const AZURE_APIPA_POOL: readonly string[] = ['169.254.21.0/24', '169.254.22.0/24'];

/** Where links without an Azure end get their /30s: clear of every reserved range. */
export const GENERAL_INSIDE_POOL: readonly string[] = ['169.254.64.0/18'];

// --- IKE proposal ------------------------------------------------------------------

export type IkeEncryption = 'aes256-gcm' | 'aes256';
export type IkeIntegrity = 'sha256' | 'sha384' | 'sha512';
export type DhGroup = 14 | 19 | 20 | 21;

export interface IkeProposal {
  readonly encryption: IkeEncryption;
  readonly integrity: IkeIntegrity;
  readonly dhGroup: DhGroup;
}

export const DEFAULT_IKE: IkeProposal = { encryption: 'aes256-gcm', integrity: 'sha384', dhGroup: 20 };
export const STRONG_ENCRYPTION: readonly IkeEncryption[] = ['aes256-gcm', 'aes256'];
export const STRONG_INTEGRITY: readonly IkeIntegrity[] = ['sha256', 'sha384', 'sha512'];
export const STRONG_DH_GROUPS: readonly DhGroup[] = [14, 19, 20, 21];
// 128-bit keys are refused too: the estate's policy (KAF-030) admits 256-bit AES only.
const WEAK_ENCRYPTION = ['3des', 'des', 'aes128', 'aes128-gcm', 'aes192', 'aes128-cbc'];
const WEAK_INTEGRITY = ['md5', 'sha1'];

/** What a cloud's VPN gateway cannot negotiate (Azure's custom IPsec policy has no SHA-512 IKE integrity and no ECP-521). */
const CLOUD_IKE_LIMITS: Partial<Record<LinkCloud, { integrity?: readonly IkeIntegrity[]; dhGroup?: readonly DhGroup[] }>> = {
  azure: { integrity: ['sha256', 'sha384'], dhGroup: [14, 19, 20] },
};

// --- The plan ------------------------------------------------------------------------

/** One end's share of a tunnel. */
export interface TunnelEnd {
  /** Which public interface of this end carries the tunnel (AWS: the VPN connection; Azure: the gateway instance). */
  readonly interface: number;
  /** Inside (BGP) address of this end, in the tunnel's /30. */
  readonly insideIp: string;
}

export interface TunnelPlan {
  readonly index: number;
  /** The /30 both ends' BGP addresses sit in. */
  readonly insideCidr: string;
  /** Per end, in `between` order. */
  readonly ends: readonly [TunnelEnd, TunnelEnd];
  /** Position inside the AWS VPN connection (0 = tunnel1, 1 = tunnel2), when one end is AWS. */
  readonly awsTunnel?: 0 | 1;
}

export interface LinkEndPlan {
  readonly site: Site;
  readonly asn: number;
  /** Declared addresses of an onprem/edge end; cloud ends' addresses come from their gateway. */
  readonly publicIps: readonly string[];
  /** Public interfaces this end presents to the link. */
  readonly interfaces: number;
  /** Whether the ASN was written in the file or allocated. */
  readonly asnSource: 'file' | 'allocated';
}

export interface LinkPlan {
  readonly id: string;
  readonly env: string;
  readonly index: number;
  /** How the sites are joined (the schema's default applied). */
  readonly kind: NonNullable<Link['kind']>;
  readonly ends: readonly [LinkEndPlan, LinkEndPlan];
  readonly tunnels: readonly TunnelPlan[];
  readonly ike: IkeProposal;
  /**
   * The end whose link resources are applied first and which generates the pre-shared
   * keys: AWS when present (its tunnels are created from the far gateway's addresses
   * and only then have addresses of their own), else the first cloud end.
   */
  readonly leader: 0 | 1;
  /** Whether both ends are clouds (then both ends' link resources depend on the far side). */
  readonly cloudToCloud: boolean;
}

/** Sites whose end of a link is built (a VPN gateway); onprem/edge ends get a rendered configuration. */
export type CloudEnd = 'aws' | 'azure' | 'gcp';
const CLOUDS: readonly LinkCloud[] = ['aws', 'azure', 'gcp'] satisfies readonly CloudEnd[];
export const isCloud = (c: LinkCloud): c is CloudEnd => CLOUDS.includes(c);

/** Public interfaces a site's VPN gateway presents: HA VPN and active-active Azure gateways have two. */
export function gatewayInterfaces(cloud: LinkCloud, publicIps: readonly string[] = []): number {
  switch (cloud) {
    case 'gcp':
    case 'azure':
      return 2;
    case 'aws':
      return 2; // two tunnel outside addresses per VPN connection
    default:
      return Math.max(1, publicIps.length);
  }
}

/** Pairs this version can build; same-cloud pairs use native peering instead. */
export function linkPairProblem(a: LinkCloud, b: LinkCloud): string | undefined {
  if (!isCloud(a) && !isCloud(b))
    return `both ends (${a}, ${b}) are outside the clouds; a VPN between two of your own sites is configured on your devices, not here.`;
  if (a === b) {
    const native = { aws: 'transit gateway peering', azure: 'VNet peering', gcp: 'VPC Network Peering' }[a as 'aws' | 'azure' | 'gcp'];
    return `both ends are on ${a}; join them with ${native}, not an IPsec VPN.`;
  }
  return undefined;
}

/**
 * Tunnel layout of a pair. AWS terminates each VPN connection's two tunnels on one
 * customer gateway address, so it runs one connection per far-side interface (an HA VPN
 * or an active-active Azure gateway gets 4 tunnels, the layout both clouds document for
 * their 99.99% SLA). Every other pair runs one tunnel per gateway instance (2).
 */
export function tunnelLayout(a: LinkEndPlanInput, b: LinkEndPlanInput): Array<{ ifA: number; ifB: number; awsTunnel?: 0 | 1 }> {
  const awsIsA = a.cloud === 'aws';
  if (awsIsA || b.cloud === 'aws') {
    const peer = awsIsA ? b : a;
    const out: Array<{ ifA: number; ifB: number; awsTunnel?: 0 | 1 }> = [];
    for (let p = 0; p < gatewayInterfaces(peer.cloud, peer.publicIps); p++) {
      for (const t of [0, 1] as const) {
        // The AWS interface is VPN connection p; the peer's is its own address p.
        out.push({ ifA: p, ifB: p, awsTunnel: t });
      }
    }
    return out;
  }
  const ia = gatewayInterfaces(a.cloud, a.publicIps);
  const ib = gatewayInterfaces(b.cloud, b.publicIps);
  return [0, 1].map((k) => ({ ifA: Math.min(k, ia - 1), ifB: Math.min(k, ib - 1) }));
}

interface LinkEndPlanInput {
  readonly cloud: LinkCloud;
  readonly publicIps: readonly string[];
}

function tunnelCount(env: Environment, link: Link): number | undefined {
  const ends = link.between.map((id) => env.sites.find((s) => s.id === id));
  if (ends.length !== 2 || !ends[0] || !ends[1]) return undefined;
  const [a, b] = ends as [Site, Site];
  return tunnelLayout(
    { cloud: a.cloud, publicIps: link.publicIps?.[a.id] ?? [] },
    { cloud: b.cloud, publicIps: link.publicIps?.[b.id] ?? [] },
  ).length;
}

const hasAzure = (env: Environment, link: Link) => link.between.some((id) => env.sites.find((s) => s.id === id)?.cloud === 'azure');

/**
 * Inside /30s per link. Pinned ones (`insideCidrs`) are kept, then recorded ones (the
 * environment's allocation file, by link id); a link with neither gets the lowest free
 * /30s of the Azure APIPA pool (links with an Azure end) or the general pool, clear of
 * everything pinned, recorded (also for links since removed: reserved until released)
 * or reserved. Adding, removing or reordering links never moves another link's tunnels.
 */
export function allocateInsideCidrs(env: Environment): { byLink: Map<number, string[]>; exhausted: number[] } {
  const recorded = new Map(entriesOf(env.allocations, 'tunnels') as Array<[string, string[]]>);
  // Ranges as integers once: this runs for every stack of the estate, so no per-candidate parsing.
  const blocked = [
    ...env.links.flatMap((l) => (l.insideCidrs ?? []).filter(isIpv4Cidr)),
    ...[...recorded.values()].flat().filter(isIpv4Cidr),
    ...RESERVED_INSIDE_CIDRS,
  ].map(parseCidr);
  const taken = (first: bigint) => blocked.some((b) => b.first <= first + 3n && first <= b.last);
  const byLink = new Map<number, string[]>();
  const exhausted: number[] = [];
  env.links.forEach((link, i) => {
    if (link.insideCidrs) {
      byLink.set(i, link.insideCidrs);
      return;
    }
    const n = tunnelCount(env, link) ?? 2;
    // A recorded link keeps its /30s; one that gained tunnels (a second onprem address) gets the extra ones fresh.
    const out = (recorded.get(link.id) ?? []).slice(0, n);
    const pools = hasAzure(env, link) ? AZURE_APIPA_POOL : GENERAL_INSIDE_POOL;
    for (let pool = 0; out.length < n && pool < pools.length; pool++) {
      const range = parseCidr(pools[pool]);
      for (let offset = 0; out.length < n && range.first + BigInt(offset) * 4n <= range.last; offset++) {
        const first = range.first + BigInt(offset) * 4n;
        if (taken(first)) continue;
        const cidr = subnet(pools[pool], 30, offset);
        out.push(cidr);
        blocked.push(parseCidr(cidr));
      }
    }
    if (out.length < n) exhausted.push(i);
    byLink.set(i, out);
  });
  return { byLink, exhausted };
}

/**
 * One ASN per site across all its links (a site has one transit gateway, Cloud Router
 * or VPN gateway): the one written on a link, else the one recorded for the site id,
 * else the lowest private ASN from 64512 that nothing pins or records (a removed
 * site's ASN stays reserved until released). So neither adding a site or a link nor
 * removing the link that carried a pin renumbers any gateway.
 */
export function siteAsns(env: Environment): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of env.links) {
    for (const [site, asn] of Object.entries(l.asn ?? {})) if (!out.has(site)) out.set(site, asn);
  }
  const recorded = new Map(entriesOf(env.allocations, 'asn') as Array<[string, number]>);
  const used = new Set([...out.values(), ...recorded.values()]);
  const linked = new Set(env.links.flatMap((l) => l.between));
  let next = 64512;
  for (const s of env.sites) {
    if (!linked.has(s.id) || out.has(s.id)) continue;
    const kept = recorded.get(s.id);
    if (kept !== undefined) {
      out.set(s.id, kept);
      continue;
    }
    while (used.has(next) || AZURE_RESERVED_ASNS.includes(next)) next++;
    used.add(next);
    out.set(s.id, next);
  }
  return out;
}

export function resolveIke(link: Link): IkeProposal {
  return {
    encryption: (link.ike?.encryption ?? DEFAULT_IKE.encryption) as IkeEncryption,
    integrity: (link.ike?.integrity ?? DEFAULT_IKE.integrity) as IkeIntegrity,
    dhGroup: (link.ike?.dhGroup ?? DEFAULT_IKE.dhGroup) as DhGroup,
  };
}

/**
 * The plan of every link of a valid environment (checkLinks passed). The first address
 * of each /30 goes to the leader end (AWS takes .1 of its inside CIDR), the second to
 * the other end.
 */
export function planLinks(env: Environment): LinkPlan[] {
  // Every stack of an estate asks for the same plan; environments are not changed after validation.
  const cached = PLANS.get(env);
  if (cached) return cached;
  const plans = computePlans(env);
  PLANS.set(env, plans);
  return plans;
}

const PLANS = new WeakMap<Environment, LinkPlan[]>();

function computePlans(env: Environment): LinkPlan[] {
  const asns = siteAsns(env);
  const { byLink } = allocateInsideCidrs(env);
  return env.links.map((link, index) => {
    const sites = link.between.map((id) => {
      const s = env.sites.find((x) => x.id === id);
      if (!s) throw new Error(`links[${index}].between: unknown site "${id}" (run checkLinks first)`);
      return s;
    }) as [Site, Site];
    const ends = sites.map((s): LinkEndPlan => {
      const publicIps = link.publicIps?.[s.id] ?? [];
      return {
        site: s,
        asn: asns.get(s.id) ?? 64512,
        publicIps,
        interfaces: gatewayInterfaces(s.cloud, publicIps),
        asnSource: env.links.some((l) => l.asn?.[s.id] !== undefined) ? 'file' : 'allocated',
      };
    }) as [LinkEndPlan, LinkEndPlan];
    const leader: 0 | 1 = sites[0].cloud === 'aws' ? 0 : sites[1].cloud === 'aws' ? 1 : isCloud(sites[0].cloud) ? 0 : 1;
    const cidrs = byLink.get(index) ?? [];
    const layout = tunnelLayout(
      { cloud: sites[0].cloud, publicIps: ends[0].publicIps },
      { cloud: sites[1].cloud, publicIps: ends[1].publicIps },
    );
    // Azure keeps one BGP address per far device (its local network gateway): an onprem
    // device reached from both Azure instances over one public address peers from the
    // inside address of its first tunnel on every tunnel to that address.
    const azure = sites.findIndex((s) => s.cloud === 'azure');
    const sharedFarIp = (k: number): number => {
      if (azure < 0 || isCloud(sites[1 - azure].cloud)) return k;
      const farIf = azure === 0 ? layout[k].ifB : layout[k].ifA;
      return layout.findIndex((t) => (azure === 0 ? t.ifB : t.ifA) === farIf);
    };
    const tunnels = layout.map((t, k): TunnelPlan => {
      const insideCidr = cidrs[k];
      const ipOf = (end: 0 | 1) => (end === leader ? hostAddress(insideCidr, 1) : hostAddress(cidrs[sharedFarIp(k)], 2));
      return {
        index: k,
        insideCidr,
        ends: [
          { interface: t.ifA, insideIp: ipOf(0) },
          { interface: t.ifB, insideIp: ipOf(1) },
        ],
        awsTunnel: t.awsTunnel,
      };
    });
    return {
      id: link.id,
      env: env.name,
      index,
      kind: link.kind ?? 'vpn',
      ends,
      tunnels,
      ike: resolveIke(link),
      leader,
      cloudToCloud: isCloud(sites[0].cloud) && isCloud(sites[1].cloud),
    };
  });
}

/**
 * The far side's addresses as `end` sees them, each with the tunnels that reach it. An
 * AWS far side shows one address per tunnel (each tunnel has its own outside address);
 * any other shows one per interface. Azure makes a local network gateway of each, Google
 * Cloud an interface of its external VPN gateway.
 */
export function remoteEndpoints(plan: LinkPlan, end: 0 | 1): Array<{ index: number; tunnels: TunnelPlan[] }> {
  const farEnd = (1 - end) as 0 | 1;
  const far = plan.ends[farEnd];
  if (far.site.cloud === 'aws') return plan.tunnels.map((t, index) => ({ index, tunnels: [t] }));
  return Array.from({ length: far.interfaces }, (_, index) => ({
    index,
    tunnels: plan.tunnels.filter((t) => t.ends[farEnd].interface === index),
  }));
}

/**
 * Which pre-shared key each tunnel uses. Every tunnel gets its own, except that an
 * Azure connection carries one key for all tunnels to the same far address.
 */
export function tunnelKeySlots(plan: LinkPlan): number[] {
  const azure = plan.ends.findIndex((e) => e.site.cloud === 'azure');
  if (azure < 0) return plan.tunnels.map((t) => t.index);
  const slots: number[] = [];
  for (const r of remoteEndpoints(plan, azure as 0 | 1)) for (const t of r.tunnels) slots[t.index] = r.index;
  return slots;
}

/** Links with an end in `site`, and which end that is. */
export function linksOfSite(plans: readonly LinkPlan[], site: string): Array<{ plan: LinkPlan; end: 0 | 1 }> {
  return plans.flatMap((plan) => {
    const end = plan.ends.findIndex((e) => e.site.id === site);
    return end < 0 ? [] : [{ plan, end: end as 0 | 1 }];
  });
}

/** Where a link end's resources live: the site stack, or for cloud-to-cloud links the site's links stack. */
export function linkStackOf(plan: LinkPlan, end: 0 | 1): string | undefined {
  const site = plan.ends[end].site;
  if (!isCloud(site.cloud)) return undefined;
  return plan.cloudToCloud ? stackId(plan.env, site.id, 'links') : stackId(plan.env, site.id);
}

/** The secret store that holds a link's pre-shared keys on one end, as people look it up. */
export function pskSecretName(env: string, link: string): string {
  return `${env}-link-${link}-psk`;
}

export interface DeployOrderEdge {
  /** Stack to apply first. */
  readonly before: string;
  /** Stack that reads an output of `before`. */
  readonly after: string;
  readonly link: string;
  readonly why: string;
}

/**
 * Stacks a cloud-to-cloud link makes depend on each other (DESIGN.md decision 1's one
 * exception). Site stacks hold each site's gateway and never read another site; each
 * end's tunnels live in `<env>-<site>-links`, which reads the far gateway's addresses.
 * The leader's links stack creates the pre-shared keys and (AWS) its tunnel addresses,
 * so the follower's links stack comes after it. The result has no cycle: site stacks
 * first, then leaders' links stacks, then followers'.
 */
export function linkDeployOrder(env: Environment, plans: readonly LinkPlan[] = planLinks(env)): DeployOrderEdge[] {
  const out: DeployOrderEdge[] = [];
  const seen = new Set<string>();
  const add = (e: DeployOrderEdge) => {
    const k = `${e.before}>${e.after}>${e.link}`;
    if (seen.has(k)) return;
    out.push(e);
    seen.add(k);
  };
  for (const plan of plans) {
    if (!plan.cloudToCloud) continue;
    const leader = plan.leader;
    const follower = (1 - leader) as 0 | 1;
    const site = (end: 0 | 1) => stackId(env.name, plan.ends[end].site.id);
    const links = (end: 0 | 1) => stackId(env.name, plan.ends[end].site.id, 'links');
    for (const end of [leader, follower]) {
      add({
        before: site(end),
        after: links(end),
        link: plan.id,
        why: `the tunnels of ${plan.ends[end].site.id} attach to its own gateway`,
      });
    }
    add({
      before: site(follower),
      after: links(leader),
      link: plan.id,
      why: `${plan.ends[leader].site.id}'s tunnels point at the public addresses of ${plan.ends[follower].site.id}'s gateway`,
    });
    add({
      before: links(leader),
      after: links(follower),
      link: plan.id,
      why:
        plan.ends[leader].site.cloud === 'aws'
          ? `${plan.ends[follower].site.id} needs the AWS tunnel outside addresses and the pre-shared keys created with them`
          : `${plan.ends[follower].site.id} needs the pre-shared keys ${plan.ends[leader].site.id} generates`,
    });
    if (plan.ends[leader].site.cloud !== 'aws') {
      add({
        before: site(leader),
        after: links(follower),
        link: plan.id,
        why: `${plan.ends[follower].site.id}'s tunnels point at the public addresses of ${plan.ends[leader].site.id}'s gateway`,
      });
    }
  }
  return out;
}

// --- Checks ----------------------------------------------------------------------------

function problem(path: string, message: string, fix: string): Problem {
  return { file: '', path, message, fix, severity: 'error' };
}

const PRIVATE_NETS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '0.0.0.0/8',
  '224.0.0.0/3',
];

/**
 * Semantic checks of `links`: sites exist and the pair is buildable, BGP ASNs are
 * private and unique per end (one per site), onprem/edge ends declare public addresses,
 * inside /30s are link-local, clear of reserved ranges and each other, the IKE proposal
 * is strong and offered by both ends, and sites joined by links (directly or through a
 * hub) have disjoint address spaces.
 */
export function checkLinks(env: Environment): Problem[] {
  const out: Problem[] = [];
  const siteIds = env.sites.map((s) => s.id);
  const site = (id: string) => env.sites.find((s) => s.id === id);
  const asnOwner = new Map<number, { site: string; path: string }>();
  const siteAsn = new Map<string, { asn: number; path: string }>();

  const linkIds = new Map<string, number>();
  env.links.forEach((link, i) => {
    const at = `links[${i}]`;
    const first = linkIds.get(link.id);
    if (first !== undefined)
      out.push(problem(`${at}.id`, `duplicate link id "${link.id}" (already used at links[${first}]).`, 'give each link a unique id.'));
    else linkIds.set(link.id, i);

    const ends = link.between.map((id, j) => {
      const s = site(id);
      if (!s) {
        const guess = nearest(id, siteIds);
        out.push(
          problem(
            `${at}.between[${j}]`,
            `unknown site "${id}".`,
            guess ? `did you mean "${guess}"?` : `use one of: ${siteIds.join(', ')}.`,
          ),
        );
      }
      return s;
    });
    if (link.between[0] === link.between[1]) {
      out.push(problem(`${at}.between`, `link "${link.id}" joins site "${link.between[0]}" to itself.`, 'name two different sites.'));
      return;
    }
    const [a, b] = ends;
    if (a && b) {
      const pair = linkPairProblem(a.cloud, b.cloud);
      if (pair)
        out.push(problem(`${at}.between`, `link "${link.id}": ${pair}`, 'link a cloud site to an onprem/edge site or to another cloud.'));
    }

    // ASNs
    for (const [key, asn] of Object.entries(link.asn ?? {})) {
      const path = `${at}.asn.${key}`;
      if (!link.between.includes(key)) {
        out.push(
          problem(
            path,
            `"${key}" is not an end of link "${link.id}" (${link.between.join(', ')}).`,
            `key the ASN by one of: ${link.between.join(', ')}.`,
          ),
        );
        continue;
      }
      if (!isPrivateAsn(asn)) {
        out.push(
          problem(
            path,
            `ASN ${asn} is not a private ASN.`,
            'use one from 64512-65534 or 4200000000-4294967294 (RFC 6996); public ASNs belong to their registered owner.',
          ),
        );
        continue;
      }
      if (AZURE_RESERVED_ASNS.includes(asn) && ends.some((e) => e?.cloud === 'azure')) {
        out.push(
          problem(
            path,
            `ASN ${asn} is reserved by Azure VPN gateways (65515-65520), and link "${link.id}" has an Azure end.`,
            'pick another private ASN, e.g. 65010.',
          ),
        );
      }
      const mine = siteAsn.get(key);
      if (mine && mine.asn !== asn) {
        out.push(
          problem(
            path,
            `site "${key}" has ASN ${asn} here but ${mine.asn} at ${mine.path}; a site has one gateway and one ASN.`,
            `use ${mine.asn} for "${key}" in every link, or drop it here.`,
          ),
        );
        continue;
      }
      siteAsn.set(key, { asn, path });
      const owner = asnOwner.get(asn);
      if (owner && owner.site !== key) {
        out.push(
          problem(
            path,
            `ASN ${asn} of site "${key}" is already the ASN of site "${owner.site}" (${owner.path}).`,
            'give every site its own ASN: BGP drops routes that carry its own ASN, so the two ends would never learn each other.',
          ),
        );
      } else asnOwner.set(asn, { site: key, path });
    }

    // Public addresses of onprem/edge ends
    for (const key of Object.keys(link.publicIps ?? {})) {
      if (!link.between.includes(key))
        out.push(
          problem(
            `${at}.publicIps.${key}`,
            `"${key}" is not an end of link "${link.id}".`,
            `key the addresses by one of: ${link.between.join(', ')}.`,
          ),
        );
    }
    ends.forEach((s) => {
      if (!s) return;
      const ips = link.publicIps?.[s.id];
      if (isCloud(s.cloud)) {
        if (ips)
          out.push(
            problem(
              `${at}.publicIps.${s.id}`,
              `site "${s.id}" is on ${s.cloud}; its addresses come from the VPN gateway this link creates.`,
              `remove publicIps.${s.id}.`,
            ),
          );
        return;
      }
      if (!ips) {
        out.push(
          problem(
            `${at}.publicIps`,
            `the ${s.cloud} end "${s.id}" of link "${link.id}" has no public address.`,
            `add publicIps: { ${s.id}: [<address of its VPN device or NAT>] }.`,
          ),
        );
        return;
      }
      ips.forEach((ip, k) => {
        const valid = isIpv4Cidr(`${ip}/32`);
        if (!valid) out.push(problem(`${at}.publicIps.${s.id}[${k}]`, `"${ip}" is not an IPv4 address.`, 'write it like 203.0.113.10.'));
        else if (PRIVATE_NETS.some((n) => cidrContains(n, `${ip}/32`))) {
          out.push(
            problem(
              `${at}.publicIps.${s.id}[${k}]`,
              `${ip} is not a public address; the cloud gateway cannot reach it over the internet.`,
              'use the public address of the device or of the NAT in front of it.',
            ),
          );
        }
      });
    });

    // IKE proposal
    const ike = link.ike ?? {};
    if (ike.encryption !== undefined && !STRONG_ENCRYPTION.includes(ike.encryption as IkeEncryption)) {
      const weak = WEAK_ENCRYPTION.includes(ike.encryption.toLowerCase());
      out.push(
        problem(
          `${at}.ike.encryption`,
          `${weak ? 'weak' : 'unknown'} encryption "${ike.encryption}".`,
          `use one of: ${STRONG_ENCRYPTION.join(', ')} (default aes256-gcm).`,
        ),
      );
    }
    if (ike.integrity !== undefined && !STRONG_INTEGRITY.includes(ike.integrity as IkeIntegrity)) {
      const weak = WEAK_INTEGRITY.includes(ike.integrity.toLowerCase());
      out.push(
        problem(
          `${at}.ike.integrity`,
          `${weak ? 'weak' : 'unknown'} integrity "${ike.integrity}".`,
          `use one of: ${STRONG_INTEGRITY.join(', ')} (default sha384).`,
        ),
      );
    }
    if (ike.dhGroup !== undefined && !STRONG_DH_GROUPS.includes(ike.dhGroup as DhGroup)) {
      out.push(
        problem(
          `${at}.ike.dhGroup`,
          `Diffie-Hellman group ${ike.dhGroup} is too weak or not offered by the clouds.`,
          `use one of: ${STRONG_DH_GROUPS.join(', ')} (default 20, ECP-384).`,
        ),
      );
    }
    for (const s of ends) {
      const limits = s ? CLOUD_IKE_LIMITS[s.cloud] : undefined;
      if (!s || !limits) continue;
      const resolved = resolveIke(link);
      if (limits.integrity && STRONG_INTEGRITY.includes(resolved.integrity) && !limits.integrity.includes(resolved.integrity)) {
        out.push(
          problem(
            `${at}.ike.integrity`,
            `the ${s.cloud} end "${s.id}" cannot negotiate integrity ${resolved.integrity}.`,
            `use one of: ${limits.integrity.join(', ')}.`,
          ),
        );
      }
      if (limits.dhGroup && STRONG_DH_GROUPS.includes(resolved.dhGroup) && !limits.dhGroup.includes(resolved.dhGroup)) {
        out.push(
          problem(
            `${at}.ike.dhGroup`,
            `the ${s.cloud} end "${s.id}" cannot negotiate DH group ${resolved.dhGroup}.`,
            `use one of: ${limits.dhGroup.join(', ')}.`,
          ),
        );
      }
    }

    // Pinned inside /30s
    if (link.insideCidrs) {
      const n = tunnelCount(env, link);
      if (n !== undefined && link.insideCidrs.length !== n) {
        out.push(
          problem(
            `${at}.insideCidrs`,
            `link "${link.id}" runs ${n} tunnels but ${link.insideCidrs.length} inside CIDRs are given.`,
            `give ${n} /30s from 169.254.0.0/16, one per tunnel, or remove insideCidrs to have them allocated.`,
          ),
        );
      }
      link.insideCidrs.forEach((c, k) => {
        const path = `${at}.insideCidrs[${k}]`;
        if (!isIpv4Cidr(c) || canonicalCidr(c) !== c || parseCidr(c).prefix !== 30) {
          out.push(problem(path, `"${c}" is not a /30 network address.`, 'write a /30 such as 169.254.21.0/30.'));
        } else if (!cidrContains(LINK_LOCAL, c)) {
          out.push(
            problem(path, `${c} is outside 169.254.0.0/16.`, 'inside-tunnel addresses are link-local: use a /30 from 169.254.0.0/16.'),
          );
        } else if (RESERVED_INSIDE_CIDRS.some((r) => cidrsOverlap(r, c))) {
          out.push(problem(path, `${c} is reserved by AWS for its own use.`, `avoid ${RESERVED_INSIDE_CIDRS.join(', ')}.`));
        } else if (hasAzure(env, link) && !AZURE_APIPA_POOL.some((pool) => cidrContains(pool, c))) {
          out.push(
            problem(
              path,
              `${c} is outside Azure's BGP (APIPA) range and link "${link.id}" has an Azure end.`,
              'use a /30 from 169.254.21.0-169.254.22.255.',
            ),
          );
        }
      });
    }
  });

  // Inside /30s must not overlap across all links (pinned and allocated).
  const { byLink, exhausted } = allocateInsideCidrs(env);
  for (const i of exhausted) {
    out.push(
      problem(
        `links[${i}].insideCidrs`,
        `no free inside /30s left for link "${env.links[i].id}" in ${(hasAzure(env, env.links[i]) ? AZURE_APIPA_POOL : GENERAL_INSIDE_POOL).join(', ')}.`,
        'pin insideCidrs for some links, or split the estate.',
      ),
    );
  }
  const all: Array<{ cidr: string; path: string }> = [];
  for (const [i, cidrs] of byLink) {
    cidrs.forEach((c, k) => {
      if (!isIpv4Cidr(c)) return;
      const path = env.links[i].insideCidrs ? `links[${i}].insideCidrs[${k}]` : `links[${i}] (tunnel ${k}, allocated ${c})`;
      const clash = all.find((x) => cidrsOverlap(x.cidr, c));
      if (clash) out.push(problem(path, `inside CIDR ${c} overlaps ${clash.cidr} of ${clash.path}.`, 'give every tunnel its own /30.'));
      all.push({ cidr: c, path });
    });
  }

  // Sites joined by links (directly, or through a hub that routes between them) must not overlap.
  const component = new Map<string, string>();
  const find = (x: string): string => {
    const p = component.get(x) ?? x;
    if (p === x) return x;
    const r = find(p);
    component.set(x, r);
    return r;
  };
  for (const l of env.links) if (site(l.between[0]) && site(l.between[1])) component.set(find(l.between[0]), find(l.between[1]));
  const linked = env.sites.filter((s) => env.links.some((l) => l.between.includes(s.id)));
  for (let x = 0; x < linked.length; x++) {
    for (let y = x + 1; y < linked.length; y++) {
      const [p, q] = [linked[x], linked[y]];
      if (find(p.id) !== find(q.id) || !isIpv4Cidr(p.cidr) || !isIpv4Cidr(q.cidr) || !cidrsOverlap(p.cidr, q.cidr)) continue;
      const li = env.links.findIndex((l) => l.between.includes(q.id));
      const direct = env.links.some((l) => l.between.includes(p.id) && l.between.includes(q.id));
      out.push(
        problem(
          `links[${li}].between`,
          `site "${q.id}" (${q.cidr}) and site "${p.id}" (${p.cidr}) are joined ${direct ? 'by a link' : 'through linked sites'} and their address spaces overlap; BGP cannot route between them.`,
          `give "${q.id}" an address range that overlaps no linked site (change sites[${env.sites.indexOf(q)}].cidr).`,
        ),
      );
    }
  }
  return out;
}
