import { EnvironmentSchema } from '../../../constructs/model/schema';
import { BROKER_PROFILES, checkSelfManagedSizing, diskGiB, sizeBrokers } from '../../../constructs/analysis/sizing';
import type { Environment as KindEnv } from '../../../constructs/model/schema';

/** The check over every self-managed cluster of an environment (the kind runs it per cluster). */
const checkSizing = (e: KindEnv) => e.clusters.flatMap((c, i) => (c.kind === 'self-managed' ? checkSelfManagedSizing(e, c, i) : []));

/**
 * Robinhood's published estate (the reference talk): 6 clusters, 160 brokers, 90k
 * partitions, 2.2M messages/s. Assumptions, stated: the load splits evenly over the
 * clusters, 90k counts topic partitions (replicas not included), messages average
 * 1 KiB, RF 3, one day of retention, m7i.2xlarge brokers.
 */
describe('sizing against the Robinhood figures', () => {
  const clusters = 6;
  const perCluster = sizeBrokers({
    inMBps: ((2_200_000 / clusters) * 1024) / (1024 * 1024),
    outMBps: (3 * (2_200_000 / clusters) * 1024) / (1024 * 1024),
    messageBytes: 1024,
    retentionSeconds: 86400,
    replicationFactor: 3,
    partitions: 90_000 / clusters,
    profile: BROKER_PROFILES['m7i.2xlarge'],
  });

  it('reproduces the message rate', () => {
    expect(perCluster.messagesPerSecond * clusters).toBeGreaterThanOrEqual(2_199_990);
    expect(perCluster.messagesPerSecond * clusters).toBeLessThanOrEqual(2_200_010);
  });

  it('finds partitions, not throughput, set the broker count', () => {
    expect(perCluster.boundBy).toBe('partitions');
    expect(perCluster.brokersFor).toEqual({ writes: 6, network: 8, partitions: 23, disk: 7, durability: 3 });
  });

  it('fits the estate in the 160 brokers Robinhood runs', () => {
    expect(perCluster.brokers * clusters).toBe(138);
    expect(perCluster.brokers * clusters).toBeLessThanOrEqual(160);
  });

  it('keeps partitions per broker within the limit at 160 brokers', () => {
    expect(Math.ceil((90_000 * 3) / 160)).toBe(1688);
    expect(Math.ceil((90_000 * 3) / 160)).toBeLessThanOrEqual(BROKER_PROFILES['m7i.2xlarge'].partitions);
  });

  it('flags the same estate on 60 brokers as under-sized', () => {
    expect(perCluster.brokers).toBeGreaterThan(60 / clusters);
  });

  it('gives each broker its share of the disk', () => {
    // 358 MB/s x 1 day x RF 3 x 1.25 headroom over 23 brokers
    expect(perCluster.diskPerBrokerGiB).toBe(4926);
  });
});

describe('sizeBrokers', () => {
  const base = {
    inMBps: 100,
    outMBps: 300,
    messageBytes: 1024,
    retentionSeconds: 86400,
    replicationFactor: 3,
    partitions: 100,
    profile: BROKER_PROFILES['m7i.xlarge'],
  };
  it('rounds up to whole sites for a stretched cluster', () => {
    expect(sizeBrokers({ ...base, multipleOf: 3 }).brokers % 3).toBe(0);
  });
  it('is bound by disk for long retention', () => {
    expect(sizeBrokers({ ...base, retentionSeconds: 30 * 86400 }).boundBy).toBe('disk');
  });
  it('never goes below three brokers', () => {
    expect(sizeBrokers({ ...base, inMBps: 0.1, outMBps: 0.1, partitions: 1 }).brokers).toBe(3);
  });
});

