import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { checkAllocations, planAllocations } from '../../../constructs/analysis/allocations';
import { kraftNodes } from '../../../constructs/analysis/kraft';
import { planStateCopies } from '../../../constructs/analysis/plan';
import { planLinks, siteAsns } from '../../../constructs/analysis/links';
import { allocationFileOf, readAllocations, renderAllocations } from '../../../constructs/model/allocations';
import { loadEnvironmentFile } from '../../../constructs/model/environment-file';
import type { Environment } from '../../../constructs/model/schema';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { envOf, problemsOf } from '../../helpers';
import { readFileSync } from 'fs';

const ENVIRONMENTS = join(__dirname, '..', '..', '..', 'environments');
const reference = (file: string) => {
  const r = loadEnvironmentFile(join(ENVIRONMENTS, file), ESTATE_CHECKS);
  if (!r.env) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.env;
};
const yamlOf = (file: string) => parse(readFileSync(join(ENVIRONMENTS, file), 'utf8')) as Record<string, any>;
/** An edited copy of a reference file, with the reference's recorded allocations, as synth would load it. */
const edited = (file: string, edit: (d: Record<string, any>) => void): Environment => {
  const d = yamlOf(file);
  edit(d);
  return { ...envOf(d), allocations: reference(file).allocations };
};

describe('state-copy rule priorities (a stretched cluster’s topics state, copied to other regions)', () => {
  const banking = reference('banking.yaml');
  const copies = (env: Environment) => Object.fromEntries(planStateCopies(env).map((c) => [`${c.stack}/${c.site}`, c.priority]));

  it('are recorded by stack and site, and reordering the cluster’s sites changes none', () => {
    expect(banking.allocations).toMatchObject({ 'state-copy/banking-core-topics/mil': 1, 'state-copy/banking-core-topics/par': 2 });
    const reversed = edited('banking.yaml', (d) => {
      d.clusters[0].sites.reverse();
      d.sites.reverse();
    });
    expect(copies(reversed)).toEqual(copies(banking));
    expect(planAllocations(reversed)).toEqual(banking.allocations);
  });

  it('a new region of the cluster gets the next unused priority; a removed one keeps its number reserved', () => {
    // Without the record (broken on purpose) priorities would follow the sorted keys; with it, nothing moves.
    const withoutPar = { ...banking, allocations: { ...banking.allocations, 'state-copy/banking-core-topics/par': undefined as never } };
    delete (withoutPar.allocations as Record<string, unknown>)['state-copy/banking-core-topics/par'];
    const again = planAllocations(withoutPar);
    expect(again['state-copy/banking-core-topics/mil']).toBe(1);
    expect(again['state-copy/banking-core-topics/par']).toBe(2);
    const recorded = { ...banking.allocations, 'state-copy/banking-core-topics/par': 7 };
    expect(copies({ ...banking, allocations: recorded })).toEqual({ 'banking-core-topics/mil': 1, 'banking-core-topics/par': 7 });
  });

  it('a priority is never shared: every copy of the estate has its own', () => {
    const values = Object.values(copies(banking));
    expect(new Set(values).size).toBe(values.length);
  });

  it('the allocation file accepts the entry and the release command refuses it while the cluster spans the site', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-'));
    const file = join(dir, 'x.allocations.json');
    writeFileSync(file, renderAllocations({ 'state-copy/banking-core-topics/par': 2 }));
    expect(readAllocations(file).problems).toEqual([]);
  });
});

