import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { formatProblem } from '../../../constructs/model/problems';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { HOSTILE_FILES, hostileFilePath } from '../../fixtures/bad-inputs/files';

/** The regression corpus of adversarial files: each ends in its problem, with the file named, fast. */
describe.each(HOSTILE_FILES.map((h) => [h.title, h] as const))('%s', (_title, h) => {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  const file = hostileFilePath(h, dir);
  // CPU time, not wall time: a FIFO that blocked would never return at all, and a busy machine slows the clock.
  const started = process.cpuUsage();
  const r = loadEnvironmentFile(file, ESTATE_CHECKS);
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  const errors = r.problems.filter((p) => p.severity !== 'warning');

  if (h.expect === 'accepted') {
    it('loads', () => {
      expect(errors.map(formatProblem)).toEqual([]);
      expect(r.env).toBeDefined();
    });
  } else {
    const expected = h.expect;
    it('is refused with the expected problem, naming the file', () => {
      expect(r.env).toBeUndefined();
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((p) => expected.test(p.message))).toBe(true);
      expect(errors.every((p) => p.file === file)).toBe(true);
    });
  }

  it('is decided within 5 seconds of CPU time', () => {
    expect(ms).toBeLessThan(5000);
  });
});
