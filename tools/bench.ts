import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { environmentFiles, loadEnvironments } from '../constructs/model/environment-file';
import { planEstate, type EstatePlan } from '../constructs/analysis/plan';
import { ESTATE_CHECKS } from '../stacks/checks';
import { fleetEnvironmentYaml } from './bench/fleet';
import { measure, type RunResult } from './bench/process-tree';

/**
 * npm run bench: synth wall time and peak memory (whole process tree) of the project's
 * way (compiled app, and the cdktf CLI end to end) against the cdktf template way
 * (ts-node main.ts), and of generated fleets. Prints a table, then one JSON line last.
 */
const ROOT = resolve(__dirname, '..', '..');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const FLEET_SIZES = (process.env.BENCH_FLEET ?? '10,100,1000').split(',').map(Number);

interface Row {
  readonly name: string;
  readonly runs: RunResult[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function repeat(name: string, cmd: string, args: string[], env: Record<string, string> = {}): Promise<Row> {
  const runs: RunResult[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
    const r = await measure(cmd, args, { ...process.env, CDKTF_OUTDIR: out, CHECKPOINT_DISABLE: '1', ...env }, ROOT);
    rmSync(out, { recursive: true, force: true });
    if (r.code !== 0) throw new Error(`${name} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    runs.push(r);
    process.stderr.write(`  ${name} run ${i + 1}: ${r.seconds.toFixed(2)} s, ${r.peakRssMb.toFixed(0)} MB\n`);
  }
  return { name, runs };
}

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

const stat = (row: Row) => ({
  minS: Math.min(...row.runs.map((r) => r.seconds)),
  medS: median(row.runs.map((r) => r.seconds)),
  minMb: Math.min(...row.runs.map((r) => r.peakRssMb)),
  medMb: median(row.runs.map((r) => r.peakRssMb)),
});

async function main(): Promise<void> {
  process.stderr.write('building (tsc)...\n');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { stdio: 'inherit' });
  const node = process.execPath;
  const main = join(ROOT, 'dist', 'main.js');

  const reference = describePlans(plansOf(environmentFiles(join(ROOT, 'environments'))));
  const compiled = await repeat('compiled: node dist/main.js', node, [main]);
  const cli = await repeat('cdktf synth (CLI, compiled app)', node, [
    join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'),
    'synth',
    '--app',
    `${node} ${main}`,
  ]);
  const template = await repeat('template: ts-node main.ts', node, [
    join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
    join(ROOT, 'main.ts'),
  ]);

  const fleetDir = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
  const fleets: Array<{ sites: number; estate: string; row: Row }> = [];
  for (const size of FLEET_SIZES) {
    const file = join(fleetDir, `fleet-${size}.yaml`);
    writeFileSync(file, fleetEnvironmentYaml(size));
    // Counted from the plan the synth renders, not from the size asked for.
    const plans = plansOf([file]);
    const sites = plans.reduce((n, p) => n + p.edgeSites.length, 0);
    fleets.push({ sites, estate: describePlans(plans), row: await repeat(`fleet of ${sites} sites`, node, [main], { ENV_FILE: file }) });
  }
  rmSync(fleetDir, { recursive: true, force: true });

  const rows: Array<[string, Row]> = [
    [reference, compiled],
    [reference, cli],
    [reference, template],
    ...fleets.map(({ estate, row }): [string, Row] => [estate, row]),
  ];
  const head = ['estate', 'way', 'min s', 'median s', 'min MB', 'median MB'];
  const body = rows.map(([estate, row]) => {
    const s = stat(row);
    return [estate, row.name, s.minS.toFixed(2), s.medS.toFixed(2), s.minMb.toFixed(0), s.medMb.toFixed(0)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  body.forEach((r) => console.log(line(r)));

  const c = stat(compiled);
  const t = stat(template);
  const largest = fleets[fleets.length - 1];
  const f = stat(largest.row);
  console.log(
    `\nspeed-up vs template: ${(t.medS / c.medS).toFixed(1)}x time, ${(t.medMb / c.medMb).toFixed(1)}x memory (targets: >= 10x, >= 5x)`,
  );
  if (fleets.length > 1) {
    const per = fleets.map(({ sites, row }) => `${sites}: ${((stat(row).medS * 1000) / sites).toFixed(1)} ms/site`);
    console.log(`fleet growth: ${per.join(', ')}`);
  }
  console.log(
    JSON.stringify({
      synth_s: +c.medS.toFixed(3),
      peak_rss_mb: +c.medMb.toFixed(1),
      cli_synth_s: +stat(cli).medS.toFixed(3),
      cli_peak_rss_mb: +stat(cli).medMb.toFixed(1),
      baseline_synth_s: +t.medS.toFixed(3),
      baseline_peak_rss_mb: +t.medMb.toFixed(1),
      speedup: +(t.medS / c.medS).toFixed(1),
      memory_ratio: +(t.medMb / c.medMb).toFixed(1),
      fleet_sites: largest.sites,
      fleet_synth_s: +f.medS.toFixed(3),
      fleet_peak_rss_mb: +f.medMb.toFixed(1),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
