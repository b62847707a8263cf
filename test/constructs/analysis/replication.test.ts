import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import { asyncCopies, checkReplicationTerms, DEFAULT_FAILOVER_SECONDS } from '../../../constructs/analysis/replication';
import { assessEnvironment, checkObjectives, describeRpo, type Outcome } from '../../../constructs/analysis/resilience';

/** One MSK cluster in fra, a copy in sto, a payments group with the given objective. */
function estate(replication: Record<string, unknown>[], objective = { rpo: '1m', rto: '30m' }): Environment {
  return EnvironmentSchema.parse({
    name: 'bank',
    stage: 'prod',
    owner: 'payments',
    sites: [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
      { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.40.0.0/16' },
    ],
    clusters: [
      { id: 'main', kind: 'msk', sites: ['fra'], brokers: 3 },
      { id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3 },
    ],
    topicGroups: [{ id: 'payments', ...objective }],
    topics: [
      { name: 'payments', cluster: 'main', partitions: 12, group: 'payments' },
      { name: 'audit', cluster: 'main', partitions: 3 },
    ],
    replication,
  });
}

const siteLoss = (outcomes: Outcome[], topic: string, site = 'fra') =>
  outcomes.find((o) => o.topic === topic && o.scope === 'site' && o.lostSite === site) as Outcome;

describe('asyncCopies: a copy in another site', () => {
  // Assessed in each test, not while the file loads: mutation testing then knows which tests reach which code.
  const assessed = () =>
    assessEnvironment(
      estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s', failoverTime: '10m' }]),
    );

  it('turns "site lost, data lost" into RPO bounded by the lag, never 0', () => {
    const o = siteLoss(assessed(), 'payments');
    expect(o).toMatchObject({ rpoSeconds: 30, rpoIsLagBound: true, rtoSeconds: 600, writesContinue: true, mechanism: 'async-replication' });
    expect(describeRpo(o)).toBe('> 0, bounded by replication lag (30s budget)');
    expect(o.reason).toMatch(/never RPO 0/);
  });

  it('leaves zone outcomes the cluster survives on its own alone', () => {
    const zone = assessed().find((o) => o.topic === 'payments' && o.scope === 'zone') as Outcome;
    expect(zone).toMatchObject({ rpoSeconds: 0, mechanism: 'replicas-across-zones' });
  });

  it('does not help topics that are not copied', () => {
    expect(siteLoss(assessed(), 'audit')).toMatchObject({ rpoSeconds: Infinity, mechanism: 'none' });
  });

  it('meets an objective at or above the lag and the failover time', () => {
    expect(
      checkObjectives(
        estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s', failoverTime: '10m' }]),
      ),
    ).toEqual([]);
  });
});

describe('asyncCopies: rejections', () => {
  it('rejects RPO 0 on an async copy, naming the synchronous alternative', () => {
    const problems = checkObjectives(
      estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }], { rpo: '0s', rto: '30m' }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('topicGroups[0].rpo');
    expect(problems[0].message).toMatch(
      /declares RPO 0s but when site fra lost topic "payments" achieves RPO > 0, bounded by replication lag \(30s budget\)/,
    );
    expect(problems[0].fix).toMatch(/cannot give an RPO below its lag.*stretch the cluster synchronously over three sites/);
  });

  it('rejects a finite RPO when the copy declares no maxLag', () => {
    const env = estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'] }]);
    const o = siteLoss(assessEnvironment(env), 'payments');
    expect(o.reason).toMatch(
      /and no maxLag is declared, so the lag \(and the loss\) is unbounded: asynchronous replication is never RPO 0$/,
    );
    expect(o).toMatchObject({ rpoSeconds: Infinity, rpoIsLagBound: true, rtoSeconds: DEFAULT_FAILOVER_SECONDS });
    const problems = checkObjectives(env);
    expect(problems.map((p) => p.path)).toEqual(['topicGroups[0].rpo']);
    expect(problems[0].message).toMatch(/no maxLag declared, so unbounded/);
    expect(problems[0].fix).toMatch(/declare maxLag on replication\[0\]/);
  });

  it('rejects an RTO shorter than the failover time, naming failoverTime', () => {
    const problems = checkObjectives(
      estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }], { rpo: '1m', rto: '5m' }),
    );
    expect(problems.map((p) => p.path)).toEqual(['topicGroups[0].rto']);
    expect(problems[0].message).toMatch(/achieves RTO ≈ 15m/);
    expect(problems[0].fix).toMatch(/shorten failoverTime on replication\[0\]/);
  });

  it('ignores a copy that lives in the failed site', () => {
    const env = estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }]);
    const sameSite = { ...env, clusters: env.clusters.map((c) => (c.id === 'vault' ? { ...c, sites: ['fra'] } : c)) };
    expect(siteLoss(asyncCopies(sameSite, assessEnvironment({ ...sameSite, replication: [] })), 'payments')).toMatchObject({
      rpoSeconds: Infinity,
      mechanism: 'none',
    });
  });

  it('ignores a copy in another site of the failed site’s region: the region goes with it', () => {
    const env = estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }]);
    const sameRegion = { ...env, sites: env.sites.map((s) => (s.id === 'sto' ? { ...s, region: 'eu-central-1' } : s)) };
    expect(siteLoss(assessEnvironment(sameRegion), 'payments')).toMatchObject({ rpoSeconds: Infinity, mechanism: 'none' });
    // The same region name on another cloud is another place.
    const otherCloud = { ...sameRegion, sites: sameRegion.sites.map((s) => (s.id === 'sto' ? { ...s, cloud: 'gcp' as const } : s)) };
    expect(siteLoss(assessEnvironment(otherCloud), 'payments')).toMatchObject({ rpoSeconds: 30, mechanism: 'async-replication' });
  });

  it('prefers a copy that holds the events to a Geo-DR pair, whatever their order', () => {
    const env = EnvironmentSchema.parse({
      name: 'iot',
      stage: 'dev',
      owner: 'o',
      sites: [
        { id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.0.0.0/16' },
        { id: 'neu', cloud: 'azure', region: 'northeurope', cidr: '10.1.0.0/16' },
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.2.0.0/16' },
      ],
      clusters: [
        { id: 'hub', kind: 'event-hubs', sites: ['weu'] },
        { id: 'pair', kind: 'event-hubs', sites: ['neu'] },
        { id: 'copy', kind: 'msk', sites: ['fra'] },
      ],
      topics: [{ name: 'orders', cluster: 'hub', partitions: 4 }],
      replication: [
        { from: 'hub', to: 'pair', mode: 'active-passive', topics: ['orders'] },
        { from: 'hub', to: 'copy', mode: 'active-passive', topics: ['orders'] },
      ],
    });
    expect(siteLoss(assessEnvironment(env), 'orders', 'weu')).toMatchObject({ mechanism: 'async-replication', rpoIsLagBound: true });
    // A lag declared on the Geo-DR entry does not make it copy events.
    const lagged = { ...env, replication: [env.replication[1], { ...env.replication[0], maxLag: '1m' }] };
    expect(siteLoss(assessEnvironment(lagged), 'orders', 'weu')).toMatchObject({ mechanism: 'async-replication', rpoSeconds: Infinity });
    const geoDrOnly = { ...env, replication: env.replication.slice(0, 1) };
    expect(siteLoss(assessEnvironment(geoDrOnly), 'orders', 'weu')).toMatchObject({ mechanism: 'metadata-only', rpoSeconds: Infinity });
  });

  it('picks the copy with the smallest lag when there are several', () => {
    const o = siteLoss(
      assessEnvironment(
        estate([
          { from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '5m' },
          { id: 'fast', from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '10s' },
        ]),
      ),
      'payments',
    );
    expect(o.rpoSeconds).toBe(10);
    expect(o.reason).toMatch(/\(fast\)/);
  });
});

