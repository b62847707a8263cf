import { readFileSync } from 'fs';
import { join } from 'path';
import { POLICY_RULES } from '../../constructs/policy';
import { frameworkOf, renderCompliance } from '../../constructs/policy/compliance';

/**
 * docs/compliance.md is generated from the rules by `npm run docs:compliance`; this test
 * fails when the committed file differs, so the mapping a reviewer reads is the code's.
 */
describe('compliance pack', () => {
  it('every rule serves at least one NIST 800-53 control, and every control names a known framework', () => {
    for (const r of POLICY_RULES) {
      expect([r.id, r.controls.some((c) => c.startsWith('NIST 800-53 '))]).toEqual([r.id, true]);
      for (const c of r.controls) expect([r.id, c, frameworkOf(c) !== undefined]).toEqual([r.id, c, true]);
    }
  });

  it('every scanner id is spelled the scanner way and cites its upstream file', () => {
    for (const s of POLICY_RULES.flatMap((r) => r.scanners ?? [])) {
      if (s.scanner === 'checkov') {
        expect(s.id).toMatch(/^CKV2?_(AWS|AZURE|GCP)_\d+$/);
        expect(s.source).toMatch(
          /^bridgecrewio\/checkov\/checkov\/terraform\/checks\/(resource|graph_checks)\/(aws|azure|gcp)\/\w+\.(py|yaml)$/,
        );
      } else {
        expect(s.id).toMatch(/^AVD-(AWS|AZU|GCP)-\d{4}$/);
        expect(s.source).toMatch(/^aquasecurity\/trivy-checks\/checks\/cloud\/(aws|azure|google)\/\w+\/\w+\.rego$/);
      }
    }
  });

  it('matches the committed docs/compliance.md exactly (refresh: npm run docs:compliance)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'compliance.md'), 'utf8')).toBe(renderCompliance());
  });
});
