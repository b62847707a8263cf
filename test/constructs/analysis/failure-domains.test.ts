import * as fc from 'fast-check';
import { domainFailure, failureDomains, SCOPE_RANK } from '../../../constructs/analysis/failure-domains';
import { domainLoss, siteLosses, type SitePlacement } from '../../../constructs/analysis/quorum';
import { assessEnvironment, evaluateObjectives, inScope } from '../../../constructs/analysis/resilience';
import type { Outcome } from '../../../constructs/analysis/outcome';
import { siteLossRows } from '../../../tools/review/site-loss';
import { planEstate } from '../../../constructs/analysis/plan';
import { EnvironmentSchema } from '../../../constructs/model/schema';
import { envOf, problemsOf } from '../../helpers';

/**
 * Nested failure domains: zone ⊂ site ⊂ region ⊂ provider. Sites that share a region
 * or a provider fail together; the resilience math and the site-loss table say so, and
 * no objective is met on the assumption that they fail one at a time.
 */

const site = (id: string, cloud: string, region: string, n: number, role = 'primary') => ({
  id,
  cloud,
  region,
  role,
  cidr: `10.${n}.0.0/16`,
});
const base = {
  name: 'fd',
  stage: 'dev',
  owner: 'platform',
  alerts: { page: { email: ['oncall@example.com'] } },
};

/** MSK in fra-a with a DR copy in fra-b: two sites, one region. */
const sameRegionCopy = (scope: string) => ({
  ...base,
  sites: [site('fra-a', 'aws', 'eu-central-1', 10), site('fra-b', 'aws', 'eu-central-1', 11, 'dr')],
  clusters: [
    { id: 'core', kind: 'msk', sites: ['fra-a'] },
    { id: 'vault', kind: 'msk', sites: ['fra-b'] },
  ],
  topicGroups: [{ id: 'pay', scope, rpo: '1m', rto: '30m' }],
  topics: [
    { name: 'payments', cluster: 'core', partitions: 6, group: 'pay' },
    { name: 'payments', cluster: 'vault', partitions: 6 },
  ],
  replication: [{ id: 'dr', from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s', failoverTime: '10m' }],
});

const SHA512 = 'ab'.repeat(64);
const ARTIFACTS = Object.fromEntries(
  ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1'].map((r) => [r, `s3://fd-artifacts-${r}/kafka_2.13-4.1.1.tgz`]),
);

describe('failureDomains', () => {
  it('groups cloud sites by region and by provider, each set of sites once, narrowest scope first', () => {
    const env = envOf({
      ...base,
      sites: [
        site('aa', 'aws', 'eu-central-1', 1),
        site('bb', 'aws', 'eu-central-1', 2),
        site('cc', 'aws', 'eu-west-1', 3),
        site('dd', 'azure', 'westeurope', 4),
        { id: 'ee', cloud: 'edge', region: 'berlin', role: 'edge', cidr: '10.5.0.0/24' },
      ],
    });
    expect(failureDomains(env)).toEqual([
      { scope: 'region', id: 'aws/eu-central-1', sites: ['aa', 'bb'] },
      { scope: 'provider', id: 'aws', sites: ['aa', 'bb', 'cc'] },
    ]);
  });

  it('leaves out a provider whose sites are one region, and single-site domains', () => {
    const env = envOf({
      ...base,
      sites: [site('aa', 'aws', 'eu-central-1', 1), site('bb', 'aws', 'eu-central-1', 2), site('zz', 'gcp', 'us-east1', 3)],
    });
    expect(failureDomains(env).map((d) => `${d.scope} ${d.id}`)).toEqual(['region aws/eu-central-1']);
  });

  it('orders scopes zone < site < region < provider, and an objective covers its own and narrower failures', () => {
    expect(
      Object.entries(SCOPE_RANK)
        .sort((a, b) => a[1] - b[1])
        .map(([s]) => s),
    ).toEqual(['zone', 'site', 'region', 'provider']);
    expect([inScope('site', 'region'), inScope('region', 'site'), inScope('provider', 'region'), inScope('zone', 'site')]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('a DR copy in the same region as its source', () => {
  // The math only: a site objective this estate cannot meet is refused by the checks (tested below).
  const env = EnvironmentSchema.parse(sameRegionCopy('site'));
  // Assessed in each test, not while the file loads: mutation testing then knows which tests reach which code.
  const outcomes = () => assessEnvironment(env);
  const site = () => outcomes().find((o) => o.failure === 'site fra-a lost' && o.cluster === 'core')!;
  const region = () => outcomes().find((o) => o.failure === 'region aws/eu-central-1 lost (sites fra-a, fra-b)' && o.cluster === 'core')!;

  it('does not count the copy for the loss of the source site: a site goes with its region, and the copy with it', () => {
    expect(site()).toEqual(expect.objectContaining({ rpoSeconds: Infinity, writesContinue: false }));
  });

  it('loses the copy with the region: both sites fail together', () => {
    expect(region()).toEqual(
      expect.objectContaining({
        scope: 'region',
        rpoSeconds: Infinity,
        writesContinue: false,
        lostSites: ['fra-a', 'fra-b'],
        mechanism: 'none',
      }),
    );
  });

  it('refuses a site objective: the copy that would meet it shares the region', () => {
    expect(evaluateObjectives(env, outcomes())[0].met).toBe(false);
    expect(problemsOf(sameRegionCopy('site')).filter((x) => x.severity !== 'warning')).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'topicGroups[0].rpo', message: expect.stringMatching(/site fra-a lost/) })]),
    );
  });

  it('refuses a region objective, naming the copy that shares the region', () => {
    const p = problemsOf(sameRegionCopy('region')).filter((x) => x.severity !== 'warning');
    expect(p).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'topicGroups[0].rpo',
          message: expect.stringMatching(/topic "payments" achieves RPO unbounded.*copy on cluster "vault" is in the failed region/),
        }),
      ]),
    );
  });

  it('shows the region as one row of the site-loss table', () => {
    const row = siteLossRows(planEstate(env)).find((r) => r.lost.startsWith('region aws/eu-central-1'))!;
    expect(row).toEqual(
      expect.objectContaining({
        lost: 'region aws/eu-central-1 (sites fra-a, fra-b, together)',
        quorum: 'core: lost with the region; vault: lost with the region',
        dataLoss: expect.stringMatching(/everything not copied elsewhere: payments/),
      }),
    );
  });
});

