import { fail, get, isExpression, undecidable, type PolicyRule } from '../rule';

export const KAF035: PolicyRule = {
  id: 'KAF-035',
  title: 'Broker VMs require IMDSv2 session tokens',
  why: 'With IMDSv1 any SSRF in a process on the broker (a connector, an exporter) can read the instance role credentials, which reach the KMS key and the cluster.',
  fix: 'set metadata_options { http_tokens = "required" } on aws_instance and aws_launch_template (hop limit 1 unless containers need 2).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_79',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/IMDSv1Disabled.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0028',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/enforce_http_token_imds.rego',
    },
  ],
  controls: ['NIST 800-53 AC-3', 'NIST 800-53 CM-6', 'ISO 27001 A.8.9', 'PCI DSS 4.0 2.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_instance', 'aws_launch_template'],
  check: (r) => {
    if (r.type !== 'aws_instance' && r.type !== 'aws_launch_template') return 'not-applicable';
    const tokens = get(r.config, 'metadata_options.http_tokens');
    const template = get(r.config, 'launch_template.id') ?? get(r.config, 'launch_template.name');
    if (r.type === 'aws_instance' && tokens === undefined && template !== undefined) {
      // The instance takes its metadata options from the template, which is judged itself when it is in the plan.
      return isExpression(template)
        ? 'not-applicable'
        : undecidable(`metadata options come from launch template ${String(template)}, which is not in this configuration.`);
    }
    if (get(r.config, 'metadata_options.http_endpoint') === 'disabled') return 'compliant';
    return tokens === 'required'
      ? 'compliant'
      : fail(`metadata_options.http_tokens is ${tokens === undefined ? 'not set (IMDSv1 allowed)' : JSON.stringify(tokens)}.`);
  },
};
