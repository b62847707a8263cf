import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { checkoutFiles, readmeBlock, runBench, README_END, README_START, synthNodeFlags, type BenchResult } from '../../tools/bench/run';
import type { RunResult } from '../../tools/bench/process-tree';

/**
 * The bench's own logic in quick mode, with a stand-in for process measurement: which
 * commands it runs, that its JSON line has the keys the performance issue asks for, and
 * the README block. Timings are the bench's job (`npm run bench`), not the suite's.
 */
describe('npm run bench -- --quick', () => {
  const calls: string[] = [];
  let result: BenchResult;
  beforeAll(async () => {
    const fake = async (cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> => {
      calls.push(
        [cmd.endsWith('node') || cmd === process.execPath ? 'node' : cmd, ...args.map((a) => a.replace(/.*\/dist\//, 'dist/'))].join(' ') +
          (env.ENV_FILE ? ' (fleet)' : ''),
      );
      return { seconds: calls.length / 10, peakRssMb: 100 + calls.length, code: 0, stderr: '' };
    };
    result = await runBench({ root: join(__dirname, '..', '..'), quick: true, measure: fake });
  });

  it('runs each way once, side by side: the edits, nothing changed, the cdktf CLI, the template way and small fleets (each after a first run that records its allocations), never npm test', () => {
    expect(calls).toEqual([
      'npm run synth --silent',
      'npm run synth --silent',
      'npm run synth --silent',
      'npm run synth --silent',
      'npx cdktf synth',
      'node dist/main.js',
      'npx ts-node main.ts',
      'npx cdktf synth --app npx ts-node main.ts',
      'node --max-semi-space-size=8 dist/main.js (fleet)',
      'node --max-semi-space-size=8 dist/main.js (fleet)',
      'node --max-semi-space-size=8 dist/main.js (fleet)',
      'node --max-semi-space-size=8 dist/main.js (fleet)',
    ]);
  });

  it('starts a fleet with the flags npm run synth gives Node.js, read from package.json', () => {
    expect(synthNodeFlags(JSON.stringify({ scripts: { synth: 'node tools/synth.js' } }))).toEqual([]);
    expect(synthNodeFlags(JSON.stringify({ scripts: { synth: 'node --a=1 --b tools/synth.js' } }))).toEqual(['--a=1', '--b']);
    expect(() => synthNodeFlags(JSON.stringify({ scripts: { synth: 'ts-node main.ts' } }))).toThrow(
      /expects "node \[--flags\] tools\/synth\.js"/,
    );
  });

  it('ends with the JSON keys the goals are stated in, the load average and the ratios', () => {
    for (const key of [
      'yaml_edit_s',
      'yaml_edit_mb',
      'code_edit_s',
      'template_s',
      'template_mb',
      'fleet_1000_s',
      'fleet_1000_mb',
      'fleet_5000_s',
      'test_s',
    ])
      expect(result.json).toHaveProperty(key);
    expect(result.json).toMatchObject({ quick: true, runs: 1, yaml_edit_s: 0.2, template_s: 0.7, fleet_1000_s: null, test_s: null });
    expect(result.json.speedup_yaml_edit).toBe(3.5);
    expect(typeof result.json.load_before).toBe('number');
    // 10 and 100 sites at 1.0 s and 1.2 s (the run before each is its first, not counted): 0.2 s for 90 more sites.
    expect(result.json.fleet_ms_per_site).toBeCloseTo(2.22, 2);
  });

  it('writes a README block between its markers with the table and the JSON line', () => {
    const block = readmeBlock(result, new Date('2026-11-28T09:00:00Z'));
    expect(block.startsWith(README_START) && block.endsWith(README_END)).toBe(true);
    expect(block).toContain('| 5 environments');
    expect(block).toContain(JSON.stringify(result.json));
    expect(block).toMatch(/load average \(1\/5\/15 min\) [\d.]+ \/ [\d.]+ \/ [\d.]+ before/);
  });
});

describe('npm run bench, with npm test', () => {
  it('times npm test last, on the tree without the fleets it generated (prettier would check them)', async () => {
    const seen: string[] = [];
    const fake = async (cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<RunResult> => {
      if (cmd === 'npm' && args[0] === 'test') {
        seen.push(existsSync(join(cwd, 'bench-fleets')) ? 'fleets present' : 'fleets removed');
        // Tests that synthesize in a child process or review a base choose their own output folder.
        seen.push(env.CDKTF_OUTDIR === undefined ? 'no CDKTF_OUTDIR' : `CDKTF_OUTDIR ${env.CDKTF_OUTDIR}`);
      }
      return { seconds: 1, peakRssMb: 100, code: 0, stderr: '' };
    };
    const result = await runBench({ root: join(__dirname, '..', '..'), runs: 1, fleets: [10], measure: fake });
    expect(seen).toEqual(['fleets removed', 'no CDKTF_OUTDIR']);
    expect(result.rows[result.rows.length - 1].key).toBe('test');
  });
});

describe('the files the bench copies', () => {
  it('lists the checkout through git where there is one, without node_modules or build output', () => {
    const files = checkoutFiles(join(__dirname, '..', '..'));
    expect(files).toEqual(expect.arrayContaining(['README.md', 'main.ts', 'package-lock.json']));
    expect(files.filter((f) => /^(node_modules|dist|cdktf\.out)(\/|$)/.test(f))).toEqual([]);
  });

  it("walks a tree without git (the bench's own copy, where npm test runs these tests), leaving out what .gitignore names", () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-files-'));
    try {
      const write = (f: string) => {
        mkdirSync(dirname(join(root, f)), { recursive: true });
        writeFileSync(join(root, f), 'x');
      };
      writeFileSync(join(root, '.gitignore'), 'node_modules\ndist/\ncdktf.out.tmp*/\n*.tfstate\n\n# a comment\n');
      for (const f of [
        'main.ts',
        'stacks/site.ts',
        'dist/main.js',
        'node_modules/cdktf/index.js',
        'cdktf.out.tmp1/a.json',
        'state/x.tfstate',
      ])
        write(f);
      expect(checkoutFiles(root)).toEqual(['.gitignore', 'main.ts', 'stacks/site.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
