import { blocking, evaluate, formatFinding, POLICY_RULES, ruleById } from '../../../constructs/policy';
import { CASES, mskConfig, view } from './cases';

describe('policy rules', () => {
  it('are at least 25, with unique ids, each with title, why, fix and a severity', () => {
    expect(POLICY_RULES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(POLICY_RULES.map((r) => r.id)).size).toBe(POLICY_RULES.length);
    for (const r of POLICY_RULES) {
      expect(r.id).toMatch(/^KAF-\d{3}$/);
      expect([r.title, r.why, r.fix].every((s) => s.length > 10)).toBe(true);
      expect(['error', 'warning']).toContain(r.severity);
    }
  });

  it('every rule has cases here', () => {
    expect(Object.keys(CASES).sort()).toEqual(POLICY_RULES.map((r) => r.id));
  });

  describe.each(Object.entries(CASES))('%s', (id, cases) => {
    const rule = ruleById(id)!;
    it.each(cases.map((c, i) => [i, c] as const))('case %i: violation found with its message, compliant passes, n/a is n/a', (_i, c) => {
      const findings = evaluate(c.bad, [], [rule]);
      expect(findings).toEqual([expect.objectContaining({ rule: id, severity: rule.severity, message: c.message, fix: rule.fix })]);
      expect(rule.check(c.good)).toBe('compliant');
      expect(rule.check(c.na)).toBe('not-applicable');
    });
  });

  it('turns a rule that throws into a finding, never a pass', () => {
    const broken = {
      ...ruleById('KAF-001')!,
      check: () => {
        throw new Error('boom');
      },
    };
    expect(evaluate(view('aws_msk_cluster', {}), [], [broken])).toEqual([
      expect.objectContaining({ rule: 'KAF-001', message: 'cannot decide: the rule failed on this configuration (boom).' }),
    ]);
  });

  it('reports an unreadable broker configuration as undecidable', () => {
    expect(evaluate(mskConfig('${file("server.properties")}'), [], [ruleById('KAF-021')!])[0].message).toBe(
      'cannot decide: server_properties is computed at apply time, so the broker settings cannot be read.',
    );
  });
});

describe('README', () => {
  it('lists every rule with its id and title', () => {
    const readme = require('fs').readFileSync(require('path').join(__dirname, '..', '..', '..', 'README.md'), 'utf8') as string;
    for (const r of POLICY_RULES)
      expect(readme).toContain(`| ${r.id} | ${r.severity}${r.suppressible === false ? ', no waiver' : ''} | ${r.title} |`);
  });
});

describe('warnings', () => {
  it('are reported with their tag and never block', () => {
    const warn = { ...ruleById('KAF-018')!, severity: 'warning' as const };
    const [f] = evaluate(view('aws_cloudwatch_log_group', {}), [], [warn]);
    expect(formatFinding(f)).toBe(
      `KAF-018 test-fra aws_cloudwatch_log_group.x: warning: retention_in_days is not set (logs never expire). Fix: ${warn.fix}`,
    );
    expect(blocking([f])).toEqual([]);
  });
});