describe('checkReplicationTerms', () => {
  it('rejects maxLag 0 and failoverTime 0', () => {
    const problems = checkReplicationTerms(
      estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '0s', failoverTime: '0' }]),
    );
    expect(problems.map((p) => p.path)).toEqual(['replication[0].maxLag', 'replication[0].failoverTime']);
    expect(problems[0].message).toMatch(/maxLag 0s claims an asynchronous copy with no lag/);
    expect(problems[0].fix).toMatch(/stretch the cluster synchronously/);
  });

  it('says each problem in full', () => {
    expect(
      checkReplicationTerms(
        estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '0s', failoverTime: '0s' }]),
      ),
    ).toEqual([
      {
        file: '',
        path: 'replication[0].maxLag',
        message: 'maxLag 0s claims an asynchronous copy with no lag; replication from "main" to "vault" always trails its source.',
        fix: 'declare the lag budget the link is alarmed on (for example 30s); for zero data loss stretch the cluster synchronously over three sites.',
      },
      {
        file: '',
        path: 'replication[0].failoverTime',
        message: 'failoverTime 0s claims clients move to cluster "vault" instantly.',
        fix: 'declare the time the failover runbook takes (detect, decide, repoint clients), for example 5m.',
      },
    ]);
  });

  it('has nothing to say about an entry that declares neither', () => {
    expect(checkReplicationTerms(estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'] }]))).toEqual([]);
  });

  it('leaves an outcome that names no lost site alone', () => {
    const env = estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }]);
    const orphan = { ...siteLoss(assessEnvironment({ ...env, replication: [] }), 'payments'), lostSite: undefined };
    expect(asyncCopies(env, [orphan])).toEqual([orphan]);
  });

  it('accepts a real lag budget', () => {
    expect(
      checkReplicationTerms(estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }])),
    ).toEqual([]);
  });
});

describe('replication, behaviour pinned by mutation testing', () => {
  it('says a copy in the failed site’s region is lost with the region, and that is why the data is', () => {
    const env = estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }]);
    const sameRegion = { ...env, sites: env.sites.map((s) => (s.id === 'sto' ? { ...s, region: 'eu-central-1' } : s)) };
    expect(siteLoss(assessEnvironment(sameRegion), 'payments').reason).toBe(
      'cluster "main" lives only in fra and the topic is not replicated elsewhere; its copy on cluster "vault" is in the failed region and lost with it',
    );
  });

  it('accepts a real failover time', () => {
    expect(
      checkReplicationTerms(estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], failoverTime: '10m' }])),
    ).toEqual([]);
  });

  it('counts nothing for a reversed entry: failing back copies into its `from` cluster, so it protects nothing there', () => {
    const env = estate([{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s', reversed: true }]);
    expect(siteLoss(assessEnvironment(env), 'payments')).toMatchObject({
      rpoSeconds: Infinity,
      mechanism: 'none',
      reason: 'cluster "main" lives only in fra and the topic is not replicated elsewhere',
    });
  });
});
