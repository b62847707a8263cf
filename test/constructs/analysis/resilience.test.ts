import {
  assessEnvironment,
  checkObjectives,
  describeRpo,
  evaluateObjectives,
  loseDomain,
  maxReplicasPerDomain,
  widerLosses,
} from '../../../constructs/analysis/resilience';
import { EnvironmentSchema } from '../../../constructs/model/schema';
import { BUILT_IN_KINDS, registerKindModel } from '../../../constructs/kinds/registry';
import { baseEnv, envOf, problemsOf } from '../../helpers';

describe('losing the domain with the most replicas (DESIGN.md rule)', () => {
  it.each([
    // rf, minIsr, m, dataLoss, writesContinue
    [3, 2, 1, false, true], // 1+1+1 over three domains: the safe default
    [3, 1, 1, true, true], // minISR 1: an acked write may sit on the lost broker only
    [4, 3, 2, false, false], // 2+2 over two sites: no loss, but writes stop
    [4, 2, 2, true, true], // 2+2 with minISR 2: writes go on, acked data can be lost
    [3, 2, 2, true, false], // 2+1 placement: the big side may hold every acked copy, and writes stop
    [5, 3, 2, false, true], // 2+2+1
  ])('RF %d minISR %d, m=%d: loss=%s writes=%s', (rf, isr, m, loss, writes) => {
    expect(loseDomain(rf, isr, m)).toEqual({ dataLoss: loss, writesContinue: writes });
  });

  it('spreads replicas rack-aware', () => {
    expect([maxReplicasPerDomain(3, 3), maxReplicasPerDomain(4, 2), maxReplicasPerDomain(3, 1), maxReplicasPerDomain(5, 3)]).toEqual([
      1, 2, 3, 2,
    ]);
  });
});

describe('MSK in one region', () => {
  // Assessed in each test, not while the file loads: mutation testing then knows which tests reach which code.
  const single = () => envOf(baseEnv());

  it('loses nothing and keeps writing when a zone is lost (RF 3, minISR 2 over 3 zones)', () => {
    const zone = assessEnvironment(single()).find((o) => o.scope === 'zone')!;
    expect(zone).toEqual(
      expect.objectContaining({ rpoSeconds: 0, writesContinue: true, rtoSeconds: 30, mechanism: 'replicas-across-zones' }),
    );
  });

  it("admits that the region's loss loses the data when nothing is replicated", () => {
    const site = assessEnvironment(single()).find((o) => o.scope === 'site')!;
    expect(site).toEqual(expect.objectContaining({ rpoSeconds: Infinity, rtoSeconds: Infinity, writesContinue: false, mechanism: 'none' }));
  });

  it('meets a zone-scoped RPO 0 objective', () => {
    const env = single();
    expect(evaluateObjectives(env)[0].met).toBe(true);
    expect(checkObjectives(env)).toEqual([]);
  });

  it('rejects a site-scoped RPO 0 objective on a single region, naming the fix', () => {
    const e = baseEnv();
    e.topicGroups[0].scope = 'site';
    const problems = problemsOf(e);
    expect(problems.find((p) => p.path === 'topicGroups[0].rpo')).toEqual(
      expect.objectContaining({
        message: expect.stringMatching(/declares RPO 0s but when site fra lost topic "orders" achieves RPO unbounded \(data lost\)/),
        fix: expect.stringMatching(/replicate the topics to another site .* stretch the cluster over three sites/),
      }),
    );
    expect(problems.find((p) => p.path === 'topicGroups[0].rto')!.message).toMatch(/achieves RTO until the failed domain returns/);
    expect(problems.find((p) => p.path === 'topicGroups[0].rto')!.fix).toBe(
      'add a third data site (stretched cluster) or a replicated copy with a failover runbook, or declare a longer RTO.',
    );
  });

  it('rejects RPO 0 when minISR 1 lets an acknowledged write live in one zone', () => {
    const e = baseEnv();
    e.topics[0].minInsyncReplicas = 1;
    expect(problemsOf(e).find((p) => p.path === 'topicGroups[0].rpo')!.message).toMatch(
      /min.insync.replicas 1 <= 1: an acknowledged write can be lost/,
    );
  });

  it('RF 2 / minISR 1 keeps writing after a zone loss but may lose acknowledged data', () => {
    const e = baseEnv();
    e.topics[0].replicationFactor = 2;
    e.topics[0].minInsyncReplicas = 1;
    const paths = problemsOf(e).map((p) => p.path);
    expect(paths).toContain('topicGroups[0].rpo');
    expect(paths).not.toContain('topicGroups[0].rto');
  });
});

