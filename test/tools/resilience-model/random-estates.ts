import fc from 'fast-check';
import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';

/**
 * Random estates for the agreement property: sites over regions and clouds (often two
 * in one region), stretched clusters with brokersPerSite or a total, controllers per
 * site and witness sites, regional services, topics with any RF and min ISR the
 * brokers allow, asynchronous copies, and edge fleets whose retention or uplink may
 * fall short. Everything refers to things that exist; the semantic checks are not
 * applied, because the claims are made whatever they say.
 */

const REGIONS: Record<'aws' | 'azure' | 'gcp' | 'onprem', readonly string[]> = {
  aws: ['eu-central-1', 'eu-west-1', 'eu-west-3'],
  // ukwest has no availability zones.
  azure: ['westeurope', 'northeurope', 'ukwest'],
  gcp: ['europe-west1', 'us-east1'],
  onprem: ['dc-north', 'dc-south'],
};
const CLOUDS = Object.keys(REGIONS) as Array<keyof typeof REGIONS>;

const siteArb = fc.record({
  cloud: fc.constantFrom(...CLOUDS),
  region: fc.nat(9),
  role: fc.constantFrom('primary', 'primary', 'primary', 'dr', 'witness'),
});

const clusterArb = fc.record({
  kind: fc.constantFrom('self-managed', 'self-managed', 'self-managed', 'msk', 'msk-serverless', 'gcp-managed', 'event-hubs'),
  sites: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 5 }),
  counts: fc.oneof(
    fc.record({ brokersPerSite: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ brokers: fc.integer({ min: 1, max: 12 }) }),
    fc.constant({}),
  ),
  controllersPerSite: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  mskBrokers: fc.constantFrom(undefined, 3, 6, 9),
  topics: fc.array(
    fc.record({
      rf: fc.integer({ min: 1, max: 6 }),
      isr: fc.integer({ min: 1, max: 6 }),
      defaults: fc.boolean(),
      transactional: fc.boolean(),
    }),
    { minLength: 0, maxLength: 3 },
  ),
});

const copyArb = fc.record({
  from: fc.nat(3),
  to: fc.nat(3),
  // DR copies usually go to a cluster of the same kind (MSK to MSK, Event Hubs to Event Hubs).
  sameKind: fc.boolean(),
  topics: fc.nat(7),
  maxLag: fc.constantFrom(undefined, '30s', '5m'),
  failoverTime: fc.constantFrom(undefined, '10m'),
  implementation: fc.constantFrom(undefined, undefined, undefined, 'mirror-maker-2', 'geo-dr'),
  reversed: fc.constantFrom(undefined, undefined, undefined, true),
});

const hours = (h: number) => `${h}h`;
const edgeSettingsArb = fc.record(
  {
    nodes: fc.constantFrom(1, 3),
    offlineWindow: fc.integer({ min: 1, max: 336 }).map(hours),
    retention: fc.integer({ min: 1, max: 500 }).map(hours),
    uplinkMbps: fc.constantFrom(1, 4, 10, 100),
    ingressMBps: fc.constantFrom(0.1, 0.5, 2),
    upMBps: fc.constantFrom(0.05, 0.4, 1),
  },
  { requiredKeys: [] },
);

const fleetArb = fc.record({
  hub: fc.nat(3),
  defaults: edgeSettingsArb,
  topics: fc.uniqueArray(
    fc.record({ name: fc.constantFrom('sales', 'telemetry', 'journal', 'prices'), direction: fc.constantFrom('up', 'local', 'down') }),
    { minLength: 1, maxLength: 3, selector: (t) => t.name },
  ),
  sites: fc.array(edgeSettingsArb, { minLength: 1, maxLength: 3 }),
});

const estateArb = fc.record({
  sites: fc.array(siteArb, { minLength: 1, maxLength: 6 }),
  clusters: fc.array(clusterArb, { minLength: 1, maxLength: 4 }),
  copies: fc.array(copyArb, { maxLength: 3 }),
  fleets: fc.array(fleetArb, { maxLength: 1 }),
  // A DR twin: a second cluster of the same kind in another site of the same cloud.
  twin: fc.option(fc.record({ of: fc.nat(3), site: fc.nat(5), maxLag: fc.constantFrom(undefined, '1m') }), { nil: undefined }),
});

type RawEstate = typeof estateArb extends fc.Arbitrary<infer T> ? T : never;

/** Brokers a cluster will have, as the environment states it (services: one per zone). */
function brokersOf(c: Record<string, any>, witnesses: Set<string>): number {
  if (c.kind === 'msk') return c.brokers ?? 3;
  if (c.kind !== 'self-managed') return 3;
  const data = (c.sites as string[]).filter((s) => !witnesses.has(s)).length;
  if (data === 0) return 0;
  if (c.brokersPerSite !== undefined) return c.brokersPerSite * data;
  return c.brokers ?? 2 * data;
}

