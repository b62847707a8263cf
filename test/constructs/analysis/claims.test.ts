import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import { checkStretchedCluster, lossTable, placementOf } from '../../../constructs/analysis/quorum';
import { BUILT_IN_KINDS } from '../../../constructs/kinds/registry';
import { assessEnvironment, checkObjectives, describeRpo, describeRto } from '../../../constructs/analysis/resilience';
import { resolveTopic } from '../../../constructs/model/defaults';

/**
 * What the product says, word for word, for estates that exercise every branch of the
 * resilience core: the review and the validation print these texts, so a change to
 * one is a change to what a platform team reads. Found necessary by mutation testing:
 * without them, a reason or a fix could say anything and every test would pass.
 */

/** The stretched-cluster checks of every self-managed cluster, as the kind runs them. */
const checkStretchedClusters = (env: Environment) =>
  env.clusters.flatMap((c, i) => (c.kind === 'self-managed' ? checkStretchedCluster(env, c, i) : []));

function estate(over: Record<string, unknown>): Environment {
  return EnvironmentSchema.parse({ name: 'golden', stage: 'prod', owner: 'o', ...over });
}

const aws = (id: string, region: string, extra: Record<string, unknown> = {}) => ({
  id,
  cloud: 'aws',
  region,
  cidr: `10.${region.length + id.length * 7}.0.0/16`,
  ...extra,
});

