import * as fc from 'fast-check';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { REGIONS } from '../../../constructs/model/regions';

/**
 * fast-check arbitraries over the environment schema: the reference estates as seeds,
 * mutants of them (values swapped for hostile ones, keys deleted, list items doubled,
 * ids copied between lists) and random estates built field by field.
 */

const root = join(__dirname, '..', '..', '..');
const load = (dir: string, f: string) => ({ name: f, data: parse(readFileSync(join(root, dir, f), 'utf8')) as Record<string, unknown> });

/** Reference estates and fixtures: valid starting points. */
export const SEEDS = [
  ...readdirSync(join(root, 'environments'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => load('environments', f)),
  ...['hybrid-links.yaml', 'replication.yaml'].map((f) => load('test/fixtures', f)),
];

/** Values a careless or hostile user writes: wrong types, edge sizes, names that clash, paths, markup. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'x',
  'a'.repeat(300),
  '../../9.9.9',
  'alerts-',
  '[input]',
  "it's",
  'a\nb',
  'UPPER',
  '💥',
  '%',
  '<b>',
  '.',
  '..',
  'a.b',
  'a_b',
  'fra-topics',
  'main-x',
  'x-t',
  '0.0.0.0/0',
  '0.0.0.0/1',
  '10.0.0.0/8',
  '10.0.0.0/27',
  '10.0.0.0/28',
  '10.0.0.5/32',
  '127.0.0.0/16',
  '224.0.0.0/16',
  '169.254.0.0/16',
  '10.0.0.0/16',
  '10.1.0.0/16',
  'file:///etc/passwd',
  'http://10.0.0.1:6443',
  'https://10.0.0.1:6443',
  'host:99999',
  'aws:team',
  '0s',
  '1ms',
  '5m',
  '9999w',
  '99999999999w',
  'm7i.2xlarge; curl evil',
  'kafka.t3.small',
  'kafka.m5.large',
  '3.9.x',
  '4.1.1',
  'eu-central-1',
  'westeurope',
  'europe-west3',
  'aws',
  'azure',
  'gcp',
  'edge',
  'onprem',
  'msk',
  'self-managed',
  'event-hubs',
  'gcp-managed',
  'msk-serverless',
  'fra',
  'par',
  'hub',
  'main',
  'core',
  'orders',
  'payments',
  'witness',
  'dr',
  'prod',
  'active-active',
  'up',
  'down',
];
const HOSTILE_NUMBERS = [0, -1, 1, 2, 3, 4, 5, 7, 9, 16, 64, 100, 1000, 65535, 65536, 1e9, 1e21, 0.5, 2 ** 53, -0];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], {}, [''], { x: 1 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }) },
);

type Path = Array<string | number>;

/** Every path of a value, iteratively (no recursion over user data). */
function paths(root: unknown): Path[] {
  const out: Path[] = [];
  const stack: Array<[unknown, Path]> = [[root, []]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...p, i]]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push([x, [...p, k]]);
  }
  return out;
}

const get = (x: unknown, p: Path): unknown =>
  p.reduce<unknown>((a, k) => (a == null ? undefined : (a as Record<string | number, unknown>)[k]), x);

function set(x: unknown, p: Path, v: unknown): unknown {
  if (p.length === 0) return v;
  const parent = get(x, p.slice(0, -1));
  if (parent && typeof parent === 'object') (parent as Record<string | number, unknown>)[p[p.length - 1]] = v;
  return x;
}

export type Op = readonly [kind: number, value: unknown, at: number];

/** Applies operations to a copy of a seed: set, delete, double a list item, copy a sibling value, tweak, clone with a new id. */
export function mutate(seed: unknown, ops: readonly Op[]): unknown {
  let e = structuredClone(seed);
  for (const [kind, value, at] of ops) {
    const ps = paths(e);
    const p = ps[at % ps.length];
    const cur = get(e, p);
    switch (kind % 7) {
      case 0:
        e = set(e, p, structuredClone(value));
        break;
      case 1: {
        if (p.length === 0) break;
        const parent = get(e, p.slice(0, -1));
        if (Array.isArray(parent)) parent.splice(Number(p[p.length - 1]), 1);
        else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[String(p[p.length - 1])];
        break;
      }
      case 2:
        if (Array.isArray(cur) && cur.length > 0) cur.push(structuredClone(cur[at % cur.length]));
        break;
      case 3: {
        const last = p[p.length - 1];
        const same = ps.filter((q) => q.length > 0 && q[q.length - 1] === last && q.join('.') !== p.join('.'));
        if (same.length > 0) e = set(e, p, structuredClone(get(e, same[at % same.length])));
        break;
      }
      case 4:
        if (typeof cur === 'string')
          e = set(e, p, [`${cur}-`, `${cur}x`, cur.toUpperCase(), `${cur}.${cur}`, cur.slice(1), `${cur}_`][at % 6]);
        else if (typeof cur === 'number') e = set(e, p, [cur * 1000, cur - 1, cur + 1, -cur, cur / 3, cur * 1e12][at % 6]);
        break;
      case 5:
        if (Array.isArray(cur) && cur.length > 0 && cur[0] && typeof cur[0] === 'object') {
          const c = structuredClone(cur[at % cur.length]) as Record<string, unknown>;
          if (typeof c.id === 'string') c.id = `${c.id}-x`;
          if (typeof c.name === 'string') c.name = `${c.name}-x`;
          cur.push(c);
        }
        break;
      case 6:
        // A key that is not in the schema, beside whatever else changed.
        if (cur && typeof cur === 'object' && !Array.isArray(cur)) (cur as Record<string, unknown>)[`x${at % 5}`] = value;
        break;
    }
  }
  return e;
}

