import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { discardOutput, processAlive, publishOutput, removeLeftovers, stageOutput } from '../../stacks/output-folder';

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
