import { fail, isExpression, undecidable, type PolicyRule } from '../rule';

/** What bank reviewers and the scanners expect: PCI DSS keeps audit logs twelve months. */
export const MIN_LOG_RETENTION_DAYS = 365;

export const KAF039: PolicyRule = {
  id: 'KAF-039',
  title: 'Log groups keep logs for at least a year',
  why: 'An incident is often found months after it began; a year of broker, connector, VPN and flow logs is what audit frameworks ask for and what the scanners a bank runs check.',
  fix: `set retention_in_days to ${MIN_LOG_RETENTION_DAYS} or more; a stage that keeps less (dev) suppresses KAF-039 with its reason.`,
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_338',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/CloudWatchLogGroupRetentionYear.py',
    },
  ],
  controls: ['NIST 800-53 AU-11', 'ISO 27001 A.8.15', 'PCI DSS 4.0 10.5.1', 'DORA Art. 10'],
  appliesTo: ['aws_cloudwatch_log_group'],
  check: (r) => {
    if (r.type !== 'aws_cloudwatch_log_group') return 'not-applicable';
    const days = r.config.retention_in_days;
    if (isExpression(days)) return undecidable(`retention_in_days is computed at apply time (${days}).`);
    // 0 (never expire) passes the scanner but is KAF-018's finding: logs are kept for a bounded time.
    if (days === 0) return 'compliant';
    return typeof days === 'number' && days >= MIN_LOG_RETENTION_DAYS
      ? 'compliant'
      : fail(`retention_in_days is ${days === undefined ? 'not set' : String(days)}, less than ${MIN_LOG_RETENTION_DAYS}.`);
  },
};
