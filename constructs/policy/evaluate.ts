import { nearest, type Problem } from '../model/problems';
import type { PolicyRule, ResourceView, Severity } from './rule';
import { POLICY_RULES } from './rules';

/** Shortest reason a suppression may give: long enough to say why, not just "n/a". */
export const MIN_REASON_LENGTH = 20;

/** A rule waived for everything at or below a construct path, with the reason recorded. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  /** Construct path prefix, e.g. `retail-ship1/edge` (the stack id first). */
  readonly scope: string;
  /** Where it was declared: `suppress()` in code or the environment file. */
  readonly source: 'code' | 'environment';
}

/** One rule's verdict on one element that is not a pass. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly title: string;
  readonly stack: string;
  readonly address: string;
  readonly path: string;
  /** What is wrong, with the value received (or why the rule cannot decide). */
  readonly message: string;
  readonly fix: string;
  /** Set when a suppression waived the finding; it then never fails synth. */
  readonly suppressedBy?: Suppression;
}

const inScope = (path: string, scope: string) => path === scope || path.startsWith(`${scope}/`);

/**
 * Runs every rule over one element. A rule that throws is reported as a finding of that
 * rule: a broken rule must not become a silent pass.
 */
export function evaluate(
  view: ResourceView,
  suppressions: readonly Suppression[] = [],
  rules: readonly PolicyRule[] = POLICY_RULES,
): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    // Data sources only read; a rule judges one when it names it (`data.<type>`).
    if (view.kind === 'data' && !rule.appliesTo.includes(`data.${view.type}`)) continue;
    let message: string | undefined;
    try {
      const v = rule.check(view);
      if (typeof v === 'object') message = v.status === 'undecidable' ? `cannot decide: ${v.detail}` : v.detail;
    } catch (e) {
      message = `cannot decide: the rule failed on this configuration (${e instanceof Error ? e.message : String(e)}).`;
    }
    if (message === undefined) continue;
    const waiver = rule.suppressible === false ? undefined : suppressions.find((s) => s.rule === rule.id && inScope(view.path, s.scope));
    out.push({
      rule: rule.id,
      severity: rule.severity,
      title: rule.title,
      stack: view.stack,
      address: view.address,
      path: view.path,
      message,
      fix: rule.fix,
      ...(waiver ? { suppressedBy: waiver } : {}),
    });
  }
  return out;
}

/** One line per finding: stack, Terraform address, rule id, what is wrong and the fix. */
export function formatFinding(f: Finding): string {
  const tag = f.suppressedBy ? `suppressed (${f.suppressedBy.reason}): ` : f.severity === 'warning' ? 'warning: ' : '';
  return `${f.rule} ${f.stack} ${f.address}: ${tag}${f.message} Fix: ${f.fix}`;
}

/** Errors that fail synth: error severity and not suppressed. */
export function blocking(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error' && !f.suppressedBy);
}

/** What is wrong with a suppression before it is used: unknown rule, short reason, unwaivable rule. */
export function suppressionProblems(s: {
  rule: string;
  reason: string;
}): Array<{ field: 'rule' | 'reason'; message: string; fix: string }> {
  const out: Array<{ field: 'rule' | 'reason'; message: string; fix: string }> = [];
  const rule = POLICY_RULES.find((r) => r.id === s.rule);
  if (!rule) {
    const guess = nearest(
      s.rule,
      POLICY_RULES.map((r) => r.id),
    );
    out.push({
      field: 'rule',
      message: `unknown policy rule "${s.rule}".`,
      fix: guess
        ? `did you mean "${guess}"? See docs/bad-inputs.md or the README's rule list.`
        : "use a rule id from the README's rule list (KAF-001 ...).",
    });
  } else if (rule.suppressible === false) {
    out.push({
      field: 'rule',
      message: `${rule.id} (${rule.title}) cannot be suppressed.`,
      fix: 'fix the resource; this rule has no waiver.',
    });
  }
  const reason = s.reason.trim();
  if (reason.length < MIN_REASON_LENGTH) {
    out.push({
      field: 'reason',
      message: `the reason for suppressing ${s.rule} is ${reason.length === 0 ? 'empty' : `"${reason}" (${reason.length} characters)`}.`,
      fix: `say why the rule does not apply here in at least ${MIN_REASON_LENGTH} characters; reviewers read it in the report.`,
    });
  }
  return out;
}

/**
 * Environment check for `policy.suppressions` (passed to loadEnvironments by main.ts):
 * rule ids must exist and be waivable, scopes must name a stack of this environment.
 * The schema already demands the reason's length.
 */
export function checkSuppressions(env: {
  name: string;
  policy?: { suppressions?: ReadonlyArray<{ rule: string; reason: string; scope: string }> };
}): Problem[] {
  const out: Problem[] = [];
  (env.policy?.suppressions ?? []).forEach((s, i) => {
    for (const p of suppressionProblems(s)) {
      if (p.field === 'reason') continue;
      out.push({ file: '', path: `policy.suppressions[${i}].${p.field}`, message: p.message, fix: p.fix });
    }
    if (!s.scope.startsWith(`${env.name}-`)) {
      out.push({
        file: '',
        path: `policy.suppressions[${i}].scope`,
        message: `scope "${s.scope}" is outside environment "${env.name}".`,
        fix: `start the scope with a stack id of this environment, e.g. "${env.name}-<site>/<construct>".`,
      });
    }
  });
  return out;
}

/** The rule catalogue as plain data, for the review report and the README. */
export function ruleCatalogue(): Array<
  Pick<PolicyRule, 'id' | 'title' | 'why' | 'fix' | 'severity' | 'appliesTo' | 'controls'> & {
    suppressible: boolean;
    scanners: NonNullable<PolicyRule['scanners']>;
  }
> {
  return POLICY_RULES.map((r) => ({
    id: r.id,
    title: r.title,
    why: r.why,
    fix: r.fix,
    severity: r.severity,
    appliesTo: r.appliesTo,
    suppressible: r.suppressible !== false,
    scanners: r.scanners ?? [],
    controls: r.controls,
  }));
}