const ESTATES: Record<string, Environment> = {
  'two data sites and a witness, a transactional topic': estate({
    sites: [aws('fra', 'eu-central-1'), aws('par', 'eu-west-3'), aws('wit', 'eu-south-1', { role: 'witness' })],
    clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'par', 'wit'], brokersPerSite: 2 }],
    topicGroups: [{ id: 'pay', rpo: '0s', rto: '30s' }],
    topics: [
      { name: 'payments', cluster: 'core', partitions: 6, replicationFactor: 4, minInsyncReplicas: 2, transactional: true, group: 'pay' },
      { name: 'ledger', cluster: 'core', partitions: 6, replicationFactor: 4, minInsyncReplicas: 3, group: 'pay' },
    ],
  }),
  'two data sites and a witness that stop without losing a write, with a copy': estate({
    sites: [aws('fra', 'eu-central-1'), aws('par', 'eu-west-3'), aws('wit', 'eu-south-1', { role: 'witness' }), aws('sto', 'eu-north-1')],
    clusters: [
      { id: 'core', kind: 'self-managed', sites: ['fra', 'par', 'wit'], brokersPerSite: 2 },
      { id: 'vault', kind: 'msk', sites: ['sto'] },
    ],
    topicGroups: [{ id: 'ledger', rpo: '0s', rto: '30s' }],
    topics: [{ name: 'ledger', cluster: 'core', partitions: 6, replicationFactor: 4, minInsyncReplicas: 3, group: 'ledger' }],
    replication: [
      { from: 'core', to: 'vault', mode: 'active-passive', topics: ['ledger'], maxLag: '1m', failoverTime: '30m' },
      { id: 'same-lag-quicker', from: 'core', to: 'vault', mode: 'active-passive', topics: ['ledger'], maxLag: '1m', failoverTime: '10m' },
    ],
  }),
  'MSK objectives scoped to a zone, unmet': estate({
    sites: [aws('fra', 'eu-central-1')],
    clusters: [{ id: 'main', kind: 'msk', sites: ['fra'], brokers: 6 }],
    topicGroups: [
      { id: 'loose', rpo: '0s', rto: '1m', scope: 'zone' },
      { id: 'empty', rpo: '0s', rto: '1m' },
    ],
    topics: [
      { name: 'wide', cluster: 'main', partitions: 6, replicationFactor: 4, minInsyncReplicas: 3, group: 'loose' },
      { name: 'thin', cluster: 'main', partitions: 6, replicationFactor: 2, minInsyncReplicas: 1, group: 'loose' },
    ],
  }),
  'a group on a kind nothing models': estate({
    sites: [{ id: 'shop', cloud: 'edge', region: 'Berlin', role: 'edge', cidr: '10.9.0.0/24' }],
    clusters: [{ id: 'till', kind: 'edge', sites: ['shop'] }],
    topicGroups: [{ id: 'sales', rpo: '1h', rto: '1h' }],
    topics: [{ name: 'sales', cluster: 'till', partitions: 1, group: 'sales' }],
  }),
  'two sites sharing a region, one apart': estate({
    sites: [aws('fra', 'eu-central-1'), aws('fra2', 'eu-central-1'), aws('dub', 'eu-west-1')],
    clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'fra2', 'dub'], brokers: 7, controllersPerSite: 1 }],
    topicGroups: [{ id: 'pay', rpo: '0s', rto: '30s', scope: 'zone' }],
    topics: [{ name: 'payments', cluster: 'core', partitions: 6, minInsyncReplicas: 1, group: 'pay' }],
  }),
  'MSK with min ISR 1, copied twice': estate({
    sites: [aws('fra', 'eu-central-1'), aws('sto', 'eu-north-1'), aws('dub', 'eu-west-1')],
    clusters: [
      { id: 'main', kind: 'msk', sites: ['fra'], brokers: 6 },
      { id: 'vault', kind: 'msk', sites: ['sto'] },
      { id: 'spare', kind: 'msk', sites: ['dub'] },
    ],
    topicGroups: [{ id: 'orders', rpo: '10s', rto: '5m' }],
    topics: [
      { name: 'orders', cluster: 'main', partitions: 6, replicationFactor: 2, minInsyncReplicas: 1, group: 'orders' },
      { name: 'audit', cluster: 'main', partitions: 3 },
    ],
    replication: [
      { from: 'main', to: 'vault', mode: 'active-passive', topics: ['orders'] },
      { id: 'quick', from: 'main', to: 'spare', mode: 'active-passive', topics: ['orders', 'audit'], maxLag: '30s', failoverTime: '20m' },
    ],
  }),
  'Event Hubs in a region with and without zones, a Geo-DR pair': estate({
    sites: [
      { id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.1.0.0/16' },
      { id: 'ukw', cloud: 'azure', region: 'ukwest', cidr: '10.2.0.0/16' },
    ],
    clusters: [
      { id: 'iot', kind: 'event-hubs', sites: ['weu'] },
      { id: 'iot-dr', kind: 'event-hubs', sites: ['ukw'] },
    ],
    topics: [
      { name: 'readings', cluster: 'iot', partitions: 4 },
      { name: 'readings', cluster: 'iot-dr', partitions: 4 },
    ],
    replication: [
      { from: 'iot', to: 'iot-dr', mode: 'active-passive', topics: ['readings'] },
      { from: 'iot-dr', to: 'iot', mode: 'active-passive', topics: ['readings'], failoverTime: '2m' },
    ],
  }),
  'serverless and Managed Kafka': estate({
    sites: [aws('fra', 'eu-central-1'), { id: 'bel', cloud: 'gcp', region: 'europe-west1', cidr: '10.3.0.0/16' }],
    clusters: [
      { id: 'sls', kind: 'msk-serverless', sites: ['fra'] },
      { id: 'mk', kind: 'gcp-managed', sites: ['bel'] },
    ],
    topics: [
      { name: 'clicks', cluster: 'sls', partitions: 3, replicationFactor: 1, minInsyncReplicas: 1 },
      { name: 'clicks', cluster: 'mk', partitions: 3, minInsyncReplicas: 1 },
    ],
  }),
  'edge sites: short retention, a slow uplink, no window': estate({
    sites: [aws('fra', 'eu-central-1')],
    clusters: [{ id: 'hub', kind: 'msk', sites: ['fra'], clientAuth: ['iam', 'scram'] }],
    edgeFleets: [
      {
        id: 'ships',
        hub: 'hub',
        hubBootstrap: 'kafka.hub.internal:9096',
        defaults: { nodes: 3, offlineWindow: '72h', uplinkMbps: 50, ingressMBps: 0.5 },
        topics: [
          { name: 'sales', direction: 'up', partitions: 6 },
          { name: 'journal', direction: 'local', partitions: 3 },
        ],
        sites: [{ id: 'fine' }, { id: 'short', retention: '24h' }, { id: 'slow', uplinkMbps: 2 }, { id: 'docked', offlineWindow: '0s' }],
      },
      {
        id: 'kiosks',
        hub: 'hub',
        hubBootstrap: 'kafka.hub.internal:9096',
        // No uplink declared: the catch-up time is unknown and the reason says nothing of it.
        defaults: { nodes: 1, offlineWindow: '8h', ingressMBps: 0.1 },
        topics: [{ name: 'sales', direction: 'up', partitions: 1 }],
        sites: [{ id: 'kiosk' }],
      },
    ],
  }),
};

describe.each(Object.entries(ESTATES))('%s', (_name, env) => {
  it('claims these outcomes, in these words', () => {
    expect(assessEnvironment(env)).toMatchSnapshot();
  });
  it('raises these objective and stretched-cluster problems', () => {
    expect([...checkObjectives(env), ...checkStretchedClusters(env)]).toMatchSnapshot();
  });
  it('prints this loss table for each self-managed cluster', () => {
    expect(env.clusters.filter((c) => c.kind === 'self-managed').map((c) => lossTable(env, c))).toMatchSnapshot();
  });
});