describe('objectives read only their own topics, and are met at the boundary', () => {
  it('ignores a topic of the same name on another cluster, outside the group', () => {
    const e = baseEnv();
    e.sites.push({ id: 'dub', cloud: 'aws', region: 'eu-west-1', role: 'primary', cidr: '10.1.0.0/16' });
    e.clusters.push({ id: 'side', kind: 'msk', sites: ['dub'], brokers: 3, instanceType: 'kafka.m5.large' });
    // Same name, no group, and it loses data when a zone goes: not the group's business.
    e.topics.push({ name: 'orders', cluster: 'side', partitions: 3, replicationFactor: 3, minInsyncReplicas: 1 });
    const [r] = evaluateObjectives(envOf(e));
    expect(r.met).toBe(true);
    expect(r.worst?.rpo.cluster).toBe('main');
  });

  it('meets an RTO equal to the outcome, not only above it', () => {
    const e = baseEnv();
    e.topicGroups[0].rto = '30s';
    const [r] = evaluateObjectives(envOf(e));
    expect([r.worst?.rto.rtoSeconds, r.declaredRtoSeconds, r.met]).toEqual([30, 30, true]);
  });
});

describe('resilience, behaviour pinned by mutation testing', () => {
  /** A cluster over two sites of eu-central-1 and one of eu-west-1, assessed site by site only. */
  const twoInOneRegion = () => {
    const e = baseEnv();
    e.sites = [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', role: 'primary', cidr: '10.0.0.0/16' },
      { id: 'fra2', cloud: 'aws', region: 'eu-central-1', role: 'primary', cidr: '10.1.0.0/16' },
      { id: 'dub', cloud: 'aws', region: 'eu-west-1', role: 'primary', cidr: '10.2.0.0/16' },
    ];
    e.clusters = [{ id: 'core', kind: 'self-managed', sites: ['fra', 'fra2', 'dub'], brokersPerSite: 2, instanceType: 'm7i.large' }];
    e.topics[0].cluster = 'core';
    return EnvironmentSchema.parse(e);
  };

  it('counts a cluster as lost when a region takes part of it and no model says what remains', () => {
    const env = twoInOneRegion();
    // What a kind that models single sites only would give: no region or provider outcome.
    const perSite = assessEnvironment(env).filter((o) => o.scope === 'site' || o.scope === 'zone');
    const wider = widerLosses(env, perSite);
    expect(wider.map((o) => [o.scope, o.failure, o.writesContinue, o.rpoSeconds, o.rtoSeconds, o.mechanism, o.lostSites])).toEqual([
      ['region', 'region aws/eu-central-1 lost (sites fra, fra2)', false, Infinity, Infinity, 'none', ['fra', 'fra2']],
      ['provider', 'provider aws lost (sites fra, fra2, dub)', false, Infinity, Infinity, 'none', ['fra', 'fra2', 'dub']],
    ]);
    // Nothing is copied: the review says the data is lost, not that a lag bounds the loss.
    expect(wider.map(describeRpo)).toEqual(['unbounded (data lost)', 'unbounded (data lost)']);
    expect(wider.map((o) => o.reason)).toEqual([
      'cluster "core" loses fra, fra2 at once with region aws/eu-central-1, and no model says what remains, so it is counted as lost',
      'cluster "core" loses fra, fra2, dub at once with provider aws, and no model says what remains, so it is counted as lost',
    ]);
  });

  it('leaves a region or provider loss to the cluster’s own model when it has one', () => {
    const env = twoInOneRegion();
    expect(widerLosses(env, assessEnvironment(env))).toEqual([]);
  });

  it('still loses a single-site cluster with its region when a stretched cluster there models the region itself', () => {
    const e = baseEnv();
    e.sites = twoInOneRegion().sites;
    e.clusters = [
      { id: 'core', kind: 'self-managed', sites: ['fra', 'fra2', 'dub'], brokersPerSite: 2, instanceType: 'm7i.large' },
      { id: 'side', kind: 'msk', sites: ['fra2'], brokers: 3, instanceType: 'kafka.m5.large' },
    ];
    e.topics = [
      { name: 'orders', cluster: 'core', partitions: 3 },
      { name: 'clicks', cluster: 'side', partitions: 3 },
    ];
    const side = assessEnvironment(EnvironmentSchema.parse(e)).filter((o) => o.cluster === 'side' && o.scope !== 'zone');
    expect(side.map((o) => [o.failure, o.rpoSeconds, o.writesContinue])).toEqual([
      ['site fra2 lost', Infinity, false],
      ['region aws/eu-central-1 lost (sites fra, fra2)', Infinity, false],
      ['provider aws lost (sites fra, fra2, dub)', Infinity, false],
    ]);
  });
});