describe('a copy in another region and on another provider', () => {
  // The math only: MirrorMaker 2 from Managed Kafka into MSK is not built by this version, so checks would refuse it.
  const env = EnvironmentSchema.parse({
    ...sameRegionCopy('provider'),
    accounts: { gcp: { projectId: 'fd-streaming-dev' } },
    sites: [
      site('bel', 'gcp', 'europe-west1', 10),
      site('ams', 'gcp', 'europe-west4', 11, 'dr'),
      site('fra', 'aws', 'eu-central-1', 12, 'dr'),
    ],
    clusters: [
      { id: 'lake', kind: 'gcp-managed', sites: ['bel'] },
      { id: 'lake-dr', kind: 'gcp-managed', sites: ['ams'] },
      { id: 'vault', kind: 'msk', sites: ['fra'] },
    ],
    topics: [
      { name: 'payments', cluster: 'lake', partitions: 6, group: 'pay' },
      { name: 'payments', cluster: 'lake-dr', partitions: 6 },
      { name: 'payments', cluster: 'vault', partitions: 6 },
    ],
    replication: [
      { id: 'dr', from: 'lake', to: 'lake-dr', mode: 'active-passive', topics: ['payments'], maxLag: '1m', failoverTime: '10m' },
      {
        id: 'off-gcp',
        from: 'lake',
        to: 'vault',
        mode: 'active-passive',
        topics: ['payments'],
        maxLag: '5m',
        failoverTime: '20m',
        mirrorMakerPlugin: 's3://fd-artifacts/connect-mirror-3.7.zip',
      },
    ],
  });
  // Assessed in each test, not while the file loads: mutation testing then knows which tests reach which code.
  const outcomes = () => assessEnvironment(env);

  it('covers the region with the copy in the other Google region (the nearer copy)', () => {
    const bel = outcomes().find((o) => o.failure === 'site bel lost' && o.cluster === 'lake')!;
    expect(bel).toEqual(expect.objectContaining({ rpoSeconds: 60, rtoSeconds: 600, mechanism: 'async-replication' }));
  });

  it('survives the loss of Google Cloud through the copy on AWS only', () => {
    const gcp = outcomes().find((o) => o.failure === 'provider gcp lost (sites bel, ams)' && o.cluster === 'lake')!;
    expect(gcp).toEqual(expect.objectContaining({ scope: 'provider', rpoSeconds: 300, rtoSeconds: 1200, mechanism: 'async-replication' }));
    expect(gcp.reason).toMatch(/cluster "vault" \(off-gcp\)/);
  });

  it('is held to the provider failure by a provider objective (RPO 1m is not met, 5m would be)', () => {
    expect(evaluateObjectives(env, outcomes())[0]).toEqual(expect.objectContaining({ scope: 'provider', met: false }));
    expect(evaluateObjectives({ ...env, topicGroups: [{ ...env.topicGroups[0], rpo: '5m' }] }, outcomes())[0].met).toBe(true);
  });
});

