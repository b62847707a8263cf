import { join } from 'path';
import { environmentFiles, loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import type { Environment } from '../../../constructs/model/schema';
import { planEstate } from '../../../constructs/analysis/plan';
import { EDGE_FLEET_COLLAPSE, renderSvg, topologyDot } from '../../../tools/review/diagram';
import { hybridFixture } from './fixtures';
import { ROOT } from './reference-synth';

/** Well-formedness without a DOM: every tag closes in order, attributes are quoted. */
function parseXml(xml: string): string[] {
  const body = xml
    .replace(/<\?xml[\s\S]*?\?>/, '')
    .replace(/<!DOCTYPE[\s\S]*?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  const seen: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
    } else {
      seen.push(name);
      if (!self) stack.push(name);
    }
  }
  const stray = body.replace(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g, '');
  if (stray.includes('<')) throw new Error(`malformed tag near: ${stray.slice(stray.indexOf('<'), stray.indexOf('<') + 60)}`);
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
  return seen;
}

const references = environmentFiles(join(ROOT, 'environments'))
  .map((f) => loadEnvironmentFile(f, ESTATE_CHECKS).env!)
  .filter(Boolean);
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#45;/g, '-').replace(/&amp;/g, '&'));

describe('topology diagram', () => {
  const rendered = new Map<Environment, string>();
  const fixture = hybridFixture(6);
  beforeAll(async () => {
    for (const env of [...references, fixture]) rendered.set(env, await renderSvg(topologyDot(planEstate(env))));
  });

  it('draws each connector beside its cluster with the system it reaches', () => {
    const banking = references.find((e) => e.name === 'banking')!;
    const dot = topologyDot(planEstate(banking));
    expect(dot).toContain('"k_ledger-archive" [shape=cds');
    expect(dot).toContain('s3://banking-ledger-archive-111122223333/ledger/');
    expect(dot).toContain('"c_vault_sto" -> "k_ledger-archive" [style=dotted];');
    expect(texts(rendered.get(banking)!)).toContain('ledger-archive');
  });

  it('renders valid SVG with every site and cluster of each reference estate', () => {
    for (const env of references) {
      const svg = rendered.get(env)!;
      expect(parseXml(svg)).toContain('svg');
      const t = texts(svg);
      // A site that is also an edge fleet site is drawn once, in its fleet (or counted in the fleet node).
      const fleetSites = new Map((env.edgeFleets ?? []).flatMap((f) => f.sites.map((s) => [s.id, f] as const)));
      for (const s of env.sites) {
        const fleet = fleetSites.get(s.id);
        if (fleet && fleet.sites.length > EDGE_FLEET_COLLAPSE) continue;
        expect(t.filter((x) => x === `site ${s.id}` || x.startsWith(`site ${s.id} `))).toHaveLength(1);
      }
      for (const f of env.edgeFleets ?? []) {
        if (f.sites.length > EDGE_FLEET_COLLAPSE) expect(t).toContain(`${f.sites.length} edge sites`);
        else for (const s of f.sites) expect(t).toContain(`site ${s.id}`);
      }
      for (const c of env.clusters) expect(t).toContain(c.id);
    }
  });

  it('groups sites by cloud and region', () => {
    const t = texts(rendered.get(fixture)!);
    for (const label of ['AWS', 'Azure', 'Google Cloud', 'eu-central-1', 'eu-west-1', 'westeurope', 'europe-west3'])
      expect(t).toContain(label);
  });

  it(`collapses an edge fleet of more than ${EDGE_FLEET_COLLAPSE} sites into one counted node`, () => {
    const t = texts(rendered.get(fixture)!);
    expect(t).toContain('edge fleet ×6');
    expect(t.some((x) => x.startsWith('site store-'))).toBe(false);
    expect(t).toContain('×6 sites');
    const small = hybridFixture(EDGE_FLEET_COLLAPSE);
    expect(topologyDot(planEstate(small))).toContain('site store-1 · edge');
    expect(topologyDot(planEstate(small))).not.toContain('shape=cds');
  });

  it('draws an edge fleet with its push to the hub: one node per site, or one counted node for a large fleet', () => {
    const t = texts(rendered.get(fixture)!);
    expect(t).toContain('edge fleet ships');
    expect(t).toContain('6 edge sites');
    expect(t).toContain('RPO ≤ 7d offline window');
    const small = topologyDot(planEstate(hybridFixture(2, 2)));
    expect(small).toContain('"edge_ship-1" -> "c_core_fra"');
    expect(small).toContain('label="MM2 push · RPO ≤ 7d"');
    expect(small).toContain('label="MM2 push · RPO ≤ 3d"');
  });

  it('labels replication with its mode and an RPO above zero', () => {
    const dot = topologyDot(planEstate(fixture));
    expect(dot).toContain('"c_core_fra" -> "c_copy_dub" [style=dashed');
    expect(dot).toMatch(/"c_core_fra" -> "c_copy_dub" \[[^\]]*label="active-passive · [a-z0-9-]+\\nRPO ≤ 30s \(lag\)"/);
    expect(dot).toMatch(/"fleet_edge_0" -> "c_central_hub" \[[^\]]*RPO > 0, lag unbounded\\n×6 sites/);
    expect(dot).not.toMatch(/RPO 0/);
  });
});