describe('an objective that names the provider, with the only copy on the same provider', () => {
  const env = () => {
    const e = baseEnv();
    e.sites.push({ id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.1.0.0/16' });
    e.clusters.push({ id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3, instanceType: 'kafka.m5.large' });
    e.replication = [{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['orders'], maxLag: '30s' }];
    e.topicGroups[0] = { id: 'orders', scope: 'provider', rpo: '1m', rto: '30m' };
    return EnvironmentSchema.parse(e);
  };

  it('is refused by the provider loss, not the site loss the copy covers, with fixes that look outside the provider', () => {
    expect(checkObjectives(env()).map((p) => [p.path, p.message.replace(/: .*/, ''), p.fix])).toEqual([
      [
        'topicGroups[0].rpo',
        'group "orders" declares RPO 1m but when provider aws lost (sites fra, sto) topic "orders" achieves RPO unbounded (data lost)',
        'replicate the topics to a site outside the provider (replication with maxLag): copies inside it are lost with it.',
      ],
      [
        'topicGroups[0].rto',
        'group "orders" declares RTO 30m but when provider aws lost (sites fra, sto) topic "orders" achieves RTO until the failed domain returns',
        'keep a copy with a failover runbook in a site outside the provider, or declare a longer RTO.',
      ],
    ]);
  });
});

describe('objectives hold RPO and RTO each to its own bound', () => {
  it('refuses the RTO alone when RPO 0 is met exactly', () => {
    const e = baseEnv();
    // A zone's loss moves leadership in 30s; the group allows 10s.
    e.topicGroups[0].rto = '10s';
    const tight = EnvironmentSchema.parse(e);
    expect(evaluateObjectives(tight)[0].met).toBe(false);
    expect(checkObjectives(tight).map((p) => [p.path, p.fix])).toEqual([
      ['topicGroups[0].rto', 'keep RF - (replicas per zone) >= minInsyncReplicas.'],
    ]);
  });

  it('refuses the RPO alone when the RTO is met exactly', () => {
    const e = baseEnv();
    e.topics[0].minInsyncReplicas = 1;
    e.topicGroups[0].rto = '30s';
    const env = EnvironmentSchema.parse(e);
    expect(checkObjectives(env).map((p) => [p.path, p.fix])).toEqual([
      ['topicGroups[0].rpo', 'raise minInsyncReplicas so that it exceeds the replicas one zone holds.'],
    ]);
  });

  it('ignores a topic of the group’s name on a cluster outside it, even when that cluster holds another of its topics', () => {
    const e = baseEnv();
    e.sites.push({ id: 'dub', cloud: 'aws', region: 'eu-west-1', role: 'primary', cidr: '10.1.0.0/16' });
    e.clusters.push({ id: 'side', kind: 'msk', sites: ['dub'], brokers: 3, instanceType: 'kafka.m5.large' });
    e.topics.push(
      { name: 'ledger', cluster: 'side', partitions: 3, group: 'orders' },
      // Same name as the group's topic on main, no group: it loses data with a zone, but that is not the group's business.
      { name: 'orders', cluster: 'side', partitions: 3, replicationFactor: 3, minInsyncReplicas: 1 },
    );
    const [r] = evaluateObjectives(EnvironmentSchema.parse(e));
    expect([r.met, r.worst?.rpo.rpoSeconds]).toEqual([true, 0]);
  });
});

describe('a team’s own kind that models single sites only', () => {
  // Each site's loss keeps every write in the others; it says nothing of a region's loss.
  registerKindModel({
    ...BUILT_IN_KINDS['self-managed'],
    kind: 'sites-only',
    resilience: (_env, c, topics) =>
      topics.flatMap((t) =>
        c.sites.map((site) => ({
          topic: t.name,
          cluster: c.id,
          scope: 'site' as const,
          failure: `site ${site} lost`,
          rpoSeconds: 0,
          rpoIsLagBound: false,
          rtoSeconds: 30,
          writesContinue: true,
          mechanism: 'synchronous-stretch' as const,
          reason: `cluster "${c.id}" keeps every write in its other sites`,
          lostSite: site,
        })),
      ),
  });

  it('is refused a region objective by the region loss it cannot model, with fixes that look outside the region', () => {
    const e = baseEnv();
    e.sites = [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.0.0.0/16' },
      { id: 'fra2', cloud: 'aws', region: 'eu-central-1', cidr: '10.1.0.0/16' },
      { id: 'dub', cloud: 'aws', region: 'eu-west-1', cidr: '10.2.0.0/16' },
    ];
    e.clusters = [{ id: 'core', kind: 'sites-only', sites: ['fra', 'fra2', 'dub'], brokersPerSite: 2 }];
    e.topics[0].cluster = 'core';
    e.topicGroups[0] = { id: 'orders', scope: 'region', rpo: '0s', rto: '5m' };
    expect(checkObjectives(EnvironmentSchema.parse(e)).map((p) => [p.path, p.message.replace(/ topic .*/, ''), p.fix])).toEqual([
      [
        'topicGroups[0].rpo',
        'group "orders" declares RPO 0s but when region aws/eu-central-1 lost (sites fra, fra2)',
        'replicate the topics to a site outside the region (replication with maxLag): copies inside it are lost with it.',
      ],
      [
        'topicGroups[0].rto',
        'group "orders" declares RTO 5m but when region aws/eu-central-1 lost (sites fra, fra2)',
        'keep a copy with a failover runbook in a site outside the region, or declare a longer RTO.',
      ],
    ]);
  });
});
