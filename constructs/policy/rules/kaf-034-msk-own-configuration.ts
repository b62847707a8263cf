import { fail, get, type PolicyRule } from '../rule';

export const KAF034: PolicyRule = {
  id: 'KAF-034',
  title: 'Every MSK cluster runs its own broker configuration',
  why: 'Without configuration_info MSK applies its default configuration, which enables unclean leader election and automatic topic creation.',
  fix: 'attach an aws_msk_configuration with the safe durability settings through configuration_info (MskRegionalCluster does this).',
  severity: 'error',
  controls: ['NIST 800-53 CM-2', 'NIST 800-53 CM-6', 'ISO 27001 A.8.9', 'PCI DSS 4.0 2.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    return get(r.config, 'configuration_info.arn') !== undefined
      ? 'compliant'
      : fail('configuration_info is not set (MSK default configuration).');
  },
};
