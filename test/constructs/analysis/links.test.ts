import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { parseEnvironmentText } from '../../../constructs/model/environment-file';
import { ENVIRONMENT_CHECKS } from '../../../constructs/analysis/validate';
import {
  allocateInsideCidrs,
  checkLinks,
  isPrivateAsn,
  linkDeployOrder,
  planLinks,
  RESERVED_INSIDE_CIDRS,
  siteAsns,
} from '../../../constructs/analysis/links';
import type { Environment } from '../../../constructs/model/schema';
import { cidrsOverlap } from '../../../constructs/model/cidr';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'hybrid-links.yaml');
const fixture = (): Record<string, any> => parse(readFileSync(FIXTURE, 'utf8'));

function load(data: Record<string, any>) {
  return parseEnvironmentText(stringify(data), 'links.yaml', ENVIRONMENT_CHECKS);
}
function envOf(data: Record<string, any>): Environment {
  const r = load(data);
  if (!r.env) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.env;
}
/** Problems of a changed fixture, as `path: message Fix: fix` lines. */
function problemsOf(change: (e: Record<string, any>) => void): string[] {
  const e = fixture();
  change(e);
  return load(e).problems.map((p) => `${p.path}: ${p.message} Fix: ${p.fix}`);
}

describe('link plan of the fixture', () => {
  const env = envOf(fixture());
  const plans = planLinks(env);
  const byId = new Map(plans.map((p) => [p.id, p]));

  it('is valid as written', () => {
    expect(checkLinks(env)).toEqual([]);
  });

  it('runs 4 tunnels from AWS to a two-address peer (one VPN connection per peer address) and 2 otherwise', () => {
    expect(byId.get('aws-gcp')!.tunnels).toHaveLength(4);
    expect(byId.get('aws-azure')!.tunnels).toHaveLength(4);
    expect(byId.get('linz')!.tunnels).toHaveLength(4); // plant-linz declares two addresses
    expect(byId.get('azure-gcp')!.tunnels).toHaveLength(2);
    expect(byId.get('berlin')!.tunnels).toHaveLength(2);
    expect(byId.get('aws-gcp')!.tunnels.map((t) => [t.ends[0].interface, t.awsTunnel, t.ends[1].interface])).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 1],
      [1, 1, 1],
    ]);
  });

  it('lets AWS lead, and gives the leader .1 and the far end .2 of every /30', () => {
    const linz = byId.get('linz')!;
    expect(linz.leader).toBe(1); // aws-hub is the second end
    expect(linz.tunnels[0].ends[1].insideIp).toBe('169.254.64.25');
    expect(linz.tunnels[0].ends[0].insideIp).toBe('169.254.64.26');
    expect(byId.get('azure-gcp')!.leader).toBe(0);
  });

  it('allocates Azure links from the APIPA range and others from 169.254.64.0/18, clear of the reserved /30s', () => {
    expect(byId.get('aws-azure')!.tunnels.map((t) => t.insideCidr)).toEqual([
      '169.254.21.0/30',
      '169.254.21.4/30',
      '169.254.21.8/30',
      '169.254.21.12/30',
    ]);
    expect(byId.get('aws-gcp')!.tunnels[0].insideCidr).toBe('169.254.64.0/30');
    const all = plans.flatMap((p) => p.tunnels.map((t) => t.insideCidr));
    expect(new Set(all).size).toBe(all.length);
    for (const c of all) for (const r of RESERVED_INSIDE_CIDRS) expect(cidrsOverlap(c, r)).toBe(false);
  });

  it('keeps one ASN per site across links and allocates distinct private ones for the rest', () => {
    const asns = siteAsns(env);
    expect(asns.get('aws-hub')).toBe(64600);
    expect(asns.get('gcp-hub')).toBe(65200);
    // the lowest private ASN nothing pins or records, whatever the site's position
    expect(asns.get('plant-linz')).toBe(64512);
    expect(new Set(asns.values()).size).toBe(asns.size);
    for (const a of asns.values()) expect(isPrivateAsn(a)).toBe(true);
  });

  it('skips pinned /30s when allocating', () => {
    const e = fixture();
    e.links[1].insideCidrs = ['169.254.64.4/30', '169.254.64.8/30', '169.254.64.12/30', '169.254.64.16/30'];
    const { byLink } = allocateInsideCidrs(envOf(e));
    expect(byLink.get(3)).toEqual(['169.254.64.0/30', '169.254.64.20/30']);
  });

  it('orders stacks: site stacks, then the leader links stack, then the follower links stack, without a cycle', () => {
    const edges = linkDeployOrder(env);
    expect(edges).toContainEqual(expect.objectContaining({ before: 'hyb-gcp-hub', after: 'hyb-aws-hub-links', link: 'aws-gcp' }));
    expect(edges).toContainEqual(expect.objectContaining({ before: 'hyb-aws-hub-links', after: 'hyb-gcp-hub-links', link: 'aws-gcp' }));
    expect(edges).toContainEqual(expect.objectContaining({ before: 'hyb-az-hub-links', after: 'hyb-gcp-hub-links', link: 'azure-gcp' }));
    // links to onprem/edge sites live in the site stack and add no edge
    expect(edges.some((e) => e.link === 'berlin' || e.link === 'linz' || e.link === 'madrid')).toBe(false);
    // topological sort succeeds
    const nodes = new Set(edges.flatMap((e) => [e.before, e.after]));
    const done = new Set<string>();
    while (done.size < nodes.size) {
      const ready = [...nodes].filter((n) => !done.has(n) && edges.every((e) => e.after !== n || done.has(e.before)));
      expect(ready.length).toBeGreaterThan(0);
      ready.forEach((n) => done.add(n));
    }
  });
});

