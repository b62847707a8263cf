import { join } from 'path';
import { loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import {
  backlogSurvives,
  estateOf,
  modelEnvironment,
  rackCounts,
  seconds,
  type EdgeSite,
  type Node,
  type Verdict,
} from '../../../tools/resilience-model';

/** The model on its own: placement, quorum, failures and buffers, on hand-made cases. */

const ROOT = join(__dirname, '..', '..', '..');
const reference = (name: string) => loadEnvironmentFile(join(ROOT, 'environments', `${name}.yaml`), []).env as Environment;

const brokers = (perRack: Record<string, number>): Node[] =>
  Object.entries(perRack).flatMap(([rack, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${rack}-${i}`, role: 'broker' as const, rack, cloud: 'aws', region: rack, site: rack })),
  );

const sorted = (xs: number[][]) => xs.map((x) => x.join(',')).sort();

describe('replica placement: the striped placer, every rack order', () => {
  it('one replica per rack when racks are even', () => {
    expect(sorted(rackCounts(brokers({ a: 3, b: 3, c: 3 }), 3).counts)).toEqual(['1,1,1']);
  });
  it('a small rack still gets its replica (10 + 10 + 1 brokers, RF 3: the placer comment in Kafka)', () => {
    expect(sorted(rackCounts(brokers({ a: 10, b: 10, c: 1 }), 3).counts)).toEqual(['1,1,1']);
  });
  it('the last, partial round reaches any rack', () => {
    expect(sorted(rackCounts(brokers({ a: 2, b: 2, c: 2 }), 5).counts)).toEqual(['1,2,2', '2,1,2', '2,2,1']);
  });
  it('a rack out of brokers is skipped, the others fill up (1 + 1 + 10 + 10, RF 8)', () => {
    expect(sorted(rackCounts(brokers({ a: 1, b: 1, c: 10, d: 10 }), 8).counts)).toEqual(['1,1,3,3']);
  });
  it('no placement when RF exceeds the brokers', () => {
    expect(rackCounts(brokers({ a: 1, b: 1 }), 3).counts).toEqual([]);
  });
});

describe('the estate as the model builds it', () => {
  const env = EnvironmentSchema.parse({
    name: 'shop',
    stage: 'dev',
    owner: 'o',
    sites: [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.0.0.0/16' },
      { id: 'dub', cloud: 'aws', region: 'eu-west-1', cidr: '10.1.0.0/16' },
      { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.2.0.0/16' },
      { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'witness', cidr: '10.3.0.0/16' },
    ],
    clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'dub', 'par', 'sto'], brokers: 7, controllersPerSite: 1 }],
  });
  const core = estateOf(env).clusters[0];
  const count = (nodes: readonly Node[], site: string) => nodes.filter((n) => n.site === site).length;

  it('deals a broker total over the data sites, the first taking what does not divide; a witness runs controllers only', () => {
    expect(['fra', 'dub', 'par', 'sto'].map((s) => count(core.brokers, s))).toEqual([3, 2, 2, 0]);
    expect(['fra', 'dub', 'par', 'sto'].map((s) => count(core.voters, s))).toEqual([1, 1, 1, 1]);
  });
  it('puts node i of a site in zone i mod 3 of its region, rack = site', () => {
    expect(core.brokers.filter((n) => n.site === 'fra').map((n) => [n.zone, n.rack])).toEqual([
      ['aws:eu-central-1/zone-0', 'fra'],
      ['aws:eu-central-1/zone-1', 'fra'],
      ['aws:eu-central-1/zone-2', 'fra'],
    ]);
  });
  it('reads durations like the schema writes them', () => {
    expect([seconds('30s'), seconds('5m'), seconds('14d'), seconds('500ms'), seconds('0')]).toEqual([30, 300, 1209600, 0.5, 0]);
    expect(() => seconds('soon')).toThrow('not a duration: soon');
  });
});

const at = (vs: readonly Verdict[], failure: string, topic: string) => vs.find((v) => v.failure.id === failure && v.topic === topic);

describe('banking, played through', () => {
  const { verdicts, failures } = modelEnvironment(reference('banking'), [['site:fra', 'site:par']]);

  it('loses no acknowledged payment and keeps writing when any one region goes; leaders move in 9s, 13s with a voter', () => {
    for (const region of ['aws:eu-central-1', 'aws:eu-west-3', 'aws:eu-south-1'])
      expect(at(verdicts, `region:${region}`, 'payments')).toMatchObject({
        writesContinue: true,
        loss: 'none',
        leadershipMovesSeconds: 13,
      });
    expect(at(verdicts, 'zone:aws:eu-central-1/zone-1', 'payments')).toMatchObject({ loss: 'none', leadershipMovesSeconds: 9 });
  });
  it('never needs the Stockholm copy for one region: the stretch survives each on its own', () => {
    expect(verdicts.filter((v) => v.recovery === 'failover' && v.failure.kind !== 'pair').map((v) => v.failure.id)).toEqual([]);
  });
  it('stops, with every write not yet copied gone, when all of AWS goes (the copy is on AWS too)', () => {
    expect(at(verdicts, 'cloud:aws', 'payments')).toMatchObject({ writesContinue: false, loss: 'all' });
  });
  it('fails over to Stockholm, losing up to its 30s lag, when two of the three regions go together', () => {
    expect(failures.map((f) => f.id)).toContain('site:fra+site:par');
    expect(at(verdicts, 'site:fra+site:par', 'payments')).toMatchObject({
      writesContinue: true,
      loss: 'lag',
      lagBoundSeconds: 30,
      failoverTo: 'vault',
    });
    expect(at(verdicts, 'site:fra+site:par', 'payments-dlq')).toMatchObject({ writesContinue: false, loss: 'all' });
  });
  it('splits fra from par without losing a write: the side cut off from the quorum acknowledges nothing alone', () => {
    expect(at(verdicts, 'link:fra|par', 'payments')).toMatchObject({ writesContinue: true, loss: 'none' });
  });
  it('names an unknown failure in a pair', () => {
    expect(() => modelEnvironment(reference('banking'), [['site:fra', 'site:nowhere']])).toThrow(
      /unknown failure in pair site:fra \+ site:nowhere/,
    );
  });
});

describe('two sites in one region fail together', () => {
  const env = EnvironmentSchema.parse({
    name: 'shop',
    stage: 'dev',
    owner: 'o',
    sites: [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.0.0.0/16' },
      { id: 'fra2', cloud: 'aws', region: 'eu-central-1', cidr: '10.1.0.0/16' },
      { id: 'dub', cloud: 'aws', region: 'eu-west-1', cidr: '10.2.0.0/16' },
    ],
    clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'fra2', 'dub'], brokersPerSite: 2, controllersPerSite: 1 }],
    topics: [{ name: 'orders', cluster: 'core', partitions: 6 }],
  });
  const { verdicts } = modelEnvironment(env);
  it('survives losing site fra alone', () => {
    expect(at(verdicts, 'site:fra', 'orders')).toMatchObject({ writesContinue: true, loss: 'none' });
  });
  it('loses the quorum and acknowledged writes with the region', () => {
    expect(at(verdicts, 'region:aws:eu-central-1', 'orders')).toMatchObject({ writesContinue: false, loss: 'all' });
  });
});

describe('asynchronous copies', () => {
  const env = (replication: unknown[], kinds: [string, string] = ['msk', 'msk']) =>
    EnvironmentSchema.parse({
      name: 'shop',
      stage: 'dev',
      owner: 'o',
      sites: [
        {
          id: 'pri',
          cloud: kinds[0] === 'event-hubs' ? 'azure' : 'aws',
          region: kinds[0] === 'event-hubs' ? 'westeurope' : 'eu-central-1',
          cidr: '10.0.0.0/16',
        },
        {
          id: 'dr',
          cloud: kinds[1] === 'event-hubs' ? 'azure' : 'aws',
          region: kinds[1] === 'event-hubs' ? 'northeurope' : 'eu-west-1',
          cidr: '10.1.0.0/16',
        },
      ],
      clusters: [
        { id: 'main', kind: kinds[0], sites: ['pri'] },
        { id: 'copy', kind: kinds[1], sites: ['dr'] },
      ],
      topics: [{ name: 'orders', cluster: 'main', partitions: 6 }],
      replication,
    });
  const region = (e: Environment) => `region:${e.sites[0].cloud}:${e.sites[0].region}`;

  it('moves clients to a copy that lives through the failure, losing up to its lag', () => {
    const e = env([{ from: 'main', to: 'copy', mode: 'active-passive', topics: ['orders'], maxLag: '30s', failoverTime: '10m' }]);
    expect(at(modelEnvironment(e).verdicts, region(e), 'orders')).toMatchObject({
      writesContinue: true,
      loss: 'lag',
      lagBoundSeconds: 30,
      recovery: 'failover',
      failoverTo: 'copy',
    });
  });
  it('says nothing bounds the lag when no maxLag is declared', () => {
    const e = env([{ from: 'main', to: 'copy', mode: 'active-passive', topics: ['orders'] }]);
    const v = at(modelEnvironment(e).verdicts, region(e), 'orders');
    expect(v).toMatchObject({ loss: 'lag' });
    expect(v?.lagBoundSeconds).toBeUndefined();
  });
  it('loses every event behind a Geo-DR pair, which moves the clients only', () => {
    const e = env([{ from: 'main', to: 'copy', mode: 'active-passive', topics: ['orders'] }], ['event-hubs', 'event-hubs']);
    expect(at(modelEnvironment(e).verdicts, region(e), 'orders')).toMatchObject({
      writesContinue: true,
      loss: 'all',
      recovery: 'failover',
    });
  });
  it('ignores a reversed entry: a failback copies into the source', () => {
    const e = env([{ from: 'main', to: 'copy', mode: 'active-passive', topics: ['orders'], reversed: true }]);
    expect(at(modelEnvironment(e).verdicts, region(e), 'orders')).toMatchObject({ writesContinue: false, loss: 'all', recovery: 'none' });
  });
});

describe('edge buffers', () => {
  const site = (over: Partial<EdgeSite>): EdgeSite => ({
    id: 'ship',
    fleet: 'ships',
    hub: 'hub',
    place: { cloud: 'edge', region: 'edge:ship', site: 'ship' },
    nodes: 3,
    replicationFactor: 3,
    minInsyncReplicas: 2,
    offlineWindowSeconds: 72 * 3600,
    retentionSeconds: 108 * 3600,
    uplinkMBps: 2.5,
    upMBps: 0.3,
    topics: [],
    ...over,
  });
  it('keeps the backlog when retention covers the outage and the uplink outruns the producers', () => {
    expect(backlogSurvives(site({}), 72 * 3600)).toBe(true);
    expect(backlogSurvives(site({ retentionSeconds: 72 * 3600 }), 72 * 3600)).toBe(true);
  });
  it('loses it when the outage outlasts retention', () => {
    expect(backlogSurvives(site({ retentionSeconds: 24 * 3600 }), 72 * 3600)).toBe(false);
  });
  it('loses it when the uplink cannot drain it, and assumes it can when nobody says', () => {
    expect(backlogSurvives(site({ uplinkMBps: 0.3 }), 3600)).toBe(false);
    expect(backlogSurvives(site({ uplinkMBps: undefined }), 3600)).toBe(true);
  });

  const retail = modelEnvironment(reference('retail'));
  it('retail: a ship offline for its window keeps writing and loses nothing; lost at sea, it loses at most that window', () => {
    expect(at(retail.verdicts, 'uplink:ship-icon', 'sales')).toMatchObject({ writesContinue: true, loss: 'none', recovery: 'edge-buffer' });
    expect(at(retail.verdicts, 'site:ship-icon', 'sales')).toMatchObject({
      writesContinue: false,
      loss: 'lag',
      lagBoundSeconds: 72 * 3600,
    });
    expect(at(retail.verdicts, 'site:ship-icon', 'onboard-telemetry')).toMatchObject({ loss: 'all' });
  });
  it('retail: down topics are the hub’s, not the site’s', () => {
    expect(retail.verdicts.filter((v) => v.topic === 'prices' && v.cluster.startsWith('ship'))).toEqual([]);
  });
});
