import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { evaluateObjectives } from '../../constructs/analysis/resilience';
import { envOf, problemsOf } from '../helpers';

const ESTATES = ['dev', 'banking', 'automotive', 'retail', 'public-sector'];
const load = (name: string) => parse(readFileSync(join(__dirname, '..', '..', 'environments', `${name}.yaml`), 'utf8'));

describe.each(ESTATES)('environments/%s.yaml', (name) => {
  const results = evaluateObjectives(envOf(load(name)));

  it('declares resilience objectives and meets every one', () => {
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.met).map((r) => r.group.id)).toEqual([]);
  });

  it('never claims RPO 0 where the copy is asynchronous', () => {
    for (const r of results) {
      if (r.worst?.rpo.rpoIsLagBound) expect(r.worst.rpo.rpoSeconds).toBeGreaterThan(0);
      if (r.worst?.rpo.mechanism === 'async-replication') expect(r.worst.rpo.rpoIsLagBound).toBe(true);
    }
  });
});

describe('asynchronous hub copies (retail, public-sector)', () => {
  it.each([
    ['retail', 'commerce', 300],
    ['public-sector', 'directives', 180],
  ])('%s: %s survives the hub region through its copy, RPO bounded by the lag budget', (name, group, lagSeconds) => {
    const r = evaluateObjectives(envOf(load(name))).find((x) => x.group.id === group)!;
    expect(r.worst!.rpo).toEqual(expect.objectContaining({ scope: 'site', rpoIsLagBound: true, rpoSeconds: lagSeconds }));
  });

  it.each(['retail', 'public-sector'])('%s: claiming RPO 0 for the whole hub region is rejected', (name) => {
    const e = load(name);
    e.topicGroups[0].rpo = '0s';
    const p = problemsOf(e).find((x) => x.path === 'topicGroups[0].rpo');
    expect(p?.message).toMatch(/declares RPO 0s but when .* achieves RPO > 0, bounded by replication lag/);
  });
});
