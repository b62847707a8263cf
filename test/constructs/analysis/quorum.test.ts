import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import {
  brokerLoss,
  checkStretchedCluster,
  controllerLoss,
  domainLoss,
  placementOf,
  produceLatency,
  quorumFindings,
  replicasInSite,
  replicasTaken,
  siteLosses,
  zoneLosses,
  type SitePlacement,
} from '../../../constructs/analysis/quorum';
import { assessEnvironment, checkObjectives, evaluateObjectives } from '../../../constructs/analysis/resilience';
import type { Environment as KindEnv } from '../../../constructs/model/schema';

/** The check over every self-managed cluster of an environment (the kind runs it per cluster). */
const checkStretchedClusters = (e: KindEnv) =>
  e.clusters.flatMap((c, i) => (c.kind === 'self-managed' ? checkStretchedCluster(e, c, i) : []));

const site = (s: string, brokers: number, controllers: number): SitePlacement => ({ site: s, brokers, controllers });
const three = [site('fra', 2, 1), site('par', 2, 1), site('mil', 2, 1)];
const twoPlusWitness = [site('fra', 2, 1), site('par', 2, 1), site('wit', 0, 1)];
const two = [site('fra', 2, 1), site('par', 2, 2)];

describe('site loss, table-driven (DESIGN.md cases)', () => {
  it.each([
    // name, placement, rf, minIsr, lost site, quorum, dataLoss, writesContinue
    ['3 sites RF3 minISR2 works', three, 3, 2, 'fra', true, false, true],
    ['3 sites RF3 minISR1 loses acked writes', three, 3, 1, 'par', true, true, true],
    ['3 sites RF6 minISR3: 2+2+2, no loss, writes go on', three, 6, 3, 'mil', true, false, true],
    ['2 data sites + witness RF4 minISR3: no loss, writes stop', twoPlusWitness, 4, 3, 'fra', true, false, false],
    ['2 data sites + witness RF4 minISR2: writes go on, acked data can be lost', twoPlusWitness, 4, 2, 'par', true, true, true],
    ['witness lost: nothing happens to data', twoPlusWitness, 4, 3, 'wit', true, false, true],
    ['2 sites RF4 minISR3, site with 2 of 3 voters lost: quorum gone', two, 4, 3, 'par', false, false, false],
    ['2 sites RF4 minISR3, site with 1 of 3 voters lost: no loss, writes stop', two, 4, 3, 'fra', true, false, false],
  ] as const)('%s', (_name, placement, rf, isr, lost, quorum, dataLoss, writes) => {
    const l = siteLosses(placement, { replicationFactor: rf, minInsyncReplicas: isr }).find((x) => x.site === lost)!;
    expect({ quorum: l.quorumSurvives, dataLoss: l.dataLoss, writes: l.writesContinue }).toEqual({ quorum, dataLoss, writes });
  });

  it('explains itself with the numbers', () => {
    const [fra] = siteLosses(twoPlusWitness, { replicationFactor: 4, minInsyncReplicas: 3 });
    expect(fra.explanation).toBe(
      'site fra holds 1 of 3 KRaft voters: 2 left, the quorum (2) survives; it holds up to 2 of RF 4 replicas of a partition: min.insync.replicas 3 > 2, so every acknowledged write is also elsewhere; RF 4 - 2 < min.insync.replicas 3: acks=all writes stop',
    );
  });
});

describe('replica placement', () => {
  it.each([
    [three, 3, 'fra', 1],
    [three, 5, 'fra', 2],
    [twoPlusWitness, 4, 'fra', 2],
    [twoPlusWitness, 4, 'wit', 0],
    [[site('a', 4, 1), site('b', 1, 1), site('c', 1, 1)], 4, 'a', 2], // the small sites cannot take more than one each
    [[site('a', 1, 1), site('b', 1, 1)], 3, 'a', 1], // never more than the site's brokers
  ] as const)('placement %#', (placement, rf, s, m) => {
    expect(replicasInSite(placement, rf, s)).toBe(m);
  });
});

