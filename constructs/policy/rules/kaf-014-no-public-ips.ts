import { bool, fail, get, list, worst, type PolicyRule } from '../rule';

export const KAF014: PolicyRule = {
  id: 'KAF-014',
  title: 'Broker and controller VMs have no public IP addresses',
  why: 'Self-managed brokers sit in private subnets without internet egress; a public address exposes the Kafka and KRaft ports and the host.',
  fix: 'AWS: associate_public_ip_address = false; Google: no access_config on network_interface; Azure: no public_ip_address_id on the NIC. Reach brokers over the VPN or private networking.',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_88',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/EC2PublicIP.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0009',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/no_public_ip.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0164',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/no_public_ip_subnet.rego',
    },
  ],
  controls: ['NIST 800-53 SC-7', 'ISO 27001 A.8.20', 'PCI DSS 4.0 1.4.1', 'DORA Art. 9'],
  appliesTo: [
    'aws_instance',
    'aws_launch_template',
    'google_compute_instance',
    'google_compute_instance_template',
    'azurerm_network_interface',
  ],
  check: (r) => {
    switch (r.type) {
      case 'aws_instance':
        return bool(r.config.associate_public_ip_address) === true ? fail('associate_public_ip_address is true.') : 'compliant';
      case 'aws_launch_template':
        return worst(
          list(r.config.network_interfaces)
            .map((n, i) =>
              bool(get(n, 'associate_public_ip_address')) === true
                ? fail(`network_interfaces[${i}].associate_public_ip_address is true.`)
                : 'compliant',
            )
            .concat(['compliant']),
        );
      case 'google_compute_instance':
      case 'google_compute_instance_template':
        return worst(
          list(r.config.network_interface)
            .map((n, i) =>
              list(get(n, 'access_config')).length > 0 ? fail(`network_interface[${i}] has an access_config (external IP).`) : 'compliant',
            )
            .concat(['compliant']),
        );
      case 'azurerm_network_interface':
        return worst(
          list(r.config.ip_configuration)
            .map((c, i) =>
              get(c, 'public_ip_address_id') !== undefined ? fail(`ip_configuration[${i}].public_ip_address_id is set.`) : 'compliant',
            )
            .concat(['compliant']),
        );
      default:
        return 'not-applicable';
    }
  },
};
