import { execFileSync } from 'child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { dirname, join } from 'path';
import { environmentFiles, loadEnvironments } from '../../constructs/model/environment-file';
import { planEstate, type EstatePlan } from '../../constructs/analysis/plan';
import { ESTATE_CHECKS } from '../../stacks/checks';
import { fleetEnvironmentYaml } from './fleet';
import type { RunResult } from './process-tree';

/** What one bench run measures: every way side by side on one copy of the tree, so ratios are taken under the same load. */
export interface BenchOptions {
  /** The checkout measured: its files (tracked and untracked, not ignored) are copied, node_modules linked. */
  readonly root: string;
  /** One run of each way, fleets of 10 and 100 sites, no `npm test`: checks the bench itself, not the product. */
  readonly quick?: boolean;
  readonly runs?: number;
  readonly fleets?: readonly number[];
  /** `npm test` is timed unless false (it takes the longest; quick mode never runs it). */
  readonly test?: boolean;
  /** Runs a command and reports wall time and the peak resident memory of its process tree. */
  readonly measure: (cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) => Promise<RunResult>;
  readonly log?: (line: string) => void;
}

export interface Row {
  readonly key: string;
  readonly estate: string;
  readonly way: string;
  /** cold: no build output (as after a fresh clone); warm: the same command ran just before. */
  readonly state: 'cold' | 'warm' | '';
  readonly runs: readonly RunResult[];
  readonly sites?: number;
}

export interface BenchResult {
  readonly rows: readonly Row[];
  readonly json: Record<string, number | string | boolean | null>;
  readonly table: string;
  readonly load: { readonly before: readonly number[]; readonly after: readonly number[] };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const stat = (row: Row) => ({
  minS: Math.min(...row.runs.map((r) => r.seconds)),
  medS: median(row.runs.map((r) => r.seconds)),
  minMb: Math.min(...row.runs.map((r) => r.peakRssMb)),
  medMb: median(row.runs.map((r) => r.peakRssMb)),
});

/** The plans of the given environment files, as the synth makes them: what a run builds is counted from these. */
function plansOf(files: string[]): EstatePlan[] {
  const { environments, problems } = loadEnvironments(files, ESTATE_CHECKS);
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) throw new Error(`environments do not validate: ${errors.map((p) => p.message).join('; ')}`);
  return environments.map(({ env }) => planEstate(env));
}

/** `5 environments, 40 stacks, 1,000 edge sites`: the size of what a run synthesizes, from its plans. */
function describePlans(plans: readonly EstatePlan[]): string {
  const stacks = plans.reduce((n, p) => n + p.stacks.length, 0);
  const edge = plans.reduce((n, p) => n + p.edgeSites.length, 0);
  const count = (n: number, what: string) => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;
  return [count(plans.length, 'environment'), count(stacks, 'stack'), ...(edge ? [count(edge, 'edge site')] : [])].join(', ');
}

/**
 * A copy of the checkout to measure in: the bench edits files (an environment, a construct)
 * and removes build output for cold runs, which it must never do in the user's tree.
 */
function copyTree(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tree-'));
  for (const f of checkoutFiles(root)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(root, f), join(dir, f));
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * The checkout's files, relative to root: git's list (tracked, and untracked but not
 * ignored). A tree without git is the bench's own copy, where `npm test` runs the bench's
 * tests on it: every file there, but for names `.gitignore` lists (matched on each path
 * segment, `*` as a wildcard) and `.git`.
 */
export function checkoutFiles(root: string): string[] {
  if (existsSync(join(root, '.git')))
    return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '' && f !== 'node_modules' && existsSync(join(root, f)));
  const ignore = ['.git', ...readIgnore(root)].map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/\/$/, '')
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
      ),
  );
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      if (ignore.some((r) => r.test(e.name))) continue;
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out.sort();
}

