import { mkdtempSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironmentFile, loadEnvironments } from '../../../constructs/model/environment-file';
import { ENVIRONMENT_CHECKS } from '../../../constructs/analysis/validate';
import { formatProblem } from '../../../constructs/model/problems';
import { baseEnv, envOf, problemsOf } from '../../helpers';

type Mutation = (e: Record<string, any>) => void;
/** name, mutation, path, message, optional fix. Rest params keep jest from passing `done`. */
type Case = [string, Mutation, string, RegExp, RegExp?];

/** Applies a mutation to the base environment and returns its problems. */
function problemsAfter(mutate: Mutation) {
  const e = baseEnv();
  mutate(e);
  return problemsOf(e);
}

describe('the base environment', () => {
  it('is valid', () => {
    expect(problemsOf(baseEnv())).toEqual([]);
  });
});

describe('file-level problems', () => {
  const dir = mkdtempSync(join(tmpdir(), 'env-'));

  it('reports a missing file', () => {
    const r = loadEnvironmentFile(join(dir, 'nope.yaml'), ENVIRONMENT_CHECKS);
    expect(r.problems).toEqual([expect.objectContaining({ message: 'file does not exist.' })]);
  });

  it('reports a directory given as a file', () => {
    mkdirSync(join(dir, 'sub.yaml'));
    expect(loadEnvironmentFile(join(dir, 'sub.yaml'), ENVIRONMENT_CHECKS).problems[0].message).toMatch(/is a directory/);
  });

  it('reports a file that cannot be read, with the reason', () => {
    // Tests run as root, which reads any mode; a path through a regular file fails for everyone.
    const f = join(dir, 'plain.yaml');
    writeFileSync(f, 'name: x\n');
    const r = loadEnvironmentFile(join(f, 'env.yaml'), ENVIRONMENT_CHECKS);
    expect(r.problems).toEqual([
      expect.objectContaining({ message: 'file cannot be read (ENOTDIR).', fix: expect.stringMatching(/check the path/) }),
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const p = problemsOf('name: dev\nstage: dev\nsites:\n  - id: [fra\n');
    expect(p[0].message).toMatch(/^YAML syntax error at line \d+, column \d+/);
    expect(p[0].line).toBeGreaterThanOrEqual(4);
  });

  it('reports an empty file', () => {
    expect(problemsOf('')[0].message).toBe('file is empty.');
    expect(problemsOf('# only a comment\n')[0].message).toBe('file is empty.');
  });

  it('reports a list at the top level', () => {
    expect(problemsOf('- a\n- b\n')[0].message).toMatch(/expected a mapping of settings at the top level, got a list/);
  });

  it('reports duplicate keys as a YAML error', () => {
    expect(problemsOf('name: a\nname: b\n')[0].message).toMatch(/YAML syntax error.*[Mm]ap keys must be unique/);
  });
});

describe('schema problems', () => {
  const cases: Case[] = [
    [
      'unknown key with a suggestion',
      (e) => (e.clusters[0].broker = 3),
      'clusters[0].broker',
      /unknown key "broker"/,
      /did you mean "brokers"\?/,
    ],
    ['unknown top-level key', (e) => (e.site = []), 'site', /unknown key "site"/, /did you mean "sites"\?/],
    [
      'unknown key inside a backend variant',
      (e) => (e.backend = { type: 's3', bucket: 'state-b', region: 'eu-central-1', encrypted: true }),
      'backend.encrypted',
      /unknown key "encrypted"/,
      /bucket, region, keyPrefix, kmsKeyId/,
    ],
    ['wrong type', (e) => (e.clusters[0].brokers = 'three'), 'clusters[0].brokers', /"three" must be a whole number/, /write a number/],
    ['missing required field', (e) => delete e.owner, 'owner', /is required but missing/, /add owner/],
    ['out-of-range number', (e) => (e.topics[0].partitions = 0), 'topics[0].partitions', /at least 1/, /at least 1/],
    ['too large number', (e) => (e.clusters[0].storageGiB = 99999), 'clusters[0].storageGiB', /at most 16384/, /at most 16384/],
    ['fractional count', (e) => (e.clusters[0].brokers = 3.5), 'clusters[0].brokers', /whole number/],
    ['upper-case name', (e) => (e.sites[0].id = 'FRA'), 'sites[0].id', /lowercase letters, digits and dashes/],
    ['name too long', (e) => (e.name = 'a-very-long-environment-name'), 'name', /at most 12 characters/],
    ['name ending in a dash', (e) => (e.clusters[0].id = 'main-'), 'clusters[0].id', /not ending with a dash/],
    ['bad enum value', (e) => (e.stage = 'production'), 'stage', /"production" is not allowed/, /use one of: dev, prod/],
    ['misspelt enum value with a suggestion', (e) => (e.stage = 'prd'), 'stage', /"prd" is not allowed/, /did you mean "prod"\?/],
    ['bad cluster kind', (e) => (e.clusters[0].kind = 'mks'), 'clusters[0].kind', /unknown cluster kind "mks"/, /did you mean "msk"/],
    ['bad duration', (e) => (e.topicGroups[0].rpo = '5 minutes'), 'topicGroups[0].rpo', /duration such as/],
    ['bad CIDR shape', (e) => (e.sites[0].cidr = '10.0.0/16'), 'sites[0].cidr', /IPv4 CIDR/],
    ['bad topic name', (e) => (e.topics[0].name = 'Orders!'), 'topics[0].name', /lowercase letters, digits, dots/],
    ['bad AWS account id', (e) => (e.accounts = { aws: { accountId: '1234' } }), 'accounts.aws.accountId', /12-digit AWS account id/],
    [
      'unknown backend type',
      (e) => (e.backend = { type: 'consul' }),
      'backend.type',
      /not a known variant|not allowed/,
      /local, s3, azurerm, gcs/,
    ],
  ];

  it.each(cases)('%s', (...args) => {
    const [, mutate, path, message, fix] = args as Case;
    const problems = problemsAfter(mutate);
    const p = problems.find((x) => x.path === path);
    expect(p).toBeDefined();
    expect(p!.message).toMatch(message);
    if (fix) expect(p!.fix).toMatch(fix);
    expect(p!.file).toBe('test.yaml');
  });
});

describe('semantic problems', () => {
  const cases: Case[] = [
    [
      'duplicate site ids',
      (e) => e.sites.push({ ...e.sites[0], cidr: '10.1.0.0/16' }),
      'sites[1].id',
      /duplicate site id "fra" \(already used at sites\[0\]\.id\)/,
    ],
    [
      'duplicate topic names per cluster',
      (e) => e.topics.push({ ...e.topics[0] }),
      'topics[1].name',
      /duplicate topic name in its cluster "main\/orders"/,
    ],
    ['duplicate cluster ids', (e) => e.clusters.push({ ...e.clusters[0] }), 'clusters[1].id', /duplicate cluster id "main"/],
    [
      'unknown site with suggestion',
      (e) => (e.clusters[0].sites = ['fr']),
      'clusters[0].sites[0]',
      /unknown site "fr"/,
      /did you mean "fra"\?/,
    ],
    [
      'unknown cluster',
      (e) => (e.topics[0].cluster = 'other-cluster'),
      'topics[0].cluster',
      /unknown cluster "other-cluster"/,
      /use one of: main/,
    ],
    [
      'unknown topic group',
      (e) => (e.topics[0].group = 'order'),
      'topics[0].group',
      /unknown topic group "order"/,
      /did you mean "orders"/,
    ],
    [
      'overlapping CIDRs',
      (e) => e.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.0.128.0/17' }),
      'sites[1].cidr',
      /10\.0\.128\.0\/17 of site "par" overlaps 10\.0\.0\.0\/16 of site "fra"/,
      /own address range/,
    ],
    ['CIDR with host bits', (e) => (e.sites[0].cidr = '10.0.0.5/16'), 'sites[0].cidr', /has host bits set/, /10\.0\.0\.0\/16/],
    ['CIDR octet out of range', (e) => (e.sites[0].cidr = '10.300.0.0/16'), 'sites[0].cidr', /not a valid IPv4 CIDR/],
    [
      'client CIDR open to the world',
      (e) => (e.sites[0].clientCidrs = ['0.0.0.0/0']),
      'sites[0].clientCidrs[0]',
      /opens the brokers to every address/,
      /0\.0\.0\.0\/0 is never allowed/,
    ],
    [
      'region that does not exist',
      (e) => (e.sites[0].region = 'eu-central-9'),
      'sites[0].region',
      /region "eu-central-9" does not exist in aws/,
      /did you mean "eu-central-1"\?/,
    ],
    [
      'azure region spelt the AWS way',
      (e) => e.sites.push({ id: 'weu', cloud: 'azure', region: 'west-europe', cidr: '10.9.0.0/16' }),
      'sites[1].region',
      /does not exist in azure/,
      /westeurope/,
    ],
    [
      'replication factor above brokers',
      (e) => (e.topics[0].replicationFactor = 4),
      'topics[0].replicationFactor',
      /replication factor 4 is more than the 3 brokers/,
      /at most 3/,
    ],
    [
      'minISR equal to RF',
      (e) => (e.topics[0].minInsyncReplicas = 3),
      'topics[0].minInsyncReplicas',
      /min.insync.replicas 3 is not below the replication factor 3/,
      /set minInsyncReplicas to 2/,
    ],
    ['minISR below 1', (e) => (e.topics[0].minInsyncReplicas = 0), 'topics[0].minInsyncReplicas', /below 1/],
    [
      'minISR 1 in prod',
      (e) => {
        e.stage = 'prod';
        e.backend = { type: 's3', bucket: 'tf-state', region: 'eu-central-1' };
        e.topics[0].minInsyncReplicas = 1;
      },
      'topics[0].minInsyncReplicas',
      /min.insync.replicas 1 is below 2 in a prod environment/,
      /use minInsyncReplicas 2/,
    ],
    [
      'RF 2 in prod',
      (e) => {
        e.stage = 'prod';
        e.backend = { type: 's3', bucket: 'tf-state', region: 'eu-central-1' };
        e.topics[0].replicationFactor = 2;
        e.topics[0].minInsyncReplicas = 1;
      },
      'topics[0].replicationFactor',
      /replication factor 2 is below 3 in a prod environment/,
    ],
    [
      'partitions per broker above the MSK limit',
      (e) => {
        e.clusters[0].instanceType = 'kafka.t3.small';
        e.topics[0].partitions = 400;
      },
      'clusters[0].instanceType',
      /400 partitions per broker .* on 3 × kafka.t3.small; MSK recommends at most 300/,
      /raise brokers to 6|kafka\.m5\.large/,
    ],
    [
      'MSK brokers not a multiple of zones',
      (e) => (e.clusters[0].brokers = 4),
      'clusters[0].brokers',
      /multiple of its 3 zones, got 4/,
      /use 3/,
    ],
    [
      'MSK spanning two sites',
      (e) => {
        e.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.1.0.0/16' });
        e.clusters[0].sites = ['fra', 'par'];
      },
      'clusters[0].sites',
      /a msk cluster lives in one region, got 2 sites/,
      /self-managed/,
    ],
    [
      'MSK in an Azure site',
      (e) => {
        e.sites[0] = { id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.0.0.0/16' };
        e.clusters[0].sites = ['weu'];
      },
      'clusters[0].kind',
      /a msk cluster cannot live in site "weu" on azure/,
    ],
    [
      'unknown MSK instance type',
      (e) => (e.clusters[0].instanceType = 'kafka.m5.larg'),
      'clusters[0].instanceType',
      /unknown MSK instance type "kafka.m5.larg"/,
      /did you mean "kafka.m5.large"/,
    ],
    [
      'transactional topic on too few brokers',
      (e) => {
        e.sites[0] = { id: 'shop', cloud: 'edge', region: 'store-12', role: 'edge', cidr: '10.0.0.0/24' };
        e.clusters[0] = { id: 'main', kind: 'edge', sites: ['shop'], brokers: 1 };
        e.topics[0] = { name: 'orders', cluster: 'main', partitions: 1, replicationFactor: 1, minInsyncReplicas: 0, transactional: true };
        e.topicGroups = [];
      },
      'topics[0].transactional',
      /exactly-once producers but cluster "main" has 1 brokers/,
    ],
    [
      'local state in prod',
      (e) => (e.stage = 'prod'),
      'backend',
      /prod environment keeps its Terraform state on local disk/,
      /s3, azurerm or gcs/,
    ],
    [
      'S3 backend in a region that does not exist',
      (e) => (e.backend = { type: 's3', bucket: 'tf-state', region: 'eu-centrl-1' }),
      'backend.region',
      /region "eu-centrl-1" does not exist/,
    ],
    ['mTLS on MSK', (e) => (e.clusters[0].clientAuth = ['mtls']), 'clusters[0].clientAuth', /mTLS on MSK needs an ACM Private CA/],
    [
      'replication to an unknown cluster',
      (e) => (e.replication = [{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['orders'] }]),
      'replication[0].to',
      /unknown cluster "vault"/,
    ],
    [
      'replication of an unknown topic',
      (e) => {
        e.clusters.push({ id: 'copy', kind: 'msk', sites: ['fra'] });
        e.replication = [{ from: 'main', to: 'copy', mode: 'active-passive', topics: ['order'] }];
      },
      'replication[0].topics[0]',
      /unknown topic of cluster "main" "order"/,
      /did you mean "orders"/,
    ],
    [
      'two copies of the same pair of clusters',
      (e) => {
        e.clusters.push({ id: 'copy', kind: 'msk', sites: ['fra'] });
        e.replication = [
          { id: 'orders-copy', from: 'main', to: 'copy', mode: 'active-passive', topics: ['orders'] },
          { id: 'orders-again', from: 'main', to: 'copy', mode: 'active-passive', topics: ['orders'] },
        ];
      },
      'replication[1].to',
      /a second copy from "main" to "copy" \(replication\[0\] is the first\)/,
      /move its topics into replication\[0\] \(orders-copy\)/,
    ],
  ];

  it.each(cases)('%s', (...args) => {
    const [, mutate, path, message, fix] = args as Case;
    const problems = problemsAfter(mutate);
    const p = problems.find((x) => x.path === path && message.test(x.message));
    if (!p) throw new Error(`no problem at ${path} matching ${message}; got:\n${problems.map(formatProblem).join('\n')}`);
    if (fix) expect(p.fix).toMatch(fix);
  });
});

describe('all problems at once', () => {
  const e = baseEnv();
  e.clusters[0].broker = 3;
  e.sites[0].region = 'eu-central-9';
  e.topics[0].partitions = -1;
  e.stage = 'qa';
  const problems = problemsOf(e);

  it('lists every schema problem, not the first only', () => {
    expect(problems.map((p) => p.path).sort()).toEqual(['clusters[0].broker', 'stage', 'topics[0].partitions']);
  });

  it('gives each problem its line in the file', () => {
    expect(problems.every((p) => typeof p.line === 'number' && p.line > 0)).toBe(true);
  });

  it('lists every semantic problem once the schema passes', () => {
    const f = baseEnv();
    f.sites[0].region = 'eu-central-9';
    f.topics[0].replicationFactor = 5;
    f.topics.push({ name: 'x', cluster: 'nope', partitions: 1 });
    const paths = problemsOf(f).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['sites[0].region', 'topics[0].replicationFactor', 'topics[1].cluster']));
  });

  it('formats a problem with file, line, path, message and fix', () => {
    const p = problems.find((x) => x.path === 'clusters[0].broker')!;
    expect(formatProblem(p)).toMatch(/^test\.yaml:\d+: clusters\[0\]\.broker: unknown key "broker"\. Fix: did you mean "brokers"\?/);
  });
});

describe('loadEnvironments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'envs-'));
  const good = join(dir, 'good.yaml');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(good, JSON.stringify(baseEnv()));
  writeFileSync(bad, 'name: bad\nstage: dev\nowner: x\nsites: []\n');

  it('returns no environment when any file has an error', () => {
    const r = loadEnvironments([good, bad], ENVIRONMENT_CHECKS);
    expect(r.environments).toEqual([]);
    expect(r.problems).toEqual([
      expect.objectContaining({ file: bad, path: 'sites', message: expect.stringMatching(/at least one site/) }),
    ]);
  });

  it('rejects two files with the same environment name', () => {
    const twin = join(dir, 'twin.yaml');
    writeFileSync(twin, JSON.stringify(baseEnv()));
    const r = loadEnvironments([good, twin], ENVIRONMENT_CHECKS);
    expect(r.problems[0].message).toMatch(/environment name "test" is also used by/);
  });

  it('loads valid files', () => {
    expect(envOf(baseEnv()).clusters[0].id).toBe('main');
    expect(loadEnvironments([good], ENVIRONMENT_CHECKS).environments).toHaveLength(1);
  });
});