describe('a cluster stretched over three sites, two of them in one region', () => {
  const shape = {
    ...base,
    sites: [site('fra-a', 'aws', 'eu-central-1', 10), site('fra-b', 'aws', 'eu-central-1', 11), site('par', 'aws', 'eu-west-3', 12)],
    clusters: [
      {
        id: 'core',
        kind: 'self-managed',
        sites: ['fra-a', 'fra-b', 'par'],
        brokersPerSite: 1,
        controllersPerSite: 1,
        kafkaArtifact: { locations: ARTIFACTS, sha512: SHA512 },
      },
    ],
    topicGroups: [{ id: 'pay', rpo: '0s', rto: '1m' }],
    topics: [{ name: 'payments', cluster: 'core', partitions: 6, group: 'pay' }],
  };
  // The math only: the quorum check refuses this shape (tested below).
  // Assessed in each test, not while the file loads: mutation testing then knows which tests reach which code.
  const outcomes = () => assessEnvironment(EnvironmentSchema.parse(shape));

  it('survives the site that is alone in its region (RPO 0, writes go on)', () => {
    expect(outcomes().find((o) => o.failure === 'site par lost')).toEqual(expect.objectContaining({ rpoSeconds: 0, writesContinue: true }));
  });

  it('loses the quorum with either site of the shared region, and with the region (2 of 3 voters, 2 of 3 replicas)', () => {
    for (const o of outcomes().filter((x) => x.failure === 'site fra-a lost' || x.failure === 'site fra-b lost' || x.scope === 'region'))
      expect(o).toEqual(expect.objectContaining({ rpoSeconds: Infinity, writesContinue: false }));
    const region = outcomes().find((o) => o.scope === 'region')!;
    expect(region.mechanism).toBe('none');
    expect(region.reason).toMatch(/holds 2 of 3 KRaft voters: 1 left, below the quorum of 2/);
    expect(region.reason).toMatch(/up to 2 of RF 3 replicas/);
  });

  it('is refused: the quorum check names the shared region', () => {
    expect(problemsOf(shape as never).filter((p) => p.path === 'clusters[0].controllersPerSite' && p.severity !== 'warning')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/sites fra-a, fra-b share region aws:eu-central-1/) }),
    ]);
  });
});

describe('property: losing a wider domain is never better than losing one of its sites', () => {
  const placement = fc
    .array(fc.record({ brokers: fc.integer({ min: 0, max: 4 }), controllers: fc.integer({ min: 0, max: 3 }) }), {
      minLength: 2,
      maxLength: 5,
    })
    .map((xs) => xs.map((x, i): SitePlacement => ({ site: `s${i}`, ...x })))
    .filter((p) => p.some((s) => s.brokers > 0) && p.some((s) => s.controllers > 0));
  const settings = fc
    .integer({ min: 1, max: 5 })
    .chain((rf) => fc.record({ replicationFactor: fc.constant(rf), minInsyncReplicas: fc.integer({ min: 1, max: rf }) }));

  it('holds for every placement, replica setting and set of lost sites', () => {
    fc.assert(
      fc.property(placement, settings, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (p, r, pick) => {
        const lost = p.filter((_, i) => pick[i]).map((s) => s.site);
        if (lost.length === 0) return true;
        const wide = domainLoss(p, r, 'domain', lost);
        for (const one of siteLosses(p, r).filter((l) => lost.includes(l.site!))) {
          if (one.dataLoss && !wide.dataLoss) return false;
          if (!one.writesContinue && wide.writesContinue) return false;
          if (wide.votersLost < one.votersLost || wide.replicasLost < one.replicasLost) return false;
        }
        // Losing every site loses everything.
        if (lost.length === p.length) return !wide.quorumSurvives && wide.dataLoss && !wide.writesContinue;
        return true;
      }),
      { numRuns: 500, seed: 22 },
    );
  });

  it('holds for whole estates: a region outcome is no better than the site outcomes inside it', () => {
    const outcomesOf = (sites: number, sameRegion: number) => {
      const regions = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1'];
      // The math only: some of these shapes (4 voters) are refused by the quorum check.
      const env = EnvironmentSchema.parse({
        ...base,
        sites: Array.from({ length: sites }, (_, i) => site(`s${i}`, 'aws', regions[i < sameRegion ? 0 : i], 10 + i)),
        clusters: [
          {
            id: 'core',
            kind: 'self-managed',
            sites: Array.from({ length: sites }, (_, i) => `s${i}`),
            brokersPerSite: 1,
            controllersPerSite: 1,
            kafkaArtifact: { locations: ARTIFACTS, sha512: SHA512 },
          },
        ],
        topics: [{ name: 'payments', cluster: 'core', partitions: 6 }],
      });
      return assessEnvironment(env);
    };
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 4 }), fc.integer({ min: 2, max: 4 }), (sites, same) => {
        const outcomes = outcomesOf(sites, Math.min(same, sites));
        const wider = outcomes.filter((o) => o.scope === 'region' || o.scope === 'provider');
        const worseOrEqual = (w: Outcome, s: Outcome) => w.rpoSeconds >= s.rpoSeconds && (s.writesContinue || !w.writesContinue);
        return wider.every((w) =>
          outcomes.filter((s) => s.scope === 'site' && w.lostSites!.includes(s.lostSite!)).every((s) => worseOrEqual(w, s)),
        );
      }),
      { numRuns: 12, seed: 22 },
    );
  });

  it('names each failure once per topic and cluster', () => {
    const env = EnvironmentSchema.parse(sameRegionCopy('site'));
    const keys = assessEnvironment(env).map((o) => `${o.cluster} ${o.topic} ${o.failure}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain(`core payments ${domainFailure(failureDomains(env)[0])}`);
  });
});