describe('describing outcomes', () => {
  const o = (rpoSeconds: number, rpoIsLagBound: boolean, rtoSeconds = 30) =>
    ({ rpoSeconds, rpoIsLagBound, rtoSeconds }) as Parameters<typeof describeRpo>[0];
  it('says 0, a lag budget, unbounded lag, data lost, or a plain bound', () => {
    expect([o(0, false), o(30, true), o(Infinity, true), o(Infinity, false), o(90, false)].map(describeRpo)).toEqual([
      '0',
      '> 0, bounded by replication lag (30s budget)',
      '> 0, bounded by replication lag (no maxLag declared, so unbounded)',
      'unbounded (data lost)',
      '90s',
    ]);
    expect([o(0, false, 30), o(0, false, Infinity)].map(describeRto)).toEqual(['≈ 30s', 'until the failed domain returns']);
  });
});

describe('survivors the issue named, each pinned', () => {
  it('a broker total that does not divide: the first data sites take the remainder, a witness none', () => {
    const env = estate({
      sites: [aws('fra', 'eu-central-1'), aws('wit', 'eu-south-1', { role: 'witness' }), aws('par', 'eu-west-3'), aws('dub', 'eu-west-1')],
      clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'wit', 'par', 'dub'], brokers: 8 }],
    });
    expect(placementOf(env, env.clusters[0]).map((p) => [p.site, p.brokers, p.controllers])).toEqual([
      ['fra', 3, 1],
      ['wit', 0, 1],
      ['par', 3, 1],
      ['dub', 2, 1],
    ]);
    const seven = { ...env, clusters: [{ ...env.clusters[0], brokers: 7 }] };
    expect(placementOf(seven, seven.clusters[0]).map((p) => p.brokers)).toEqual([3, 0, 2, 2]);
    const six = { ...env, clusters: [{ ...env.clusters[0], brokers: 6 }] };
    expect(placementOf(six, six.clusters[0]).map((p) => p.brokers)).toEqual([2, 0, 2, 2]);
  });

  it('brokers that do not divide evenly are flagged only for a total, not for brokersPerSite', () => {
    const env = (cluster: Record<string, unknown>) =>
      estate({
        sites: [aws('fra', 'eu-central-1'), aws('par', 'eu-west-3'), aws('dub', 'eu-west-1')],
        clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'par', 'dub'], ...cluster }],
      });
    const uneven = checkStretchedClusters(env({ brokers: 7 })).filter((p) => p.path === 'clusters[0].brokers');
    expect(uneven).toEqual([
      {
        file: '',
        path: 'clusters[0].brokers',
        message: 'cluster "core": 7 brokers do not split evenly over 3 data sites, so one site holds more replicas than the others.',
        fix: 'use brokersPerSite, or a multiple of 3.',
      },
    ]);
    expect(checkStretchedClusters(env({ brokers: 6 })).filter((p) => p.path === 'clusters[0].brokers')).toEqual([]);
    expect(checkStretchedClusters(env({ brokersPerSite: 7 })).filter((p) => p.path === 'clusters[0].brokers')).toEqual([]);
    expect(checkStretchedClusters(env({})).filter((p) => p.path === 'clusters[0].brokers')).toEqual([]);
  });

  it('zone scope counts the zones that hold brokers: two brokers are two zones, not three', () => {
    const env = estate({ sites: [aws('fra', 'eu-central-1')], clusters: [{ id: 'main', kind: 'msk', sites: ['fra'], brokers: 2 }] });
    const topic = resolveTopic({ name: 'orders', cluster: 'main', partitions: 3, replicationFactor: 2, minInsyncReplicas: 1 });
    const msk = BUILT_IN_KINDS.msk.resilience!;
    const [zone] = msk(env, env.clusters[0], [topic]);
    expect(zone.reason).toBe(
      'RF 2 over 2 zones puts at most 1 replica in one zone; min.insync.replicas 1 <= 1: an acknowledged write can be lost',
    );
    const many = { ...env, clusters: [{ ...env.clusters[0], brokers: 9 }] };
    expect(msk(many, many.clusters[0], [topic])[0].reason).toMatch(/^RF 2 over 3 zones/);
  });

  it('dispatches each kind to its own model, and a kind without one to nothing', () => {
    expect(
      Object.entries(BUILT_IN_KINDS)
        .filter(([, m]) => m.resilience !== undefined)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['event-hubs', 'gcp-managed', 'msk', 'msk-serverless', 'self-managed']);
    const env = estate({
      sites: [{ id: 'shop', cloud: 'edge', region: 'Berlin', role: 'edge', cidr: '10.9.0.0/24' }],
      clusters: [{ id: 'till', kind: 'edge', sites: ['shop'] }],
      topics: [{ name: 'sales', cluster: 'till', partitions: 1 }],
    });
    expect(assessEnvironment(env)).toEqual([]);
    expect(assessEnvironment(ESTATES['MSK with min ISR 1, copied twice']).map((o) => o.cluster)).not.toContain('vault');
  });
});
