import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { POLICY_RULES, ruleById } from '../../constructs/policy';
import { environmentEntries, fileEntries, hostileEntries, policyEntries, renderBadInputs } from './bad-inputs-catalogue';

/**
 * docs/bad-inputs.md is generated from the catalogue (test/docs/bad-inputs-catalogue.ts)
 * by `npm run docs:bad-inputs`; this test fails when the committed file differs, so the
 * catalogue cannot drift from the messages the product prints.
 */
describe('docs/bad-inputs.md', () => {
  const file = join(__dirname, '..', '..', 'docs', 'bad-inputs.md');
  const generated = renderBadInputs();

  it('every environment input, hostile environment and adversarial file in it gets a message', () => {
    for (const e of [...environmentEntries(), ...hostileEntries(), ...fileEntries()])
      expect([e.title, e.messages.length > 0]).toEqual([e.title, true]);
  });

  it('every rule has a violation in it', () => {
    for (const r of POLICY_RULES)
      expect(policyEntries().some((e) => e.title.startsWith(r.id) && e.messages.some((m) => m.startsWith(`${r.id} `)))).toBe(true);
    expect(ruleById('KAF-007')!.suppressible).toBe(false);
  });

  it('has at least 30 entries', () => {
    expect(environmentEntries().length + policyEntries().length).toBeGreaterThanOrEqual(30);
  });

  it('matches the committed file exactly (refresh: npm run docs:bad-inputs, then commit docs/bad-inputs.md)', () => {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '(missing)';
    if (committed !== generated)
      console.error('docs/bad-inputs.md is out of date: messages changed. Run npm run docs:bad-inputs and commit the file.');
    expect(committed).toBe(generated);
  });
});