function build(raw: RawEstate): Environment {
  const sites = raw.sites.map((s, i) => ({
    id: `s${i}`,
    cloud: s.cloud,
    region: REGIONS[s.cloud][s.region % REGIONS[s.cloud].length],
    role: s.role,
    cidr: `10.${i}.0.0/16`,
  }));
  const witnesses = new Set(sites.filter((s) => s.role === 'witness').map((s) => s.id));
  const clusters: Array<Record<string, any>> = [];
  const topics: Array<Record<string, any>> = [];
  raw.clusters.forEach((c, i) => {
    const id = `c${i}`;
    const cloudOf: Record<string, string> = { msk: 'aws', 'msk-serverless': 'aws', 'gcp-managed': 'gcp', 'event-hubs': 'azure' };
    const home = sites.find((s, j) => s.cloud === cloudOf[c.kind] && c.sites.includes(j)) ?? sites.find((s) => s.cloud === cloudOf[c.kind]);
    let cluster: Record<string, any>;
    if (c.kind !== 'self-managed' && home) {
      cluster = { id, kind: c.kind, sites: [home.id], ...(c.kind === 'msk' && c.mskBrokers ? { brokers: c.mskBrokers } : {}) };
    } else {
      const own = [...new Set(c.sites.map((j) => sites[j % sites.length].id))];
      cluster = { id, kind: 'self-managed', sites: own, ...c.counts, controllersPerSite: c.controllersPerSite };
    }
    clusters.push(cluster);
    const brokers = brokersOf(cluster, witnesses);
    c.topics.forEach((t, k) => {
      const rf = Math.min(t.rf, brokers);
      if (rf < 1) return;
      topics.push({
        name: `t${k}`,
        cluster: id,
        partitions: 3,
        ...(t.defaults && brokers >= 3 ? {} : { replicationFactor: rf, minInsyncReplicas: Math.min(t.isr, rf) }),
        ...(t.transactional && brokers >= 3 ? { transactional: true } : {}),
      });
    });
  });
  const original = raw.twin && clusters[raw.twin.of % clusters.length];
  if (raw.twin && original && original.kind !== 'self-managed') {
    const cloud = sites.find((x) => x.id === original.sites[0])?.cloud;
    const others = sites.filter((x) => x.cloud === cloud);
    const home = others[raw.twin.site % others.length];
    clusters.push({ ...original, id: `c${clusters.length}`, sites: [home.id] });
  }
  const twinCopy = (): Array<Record<string, unknown>> => {
    const names = topics.filter((t) => t.cluster === original?.id).map((t) => t.name);
    const twin = clusters[clusters.length - 1];
    if (!raw.twin || !original || twin === original || names.length === 0) return [];
    return [
      { from: original.id, to: twin.id, mode: 'active-passive', topics: names, ...(raw.twin.maxLag ? { maxLag: raw.twin.maxLag } : {}) },
    ];
  };
  const replication = [
    ...twinCopy(),
    ...raw.copies.flatMap((r) => {
      const from = clusters[r.from % clusters.length];
      const alike = clusters.filter((c) => c.kind === from.kind && c.id !== from.id);
      const to = r.sameKind && alike.length > 0 ? alike[r.to % alike.length] : clusters[r.to % clusters.length];
      const names = topics.filter((t) => t.cluster === from.id).map((t) => t.name as string);
      if (from.id === to.id || names.length === 0) return [];
      const picked = names.filter((_, k) => (r.topics >> k) & 1);
      return [
        {
          from: from.id,
          to: to.id,
          mode: 'active-passive',
          topics: picked.length ? picked : names,
          ...(r.maxLag ? { maxLag: r.maxLag } : {}),
          ...(r.failoverTime ? { failoverTime: r.failoverTime } : {}),
          ...(r.implementation ? { implementation: r.implementation } : {}),
          ...(r.reversed ? { reversed: true } : {}),
        },
      ];
    }),
  ];
  const edgeFleets = raw.fleets.map((f, i) => ({
    id: `f${i}`,
    hub: clusters[f.hub % clusters.length].id,
    defaults: f.defaults,
    topics: f.topics.map((t) => ({ ...t, partitions: 3 })),
    sites: f.sites.map((s, j) => ({ id: `e${i}x${j}`, ...s })),
  }));
  return EnvironmentSchema.parse({
    name: 'random',
    stage: 'dev',
    owner: 'model',
    sites,
    clusters,
    topics,
    replication,
    edgeFleets,
  });
}

/** A random estate, as the schema would have parsed it. */
export const randomEstate: fc.Arbitrary<Environment> = estateArb.map(build);

/** Runs for the agreement property: 1,000 by default, more with MODEL_RUNS=100000. */
export const MODEL_RUNS = Number(process.env.MODEL_RUNS ?? 1000);
/** Fixed, so the suite checks the same estates every time; MODEL_SEED explores others. */
export const MODEL_SEED = Number(process.env.MODEL_SEED ?? 20261128);
/** MODEL_SHRINK=0 stops at the first disagreement instead of shrinking it to a small estate (mutation runs). */
export const MODEL_SHRINK = process.env.MODEL_SHRINK !== '0';