export const ops: fc.Arbitrary<Op[]> = fc.array(fc.tuple(fc.nat(), hostileValue, fc.nat()), { minLength: 1, maxLength: 4 });

/** A seed with one to four operations applied. */
export const mutants: fc.Arbitrary<{ seed: string; data: unknown }> = fc
  .tuple(fc.nat(SEEDS.length - 1), ops)
  .map(([i, o]) => ({ seed: SEEDS[i].name, data: mutate(SEEDS[i].data, o) }));

/** YAML text of a seed with bytes inserted, deleted or lines doubled, re-indented or cut. */
export const textMutants: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat(SEEDS.length - 1),
    fc.array(
      fc.tuple(
        fc.nat(4),
        fc.nat(),
        fc.constantFrom('\t', ' ', ':', '-', '&a', '*a', '{', '[', '"', "'", '\r', '\u0000', '---\n', '!!binary ', '<<: '),
      ),
      {
        minLength: 1,
        maxLength: 5,
      },
    ),
  )
  .map(([i, edits]) => {
    let text = stringify(SEEDS[i].data);
    for (const [kind, at, s] of edits) {
      const pos = at % Math.max(1, text.length);
      const lines = text.split('\n');
      const line = at % lines.length;
      if (kind === 0) text = text.slice(0, pos) + s + text.slice(pos);
      else if (kind === 1) text = text.slice(0, pos) + text.slice(pos + 1 + (at % 40));
      else if (kind === 2) text = [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join('\n');
      else if (kind === 3) text = lines.map((l, j) => (j === line ? `  ${l}` : l)).join('\n');
      else text = text.slice(0, pos);
    }
    return text;
  });

// ---------------------------------------------------------------------------------
// Random estates, field by field

const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const region = {
  aws: REGIONS.aws.slice(0, 6),
  azure: REGIONS.azure.slice(0, 6),
  gcp: REGIONS.gcp.slice(0, 6),
  edge: ['berlin'],
  onprem: ['linz'],
};
/** Mostly a distinct private /16 per site; sometimes a size or range a cloud refuses. */
const cidrOf = (i: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(`10.${i * 10}.0.0/16`) },
    { weight: 1, arbitrary: fc.constantFrom(`10.${i * 10}.0.0/24`, `10.${i * 10}.0.0/27`, `127.${i}.0.0/16`, `10.${i * 10}.0.0/8`) },
  );
const site = (i: number) =>
  fc.constantFrom('aws', 'aws', 'azure', 'gcp', 'edge', 'onprem').chain((cloud) =>
    fc.record({
      id,
      cloud: fc.constant(cloud),
      region: fc.constantFrom(...region[cloud as keyof typeof region]),
      role: cloud === 'edge' ? fc.constant('edge') : fc.constantFrom('primary', 'primary', 'secondary', 'dr', 'witness'),
      cidr: cidrOf(i),
    }),
  );
const sites = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => site(i))));

/** An estate of 1-4 sites, 0-3 clusters on them, 0-6 topics, maybe a replication and a link. */
export const arbitraryEstate: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    name: fc.constantFrom('fz', 'fuzz-a'),
    stage: fc.constantFrom('dev', 'prod'),
    sites: sites.map((xs) => xs.filter((x, i) => xs.findIndex((y) => y.id === x.id) === i)),
    kinds: fc.array(fc.constantFrom('msk', 'self-managed', 'event-hubs', 'gcp-managed', 'msk-serverless'), { minLength: 0, maxLength: 3 }),
    topics: fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9._-]{0,12}$/), fc.integer({ min: 1, max: 64 }), fc.nat(2)), { maxLength: 6 }),
    brokers: fc.constantFrom(undefined, 1, 3, 4, 6),
    replicate: fc.boolean(),
    link: fc.boolean(),
  })
  .map((r) => {
    const home: Record<string, string> = {
      msk: 'aws',
      'msk-serverless': 'aws',
      'self-managed': 'aws',
      'event-hubs': 'azure',
      'gcp-managed': 'gcp',
    };
    const on = (kind: string, i: number) => {
      const fitting = r.sites.filter((s) => s.cloud === home[kind]);
      return (fitting.length > 0 ? fitting : r.sites)[i % (fitting.length || r.sites.length)].id;
    };
    const clusters = r.kinds.map((kind, i) => ({
      id: `c${i}`,
      kind,
      sites: kind === 'self-managed' ? r.sites.map((s) => s.id).slice(0, 3) : [on(kind, i)],
      ...(r.brokers !== undefined && (kind === 'msk' || kind === 'self-managed') ? { brokers: r.brokers } : {}),
      ...(kind === 'self-managed'
        ? { kafkaArtifact: { location: 's3://artifacts-bucket/kafka_2.13-4.1.1.tgz', sha256: 'a'.repeat(64) } }
        : {}),
    }));
    return {
      name: r.name,
      stage: r.stage,
      owner: 'platform',
      alerts: { page: { email: ['oncall@example.com'] } },
      ...(r.stage === 'prod' ? { backend: { type: 's3', bucket: 'fuzz-state', region: 'eu-central-1' } } : {}),
      sites: r.sites,
      clusters,
      topics:
        clusters.length === 0
          ? []
          : r.topics.map(([name, partitions, c]) => ({ name, partitions, cluster: clusters[c % clusters.length].id })),
      replication:
        r.replicate && clusters.length > 1 && r.topics.length > 0
          ? [{ from: clusters[0].id, to: clusters[1].id, mode: 'active-passive', topics: [r.topics[0][0]] }]
          : [],
      links: r.link && r.sites.length > 1 ? [{ id: 'l0', between: [r.sites[0].id, r.sites[1].id] }] : [],
    };
  });
