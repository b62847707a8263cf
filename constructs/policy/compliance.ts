import type { PolicyRule, ScannerCheck } from './rule';
import { POLICY_RULES } from './rules';

/**
 * The rules as a compliance pack, in the style of cdk-nag's packs: for each framework the
 * controls the rules serve, and for each rule the scanner checks it mirrors or extends.
 * docs/compliance.md is generated from this (npm run docs:compliance; a test keeps it
 * current), so the mapping a reviewer reads is the one the code carries.
 */

/** Frameworks in the order the table lists them; a control names its framework first. */
export const FRAMEWORKS = ['CIS AWS', 'CIS Azure', 'CIS GCP', 'NIST 800-53', 'ISO 27001', 'PCI DSS 4.0', 'DORA'] as const;

export function frameworkOf(control: string): (typeof FRAMEWORKS)[number] | undefined {
  return FRAMEWORKS.find((f) => control.startsWith(`${f} `));
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const scannerIds = (r: PolicyRule, scanner: ScannerCheck['scanner']) =>
  (r.scanners ?? [])
    .filter((s) => s.scanner === scanner)
    .map((s) => (s.relation === 'extends' ? `${s.id} (extends)` : s.id))
    .join(', ') || '—';

/** Rows of the rule table: rule, title, Checkov ids, Trivy ids, controls. */
export function complianceRows(rules: readonly PolicyRule[] = POLICY_RULES): string[][] {
  return rules.map((r) => [r.id, r.title, scannerIds(r, 'checkov'), scannerIds(r, 'trivy'), r.controls.join(', ')]);
}

/** docs/compliance.md. */
export function renderCompliance(rules: readonly PolicyRule[] = POLICY_RULES): string {
  const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const byControl = new Map<string, string[]>();
  for (const r of rules) for (const c of r.controls) byControl.set(c, [...(byControl.get(c) ?? []), r.id]);
  const controls = [...byControl.keys()].sort((a, b) => {
    const fa = FRAMEWORKS.indexOf(frameworkOf(a)!);
    const fb = FRAMEWORKS.indexOf(frameworkOf(b)!);
    return fa !== fb ? fa - fb : a.localeCompare(b, 'en', { numeric: true });
  });
  const sources = [...new Map(rules.flatMap((r) => (r.scanners ?? []).map((s) => [s.id, s] as const))).values()].sort((a, b) =>
    a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
  return [
    '# Compliance pack',
    '',
    '<!-- Generated from constructs/policy/rules by `npm run docs:compliance`; test/docs/compliance.test.ts keeps it current. -->',
    '',
    'Every KAF rule says which Checkov and Trivy checks it mirrors (judges the same attribute the same way) or',
    'extends (judges more strictly, or resource types the scanner has no rule for), and which controls it serves.',
    'A rule with no scanner id covers what neither scanner can see (Managed Kafka, MSK Connect and Replicator,',
    'Kafka topics and ACLs, Strimzi manifests, VPN tunnels). The review (`npm run review`) lists, per estate, the',
    'rules that judged its resources, their scanner ids and controls, and every suppression with its reason.',
    '',
    '## Rules',
    '',
    row(['rule', 'title', 'Checkov', 'Trivy', 'controls']),
    row(['---', '---', '---', '---', '---']),
    ...complianceRows(rules).map(row),
    '',
    '## Controls',
    '',
    row(['control', 'rules']),
    row(['---', '---']),
    ...controls.map((c) => row([c, byControl.get(c)!.join(', ')])),
    '',
    '## Upstream sources',
    '',
    'Each scanner id as the rule was written against it (repository and path).',
    '',
    row(['id', 'source']),
    row(['---', '---']),
    ...sources.map((s) => row([s.id, `\`${s.source}\``])),
    '',
  ].join('\n');
}
