import { fail, get, isExpression, type PolicyRule } from '../rule';

export const KAF001: PolicyRule = {
  id: 'KAF-001',
  title: 'MSK data at rest is encrypted with a customer-managed KMS key',
  why: 'Without encryption_at_rest_kms_key_arn MSK uses the AWS-managed key aws/kafka: key use cannot be restricted, audited per cluster or revoked.',
  fix: 'set encryption_info.encryption_at_rest_kms_key_arn to a customer-managed aws_kms_key with rotation (MskRegionalCluster does this).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_81',
      relation: 'extends',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/MSKClusterEncryption.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0179',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/msk/enable_at_rest_encryption.rego',
    },
  ],
  controls: ['NIST 800-53 SC-28', 'NIST 800-53 SC-12', 'ISO 27001 A.8.24', 'PCI DSS 4.0 3.5.1', 'DORA Art. 9'],
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    const key = get(r.config, 'encryption_info.encryption_at_rest_kms_key_arn');
    if (key === undefined || key === '')
      return fail('encryption_info.encryption_at_rest_kms_key_arn is not set, so MSK encrypts with the AWS-managed key aws/kafka.');
    if (typeof key === 'string' && !isExpression(key) && /:alias\/aws\//.test(key))
      return fail(`encryption_at_rest_kms_key_arn is the AWS-managed alias ${key}.`);
    return 'compliant';
  },
};
