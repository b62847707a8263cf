import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { planEstate } from '../../constructs/analysis/plan';
import { loadEnvironmentFile } from '../../constructs/model/environment-file';
import type { Environment } from '../../constructs/model/schema';
import { ESTATE_CHECKS } from '../../stacks/checks';
import { envOf, estateStacks, synthJson } from '../helpers';

/**
 * Full synths of edits that used to re-point or rename deployed resources. `moved`
 * blocks are left out of the comparison (with the metadata that lists them): they only
 * carry the one-time move from the former positional addresses and are no-ops once applied.
 */
const ENVIRONMENTS = join(__dirname, '..', '..', 'environments');
const banking = loadEnvironmentFile(join(ENVIRONMENTS, 'banking.yaml'), ESTATE_CHECKS).env!;
const data = parse(readFileSync(join(ENVIRONMENTS, 'banking.yaml'), 'utf8')) as Record<string, any>;

function synthAll(env: Environment, only?: readonly string[]): Map<string, any> {
  return new Map(
    [...estateStacks(env)]
      .filter(([id]) => !only || only.includes(id))
      .map(([id, s]) => {
        const { moved: _moved, '//': _metadata, ...json } = synthJson(s).json;
        return [id, json];
      }),
  );
}
const addresses = (json: any) =>
  Object.entries<Record<string, unknown>>(json.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
const edited = (edit: (d: Record<string, any>) => void): Environment => {
  const d = structuredClone(data);
  edit(d);
  return { ...envOf(d), allocations: banking.allocations };
};

const before = synthAll(banking);

describe('banking: reordering sites', () => {
  const clusterReversed = edited((d) => d.clusters[0].sites.reverse());
  const afterCluster = synthAll(clusterReversed);
  const allReversed = edited((d) => {
    d.sites.reverse();
    d.clusters[0].sites.reverse();
  });
  const afterAll = synthAll(allReversed);

  it("reversing the stretched cluster's sites changes no stack: node ids, voters, rules and the topics stack stay", () => {
    expect([...afterCluster.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...before].filter(([id, json]) => JSON.stringify(afterCluster.get(id)) !== JSON.stringify(json)).map(([id]) => id);
    expect(changed).toEqual([]);
    expect(planEstate(clusterReversed).stacks.find((s) => s.role === 'topics' && s.cluster === 'core')?.id).toBe('banking-core-topics');
  });

  it('reversing the sites too keeps every stack and every resource address', () => {
    expect([...afterAll.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [id, json] of before) expect([id, addresses(afterAll.get(id))]).toEqual([id, addresses(json)]);
  });

  it('reversing the sites too changes no resource at all: MirrorMaker rules are keyed by source site, dashboards list sites by id', () => {
    const changed: string[] = [];
    for (const [id, json] of before)
      for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {}))
        for (const [name, config] of Object.entries(byName))
          if (JSON.stringify(config) !== JSON.stringify(afterAll.get(id).resource?.[type]?.[name])) changed.push(`${id} ${type}.${name}`);
    expect(changed).toEqual([]);
  });
});

describe('banking: brokers per site 3 -> 4 (configuration rollout)', () => {
  const grown = synthAll(
    edited((d) => (d.clusters[0].brokersPerSite = 4)),
    ['banking-fra'],
  );
  const nodes = (json: any) =>
    Object.fromEntries(Object.entries<any>(json.resource.aws_instance ?? {}).map(([name, r]) => [name, r.tags['kafka-config']]));

  it('marks every running node whose configuration changed (super users, voters) with a new digest, visible in the plan', () => {
    const was = nodes(before.get('banking-fra'));
    const now = nodes(grown.get('banking-fra'));
    expect(Object.keys(was).length).toBeGreaterThan(0);
    for (const [name, digest] of Object.entries(was)) expect([name, now[name]]).not.toEqual([name, digest]);
  });

  it('adds the new brokers and keeps every existing address', () => {
    const [was, now] = [addresses(before.get('banking-fra')), addresses(grown.get('banking-fra'))];
    expect(now.filter((a) => was.includes(a))).toEqual(was);
    expect(now.length).toBeGreaterThan(was.length);
  });
});
