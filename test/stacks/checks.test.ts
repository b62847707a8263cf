import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parseEnvironmentText } from '../../constructs/model/environment-file';
import { ENVIRONMENT_CHECKS } from '../../constructs/analysis/validate';
import { checkAlertTargets } from '../../constructs/analysis/alarms';
import { checkSuppressions } from '../../constructs/policy';
import { ESTATE_CHECKS } from '../../stacks/checks';
import { checkImplemented } from '../../stacks/clusters';
import { checkReplicationBuildable } from '../../stacks/replication-links';
import { runReview } from '../../tools/review';
import { problemsOf } from '../helpers';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');

/**
 * The replication fixture without the MirrorMaker plugin of its MSK Connect copy: the
 * pure analysis accepts it; only a stack-level check (what the stacks can build) rejects it.
 */
const text = readFileSync(join(ROOT, 'test', 'fixtures', 'replication.yaml'), 'utf8').replace(
  ', mirrorMakerPlugin: s3://repl-artifacts/connect-mirror-3.7.zip',
  '',
);
const PLUGIN = /replication\[1\]\.mirrorMakerPlugin: the copy core -> edge runs MirrorMaker 2 on MSK Connect, which needs its plugin zip/;

describe('ESTATE_CHECKS, the one list of checks', () => {
  it('holds every pure check and the checks about what the stacks can build', () => {
    expect(ESTATE_CHECKS).toEqual(
      expect.arrayContaining([...ENVIRONMENT_CHECKS, checkImplemented, checkSuppressions, checkReplicationBuildable, checkAlertTargets]),
    );
    expect(new Set(ESTATE_CHECKS).size).toBe(ESTATE_CHECKS.length);
  });

  it('is assembled only in stacks/checks.ts: main, the review and the test helpers import it', () => {
    const sources = ['main.ts', 'tools/review.ts', 'test/helpers.ts', 'test/tools/review/reference-synth.ts'];
    for (const f of sources) {
      const src = readFileSync(join(ROOT, f), 'utf8');
      expect({
        f,
        usesList: src.includes('ESTATE_CHECKS'),
        assemblesOwn: /ENVIRONMENT_CHECKS|checkImplemented|checkReplicationBuildable/.test(src),
      }).toEqual({
        f,
        usesList: true,
        assemblesOwn: false,
      });
    }
  });

  it('rejects what only a stack-level check finds, which the pure checks alone let through', () => {
    expect(parseEnvironmentText(text, 'repl.yaml', ENVIRONMENT_CHECKS).env).toBeDefined();
    expect(parseEnvironmentText(text, 'repl.yaml', ESTATE_CHECKS).env).toBeUndefined();
  });
});

describe('main, the tests and the review reject the same environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'one-list-'));
  mkdirSync(join(dir, 'environments'));
  const file = join(dir, 'environments', 'repl.yaml');
  writeFileSync(file, text);
  const out = join(dir, 'cdktf.out');

  it('the test helpers (problemsOf)', () => {
    expect(problemsOf(text).map((p) => `${p.path}: ${p.message}`)).toContainEqual(expect.stringMatching(PLUGIN));
  });

  it('main: exit 1, the problem with its file, no stack trace, nothing written', () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does it first)`);
    const r = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, ENV_FILE: file, CDKTF_OUTDIR: out },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nothing was synthesized/);
    expect(r.stderr).toMatch(new RegExp(`repl\\.yaml:\\d+: ${PLUGIN.source}`));
    expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    expect(existsSync(out)).toBe(false);
  });

  it('the review: exit 1 with the same problem, before reading any synth output', async () => {
    const log: string[] = [];
    const code = await runReview({ root: dir, outdir: out, acks: [], log: (l) => log.push(l) });
    expect(code).toBe(1);
    expect(log.join('\n')).toMatch(PLUGIN);
    expect(readdirSync(dir)).toEqual(['environments']);
  });
});
