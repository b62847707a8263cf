import { fail, isExpression, undecidable, type PolicyRule } from '../rule';

export const KAF018: PolicyRule = {
  id: 'KAF-018',
  title: 'Log groups and workspaces keep logs for a bounded, declared time',
  why: 'Logs kept forever grow cost and personal-data exposure without limit; logs kept for 0 days do not exist. Retention is a decision, not a default.',
  fix: 'set retention_in_days (CloudWatch: e.g. 90 in dev, 365 in prod; Log Analytics: 30 to 730).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_66',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/CloudWatchLogGroupRetention.py',
    },
  ],
  controls: ['NIST 800-53 AU-11', 'ISO 27001 A.8.15', 'PCI DSS 4.0 10.5.1', 'DORA Art. 10'],
  appliesTo: ['aws_cloudwatch_log_group', 'azurerm_log_analytics_workspace'],
  check: (r) => {
    if (r.type !== 'aws_cloudwatch_log_group' && r.type !== 'azurerm_log_analytics_workspace') return 'not-applicable';
    const days = r.config.retention_in_days;
    if (isExpression(days)) return undecidable(`retention_in_days is computed at apply time (${days}).`);
    return typeof days === 'number' && days > 0
      ? 'compliant'
      : fail(`retention_in_days is ${days === undefined ? 'not set (logs never expire)' : String(days)}.`);
  },
};
