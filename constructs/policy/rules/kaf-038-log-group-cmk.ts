import { fail, type PolicyRule } from '../rule';

export const KAF038: PolicyRule = {
  id: 'KAF-038',
  title: 'Log groups are encrypted with a customer-managed key',
  why: 'Broker, connector, VPN and flow logs name principals, topics and peer addresses; with a customer key, reading them needs a key grant that can be audited and revoked.',
  fix: "set kms_key_id to a customer-managed aws_kms_key whose policy lets logs.<region>.amazonaws.com use it for this account's log groups.",
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_158',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/CloudWatchLogGroupKMSKey.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0017',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/cloudwatch/log_group_customer_key.rego',
    },
  ],
  controls: ['NIST 800-53 AU-9', 'NIST 800-53 SC-28', 'ISO 27001 A.8.15', 'ISO 27001 A.8.24', 'PCI DSS 4.0 10.3.2', 'DORA Art. 9'],
  appliesTo: ['aws_cloudwatch_log_group'],
  check: (r) => {
    if (r.type !== 'aws_cloudwatch_log_group') return 'not-applicable';
    const key = r.config.kms_key_id;
    return typeof key === 'string' && key !== ''
      ? 'compliant'
      : fail('kms_key_id is not set, so CloudWatch encrypts the logs with a key the account cannot audit or revoke.');
  },
};
