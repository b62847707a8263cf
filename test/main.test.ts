import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { baseEnv } from './helpers';

/** The compiled app, as `npm run synth` and `cdktf synth` run it (built by `npm test`'s pretest). */
const MAIN = resolve(__dirname, '..', 'dist', 'main.js');

function run(env: Record<string, string>) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does it first)`);
  const r = spawnSync(process.execPath, [MAIN], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('main with a valid ENV_FILE outside the repo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-ok-'));
  const file = join(dir, 'mine.yaml');
  writeFileSync(file, stringify(baseEnv()));
  const out = join(dir, 'out');
  const r = run({ ENV_FILE: file, CDKTF_OUTDIR: out });

  it('exits 0 and synthesizes only that environment', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['test-fra', 'test-fra-topics']);
    expect(JSON.parse(readFileSync(join(out, 'stacks', 'test-fra', 'cdk.tf.json'), 'utf8')).resource.aws_msk_cluster).toBeDefined();
  });

  it('prints a summary table with environment, stack, resource count, backend and synth time', () => {
    expect(r.stdout).toMatch(/environment\s+stack\s+resources\s+backend/);
    expect(r.stdout).toMatch(/test\s+test-fra\s+\d+\s+local/);
    expect(r.stdout).toMatch(/2 stacks from 1 environment .* \(synth \d+ ms\)/);
  });

  it('leaves no temporary folder behind', () => {
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('main with a broken ENV_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-bad-'));
  const file = join(dir, 'broken.yaml');
  const e = baseEnv();
  e.clusters[0].broker = 3;
  e.sites[0].region = 'eu-central-9';
  e.stage = 'qa';
  writeFileSync(file, stringify(e));
  const out = join(dir, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'previous-run.txt'), 'kept');
  const r = run({ ENV_FILE: file, CDKTF_OUTDIR: out });

  it('exits 1', () => {
    expect(r.code).toBe(1);
  });

  it('lists every problem with file, line, path and fix', () => {
    expect(r.stderr).toMatch(/error: 2 problems in the environment files; nothing was synthesized\./);
    expect(r.stderr).toMatch(/broken\.yaml:\d+: clusters\[0\]\.broker: unknown key "broker"\. Fix: did you mean "brokers"\?/);
    expect(r.stderr).toMatch(/broken\.yaml:\d+: stage: "qa" is not allowed\. Fix: use one of: dev, prod\./);
  });

  it('prints no stack trace', () => {
    expect(r.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
  });

  it('writes nothing and leaves the previous output untouched', () => {
    expect(readdirSync(out)).toEqual(['previous-run.txt']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('main with an ENV_FILE that does not exist', () => {
  const r = run({ ENV_FILE: '/nonexistent/env.yaml', CDKTF_OUTDIR: join(mkdtempSync(join(tmpdir(), 'main-missing-')), 'out') });

  it('exits 1 naming the file', () => {
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/nonexistent\/env\.yaml: file does not exist\. Fix: check the path/);
  });
});

describe('main records allocations like a lockfile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-alloc-'));
  const file = join(dir, 'retail.yaml');
  writeFileSync(file, readFileSync(resolve(__dirname, '..', 'environments', 'retail.yaml')));
  const recorded = join(dir, 'retail.allocations.json');
  const frozen = run({ ENV_FILE: file, CDKTF_OUTDIR: join(dir, 'out'), ALLOCATIONS: 'frozen' });
  const wrote = existsSync(recorded);
  const first = run({ ENV_FILE: file, CDKTF_OUTDIR: join(dir, 'out') });

  it('in frozen mode, fails and writes nothing when synth would record a value', () => {
    expect(frozen.code).toBe(1);
    expect(frozen.stderr).toMatch(/allocations are frozen .*\n.*retail\.allocations\.json: asn\/hub, asn\/store-mia/);
    expect(wrote).toBe(false);
  });

  it('otherwise writes the file on first use, with the values the committed reference file holds', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/recorded asn\/hub, .* in .*retail\.allocations\.json; commit it\./);
    expect(readFileSync(recorded, 'utf8')).toBe(readFileSync(resolve(__dirname, '..', 'environments', 'retail.allocations.json'), 'utf8'));
  });
});

describe('main with a hostile ENV_FILE (an alias bomb)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-bomb-'));
  const file = join(dir, 'bomb.yaml');
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  writeFileSync(file, lines.join('\n'));
  const r = run({ ENV_FILE: file, CDKTF_OUTDIR: join(dir, 'out') });

  it('exits 1 with a problem and no stack trace', () => {
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bomb\.yaml: YAML aliases expand to more than 100 nodes/);
    expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    expect(r.stderr).not.toMatch(/ReferenceError/);
  });
});

describe('main with a comma in an ENV_FILE path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-comma-'));
  const file = join(dir, 'team a,b.yaml');
  writeFileSync(file, stringify(baseEnv()));
  const r = run({ ENV_FILE: file, CDKTF_OUTDIR: join(dir, 'out') });

  it('takes a path that exists as written whole', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('two synths at once in one checkout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-twice-'));
  const file = join(dir, 'mine.yaml');
  writeFileSync(file, stringify(baseEnv()));
  const shared = join(dir, 'out');
  const go = (out: string) =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ENV_FILE: file, CDKTF_OUTDIR: out } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('close', (code) => done({ code, stderr }));
    });
  let runs: Array<{ code: number | null; stderr: string }> = [];
  beforeAll(async () => {
    // A leftover of a killed run (its process is gone) is cleaned; the live runs' folders are not.
    mkdirSync(join(dir, 'out.tmp-999999999-dead'));
    runs = await Promise.all([go(shared), go(shared), go(join(dir, 'other'))]);
  }, 120000);

  it('all succeed, whether they share the output folder or not', () => {
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
  });

  it('leave complete outputs and no temporary or set-aside folders', () => {
    for (const out of [shared, join(dir, 'other')])
      expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['test-fra', 'test-fra-topics']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });
});
