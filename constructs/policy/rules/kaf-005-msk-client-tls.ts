import { fail, get, type PolicyRule } from '../rule';

export const KAF005: PolicyRule = {
  id: 'KAF-005',
  title: 'MSK client-to-broker traffic is TLS only',
  why: 'Clients reach the brokers across subnets, peering, VPNs and edge links; TLS_PLAINTEXT or PLAINTEXT lets records and SASL exchanges travel in clear text.',
  fix: 'set encryption_info.encryption_in_transit.client_broker = "TLS" (the provider default when omitted).',
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
    const v = get(r.config, 'encryption_info.encryption_in_transit.client_broker');
    return v === undefined || v === 'TLS' ? 'compliant' : fail(`encryption_in_transit.client_broker is ${JSON.stringify(v)}.`);
  },
};