describe('link validation', () => {
  it('rejects an unknown site with a suggestion', () => {
    expect(problemsOf((e) => (e.links[0].between = ['aws-hub', 'az-hb']))).toContainEqual(
      expect.stringContaining('links[0].between[1]: unknown site "az-hb". Fix: did you mean "az-hub"?'),
    );
  });

  it('rejects a link between two sites of the same cloud, and between two own sites', () => {
    const out = problemsOf((e) => {
      e.sites.push({ id: 'aws-dr', cloud: 'aws', region: 'eu-west-1', role: 'dr', cidr: '10.11.0.0/16' });
      e.links.push({ id: 'aws-aws', between: ['aws-hub', 'aws-dr'] });
      e.links.push({ id: 'own', between: ['plant-linz', 'dc-madrid'] });
    });
    expect(out).toContainEqual(
      expect.stringContaining('links[6].between: link "aws-aws": both ends are on aws; join them with transit gateway peering'),
    );
    expect(out).toContainEqual(expect.stringContaining('links[7].between: link "own": both ends (onprem, onprem) are outside the clouds'));
  });

  it('rejects a public ASN', () => {
    expect(problemsOf((e) => (e.links[3].asn['store-berlin'] = 3320))).toContainEqual(
      'links[3].asn.store-berlin: ASN 3320 is not a private ASN. Fix: use one from 64512-65534 or 4200000000-4294967294 (RFC 6996); public ASNs belong to their registered owner.',
    );
  });

  it('rejects a duplicated ASN on the two ends of a link', () => {
    expect(problemsOf((e) => (e.links[0].asn = { 'aws-hub': 64600, 'az-hub': 64600 }))).toContainEqual(
      expect.stringContaining(
        'links[0].asn.az-hub: ASN 64600 of site "az-hub" is already the ASN of site "aws-hub" (links[0].asn.aws-hub).',
      ),
    );
  });

  it('rejects a site with two different ASNs in two links', () => {
    expect(problemsOf((e) => (e.links[1].asn['aws-hub'] = 64601))).toContainEqual(
      expect.stringContaining('links[1].asn.aws-hub: site "aws-hub" has ASN 64601 here but 64600 at links[0].asn.aws-hub'),
    );
  });

  it('rejects ASNs Azure reserves on a link with an Azure end', () => {
    expect(problemsOf((e) => (e.links[5].asn['dc-madrid'] = 65515))).toContainEqual(
      expect.stringContaining('links[5].asn.dc-madrid: ASN 65515 is reserved by Azure VPN gateways'),
    );
  });

  it('rejects an ASN keyed by a site that is not an end', () => {
    expect(problemsOf((e) => (e.links[3].asn['plant-linz'] = 65400))).toContainEqual(
      expect.stringContaining('links[3].asn.plant-linz: "plant-linz" is not an end of link "berlin"'),
    );
  });

  it('requires public addresses for onprem/edge ends and refuses private ones', () => {
    expect(problemsOf((e) => delete e.links[3].publicIps)).toContainEqual(
      'links[3].publicIps: the edge end "store-berlin" of link "berlin" has no public address. Fix: add publicIps: { store-berlin: [<address of its VPN device or NAT>] }.',
    );
    expect(problemsOf((e) => (e.links[3].publicIps['store-berlin'] = ['192.168.1.1']))).toContainEqual(
      expect.stringContaining('links[3].publicIps.store-berlin[0]: 192.168.1.1 is not a public address'),
    );
    expect(problemsOf((e) => (e.links[3].publicIps['gcp-hub'] = ['203.0.113.99']))).toContainEqual(
      expect.stringContaining('links[3].publicIps.gcp-hub: site "gcp-hub" is on gcp; its addresses come from the VPN gateway'),
    );
  });

  it('rejects weak and unsupported IKE proposals', () => {
    const out = problemsOf((e) => (e.links[4].ike = { encryption: '3des', integrity: 'sha1', dhGroup: 2 }));
    expect(out).toContainEqual(
      'links[4].ike.encryption: weak encryption "3des". Fix: use one of: aes256-gcm, aes256 (default aes256-gcm).',
    );
    expect(out).toContainEqual('links[4].ike.integrity: weak integrity "sha1". Fix: use one of: sha256, sha384, sha512 (default sha384).');
    expect(out).toContainEqual(expect.stringContaining('links[4].ike.dhGroup: Diffie-Hellman group 2 is too weak'));
    expect(problemsOf((e) => (e.links[5].ike = { dhGroup: 21, integrity: 'sha512' }))).toEqual(
      expect.arrayContaining([
        'links[5].ike.integrity: the azure end "az-hub" cannot negotiate integrity sha512. Fix: use one of: sha256, sha384.',
        'links[5].ike.dhGroup: the azure end "az-hub" cannot negotiate DH group 21. Fix: use one of: 14, 19, 20.',
      ]),
    );
  });

  it('rejects pinned inside CIDRs that are not link-local /30s, reserved, outside Azure APIPA, overlapping or miscounted', () => {
    const out = problemsOf((e) => {
      e.links[3].insideCidrs = ['10.0.0.0/30', '169.254.169.252/30'];
      e.links[4].insideCidrs = ['169.254.64.0/29', '169.254.100.0/30', '169.254.100.4/30', '169.254.100.8/30'];
      e.links[5].insideCidrs = ['169.254.100.0/30', '169.254.21.64/30'];
      e.links[2].insideCidrs = ['169.254.21.64/30'];
    });
    expect(out).toEqual(
      expect.arrayContaining([
        'links[3].insideCidrs[0]: 10.0.0.0/30 is outside 169.254.0.0/16. Fix: inside-tunnel addresses are link-local: use a /30 from 169.254.0.0/16.',
        expect.stringContaining('links[3].insideCidrs[1]: 169.254.169.252/30 is reserved by AWS'),
        'links[4].insideCidrs[0]: "169.254.64.0/29" is not a /30 network address. Fix: write a /30 such as 169.254.21.0/30.',
        expect.stringContaining("links[5].insideCidrs[0]: 169.254.100.0/30 is outside Azure's BGP (APIPA) range"),
        expect.stringContaining(
          'links[5].insideCidrs[0]: inside CIDR 169.254.100.0/30 overlaps 169.254.100.0/30 of links[4].insideCidrs[1]',
        ),
        'links[2].insideCidrs: link "azure-gcp" runs 2 tunnels but 1 inside CIDRs are given. Fix: give 2 /30s from 169.254.0.0/16, one per tunnel, or remove insideCidrs to have them allocated.',
      ]),
    );
  });

  it('rejects overlapping address spaces of linked sites, directly or through a hub', () => {
    expect(problemsOf((e) => (e.sites[3].cidr = '10.30.1.0/24'))).toContainEqual(
      'links[3].between: site "store-berlin" (10.30.1.0/24) and site "gcp-hub" (10.30.0.0/16) are joined by a link and their address spaces overlap; BGP cannot route between them. Fix: give "store-berlin" an address range that overlaps no linked site (change sites[3].cidr).',
    );
    expect(problemsOf((e) => (e.sites[4].cidr = '10.101.0.0/25'))).toContainEqual(
      expect.stringContaining('site "plant-linz" (10.101.0.0/25) and site "store-berlin" (10.101.0.0/24) are joined through linked sites'),
    );
  });

  it('reports every problem at once', () => {
    const out = problemsOf((e) => {
      e.links[0].asn['aws-hub'] = 100;
      e.links[3].ike = { encryption: 'des' };
      e.links[4].between = ['plant-linz', 'nowhere'];
    });
    expect(out.length).toBeGreaterThanOrEqual(3);
  });
});
