import { bool, fail, get, undecidable, type PolicyRule } from '../rule';

export const KAF016: PolicyRule = {
  id: 'KAF-016',
  title: 'MSK broker logs are shipped',
  why: 'Broker logs are the only record of ISR shrinks, unclean elections and authentication failures; without them an incident cannot be reconstructed.',
  fix: 'set logging_info.broker_logs with cloudwatch_logs, firehose or s3 enabled = true (MskRegionalCluster ships to a CloudWatch log group with retention).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_80',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/MSKClusterLogging.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0074',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/msk/enable_logging.rego',
    },
  ],
  controls: ['NIST 800-53 AU-2', 'NIST 800-53 AU-12', 'ISO 27001 A.8.15', 'PCI DSS 4.0 10.2.1', 'DORA Art. 10'],
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    const logs = get(r.config, 'logging_info.broker_logs');
    const states = ['cloudwatch_logs', 'firehose', 's3'].map((d) => bool(get(logs, `${d}.enabled`)));
    if (states.includes(true)) return 'compliant';
    if (states.includes('expression')) return undecidable('whether a log destination is enabled is computed at apply time.');
    return fail('logging_info.broker_logs enables no destination.');
  },
};