describe('zone, broker and controller loss', () => {
  const r = { replicationFactor: 3, minInsyncReplicas: 2 };
  it('one broker: no loss and writes go on with RF 3 minISR 2', () => {
    expect(brokerLoss(three, r)).toMatchObject({ dataLoss: false, writesContinue: true, quorumSurvives: true });
  });
  it('one broker: writes stop with RF 2 minISR 2', () => {
    expect(brokerLoss(three, { replicationFactor: 2, minInsyncReplicas: 2 })).toMatchObject({ dataLoss: false, writesContinue: false });
  });
  it('one controller of three: the quorum survives', () => {
    expect(controllerLoss(three, r)).toMatchObject({ quorumSurvives: true, votersLeft: 2, majority: 2 });
  });
  it('a zone of a site with two brokers holds one of them', () => {
    expect(zoneLosses(three, r)[0]).toMatchObject({ replicasLost: 1, votersLost: 1, writesContinue: true, dataLoss: false });
  });
  it('a single-site cluster survives a zone with 3 brokers over 3 zones', () => {
    expect(zoneLosses([site('fra', 3, 3)], r)[0]).toMatchObject({
      replicasLost: 1,
      votersLost: 1,
      quorumSurvives: true,
      writesContinue: true,
    });
  });
});

describe('quorum shape', () => {
  it('accepts three sites with one controller each, and two data sites plus a witness', () => {
    expect(quorumFindings(three)).toEqual([]);
    expect(quorumFindings(twoPlusWitness)).toEqual([]);
  });
  it('rejects an even voter count', () => {
    const f = quorumFindings([site('fra', 2, 1), site('par', 2, 1)]);
    expect(f[0].message).toMatch(/^2 KRaft voters is an even number/);
    expect(f[0].fix).toMatch(/add a witness site \(role: witness\) with one controller for 3 voters/);
  });
  it('rejects a site holding half or more of the voters', () => {
    const f = quorumFindings(two);
    expect(f.map((x) => x.message)).toEqual([
      'site par holds 2 of 3 KRaft voters (half or more): losing it loses the controller quorum and the whole cluster stops.',
    ]);
  });
  it('rejects a cluster without controllers', () => {
    expect(quorumFindings([site('fra', 3, 0)])[0].message).toBe('the cluster has no KRaft controllers.');
  });
});

describe('produce latency from declared round trips', () => {
  const rtt: Record<string, Record<string, number>> = { fra: { par: 9, mil: 11 }, par: { mil: 16 } };
  const at = (s: string) => rtt[s];
  it('RF 3 minISR 2 over three sites waits for the nearest other site; the worst leader site counts', () => {
    // fra -> par 9; par -> fra 9; mil -> fra 11
    expect(produceLatency(three, { replicationFactor: 3, minInsyncReplicas: 2 }, at)).toEqual({
      replicationMs: 11,
      leaderSite: 'mil',
      remoteLeaderMs: 16,
      missing: [],
    });
  });
  it('minISR 3 waits for both other sites', () => {
    expect(produceLatency(three, { replicationFactor: 3, minInsyncReplicas: 3 }, at).replicationMs).toBe(16);
  });
  it('names pairs without a round trip', () => {
    expect(
      produceLatency(three, { replicationFactor: 3, minInsyncReplicas: 2 }, (s) => (s === 'fra' ? { par: 9 } : undefined)).missing,
    ).toEqual([
      ['fra', 'mil'],
      ['mil', 'par'],
    ]);
  });
});

