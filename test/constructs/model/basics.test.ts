import { canonicalCidr, cidrContains, cidrsOverlap, hostAddress, isIpv4Cidr, parseCidr, subnet } from '../../../constructs/model/cidr';
import { durationSeconds, formatSeconds } from '../../../constructs/model/duration';
import {
  checkTopicDurability,
  partitionsPerBroker,
  renderServerProperties,
  SAFE_SERVER_PROPERTIES,
} from '../../../constructs/analysis/durability';
import { resourceName, standardTags } from '../../../constructs/model/naming';
import { nearest } from '../../../constructs/model/problems';
import { regionExists } from '../../../constructs/model/regions';

describe('CIDR math', () => {
  it.each([
    ['10.0.0.0/16', '10.0.255.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['10.0.0.0/8', '10.200.0.0/16', true],
    ['192.168.0.0/24', '192.168.1.0/24', false],
    ['192.168.0.0/23', '192.168.1.128/25', true],
  ])('%s overlaps %s: %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
    expect(cidrsOverlap(b, a)).toBe(expected);
  });

  it('validates and canonicalises', () => {
    expect(isIpv4Cidr('10.0.0.0/16')).toBe(true);
    expect(isIpv4Cidr('10.0.0.0/33')).toBe(false);
    expect(isIpv4Cidr('256.0.0.0/8')).toBe(false);
    expect(isIpv4Cidr('10.0.0.0')).toBe(false);
    expect(canonicalCidr('10.0.3.7/16')).toBe('10.0.0.0/16');
  });

  it('cuts subnets and hosts like cidrsubnet/cidrhost', () => {
    expect(subnet('10.0.0.0/16', 20, 2)).toBe('10.0.32.0/20');
    expect(subnet('169.254.0.0/16', 30, 1)).toBe('169.254.0.4/30');
    expect(hostAddress('10.0.32.0/20', 10)).toBe('10.0.32.10');
    expect(cidrContains('10.0.0.0/16', subnet('10.0.0.0/16', 20, 15))).toBe(true);
    expect(() => subnet('10.0.0.0/16', 20, 16)).toThrow(/holds 16 \/20 subnets; index 16 is outside/);
    expect(() => subnet('10.0.0.0/16', 8, 0)).toThrow(/cannot cut \/8 subnets/);
  });

  it('parses a range once and hands out the same frozen range, which no caller can change', () => {
    const range = parseCidr('10.20.0.0/16');
    expect(parseCidr('10.20.0.0/16')).toBe(range);
    expect(Object.isFrozen(range)).toBe(true);
    expect(Reflect.set(range, 'first', 0n)).toBe(false);
    expect(range).toEqual({ cidr: '10.20.0.0/16', first: 0x0a140000n, last: 0x0a14ffffn, prefix: 16 });
    expect(hostAddress('10.20.0.0/16', 65535)).toBe('10.20.255.255');
    expect(() => parseCidr('10.20.0.0/33')).toThrow();
    expect(() => parseCidr('10.20.0.0/33')).toThrow();
  });
});

describe('durations', () => {
  it.each([
    ['0s', 0],
    ['0', 0],
    ['500ms', 0.5],
    ['30s', 30],
    ['5m', 300],
    ['4h', 14400],
    ['7d', 604800],
    ['2w', 1209600],
  ])('%s is %d seconds', (d, s) => expect(durationSeconds(d)).toBe(s));

  it('rejects what is not a duration', () => {
    expect(() => durationSeconds('5 minutes')).toThrow(/is not a duration/);
    expect(() => durationSeconds('12')).toThrow(/is not a duration/);
  });

  it('formats seconds in the largest whole unit', () => {
    expect([0, 30, 90, 3600, 86400 * 3, Infinity].map(formatSeconds)).toEqual(['0s', '30s', '90s', '1h', '3d', 'unbounded']);
  });
});

