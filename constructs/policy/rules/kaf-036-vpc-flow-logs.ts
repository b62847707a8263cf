import { fail, referrers, undecidable, type PolicyRule } from '../rule';

export const KAF036: PolicyRule = {
  id: 'KAF-036',
  title: 'Every VPC records its traffic in flow logs',
  why: 'Flow logs are the only record of which addresses reached the brokers and which were rejected; without them a breach or a misrouted replication link cannot be traced.',
  fix: 'add an aws_flow_log with vpc_id = the VPC (traffic_type ALL) to a KMS-encrypted log group (KafkaNetwork does this).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV2_AWS_11',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/VPCHasFlowLog.yaml',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0178',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/require_vpc_flow_logs_for_all_vpcs.rego',
    },
  ],
  controls: ['NIST 800-53 AU-12', 'NIST 800-53 SI-4', 'ISO 27001 A.8.15', 'ISO 27001 A.8.16', 'PCI DSS 4.0 10.2.1', 'DORA Art. 10'],
  appliesTo: ['aws_vpc'],
  check: (r) => {
    if (r.type !== 'aws_vpc') return 'not-applicable';
    const logs = referrers(r, 'aws_flow_log');
    if (logs === undefined) return undecidable('the VPC was judged without its stack, so its flow logs cannot be seen.');
    return logs.some((l) => typeof l.config.vpc_id === 'string' && l.config.vpc_id.startsWith(`\${${r.address}.`))
      ? 'compliant'
      : fail('no aws_flow_log in this stack names the VPC in vpc_id.');
  },
};