describe('checkSizing', () => {
  const env = (cluster: Record<string, unknown>) =>
    EnvironmentSchema.parse({
      name: 'bank',
      stage: 'prod',
      owner: 'payments',
      sites: [
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
        { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16' },
        { id: 'mil', cloud: 'aws', region: 'eu-south-1', cidr: '10.30.0.0/16' },
      ],
      clusters: [
        {
          id: 'core',
          kind: 'self-managed',
          sites: ['fra', 'par', 'mil'],
          brokersPerSite: 1,
          instanceType: 'm7i.xlarge',
          storageGiB: 1000,
          ...cluster,
        },
      ],
      topics: [{ name: 'payments', cluster: 'core', partitions: 2000, retention: '1d' }],
    });

  it('rejects too few brokers, naming the bound and the fix', () => {
    const p = checkSizing(env({ throughput: { inMBps: 100, outMBps: 300 } }));
    expect(p[0]).toMatchObject({ path: 'clusters[0].brokersPerSite' });
    expect(p[0].message).toMatch(
      /^cluster "core" has 3 × m7i.xlarge brokers; 100 MB\/s in, 300 MB\/s out and \d+ partition replicas need 6 \(bound by (partitions|network|writes)/,
    );
    expect(p[0].fix).toMatch(/brokersPerSite 2\.$/);
  });

  it('points at brokers when the file gives a total', () => {
    expect(checkSizing(env({ brokersPerSite: undefined, brokers: 3, throughput: { inMBps: 100, outMBps: 300 } }))[0].path).toBe(
      'clusters[0].brokers',
    );
  });

  it('rejects a volume too small for the retention', () => {
    const p = checkSizing(env({ brokersPerSite: 4, throughput: { inMBps: 100, outMBps: 300 } }));
    expect(p.map((x) => x.path)).toEqual(['clusters[0].storageGiB']);
    expect(p[0].message).toMatch(/each of its 12 brokers needs about 2637 GiB \(with 25% headroom\), but storageGiB is 1000/);
  });

  it('accepts a cluster sized for its load', () => {
    expect(checkSizing(env({ brokersPerSite: 4, storageGiB: 3000, throughput: { inMBps: 100, outMBps: 300 } }))).toEqual([]);
  });

  it('warns when the instance type has no profile', () => {
    expect(checkSizing(env({ instanceType: 'r8g.large', throughput: { inMBps: 1, outMBps: 1 } }))[0]).toMatchObject({
      severity: 'warning',
      path: 'clusters[0].instanceType',
    });
  });
});

describe('sizing, word for word (pinned after mutation testing)', () => {
  const base = {
    inMBps: 100,
    outMBps: 300,
    messageBytes: 1024,
    retentionSeconds: 86400,
    replicationFactor: 3,
    partitions: 100,
    profile: BROKER_PROFILES['m7i.xlarge'],
  };

  it('keeps the baseline figures of every profile', () => {
    expect(BROKER_PROFILES).toMatchSnapshot();
  });

  it.each([
    ['writes', { ...base, inMBps: 400, outMBps: 1, profile: { networkMBps: 100000, ebsMBps: 100, partitions: 100000 } }],
    ['network', { ...base, inMBps: 10, outMBps: 2000 }],
    ['partitions', { ...base, partitions: 5000 }],
    ['disk', { ...base, retentionSeconds: 60 * 86400 }],
    ['durability', { ...base, inMBps: 0.1, outMBps: 0.1, partitions: 1, replicationFactor: 5 }],
  ] as const)('bound by %s', (bound, input) => {
    const s = sizeBrokers(input);
    expect(s.boundBy).toBe(bound);
    expect(s).toMatchSnapshot();
  });

  it('counts partition replicas per broker at the sized count', () => {
    const s = sizeBrokers({ ...base, partitions: 5000 });
    expect(s.partitionsPerBroker).toBe(Math.ceil((5000 * 3) / s.brokers));
  });

  const env = (
    cluster: Record<string, unknown>,
    topics: unknown[] = [{ name: 'payments', cluster: 'core', partitions: 600, retention: '1d' }],
  ) =>
    EnvironmentSchema.parse({
      name: 'bank',
      stage: 'prod',
      owner: 'payments',
      sites: [
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
        { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16' },
        { id: 'wit', cloud: 'aws', region: 'eu-south-1', role: 'witness', cidr: '10.30.0.0/16' },
      ],
      clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'par', 'wit'], instanceType: 'm7i.xlarge', ...cluster }],
      topics,
    });
  const sized = (e: ReturnType<typeof env>) => checkSelfManagedSizing(e, e.clusters[0], 0);

  it.each([
    ['too few brokers per site', { brokersPerSite: 1, storageGiB: 16000, throughput: { inMBps: 100, outMBps: 300 } }],
    ['too few brokers in total', { brokers: 2, storageGiB: 16000, throughput: { inMBps: 100, outMBps: 300 } }],
    [
      'too little disk, retention from the longest topic, RF from the widest',
      { brokersPerSite: 6, storageGiB: 100, throughput: { inMBps: 50, outMBps: 50 } },
    ],
    ['an unknown instance type', { instanceType: 'r8g.large', throughput: { inMBps: 1, outMBps: 1 } }],
  ])('%s', (_name, cluster) => {
    const topics = [
      { name: 'payments', cluster: 'core', partitions: 600, retention: '1d', replicationFactor: 4, minInsyncReplicas: 2 },
      { name: 'ledger', cluster: 'core', partitions: 6, retention: '3d' },
    ];
    expect(sized(env(cluster, topics))).toMatchSnapshot();
  });

  it('says nothing without a declared throughput, or when brokers and disk are exactly enough', () => {
    expect(sized(env({ brokersPerSite: 1 }))).toEqual([]);
    const load = { inMBps: 20, outMBps: 20 };
    const need = sizeBrokers({ ...base, ...load, partitions: 600, retentionSeconds: 86400, multipleOf: 2 }).brokers;
    const disk = Math.ceil(diskGiB(20, 86400, 3) / need);
    expect(sized(env({ brokersPerSite: need / 2, storageGiB: disk, throughput: load }))).toEqual([]);
    expect(sized(env({ brokersPerSite: need / 2, storageGiB: disk - 1, throughput: load })).map((p) => p.path)).toEqual([
      'clusters[0].storageGiB',
    ]);
  });
});

