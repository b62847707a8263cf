import { bool, fail, get, type PolicyRule } from '../rule';

export const KAF006: PolicyRule = {
  id: 'KAF-006',
  title: 'MSK encrypts traffic between brokers',
  why: 'Replication between brokers crosses availability zones; in_cluster = false sends every replica in clear text.',
  fix: 'set encryption_info.encryption_in_transit.in_cluster = true (the provider default when omitted).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_81',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/MSKClusterEncryption.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0073',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/msk/enable_in_transit_encryption.rego',
    },
  ],
  controls: ['NIST 800-53 SC-8', 'ISO 27001 A.8.24', 'PCI DSS 4.0 4.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    return bool(get(r.config, 'encryption_info.encryption_in_transit.in_cluster')) === false
      ? fail('encryption_in_transit.in_cluster is false.')
      : 'compliant';
  },
};