/** A stretched estate; `sites` and `cluster` override the three-region default. */
function stretched(
  over: {
    sites?: unknown[];
    cluster?: Record<string, unknown>;
    topic?: Record<string, unknown>;
    group?: Record<string, unknown>;
    replication?: unknown[];
  } = {},
): Environment {
  return EnvironmentSchema.parse({
    name: 'bank',
    stage: 'prod',
    owner: 'payments',
    sites: over.sites ?? [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16', rttMs: { par: 9, mil: 11 } },
      { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16', rttMs: { mil: 16 } },
      { id: 'mil', cloud: 'aws', region: 'eu-south-1', cidr: '10.30.0.0/16' },
    ],
    clusters: [
      { id: 'core', kind: 'self-managed', sites: ['fra', 'par', 'mil'], brokersPerSite: 2, controllersPerSite: 1, ...over.cluster },
    ],
    topicGroups: [{ id: 'payments', rpo: '0s', rto: '30s', ...over.group }],
    topics: [{ name: 'payments', cluster: 'core', partitions: 48, group: 'payments', ...over.topic }],
    replication: over.replication ?? [],
  });
}

const twoRegionSites = [
  { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16', rttMs: { par: 9 } },
  { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16' },
];

describe('self-managed resilience model', () => {
  it('three sites RF 3 minISR 2 meets RPO 0 / RTO 30s for every site and zone', () => {
    const env = stretched();
    expect(checkObjectives(env)).toEqual([]);
    const outcomes = assessEnvironment(env);
    expect(outcomes.filter((o) => o.scope === 'site').map((o) => [o.lostSite, o.rpoSeconds, o.rtoSeconds, o.mechanism])).toEqual([
      ['fra', 0, 30, 'synchronous-stretch'],
      ['par', 0, 30, 'synchronous-stretch'],
      ['mil', 0, 30, 'synchronous-stretch'],
    ]);
  });

  it('rejects RPO 0 / RTO 0 over two regions, explaining the quorum and naming the fix', () => {
    const env = stretched({
      sites: twoRegionSites,
      cluster: { sites: ['fra', 'par'], controllersPerSite: 1 },
      topic: { replicationFactor: 4, minInsyncReplicas: 3 },
      group: { rto: '0s' },
    });
    const problems = checkObjectives(env);
    const rto = problems.find((p) => p.path === 'topicGroups[0].rto')!;
    expect(rto.message).toMatch(
      /group "payments" declares RTO 0s but when site fra lost topic "payments" achieves RTO until the failed domain returns/,
    );
    expect(rto.message).toMatch(/site fra holds 1 of 2 KRaft voters: 1 left, below the quorum of 2/);
    expect(rto.fix).toMatch(/add a third site \(a witness with one controller is enough for the quorum\)/);
    // The quorum shape is rejected on its own too.
    expect(checkStretchedClusters(env).map((p) => p.message)).toContain(
      'cluster "core": 2 KRaft voters is an even number: it tolerates no more failures than 1 and can split evenly between sites.',
    );
  });

  it('two data sites plus a witness: honest "no loss, writes stop", so RPO 0 holds and RTO 30s does not', () => {
    const env = stretched({
      sites: [...twoRegionSites, { id: 'wit', cloud: 'aws', region: 'eu-south-1', role: 'witness', cidr: '10.30.0.0/16' }],
      cluster: { sites: ['fra', 'par', 'wit'] },
      topic: { replicationFactor: 4, minInsyncReplicas: 3 },
    });
    expect(placementOf(env, env.clusters[0])).toEqual([
      { ...site('fra', 2, 1), region: 'aws:eu-central-1' },
      { ...site('par', 2, 1), region: 'aws:eu-west-3' },
      { ...site('wit', 0, 1), region: 'aws:eu-south-1' },
    ]);
    const problems = checkObjectives(env);
    expect(problems.map((p) => p.path)).toEqual(['topicGroups[0].rto']);
    expect(problems[0].fix).toMatch(/add a third data site so that RF - \(replicas one site holds\) >= minInsyncReplicas/);
    expect(evaluateObjectives(env)[0].worst?.rpo.rpoSeconds).toBe(0);
  });

  it('rejects minISR 1 with the placement fix', () => {
    const problems = checkObjectives(stretched({ topic: { minInsyncReplicas: 1 } }));
    expect(problems.map((p) => p.path)).toEqual(['topicGroups[0].rpo']);
    expect(problems[0].fix).toMatch(/raise minInsyncReplicas of "payments" above 1 \(the replicas (a zone of|site) fra holds\)/);
  });

  it('a transactional topic stops with the transaction state log', () => {
    // RF 4 minISR 2 over two data sites + witness keeps writing (4 - 2 >= 2); the log (RF 3: 2+1, min ISR 2) does not.
    const env = stretched({
      sites: [...twoRegionSites, { id: 'wit', cloud: 'aws', region: 'eu-south-1', role: 'witness', cidr: '10.30.0.0/16' }],
      cluster: { sites: ['fra', 'par', 'wit'] },
      topic: { replicationFactor: 4, minInsyncReplicas: 2, transactional: true },
    });
    const fra = (e: Environment) => assessEnvironment(e).find((o) => o.scope === 'site' && o.lostSite === 'fra')!;
    expect(fra(env)).toMatchObject({ writesContinue: false, rtoSeconds: Infinity });
    expect(fra(env).reason).toMatch(/the transaction state log \(RF 3, min ISR 2\) it commits through: site fra holds 1 of 3 KRaft voters/);
    expect(fra({ ...env, topics: env.topics.map((t) => ({ ...t, transactional: false })) })).toMatchObject({
      writesContinue: true,
      rtoSeconds: 30,
    });
  });

  it('an async copy does not replace a stretch that already survives', () => {
    const env = stretched({
      sites: [...stretched().sites, { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.40.0.0/16' }],
      replication: [{ from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s' }],
    });
    const withVault = { ...env, clusters: [...env.clusters, { id: 'vault', kind: 'msk' as const, sites: ['sto'], brokers: 3 }] };
    expect(
      assessEnvironment(withVault)
        .filter((o) => o.cluster === 'core')
        .every((o) => o.mechanism !== 'async-replication'),
    ).toBe(true);
  });
});

describe('sites that share a region fail together (found by the independent model)', () => {
  const sharing = [
    { ...site('fra', 2, 1), region: 'aws:eu-central-1' },
    { ...site('fra2', 2, 1), region: 'aws:eu-central-1' },
    { ...site('dub', 2, 1), region: 'aws:eu-west-1' },
  ];
  const r = { replicationFactor: 3, minInsyncReplicas: 2 };

  it('losing fra loses fra2: two replicas and two of three voters go', () => {
    const [fra, fra2, dub] = siteLosses(sharing, r);
    expect(fra).toMatchObject({ replicasLost: 2, votersLost: 2, quorumSurvives: false, dataLoss: true, writesContinue: false });
    expect(fra2).toMatchObject({ replicasLost: 2, votersLost: 2 });
    expect(dub).toMatchObject({ replicasLost: 1, votersLost: 1, dataLoss: false, writesContinue: true });
    expect(fra.explanation).toMatch(/\(it shares region aws:eu-central-1 with fra2, which fails with it\)$/);
    expect(dub.explanation).not.toMatch(/shares region/);
  });

  it('a zone of the region is a zone of both sites', () => {
    const [fra, , dub] = zoneLosses(sharing, r);
    expect(fra).toMatchObject({ replicasLost: 2, votersLost: 2, dataLoss: true });
    expect(dub).toMatchObject({ replicasLost: 1, votersLost: 1, dataLoss: false });
  });

  it('the quorum finding names the region that holds half or more of the voters, once', () => {
    expect(quorumFindings(sharing)).toEqual([
      {
        message:
          'sites fra, fra2 share region aws:eu-central-1 and hold 2 of 3 KRaft voters (half or more): losing the region loses the controller quorum and the whole cluster stops.',
        fix: 'put the sites of a stretched cluster in different regions, so that no region holds half of the voters.',
      },
    ]);
  });

  it('sites without a region stand alone', () => {
    expect(siteLosses(three, r).map((l) => l.replicasLost)).toEqual([1, 1, 1]);
    expect(quorumFindings(three)).toEqual([]);
  });

  it('the environment check and the outcomes see the shared region', () => {
    const env = stretched({
      sites: [
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16', rttMs: { fra2: 1, dub: 20 } },
        { id: 'fra2', cloud: 'aws', region: 'eu-central-1', cidr: '10.20.0.0/16', rttMs: { dub: 20 } },
        { id: 'dub', cloud: 'aws', region: 'eu-west-1', cidr: '10.30.0.0/16' },
      ],
      cluster: { sites: ['fra', 'fra2', 'dub'] },
    });
    expect(checkStretchedClusters(env).map((p) => p.message)).toEqual([
      'cluster "core": sites fra, fra2 share region aws:eu-central-1 and hold 2 of 3 KRaft voters (half or more): losing the region loses the controller quorum and the whole cluster stops.',
    ]);
    const fra = assessEnvironment(env).find((o) => o.failure === 'site fra lost')!;
    expect(fra).toMatchObject({ rpoSeconds: Infinity, writesContinue: false });
  });
});

describe('replicasTaken: the most replicas of one partition a failure takes', () => {
  const p = (b: number[]) => b.map((n, i) => site(`s${i}`, n, 1));
  it.each([
    // brokers per site, rf, brokers taken per site, most replicas taken
    [[2, 2, 2], 3, [2, 0, 0], 1],
    [[2, 2, 2], 5, [2, 0, 0], 2],
    [[2, 2, 2], 5, [2, 2, 0], 4],
    [[1, 1, 10, 10], 8, [0, 0, 10, 0], 3], // small sites filled first, the rest split evenly
    [[1, 1, 10, 10], 8, [1, 1, 0, 0], 2],
    [[3, 3, 3], 6, [1, 1, 1], 3], // a zone of each site, each site holding two replicas
    [[3, 3, 3], 3, [1, 1, 0], 2],
    [[2, 1, 1], 4, [2, 0, 0], 2],
    [[2, 1, 1], 4, [1, 1, 1], 3],
    [[1, 1], 3, [1, 0], 1], // more replicas than brokers: never more than the site has
    [[0, 3, 3], 3, [0, 3, 0], 2], // a witness holds none
  ] as const)('%j brokers, RF %i, %j taken: %i', (brokers, rf, taken, most) => {
    const placement = p([...brokers]);
    expect(replicasTaken(placement, rf, (s) => taken[placement.indexOf(s)])).toBe(most);
  });
});

describe('checkStretchedClusters', () => {
  it('accepts the three-region stretch', () => {
    expect(checkStretchedClusters(stretched())).toEqual([]);
  });
  it('warns above the latency budget', () => {
    const p = checkStretchedClusters(stretched({ cluster: { produceLatencyBudgetMs: 10 } }));
    expect(p).toEqual([
      expect.objectContaining({
        path: 'clusters[0].produceLatencyBudgetMs',
        severity: 'warning',
        message:
          'cluster "core": acks=all produces led in mil wait about 11 ms for min.insync.replicas 2 across sites (topic "payments"), above the budget of 10 ms.',
      }),
    ]);
  });
  it('warns when a round trip is missing', () => {
    const sites = stretched().sites.map((s) => ({ ...s, rttMs: undefined }));
    const p = checkStretchedClusters(stretched({ sites }));
    expect(p.map((x) => [x.path, x.severity])).toEqual([
      ['sites[0].rttMs', 'warning'],
      ['sites[0].rttMs', 'warning'],
      ['sites[2].rttMs', 'warning'],
    ]);
  });
  it('rejects a site holding half the voters', () => {
    const p = checkStretchedClusters(stretched({ cluster: { controllersPerSite: 2 } }));
    expect(p.map((x) => x.message)).toEqual([
      'cluster "core": 6 KRaft voters is an even number: it tolerates no more failures than 5 and can split evenly between sites.',
    ]);
  });
  it('rejects brokers that do not split evenly', () => {
    const p = checkStretchedClusters(stretched({ cluster: { brokersPerSite: undefined, brokers: 7 } }));
    expect(p.map((x) => x.path)).toEqual(['clusters[0].brokers']);
  });
});

describe('behaviour pinned by mutation testing', () => {
  const r = { replicationFactor: 3, minInsyncReplicas: 2 };

  it('a partial last round of replicas: two full sites taken hold 3 of RF 4 over three sites of two brokers', () => {
    // 1+1+1 in the first round, the fourth replica in one site: two sites hold at most 2+1.
    const placement = [site('a', 2, 1), site('b', 2, 1), site('c', 2, 1)];
    expect(replicasTaken(placement, 4, (s) => (s.site === 'c' ? 0 : 2))).toBe(3);
  });

  it('names every site of the shared region in the explanation, in the plural', () => {
    const placement = ['fra', 'fra2', 'fra3'].map((id) => ({ ...site(id, 1, 1), region: 'aws:eu-central-1' }));
    expect(siteLosses(placement, r)[0].explanation).toMatch(/\(it shares region aws:eu-central-1 with fra2, fra3, which fail with it\)$/);
  });

  it('a domain holding every broker takes every replica, even beyond the brokers it has (a witness outside does not help)', () => {
    const placement = [site('fra', 1, 1), site('par', 1, 1), site('wit', 0, 1)];
    expect(domainLoss(placement, r, 'provider aws', ['fra', 'par'])).toMatchObject({ replicasLost: 3, dataLoss: true, votersLost: 2 });
  });

  it('quorum findings say how to fix them, and a single site holds its own quorum without a finding', () => {
    expect(quorumFindings([site('fra', 3, 0)])[0].fix).toBe('give each site controllersPerSite: 1 (3 voters over three sites).');
    expect(quorumFindings(two)[0].fix).toBe(
      'spread voters so that no site holds half of them: one controller in each of three sites, or two data sites plus a witness site.',
    );
    expect(quorumFindings([site('fra', 3, 3)])).toEqual([]);
  });

  describe('produce latency', () => {
    const at = (m: Record<string, Record<string, number>>) => (s: string) => m[s];
    it('waits for the nearest other site, whatever order the sites are declared in', () => {
      expect(produceLatency(three, r, at({ fra: { par: 20, mil: 5 }, par: { mil: 20 } })).replicationMs).toBe(20);
      expect(produceLatency(three, r, at({ fra: { par: 20, mil: 5 }, par: { mil: 20 } })).leaderSite).toBe('par');
      expect(
        produceLatency(three, { replicationFactor: 3, minInsyncReplicas: 3 }, at({ fra: { par: 20, mil: 5 }, par: { mil: 30 } })),
      ).toEqual({ replicationMs: 30, leaderSite: 'par', remoteLeaderMs: 30, missing: [] });
    });
    it('a round-trip matrix with its diagonal: a site is not its own follower', () => {
      const full = at({ fra: { fra: 1, par: 9, mil: 11 }, par: { par: 1, mil: 16 }, mil: { mil: 1 } });
      expect(produceLatency(three, { replicationFactor: 3, minInsyncReplicas: 3 }, full).replicationMs).toBe(16);
    });
    it('the first leader site keeps the worst wait on a tie, and a write that needs no other site waits for none', () => {
      const even = at({ fra: { par: 10, mil: 10 }, par: { mil: 10 } });
      expect(produceLatency(three, r, even)).toEqual({ replicationMs: 10, leaderSite: 'fra', remoteLeaderMs: 10, missing: [] });
      expect(produceLatency(three, { replicationFactor: 3, minInsyncReplicas: 1 }, even)).toEqual({
        replicationMs: 0,
        leaderSite: 'fra',
        remoteLeaderMs: 10,
        missing: [],
      });
    });
    it('a cluster without brokers has no leader site', () => {
      expect(produceLatency([site('wit', 0, 1)], r, at({}))).toEqual({ replicationMs: 0, leaderSite: '', remoteLeaderMs: 0, missing: [] });
    });
  });

  it('a region that stops writes without taking the quorum: wait for the domain, or add a data site', () => {
    const region = (id: string, name: string, n: number) => ({ id, cloud: 'aws', region: name, cidr: `10.${n}.0.0/16` });
    const env = stretched({
      sites: [
        region('fra', 'eu-central-1', 10),
        region('fra2', 'eu-central-1', 11),
        region('par', 'eu-west-3', 12),
        region('mil', 'eu-south-1', 13),
        region('dub', 'eu-west-1', 14),
      ],
      cluster: { sites: ['fra', 'fra2', 'par', 'mil', 'dub'], brokersPerSite: 1 },
    });
    const lost = assessEnvironment(env).find((o) => o.scope === 'region')!;
    expect(lost).toMatchObject({ writesContinue: false, rtoSeconds: Infinity });
    expect(lost.rtoFix).toMatch(/or accept that writes stop until the domain returns and declare a longer RTO\.$/);
  });

  it('a transactional topic names the region that stops its transaction state log', () => {
    const region = (id: string, name: string, n: number) => ({ id, cloud: 'aws', region: name, cidr: `10.${n}.0.0/16` });
    const env = stretched({
      sites: [
        region('fra', 'eu-central-1', 10),
        region('fra2', 'eu-central-1', 11),
        region('par', 'eu-west-3', 12),
        region('mil', 'eu-south-1', 13),
        region('dub', 'eu-west-1', 14),
      ],
      cluster: { sites: ['fra', 'fra2', 'par', 'mil', 'dub'], brokersPerSite: 1 },
      topic: { replicationFactor: 5, minInsyncReplicas: 2, transactional: true },
    });
    // The topic keeps 3 of RF 5 replicas and writes on; the log (RF 3) keeps 1 of 3, below its min ISR 2.
    const lost = assessEnvironment(env).find((o) => o.scope === 'region')!;
    expect(lost.writesContinue).toBe(false);
    expect(lost.reason).toMatch(/it commits through: region aws\/eu-central-1 holds 2 of 5 KRaft voters/);
  });

  describe('the stretched-cluster check', () => {
    const witnesses = [
      { id: 'w1', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16', role: 'witness' },
      { id: 'w2', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16', role: 'witness' },
      { id: 'w3', cloud: 'aws', region: 'eu-south-1', cidr: '10.30.0.0/16', role: 'witness' },
    ];
    it('refuses a cluster of witness sites only, and does not ask it to split brokers over no data site', () => {
      const env = stretched({ sites: witnesses, cluster: { sites: ['w1', 'w2', 'w3'], brokersPerSite: undefined, brokers: 3 } });
      expect(checkStretchedClusters(env)).toEqual([
        {
          file: '',
          path: 'clusters[0].sites',
          message: 'cluster "core" has only witness sites, so no brokers.',
          fix: 'list at least one site whose role is not witness.',
        },
      ]);
    });
    it('counts data sites, not witnesses, when brokers split, and ignores the total when brokersPerSite is set', () => {
      const sites = [...twoRegionSites, { id: 'wit', cloud: 'aws', region: 'eu-south-1', role: 'witness', cidr: '10.30.0.0/16' }];
      const brokers = (cluster: Record<string, unknown>) =>
        checkStretchedClusters(stretched({ sites, cluster: { sites: ['fra', 'par', 'wit'], ...cluster } })).filter(
          (p) => p.path === 'clusters[0].brokers',
        );
      expect(brokers({ brokersPerSite: undefined, brokers: 4 })).toEqual([]);
      expect(brokers({ brokersPerSite: 2, brokers: 7 })).toEqual([]);
    });
    it('holds produce latency to the budget of the topic with the highest min.insync.replicas, the first of equals', () => {
      const topics = [
        { name: 'b', cluster: 'core', partitions: 3, minInsyncReplicas: 2 },
        { name: 'a', cluster: 'core', partitions: 3, minInsyncReplicas: 3, replicationFactor: 3 },
        { name: 'c', cluster: 'core', partitions: 3, minInsyncReplicas: 3, replicationFactor: 3 },
      ];
      const env = (budget: number) => ({ ...stretched({ cluster: { produceLatencyBudgetMs: budget } }), topics }) as never;
      expect(checkStretchedClusters(env(12))).toEqual([
        {
          file: '',
          path: 'clusters[0].produceLatencyBudgetMs',
          message:
            'cluster "core": acks=all produces led in par wait about 16 ms for min.insync.replicas 3 across sites (topic "a"), above the budget of 12 ms.',
          fix: 'stretch only over sites with a lower round-trip time (nearby regions), or raise the budget if producers can take it.',
          severity: 'warning',
        },
      ]);
      expect(checkStretchedClusters(env(16))).toEqual([]);
      expect(checkStretchedClusters(env(100))).toEqual([]);
    });
  });
});
