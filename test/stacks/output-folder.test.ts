import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  carryOver,
  discardOutput,
  ENVIRONMENT_INDEX,
  processAlive,
  publishOutput,
  removeLeftovers,
  stageOutput,
} from '../../stacks/output-folder';

describe('output folders of concurrent runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'out-folder-'));
  const out = join(dir, 'cdktf.out');

  it('keeps the temporary folder of a live run and removes that of a dead one', () => {
    mkdirSync(join(dir, `cdktf.out.tmp-${process.pid}-live`));
    mkdirSync(join(dir, 'cdktf.out.tmp-999999999-dead'));
    mkdirSync(join(dir, 'cdktf.out.old-999999999-dead'));
    mkdirSync(join(dir, 'cdktf.out.tmp-123-not-ours-elsewhere'), { recursive: true });
    mkdirSync(join(dir, 'other.tmp-999999999'));
    removeLeftovers(out);
    const left = readdirSync(dir).sort();
    expect(left).toContain(`cdktf.out.tmp-${process.pid}-live`);
    expect(left).toContain('other.tmp-999999999');
    expect(left).not.toContain('cdktf.out.tmp-999999999-dead');
    expect(left).not.toContain('cdktf.out.old-999999999-dead');
  });

  it('gives each run its own temporary folder, even within one process', () => {
    const a = stageOutput(out);
    const b = stageOutput(out);
    expect(a).not.toBe(b);
    expect(existsSync(a) && existsSync(b)).toBe(true);
    discardOutput(a);
    discardOutput(b);
  });

  it('swaps a new output in over an existing one, and again over that', () => {
    for (const content of ['first', 'second']) {
      const tmp = stageOutput(out);
      writeFileSync(join(tmp, 'marker'), content);
      publishOutput(tmp, out);
      expect(readdirSync(out)).toEqual(['marker']);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('cdktf.out.old-'))).toEqual([]);
  });

  it('knows this process is alive and a made-up one is not', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(999999999)).toBe(false);
  });
});

describe('what a synth keeps from the previous output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'out-keep-'));
  const out = join(dir, 'cdktf.out');
  /** An output holding environments a (stack a-fra, a runbook) and b (stack b-fra), and a review. */
  function previous() {
    const tmp = stageOutput(out);
    for (const s of ['a-fra', 'a-old', 'b-fra']) {
      mkdirSync(join(tmp, 'stacks', s), { recursive: true });
      writeFileSync(join(tmp, 'stacks', s, 'cdk.tf.json'), `{"stack":"${s}"}`);
    }
    mkdirSync(join(tmp, 'runbooks', 'b'), { recursive: true });
    writeFileSync(join(tmp, 'runbooks', 'b', 'dr.md'), 'b runbook');
    const manifest = { stacks: Object.fromEntries(['a-fra', 'a-old', 'b-fra'].map((s) => [s, { name: s }])), version: '0.21.0' };
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(tmp, 'policy.json'), JSON.stringify({ rules: [], stacks: [{ stack: 'a-fra' }, { stack: 'b-fra' }] }));
    carryOver(out, tmp, { a: { stacks: ['a-fra', 'a-old'], files: [] }, b: { stacks: ['b-fra'], files: ['runbooks/b/dr.md'] } }, false);
    publishOutput(tmp, out);
    for (const f of ['review.md', 'review.json', 'a.svg', 'a.dot']) writeFileSync(join(out, f), 'from the review');
  }
  /** This run's output: environment a only, now without a-old. */
  function next(only: boolean) {
    const tmp = stageOutput(out);
    mkdirSync(join(tmp, 'stacks', 'a-fra'), { recursive: true });
    writeFileSync(join(tmp, 'stacks', 'a-fra', 'cdk.tf.json'), '{"stack":"a-fra","new":true}');
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({ stacks: { 'a-fra': { name: 'a-fra' } }, version: '0.21.0' }));
    writeFileSync(join(tmp, 'policy.json'), JSON.stringify({ rules: [], stacks: [{ stack: 'a-fra' }] }));
    const kept = carryOver(out, tmp, { a: { stacks: ['a-fra'], files: [] } }, only);
    publishOutput(tmp, out);
    return kept;
  }
  const json = (f: string) => JSON.parse(readFileSync(join(out, f), 'utf8'));

  it('with ENV_FILE, replaces only its environments: the others keep stacks, files, manifest and policy entries', () => {
    previous();
    const kept = next(true);
    expect(kept.environments).toEqual(['b']);
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['a-fra', 'b-fra']);
    expect(json('stacks/a-fra/cdk.tf.json').new).toBe(true);
    expect(readFileSync(join(out, 'runbooks', 'b', 'dr.md'), 'utf8')).toBe('b runbook');
    expect(Object.keys(json('manifest.json').stacks).sort()).toEqual(['a-fra', 'b-fra']);
    expect(json('policy.json').stacks.map((s: { stack: string }) => s.stack)).toEqual(['a-fra', 'b-fra']);
    expect(json(ENVIRONMENT_INDEX)).toEqual({
      a: { stacks: ['a-fra'], files: [] },
      b: { stacks: ['b-fra'], files: ['runbooks/b/dr.md'] },
    });
  });

  it("without ENV_FILE, the output holds exactly this run's environments", () => {
    previous();
    const kept = next(false);
    expect(kept.environments).toEqual([]);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['a-fra']);
    expect(Object.keys(json(ENVIRONMENT_INDEX))).toEqual(['a']);
  });

  it('keeps the review and its diagrams either way (cdktf synth would delete them with the old folder)', () => {
    for (const only of [true, false]) {
      previous();
      const kept = next(only);
      expect([...kept.reviewFiles].sort()).toEqual(['a.dot', 'a.svg', 'review.json', 'review.md']);
      expect(readFileSync(join(out, 'review.md'), 'utf8')).toBe('from the review');
    }
  });
});
