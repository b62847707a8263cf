import {
  assessEnvironment,
  checkObjectives,
  evaluateObjectives,
  loseDomain,
  maxReplicasPerDomain,
} from '../../../constructs/analysis/resilience';
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
  const env = envOf(baseEnv());
  const outcomes = assessEnvironment(env);

  it('loses nothing and keeps writing when a zone is lost (RF 3, minISR 2 over 3 zones)', () => {
    const zone = outcomes.find((o) => o.scope === 'zone')!;
    expect(zone).toEqual(
      expect.objectContaining({ rpoSeconds: 0, writesContinue: true, rtoSeconds: 30, mechanism: 'replicas-across-zones' }),
    );
  });

  it("admits that the region's loss loses the data when nothing is replicated", () => {
    const site = outcomes.find((o) => o.scope === 'site')!;
    expect(site).toEqual(expect.objectContaining({ rpoSeconds: Infinity, rtoSeconds: Infinity, writesContinue: false, mechanism: 'none' }));
  });

  it('meets a zone-scoped RPO 0 objective', () => {
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
