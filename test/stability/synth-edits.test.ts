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

function synthAll(env: Environment): Map<string, any> {
  return new Map(
    [...estateStacks(env)].map(([id, s]) => {
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

describe('banking: reordering sites', () => {
  const before = synthAll(banking);
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
    expect(planEstate(clusterReversed).stacks.find((s) => s.role === 'topics')?.id).toBe('banking-core-topics');
  });

  it('reversing the sites too keeps every stack and every resource address', () => {
    expect([...afterAll.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [id, json] of before) expect([id, addresses(afterAll.get(id))]).toEqual([id, addresses(json)]);
  });
});
