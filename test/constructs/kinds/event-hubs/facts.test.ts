import { resolveEventHubs, retentionHours, sizeEventHubs } from '../../../../constructs/kinds/event-hubs/facts';
import { checkKinds } from '../../../../constructs/analysis/validate';

// The event-hubs kind's checks run with every kind's (KindModel.check); these clusters are all event-hubs or carry eventHubs settings.
const checkEventHubs = checkKinds;
import { EnvironmentSchema, type Environment } from '../../../../constructs/model/schema';

const t = (inMBps: number, outMBps: number, messageBytes = 1024) => ({ inMBps, outMBps, messageBytes });

function env(over: Record<string, unknown> = {}, cluster: Record<string, unknown> = {}): Environment {
  return EnvironmentSchema.parse({
    name: 'auto',
    stage: 'dev',
    owner: 'iiot',
    sites: [{ id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.60.0.0/16' }],
    clusters: [{ id: 'iiot', kind: 'event-hubs', sites: ['weu'], ...cluster }],
    topics: [{ name: 'readings', cluster: 'iiot', partitions: 8 }],
    ...over,
  });
}

describe('sizeEventHubs (standard: 1 TU = 1 MB/s or 1,000 events/s in, 2 MB/s out)', () => {
  it('is bound by ingress bytes for large records', () => {
    expect(sizeEventHubs(t(5, 4, 10_000))).toMatchObject({ capacity: 5, boundBy: 'ingress-bytes', maxThroughputUnits: 10 });
  });
  it('is bound by events for small records: 1.8 MB/s of 300-byte records is 6,000 events/s', () => {
    expect(sizeEventHubs(t(1.8, 4, 300))).toMatchObject({ capacity: 6, boundBy: 'ingress-events' });
  });
  it('is bound by egress when many readers fan out', () => {
    expect(sizeEventHubs(t(1, 9, 100_000))).toMatchObject({ capacity: 5, boundBy: 'egress-bytes' });
  });
  it('caps auto-inflate at 40 TUs', () => {
    expect(sizeEventHubs(t(30, 10, 100_000)).maxThroughputUnits).toBe(40);
  });
  it('flags a peak beyond 40 TUs', () => {
    expect(sizeEventHubs(t(50, 10, 100_000))).toMatchObject({ exceedsTier: true, unitsNeeded: 50, capacity: 40 });
  });
  it('rounds premium processing units up to 1, 2, 4, 8, 16 and never inflates', () => {
    expect(sizeEventHubs(t(1.8, 4, 300), 'premium')).toMatchObject({ capacity: 1, maxThroughputUnits: undefined });
    expect(sizeEventHubs(t(12, 4), 'premium')).toMatchObject({ capacity: 4, unitsNeeded: 3 });
  });
  it('defaults to 1 unit without a declared throughput', () => {
    expect(sizeEventHubs(undefined)).toMatchObject({ capacity: 1, boundBy: 'minimum' });
  });
});

describe('resolveEventHubs', () => {
  it('is private, Entra ID only, standard by default; CMK by default on premium', () => {
    expect(resolveEventHubs({})).toMatchObject({ tier: 'standard', privateEndpoint: true, localAuth: false, customerManagedKey: false });
    expect(resolveEventHubs({ eventHubs: { tier: 'premium' } }).customerManagedKey).toBe(true);
  });
  it('rounds retention up to whole hours', () => {
    expect(retentionHours('7d')).toBe(168);
    expect(retentionHours('90m')).toBe(2);
  });
});

describe('checkEventHubs', () => {
  const messages = (e: Environment) => checkEventHubs(e).map((p) => `${p.path}: ${p.message} Fix: ${p.fix}`);

  it('accepts the minimal namespace', () => {
    expect(checkEventHubs(env()).filter((p) => p.severity !== 'warning')).toEqual([]);
  });
  it('fails partitions above the standard limit of 32', () => {
    expect(messages(env({ topics: [{ name: 'readings', cluster: 'iiot', partitions: 48 }] }))).toContainEqual(
      expect.stringMatching(
        /^topics\[0\]\.partitions: topic "readings" has 48 partitions; a standard event hub has at most 32\..*premium \(up to 100\)/,
      ),
    );
  });
  it('fails retention above 7 days on standard but not on premium', () => {
    const topics = [{ name: 'readings', cluster: 'iiot', partitions: 8, retention: '30d' }];
    expect(messages(env({ topics }))).toContainEqual(expect.stringMatching(/^topics\[0\]\.retention: .*at most 7 days/));
    expect(messages(env({ topics }, { eventHubs: { tier: 'premium' } })).filter((m) => m.includes('retention'))).toEqual([]);
  });
  it('fails more than 10 hubs on a standard namespace', () => {
    const topics = Array.from({ length: 11 }, (_, i) => ({ name: `t${i}`, cluster: 'iiot', partitions: 1 }));
    expect(messages(env({ topics }))).toContainEqual(
      expect.stringMatching(/^clusters\[0\]: .*11 topics; a standard namespace holds at most 10/),
    );
  });
  it('fails a throughput standard cannot carry', () => {
    expect(messages(env({}, { throughput: { inMBps: 60, outMBps: 10 } }))).toContainEqual(
      expect.stringMatching(/needs 60 throughput units .*offers at most 40.*Fix: use eventHubs.tier: premium/),
    );
  });
  it('fails a capacity below the declared peak', () => {
    expect(messages(env({}, { throughput: { inMBps: 5, outMBps: 2, messageBytes: 10000 }, eventHubs: { capacity: 2 } }))).toContainEqual(
      expect.stringMatching(/eventHubs\.capacity: capacity 2 is below the 5 units/),
    );
  });
  it('fails a premium capacity that is not 1, 2, 4, 8 or 16', () => {
    expect(messages(env({}, { eventHubs: { tier: 'premium', capacity: 3 } }))).toContainEqual(
      expect.stringMatching(/accepts processing units 1, 2, 4, 8, 16, got 3\. Fix: use 4/),
    );
  });
  it('fails auto-inflate on premium and a ceiling below capacity', () => {
    expect(messages(env({}, { eventHubs: { tier: 'premium', maxThroughputUnits: 4 } }))).toContainEqual(
      expect.stringMatching(/do not auto-inflate/),
    );
    expect(messages(env({}, { eventHubs: { capacity: 4, maxThroughputUnits: 2 } }))).toContainEqual(
      expect.stringMatching(/ceiling 2 is below the capacity 4/),
    );
  });
  it('fails SAS keys in prod but allows them in dev', () => {
    const prod = { stage: 'prod' };
    expect(messages(env(prod, { eventHubs: { localAuth: true } }))).toContainEqual(
      expect.stringMatching(/localAuth: SAS keys .* refused in prod/),
    );
    expect(messages(env({}, { eventHubs: { localAuth: true } })).filter((m) => m.includes('SAS'))).toEqual([]);
  });
  it('fails a customer-managed key on standard', () => {
    expect(messages(env({}, { eventHubs: { customerManagedKey: true } }))).toContainEqual(
      expect.stringMatching(/customer-managed keys need the premium tier/),
    );
  });
  it('fails a prod namespace in a region without zones, warns in dev', () => {
    const sites = [{ id: 'weu', cloud: 'azure', region: 'westcentralus', cidr: '10.60.0.0/16' }];
    const prod = checkEventHubs(env({ stage: 'prod', sites }, { eventHubs: { tier: 'premium' } })).find(
      (p) => p.path === 'clusters[0].sites[0]',
    );
    expect(prod).toMatchObject({ severity: 'error', message: expect.stringMatching(/westcentralus .* has no availability zones/) });
    expect(checkEventHubs(env({ sites })).find((p) => p.path === 'clusters[0].sites[0]')?.severity).toBe('warning');
  });
  it('counts consumer groups per hub against the tier limit', () => {
    const consumers = Array.from({ length: 20 }, (_, i) => ({ id: `app-${i}`, cluster: 'iiot', topics: ['readings'] }));
    expect(messages(env({ consumers }))).toContainEqual(
      expect.stringMatching(/21 consumer groups \(\$Default included\); a standard event hub allows 20/),
    );
  });
  it('warns that replication settings do not apply', () => {
    const p = checkEventHubs(env({ topics: [{ name: 'readings', cluster: 'iiot', partitions: 8, replicationFactor: 3 }] })).find(
      (x) => x.path === 'topics[0]',
    );
    expect(p?.severity).toBe('warning');
  });
});
