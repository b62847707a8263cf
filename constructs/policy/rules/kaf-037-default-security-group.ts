import { fail, list, referrers, undecidable, type PolicyRule } from '../rule';

export const KAF037: PolicyRule = {
  id: 'KAF-037',
  title: "Every VPC's default security group admits nothing",
  why: 'An interface placed without a security group lands in the default group, which admits its own members and every outbound address; managed empty, such a mistake fails closed.',
  fix: 'manage the VPC default group as aws_default_security_group with vpc_id = the VPC and no ingress or egress blocks (KafkaNetwork does this).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV2_AWS_12',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/VPCHasRestrictedSG.yaml',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0173',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/restrict_all_in_default_sg.rego',
    },
  ],
  controls: ['CIS AWS 1.4 5.3', 'NIST 800-53 SC-7', 'NIST 800-53 AC-4', 'ISO 27001 A.8.20', 'PCI DSS 4.0 1.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_vpc'],
  check: (r) => {
    if (r.type !== 'aws_vpc') return 'not-applicable';
    const groups = referrers(r, 'aws_default_security_group');
    if (groups === undefined) return undecidable('the VPC was judged without its stack, so its default security group cannot be seen.');
    if (groups.length === 0)
      return fail(
        'no aws_default_security_group manages the default group, which allows all outbound traffic and traffic between its members.',
      );
    const open = groups.filter((g) => list(g.config.ingress).length > 0 || list(g.config.egress).length > 0);
    const ruled = groups.flatMap((g) => [
      ...(referrers(g, 'aws_vpc_security_group_ingress_rule') ?? []),
      ...(referrers(g, 'aws_vpc_security_group_egress_rule') ?? []),
      ...(referrers(g, 'aws_security_group_rule') ?? []),
    ]);
    if (open.length > 0) return fail(`${open.map((g) => g.address).join(', ')} declares ingress or egress blocks.`);
    if (ruled.length > 0) return fail(`${ruled.map((g) => g.address).join(', ')} adds rules to the default security group.`);
    return 'compliant';
  },
};