describe('recorded allocations', () => {
  it('every reference estate records exactly what it plans today (the committed files are complete)', () => {
    for (const f of ['automotive.yaml', 'banking.yaml', 'dev.yaml', 'public-sector.yaml', 'retail.yaml']) {
      const env = reference(f);
      expect(planAllocations(env)).toEqual(readAllocations(allocationFileOf(join(ENVIRONMENTS, f))).allocations);
    }
  });

  it('an ASN is kept by site id: removing the link that pinned it renumbers nothing', () => {
    const before = siteAsns(reference('public-sector.yaml'));
    const env = edited('public-sector.yaml', (d) => {
      d.links = d.links.filter((l: { id: string }) => l.id !== 'aws-azure');
    });
    const after = siteAsns(env);
    expect(after.get('hub-aws')).toBe(before.get('hub-aws'));
    expect(after.get('hub-gcp')).toBe(before.get('hub-gcp'));
    expect(after.get('hub-azure')).toBe(before.get('hub-azure'));
  });

  it('a new linked site takes the lowest free ASN, whatever its position, and never a recorded one', () => {
    const env = edited('retail.yaml', (d) => {
      d.sites.unshift({ ...d.sites.find((s: { id: string }) => s.id === 'store-mia'), id: 'store-atl', cidr: '10.99.0.0/24' });
      d.links.unshift({ id: 'store-atl', between: ['hub', 'store-atl'], publicIps: { 'store-atl': ['203.0.113.13'] } });
    });
    const asns = siteAsns(env);
    expect(asns.get('store-atl')).toBe(64512);
    for (const s of ['hub', 'store-mia', 'store-orl']) expect(asns.get(s)).toBe(siteAsns(reference('retail.yaml')).get(s));
  });

  it("a link's tunnels are kept by link id; a removed link's /30s stay reserved until released", () => {
    const ref = new Map(planLinks(reference('retail.yaml')).map((l) => [l.id, l.tunnels.map((t) => t.insideCidr)]));
    const removed = edited('retail.yaml', (d) => {
      d.links = d.links.filter((l: { id: string }) => l.id !== 'store-mia');
    });
    const orl = planLinks(removed).find((l) => l.id === 'store-orl')!;
    expect(orl.tunnels.map((t) => t.insideCidr)).toEqual(ref.get('store-orl'));
    expect(planAllocations(removed)['tunnels/store-mia']).toEqual(ref.get('store-mia'));
    // A link added later does not take the removed link's /30s.
    const added = edited('retail.yaml', (d) => {
      d.links = d.links.filter((l: { id: string }) => l.id !== 'store-mia');
      d.links.push({ id: 'store-mia-2', between: ['hub', 'store-mia'], publicIps: { 'store-mia': ['203.0.113.21'] } });
    });
    const fresh = planLinks(added)
      .find((l) => l.id === 'store-mia-2')!
      .tunnels.map((t) => t.insideCidr);
    for (const c of fresh) expect([...ref.values()].flat()).not.toContain(c);
  });

  it("a stretched cluster's node ids follow the site, not its position in cluster.sites", () => {
    const ref = reference('banking.yaml');
    const idsBy = (env: Environment) => new Map(kraftNodes(env, env.clusters[0]).map((n) => [n.dns, n.nodeId]));
    const reversed = edited('banking.yaml', (d) => d.clusters[0].sites.reverse());
    expect(idsBy(reversed)).toEqual(idsBy(ref));
  });

  it("a pin that differs from the recorded value, or takes another site's recorded ASN, is a problem", () => {
    const env = reference('retail.yaml');
    const changed = { ...env, links: env.links.map((l, i) => (i === 0 ? { ...l, asn: { hub: 65100, 'store-mia': 65199 } } : l)) };
    expect(checkAllocations(changed)).toContainEqual(
      expect.objectContaining({ path: 'links[0].asn.store-mia', message: expect.stringContaining('recorded with ASN 65101') }),
    );
    const taken = { ...env, links: env.links.map((l, i) => (i === 1 ? { ...l, asn: { 'store-orl': 65101 } } : l)) };
    expect(checkAllocations(taken).map((p) => p.message)).toContainEqual(expect.stringContaining('recorded for site "store-mia"'));
    expect(checkAllocations(env)).toEqual([]);
  });

  it("a pinned /30 that overlaps a removed link's reserved /30s is a problem", () => {
    const env = reference('retail.yaml');
    const e: Environment = {
      ...env,
      links: [{ ...env.links[1], insideCidrs: ['169.254.64.0/30', '169.254.64.20/30'] }],
      allocations: { ...env.allocations, 'tunnels/store-orl': undefined as never },
    };
    delete (e.allocations as Record<string, unknown>)['tunnels/store-orl'];
    expect(checkAllocations(e).map((p) => p.message)).toContainEqual(expect.stringContaining('removed link "store-mia"'));
  });

  it('loads the allocation file beside the environment file; a broken one is a problem, not a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-'));
    const file = join(dir, 'x.yaml');
    writeFileSync(file, readFileSync(join(ENVIRONMENTS, 'dev.yaml')));
    writeFileSync(allocationFileOf(file), '{"asn/fra": "one"}');
    const r = loadEnvironmentFile(file, ESTATE_CHECKS);
    expect(r.env).toBeUndefined();
    expect(r.problems[0]).toEqual(expect.objectContaining({ file: allocationFileOf(file), message: expect.stringContaining('asn/fra') }));
    expect(problemsOf({ ...yamlOf('dev.yaml'), allocations: {} })).toContainEqual(expect.objectContaining({ path: 'allocations' }));
  });

  it('renders keys sorted, one entry a line', () => {
    expect(renderAllocations({ 'tunnels/b': ['169.254.64.0/30'], 'asn/a': 64512 })).toBe(
      '{\n  "asn/a": 64512,\n  "tunnels/b": ["169.254.64.0/30"]\n}\n',
    );
  });
});