const readIgnore = (root: string): string[] =>
  existsSync(join(root, '.gitignore'))
    ? readFileSync(join(root, '.gitignore'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
    : [];

/** The construct file a code edit touches: one every estate builds (MSK, the reference estates' common kind). */
const CONSTRUCT_FILE = 'constructs/aws/msk-regional-cluster.ts';
const ENVIRONMENT_FILE = 'environments/dev.yaml';

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const log = opts.log ?? (() => undefined);
  const quick = opts.quick ?? false;
  const runs = opts.runs ?? (quick ? 1 : 3);
  const fleetSizes = opts.fleets ?? (quick ? [10, 100] : [10, 100, 1000, 5000]);
  const load = { before: loadavg(), after: [] as number[] };
  const tree = copyTree(opts.root);
  const node = process.execPath;
  // Output of every run goes to a fresh folder; telemetry and update checks off for every way alike.
  const baseEnv = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1' } as NodeJS.ProcessEnv;
  delete baseEnv.ENV_FILE;
  delete baseEnv.CDKTF_OUTDIR;
  const rows: Row[] = [];

  const repeat = async (
    row: Omit<Row, 'runs'>,
    cmd: string,
    args: string[],
    opts2: { env?: NodeJS.ProcessEnv; before?: (i: number) => void; times?: number; outdir?: boolean } = {},
  ): Promise<Row> => {
    const results: RunResult[] = [];
    for (let i = 0; i < (opts2.times ?? runs); i++) {
      opts2.before?.(i);
      const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
      const env =
        opts2.outdir === false ? { ...baseEnv, ...opts2.env } : { ...baseEnv, CDKTF_OUTDIR: join(out, 'cdktf.out'), ...opts2.env };
      const r = await opts.measure(cmd, args, env, tree);
      rmSync(out, { recursive: true, force: true });
      if (r.code !== 0) throw new Error(`${row.way} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
      results.push(r);
      log(`  ${row.way}${row.state ? ` (${row.state})` : ''} run ${i + 1}: ${r.seconds.toFixed(2)} s, ${r.peakRssMb.toFixed(0)} MB`);
    }
    const done = { ...row, runs: results };
    rows.push(done);
    return done;
  };
  const editEnvironment = (i: number) => appendFileSync(join(tree, ENVIRONMENT_FILE), `# bench: edit ${i}\n`);
  const editConstruct = (i: number) => appendFileSync(join(tree, CONSTRUCT_FILE), `// bench: edit ${i}\n`);
  const clean = () => rmSync(join(tree, 'dist'), { recursive: true, force: true });

  try {
    const reference = describePlans(plansOf(environmentFiles(join(tree, 'environments'))));
    const npm = ['run', 'synth', '--silent'];
    // Cold first: dist/ removed before each run, as after a fresh clone.
    await repeat(
      { key: 'yaml_edit_cold', estate: reference, way: '`npm run synth` after an environment-file edit', state: 'cold' },
      'npm',
      npm,
      {
        before: (i) => (clean(), editEnvironment(i)),
      },
    );
    await repeat(
      { key: 'yaml_edit', estate: reference, way: '`npm run synth` after an environment-file edit', state: 'warm' },
      'npm',
      npm,
      {
        before: editEnvironment,
      },
    );
    // Nothing changed: the bundle is current and every environment's output is reused (stacks/synth-cache.ts).
    await repeat({ key: 'unchanged', estate: reference, way: '`npm run synth`, nothing changed', state: 'warm' }, 'npm', npm);
    await repeat({ key: 'code_edit', estate: reference, way: '`npm run synth` after a construct-file edit', state: 'warm' }, 'npm', npm, {
      before: editConstruct,
    });
    await repeat(
      { key: 'cdktf_synth', estate: reference, way: '`npx cdktf synth` (cdktf.json: bundle + `node dist/main.js`)', state: 'warm' },
      'npx',
      ['cdktf', 'synth'],
    );
    await repeat(
      { key: 'app', estate: reference, way: '`node dist/main.js` alone (the app, no build, every environment built)', state: 'warm' },
      node,
      [join(tree, 'dist', 'main.js')],
    );
    // The template's way: ts-node compiles and type-checks every file main.ts imports, on every synth.
    await repeat({ key: 'template', estate: reference, way: 'template: `npx ts-node main.ts`', state: '' }, 'npx', ['ts-node', 'main.ts']);
    await repeat(
      { key: 'template_cli', estate: reference, way: 'template: `npx cdktf synth`, app `npx ts-node main.ts`', state: '' },
      'npx',
      ['cdktf', 'synth', '--app', 'npx ts-node main.ts'],
    );

    // A fleet is synthesized by `npm run synth` too: its rows start Node.js with the flags that script gives it
    // (package.json), so the figures are what a user's synth of the fleet costs.
    const synthFlags = synthNodeFlags(readFileSync(join(tree, 'package.json'), 'utf8'));
    const fleetWay = `\`node ${[...synthFlags, 'dist/main.js'].join(' ')}\` (as \`npm run synth\` starts it), ENV_FILE = the fleet`;
    const fleetDir = join(tree, 'bench-fleets');
    mkdirSync(fleetDir);
    for (const size of fleetSizes) {
      const file = join(fleetDir, `fleet-${size}.yaml`);
      writeFileSync(file, fleetEnvironmentYaml(size));
      // Counted from the plan the synth renders, not from the size asked for.
      const plans = plansOf([file]);
      const sites = plans.reduce((n, p) => n + p.edgeSites.length, 0);
      // A first run, not counted, records the fleet's allocations beside it, as a user's first synth does.
      const first = await opts.measure(
        node,
        [...synthFlags, join(tree, 'dist', 'main.js')],
        { ...baseEnv, ENV_FILE: file, CDKTF_OUTDIR: join(fleetDir, 'out') },
        tree,
      );
      if (first.code !== 0) throw new Error(`fleet of ${sites} sites failed (exit ${first.code}):\n${first.stderr.slice(-2000)}`);
      await repeat(
        { key: `fleet_${size}`, estate: describePlans(plans), way: fleetWay, state: 'warm', sites },
        node,
        [...synthFlags, join(tree, 'dist', 'main.js')],
        // The largest fleets take minutes a run on a shared machine: timed once (the JSON says so in fleet_runs).
        { env: { ENV_FILE: file }, times: size >= 5000 ? 1 : undefined },
      );
    }
    // The suite is timed on the tree as a user has it: the fleets' files and output would be
    // checked by prettier (and failed `npm test` in the bench's copy).
    rmSync(fleetDir, { recursive: true, force: true });
    if (!quick && opts.test !== false) {
      await repeat(
        { key: 'test', estate: 'the whole suite', way: '`npm test` (tsc, eslint, prettier, jest)', state: 'warm' },
        'npm',
        ['test', '--silent'],
        // The suite's tests choose their own output folders (a child synth, the review's base): no CDKTF_OUTDIR.
        { times: 1, outdir: false },
      );
    }
  } finally {
    rmSync(tree, { recursive: true, force: true });
    load.after = loadavg();
  }

  const json = summary(rows, { quick, runs, load });
  return { rows, json, table: table(rows), load };
}

const seconds = (row: Row | undefined) => (row ? +stat(row).medS.toFixed(3) : null);
const megabytes = (row: Row | undefined) => (row ? +stat(row).medMb.toFixed(1) : null);
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? +(a / b).toFixed(2) : null);

/** The JSON line: medians of the warm runs, and the ratios the goals are stated in. */
export function summary(
  rows: readonly Row[],
  meta: { quick: boolean; runs: number; load: { before: readonly number[]; after: readonly number[] } },
): Record<string, number | string | boolean | null> {
  const by = (key: string) => rows.find((r) => r.key === key);
  const json: Record<string, number | string | boolean | null> = {};
  for (const key of ['yaml_edit', 'yaml_edit_cold', 'unchanged', 'code_edit', 'cdktf_synth', 'app', 'template', 'template_cli']) {
    json[`${key}_s`] = seconds(by(key));
    json[`${key}_mb`] = megabytes(by(key));
  }
  for (const size of [10, 100, 1000, 5000]) {
    json[`fleet_${size}_s`] = seconds(by(`fleet_${size}`));
    json[`fleet_${size}_mb`] = megabytes(by(`fleet_${size}`));
    json[`fleet_${size}_runs`] = by(`fleet_${size}`)?.runs.length ?? null;
  }
  const small = by('fleet_10');
  const large = [...rows].reverse().find((r) => r.key.startsWith('fleet_') && r !== small);
  // What one more site costs: the slope between the smallest and the largest fleet, so the fixed cost of loading is left out.
  json.fleet_ms_per_site =
    small && large && large.sites! > small.sites!
      ? +(((stat(large).medS - stat(small).medS) * 1000) / (large.sites! - small.sites!)).toFixed(2)
      : null;
  json.test_s = seconds(by('test'));
  json.speedup_yaml_edit = ratio(json.template_s as number | null, json.yaml_edit_s as number | null);
  json.memory_ratio_yaml_edit = ratio(json.template_mb as number | null, json.yaml_edit_mb as number | null);
  json.speedup_code_edit = ratio(json.template_s as number | null, json.code_edit_s as number | null);
  json.speedup_cdktf_synth = ratio(json.template_cli_s as number | null, json.cdktf_synth_s as number | null);
  json.runs = meta.runs;
  json.quick = meta.quick;
  json.load_before = +meta.load.before[0].toFixed(2);
  json.load_after = +meta.load.after[0].toFixed(2);
  json.cores = cpus().length;
  return json;
}

export function table(rows: readonly Row[]): string {
  const head = ['estate', 'way', 'state', 'runs', 'min s', 'median s', 'min MB', 'median MB'];
  const body = rows.map((row) => {
    const s = stat(row);
    return [
      row.estate,
      row.way,
      row.state,
      String(row.runs.length),
      s.minS.toFixed(2),
      s.medS.toFixed(2),
      s.minMb.toFixed(0),
      s.medMb.toFixed(0),
    ];
  });
  const line = (cells: string[]) => '| ' + cells.join(' | ') + ' |';
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

export const README_START = '<!-- bench:start (written by npm run bench -- --write-readme) -->';
export const README_END = '<!-- bench:end -->';

/** The README's marked block, replaced whole with this run's figures; text outside the markers is the author's. */
export function readmeBlock(result: BenchResult, when: Date): string {
  const load = (xs: readonly number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
  return [
    README_START,
    `Measured ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `load average (1/5/15 min) ${load(result.load.before)} before and ${load(result.load.after)} after the run:`,
    '',
    result.table,
    '',
    '```',
    JSON.stringify(result.json),
    '```',
    README_END,
  ].join('\n');
}

export function writeReadme(file: string, block: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(README_START.slice(0, 17));
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`${file} has no bench block (${README_START} ... ${README_END}) to replace.`);
  writeFileSync(file, text.slice(0, start) + block + text.slice(end + README_END.length));
}

/** The Node.js flags the `synth` script of package.json starts the launcher with (`node <flags> tools/synth.js`). */
export function synthNodeFlags(packageJson: string): string[] {
  const script = (JSON.parse(packageJson) as { scripts?: Record<string, string> }).scripts?.synth ?? '';
  const m = /^node((?: --\S+)*) tools\/synth\.js$/.exec(script);
  if (!m) throw new Error(`package.json's synth script is "${script}"; the bench expects "node [--flags] tools/synth.js".`);
  return m[1].split(' ').filter(Boolean);
}
