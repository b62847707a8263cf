import { fail, get, type PolicyRule } from '../rule';

export const KAF013: PolicyRule = {
  id: 'KAF-013',
  title: 'MSK brokers have no public endpoints',
  why: 'Public access gives every broker an internet-facing address; clients belong on the private network, the VPN or PrivateLink.',
  fix: 'set broker_node_group_info.connectivity_info.public_access.type = "DISABLED" (the default when omitted).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_291',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/MSKClusterNodesArePrivate.py',
    },
  ],
  controls: ['NIST 800-53 SC-7', 'ISO 27001 A.8.20', 'PCI DSS 4.0 1.4.1', 'DORA Art. 9'],
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    const t = get(r.config, 'broker_node_group_info.connectivity_info.public_access.type');
    return t === undefined || t === 'DISABLED' ? 'compliant' : fail(`connectivity_info.public_access.type is ${JSON.stringify(t)}.`);
  },
};
