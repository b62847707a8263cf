import { bool, fail, get, isExpression, list, undecidable, worst, type PolicyRule, type Verdict } from '../rule';

function encrypted(where: string, block: unknown, needKey: boolean): Verdict {
  const on = bool(get(block, 'encrypted'));
  if (on === false || on === undefined) return fail(`${where}.encrypted is ${on === undefined ? 'not set' : 'false'}.`);
  if (needKey && get(block, 'kms_key_id') === undefined) return fail(`${where}.kms_key_id is not set (AWS-managed key aws/ebs).`);
  return 'compliant';
}

export const KAF004: PolicyRule = {
  id: 'KAF-004',
  title: 'Broker volumes (EBS) are encrypted; data volumes with a customer-managed key',
  why: 'Self-managed brokers keep every record on their volumes; an unencrypted volume or snapshot leaks the log.',
  fix: 'set encrypted = true on root and EBS block devices, and kms_key_id to a customer-managed aws_kms_key on data volumes (aws_ebs_volume, ebs_block_device).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_3',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/EBSEncryption.py',
    },
    {
      scanner: 'checkov',
      id: 'CKV_AWS_189',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/EBSVolumeEncryptedWithCMK.py',
    },
    {
      scanner: 'checkov',
      id: 'CKV_AWS_8',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/LaunchConfigurationEBSEncryption.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0026',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/enable_volume_encryption.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0027',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/encryption_customer_key.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0131',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/enable_at_rest_encryption.rego',
    },
  ],
  controls: ['NIST 800-53 SC-28', 'ISO 27001 A.8.24', 'PCI DSS 4.0 3.5.1', 'DORA Art. 9'],
  appliesTo: ['aws_ebs_volume', 'aws_instance', 'aws_launch_template'],
  check: (r) => {
    switch (r.type) {
      case 'aws_ebs_volume':
        return encrypted('aws_ebs_volume', r.config, true);
      case 'aws_instance': {
        const template = get(r.config, 'launch_template.id') ?? get(r.config, 'launch_template.name');
        // Without its own root_block_device the instance takes the template's, judged itself when it is in the plan.
        const root: Verdict =
          r.config.root_block_device === undefined && template !== undefined
            ? isExpression(template)
              ? 'not-applicable'
              : undecidable(`the root volume comes from launch template ${String(template)}, which is not in this configuration.`)
            : encrypted('root_block_device', r.config.root_block_device ?? {}, false);
        return worst([root, ...list(r.config.ebs_block_device).map((b, i) => encrypted(`ebs_block_device[${i}]`, b, true))]);
      }
      case 'aws_launch_template': {
        const devices = list(r.config.block_device_mappings).filter((b) => get(b, 'ebs') !== undefined);
        return devices.length === 0
          ? 'not-applicable'
          : worst(devices.map((b, i) => encrypted(`block_device_mappings[${i}].ebs`, get(b, 'ebs'), false)));
      }
      default:
        return 'not-applicable';
    }
  },
};
