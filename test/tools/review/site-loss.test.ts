import { loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import type { Outcome } from '../../../constructs/analysis/resilience';
import { planEstate } from '../../../constructs/analysis/plan';
import { siteLossRows, siteOfOutcome } from '../../../tools/review/site-loss';
import { formatSeconds } from '../../../constructs/model/duration';
import { hybridFixture } from './fixtures';
import { join } from 'path';
import { ROOT } from './reference-synth';
import { environmentFiles } from '../../../constructs/model/environment-file';

const references = environmentFiles(join(ROOT, 'environments'))
  .map((f) => loadEnvironmentFile(f, ESTATE_CHECKS).env!)
  .filter(Boolean);

describe('site-loss table against analysis/resilience', () => {
  it.each(references.map((e) => [e.name, e] as const))('%s: each site row says what core’s outcomes for that site say', (_name, env) => {
    const plan = planEstate(env);
    const outcomes = plan.resilience.outcomes;
    const rows = siteLossRows(plan);
    for (const site of env.sites) {
      // once, even when the site is also an edge fleet site
      expect(rows.filter((r) => r.lost === `site ${site.id}`)).toHaveLength(1);
      const row = rows.find((r) => r.lost === `site ${site.id}`)!;
      const mine = outcomes.filter((o) => o.scope === 'site' && o.failure === `site ${site.id} lost`);
      expect(row.outcomes).toEqual(mine);
      const stopped = mine.filter((o) => !o.writesContinue).map((o) => o.topic);
      if (stopped.length) expect(row.writes).toMatch(new RegExp(`^stop: .*${stopped[0]}`));
      else expect(row.writes).not.toMatch(/^stop/);
      for (const o of mine.filter((x) => x.rpoSeconds === Infinity)) expect(row.dataLoss).toContain(o.topic);
      if (mine.every((o) => o.rpoSeconds === 0)) expect(row.dataLoss).toMatch(/^none/);
    }
  });

  const env = hybridFixture();
  const plan = planEstate(env);
  const outcomes = plan.resilience.outcomes;
  const rows = siteLossRows(plan);

  it('has one row per site and one per replication flow', () => {
    for (const site of env.sites) expect(rows.filter((r) => r.lost === `site ${site.id}`)).toHaveLength(1);
    expect(rows.find((r) => r.lost.startsWith('link core → copy ('))).toMatchObject({
      writes: 'continue on core',
      flows: 'replication of payments pauses and resumes from committed offsets',
    });
  });

  it('losing the primary region: writes resume on the copy after core’s failover time, losing up to the lag', () => {
    const fra = rows.find((r) => r.lost === 'site fra')!;
    const mine = outcomes.filter((o) => o.failure === 'site fra lost');
    expect(mine.map((o) => o.mechanism)).toEqual(['async-replication']);
    expect(fra.quorum).toBe('core: lost with the site');
    expect(fra.writes).toBe(`continue after ≈ ${formatSeconds(mine[0].rtoSeconds)}`);
    expect(fra.dataLoss).toBe(`up to the replication lag (budget ${formatSeconds(mine[0].rpoSeconds)}): payments`);
    expect(fra.flows).toContain('replication core → copy stops');
    expect(fra.runbook).toMatch(/^fail over producers and consumers to the replica cluster/);
    expect(fra.runbook).toContain('runbook: [core-to-copy](./runbooks/shop/core-to-copy.md)');
  });

  it('a site whose only copy is gone says everything not copied is lost and to rebuild', () => {
    const single = { ...env, replication: [] };
    const fra = siteLossRows(planEstate(single)).find((r) => r.lost === 'site fra')!;
    expect(fra).toMatchObject({ writes: 'stop: payments', dataLoss: 'everything not copied elsewhere: payments' });
    expect(fra.runbook).toMatch(/rebuild the site from code/);
  });

  it('a site without topics says so instead of inventing outcomes', () => {
    expect(rows.find((r) => r.lost === 'site weu')).toMatchObject({
      writes: 'no topics here',
      dataLoss: 'none (no topics here)',
      quorum: 'iot: lost with the site',
    });
  });

  it('words lag-bound and zero-loss outcomes from core without claiming RPO 0 for async copies', () => {
    const o = (p: Partial<Outcome>): Outcome => ({
      topic: 't',
      cluster: 'core',
      scope: 'site',
      failure: 'site fra lost',
      rpoSeconds: 0,
      rpoIsLagBound: false,
      rtoSeconds: 30,
      writesContinue: true,
      mechanism: 'synchronous-stretch',
      reason: 'r',
      ...p,
    });
    // The plan without replication, read for its first site only, with outcomes handed in.
    const unreplicated = planEstate({ ...env, replication: [] });
    const firstSite = { ...unreplicated, env: { ...unreplicated.env, sites: [env.sites[0]] } };
    const [lag] = siteLossRows(firstSite, [o({ topic: 'a', rpoSeconds: 30, rpoIsLagBound: true, mechanism: 'async-replication' })]);
    expect(lag.dataLoss).toBe('up to the replication lag (budget 30s): a');
    expect(lag.runbook).toMatch(/^fail over producers and consumers to the replica cluster/);
    const [sync] = siteLossRows(firstSite, [o({ topic: 'b' })]);
    expect(sync).toMatchObject({ dataLoss: 'none', writes: 'continue after ≈ 30s', flows: 'b pause during failover' });
  });

  it('edge fleet sites: site and uplink rows from core’s edge outcomes, a large fleet folded', () => {
    const small = hybridFixture(6, 2);
    const smallRows = siteLossRows(planEstate(small));
    const ship = smallRows.find((r) => r.lost === 'site ship-2')!;
    expect(ship.outcomes.map((o) => o.mechanism)).toEqual(['async-replication']);
    expect(ship.dataLoss).toBe('up to the replication lag (budget 3d): pos');
    expect(ship.runbook).toMatch(/apply its bundle again/);
    const uplink = smallRows.find((r) => r.lost === 'uplink of ship-1 (up to 168h)')!;
    expect(uplink.outcomes.every((o) => o.mechanism === 'edge-buffer' && o.writesContinue)).toBe(true);
    expect(uplink).toMatchObject({ writes: 'continue', dataLoss: 'none' });
    expect(uplink.flows).toMatch(/push to hub "core" pauses; backlog catch-up ≈ \d+h after reconnect/);

    // 6 ships: ship-1 (7d window) differs, ships 2-6 read the same and fold into one row each for site and uplink
    const folded = rows.filter((r) => /ship-/.test(r.lost) || r.lost.includes('<site>'));
    expect(folded.map((r) => r.lost)).toEqual([
      'site ship-1',
      'uplink of ship-1 (up to 168h)',
      'site <site>: any of 5 sites of fleet ships (ship-2, ship-3, ship-4 and 2 more)',
      'uplink of <site> (up to 72h): any of 5 sites of fleet ships (ship-2, ship-3, ship-4 and 2 more)',
    ]);
    expect(folded[2].outcomes).toHaveLength(5);
  });

  it('reads the site of an outcome only from site-scope failures', () => {
    expect(siteOfOutcome({ scope: 'site', failure: 'site fra lost' } as Outcome)).toBe('fra');
    expect(siteOfOutcome({ scope: 'zone', failure: 'one zone of fra lost' } as Outcome)).toBeUndefined();
  });
});
