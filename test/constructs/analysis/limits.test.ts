import { stringify } from 'yaml';
import { formatProblem } from '../../../constructs/model/problems';
import { parseEnvironmentText } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { HOSTILE_ENVIRONMENTS } from '../../fixtures/bad-inputs/environments';

/**
 * Each hostile environment of the corpus is refused with a problem at its path, with
 * the file and a line, and nothing throws.
 */
describe.each(HOSTILE_ENVIRONMENTS.map((h) => [h.title, h] as const))('%s', (_title, h) => {
  const r = parseEnvironmentText(stringify(h.make()), 'hostile.yaml', ESTATE_CHECKS);
  const errors = r.problems.filter((p) => p.severity !== 'warning');

  it('is refused', () => {
    expect(r.env).toBeUndefined();
  });

  it(`names ${h.path} with the limit`, () => {
    const hit = errors.find((p) => p.path === h.path && h.message.test(p.message));
    if (!hit) throw new Error(`no problem at ${h.path} matching ${h.message}; got:\n${errors.map(formatProblem).join('\n')}`);
    expect(hit).toEqual(expect.objectContaining({ file: 'hostile.yaml', line: expect.any(Number) }));
  });
});