describe('sizing, behaviour pinned by mutation testing', () => {
  const profile = { networkMBps: 100, ebsMBps: 100, partitions: 100000 };
  const base = { messageBytes: 1024, retentionSeconds: 3600, replicationFactor: 3, partitions: 10, profile };

  it('counts every produced byte arriving RF times on the network when more comes in than goes out', () => {
    // 120 MB/s in x RF 3 = 360 MB/s in (producer + followers); out is 10 + 120 x 2 = 250.
    expect(sizeBrokers({ ...base, inMBps: 120, outMBps: 10 }).brokersFor.network).toBe(Math.ceil(360 / 60));
  });

  it('names the same constraint every time when disk writes and the network need as many brokers (the first listed)', () => {
    const s = sizeBrokers({ ...base, inMBps: 120, outMBps: 10 });
    expect([s.brokersFor.writes, s.brokersFor.network]).toEqual([6, 6]);
    expect([s.boundBy, s.brokers]).toEqual(['writes', 6]);
  });

  const env = (cluster: Record<string, unknown>, topics: unknown[], sites = ['fra', 'par']) =>
    EnvironmentSchema.parse({
      name: 'bank',
      stage: 'prod',
      owner: 'payments',
      sites: [
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
        { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16' },
        { id: 'wit', cloud: 'aws', region: 'eu-south-1', role: 'witness', cidr: '10.30.0.0/16' },
      ],
      clusters: [{ id: 'core', kind: 'self-managed', sites, instanceType: 'm7i.xlarge', storageGiB: 16000, ...cluster }],
      topics,
    });
  const sized = (e: ReturnType<typeof env>) => checkSelfManagedSizing(e, e.clusters[0], 0);
  const topic = (partitions: number, replicationFactor = 3) => ({
    name: 'payments',
    cluster: 'core',
    partitions,
    retention: '1h',
    replicationFactor,
    minInsyncReplicas: 2,
  });

  // m7i.xlarge: 156 MB/s EBS and 195 MB/s network baseline, 60% of it at peak, 1,000 partition replicas.
  it.each([
    ['writes', { inMBps: 300, outMBps: 1 }, topic(10), 'add brokers or pick a type with more EBS bandwidth: brokersPerSite 5.'],
    ['network', { inMBps: 10, outMBps: 2000 }, topic(10), 'add brokers or pick a type with more network bandwidth: brokersPerSite 9.'],
    ['partitions', { inMBps: 1, outMBps: 1 }, topic(5000), 'add brokers, pick a larger type, or use fewer partitions: brokersPerSite 8.'],
    ['durability', { inMBps: 1, outMBps: 1 }, topic(10, 5), 'add brokers: brokersPerSite 3.'],
  ])('tells an under-sized cluster bound by %s what to change', (bound, throughput, t, fix) => {
    const [p] = sized(env({ brokersPerSite: 1, throughput }, [t]));
    expect(p.message).toContain(`(bound by ${bound}:`);
    expect(p.fix).toBe(fix);
  });

  it('points a cluster that declares neither brokers nor brokersPerSite at brokersPerSite, the default it runs on', () => {
    const [p] = sized(env({ throughput: { inMBps: 300, outMBps: 1 } }, [topic(10)]));
    expect(p.message).toMatch(/^cluster "core" has 4 × m7i.xlarge brokers;/);
    expect(p.path).toBe('clusters[0].brokersPerSite');
  });

  it('sizes the disk of a cluster without topics for seven days, Kafka’s default retention', () => {
    const p = sized(env({ brokersPerSite: 2, storageGiB: 100, throughput: { inMBps: 1, outMBps: 1 } }, []));
    expect(p.map((x) => x.path)).toEqual(['clusters[0].storageGiB']);
    // 1 MB/s x 604,800 s x RF 3 x 1.25 headroom / 1,024 over 4 brokers
    expect(p[0].message).toMatch(/keeps 1 MB\/s for 7d at RF 3: each of its 4 brokers needs about 554 GiB/);
  });

  it('says a cluster of witness sites has no brokers, without asking for disk on brokers it does not have', () => {
    const p = sized(env({ brokersPerSite: 1, storageGiB: 1, throughput: { inMBps: 1, outMBps: 1 } }, [topic(10)], ['wit']));
    expect(p.map((x) => x.path)).toEqual(['clusters[0].brokersPerSite']);
    expect(p[0].message).toMatch(/has 0 × m7i.xlarge brokers/);
  });
});