describe('durability rules', () => {
  const ok = { replicationFactor: 3, minInsyncReplicas: 2 };
  it('accepts RF 3 / minISR 2 on 3 brokers in prod', () => {
    expect(checkTopicDurability(ok, { brokers: 3, stage: 'prod' })).toEqual([]);
  });
  it.each([
    [{ replicationFactor: 4, minInsyncReplicas: 2 }, 3, 'dev', /replication factor 4 is more than the 3 brokers/],
    [{ replicationFactor: 3, minInsyncReplicas: 3 }, 3, 'dev', /min.insync.replicas 3 is not below the replication factor 3/],
    [{ replicationFactor: 3, minInsyncReplicas: 4 }, 5, 'dev', /is not below/],
    [{ replicationFactor: 3, minInsyncReplicas: 0 }, 3, 'dev', /below 1/],
    [{ replicationFactor: 2, minInsyncReplicas: 1 }, 3, 'prod', /replication factor 2 is below 3 in a prod/],
    [{ replicationFactor: 3, minInsyncReplicas: 1 }, 3, 'prod', /min.insync.replicas 1 is below 2 in a prod/],
  ] as const)('rejects %j on %d brokers in %s', (t, brokers, stage, message) => {
    expect(
      checkTopicDurability(t, { brokers, stage })
        .map((f) => f.message)
        .join(' '),
    ).toMatch(message);
  });
  it('allows RF 2 / minISR 1 in dev', () => {
    expect(checkTopicDurability({ replicationFactor: 2, minInsyncReplicas: 1 }, { brokers: 3, stage: 'dev' })).toEqual([]);
  });
  it('counts partitions per broker with replicas', () => {
    expect(
      partitionsPerBroker(
        [
          { partitions: 100, replicationFactor: 3 },
          { partitions: 50, replicationFactor: 3 },
        ],
        3,
      ),
    ).toBe(150);
  });
  it('renders the safe server properties sorted and complete', () => {
    const text = renderServerProperties(SAFE_SERVER_PROPERTIES);
    expect(text.split('\n').filter(Boolean)).toHaveLength(8);
    expect(text).toMatch(/^allow\.everyone\.if\.no\.acl\.found=false\nauto\.create\.topics\.enable=false\n/);
    expect(text).toContain('unclean.leader.election.enable=false\n');
  });
});

describe('naming and tags', () => {
  it('joins env, site and component, lowercased and cloud safe', () => {
    expect(resourceName({ env: 'dev', site: 'fra', component: 'Main_Cluster' })).toBe('dev-fra-main-cluster');
  });
  it('shortens long names with a stable hash', () => {
    const long = resourceName({ env: 'banking', site: 'frankfurt', component: 'x'.repeat(80) }, 40);
    expect(long).toHaveLength(40);
    expect(long).toBe(resourceName({ env: 'banking', site: 'frankfurt', component: 'x'.repeat(80) }, 40));
  });
  it('tags environment, site, owner and data class, and user tags cannot override them', () => {
    expect(standardTags({ env: 'dev', site: 'fra', owner: 'team', extra: { owner: 'someone-else', cost: 'x' } })).toEqual({
      cost: 'x',
      environment: 'dev',
      site: 'fra',
      owner: 'team',
      'data-class': 'internal',
      'managed-by': 'kafka-estate',
    });
  });
});

describe('regions and suggestions', () => {
  it("knows each cloud's regions", () => {
    expect(regionExists('aws', 'eu-south-1')).toBe(true);
    expect(regionExists('azure', 'swedencentral')).toBe(true);
    expect(regionExists('gcp', 'europe-west3')).toBe(true);
    expect(regionExists('gcp', 'eu-west-3')).toBe(false);
    expect(regionExists('edge', 'ship-7')).toBe(true);
  });
  it('suggests only plausible typos', () => {
    expect(nearest('brokerz', ['brokers', 'sites'])).toBe('brokers');
    expect(nearest('completely-different', ['brokers', 'sites'])).toBeUndefined();
  });
});
