import { fail, get, type PolicyRule } from '../rule';

export const KAF034: PolicyRule = {
  id: 'KAF-034',
  title: 'Every MSK cluster runs its own broker configuration',
  why: 'Without configuration_info MSK applies its default configuration, which enables unclean leader election and automatic topic creation.',
  fix: 'attach an aws_msk_configuration with the safe durability settings through configuration_info (MskRegionalCluster does this).',
  severity: 'error',
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    return get(r.config, 'configuration_info.arn') !== undefined
      ? 'compliant'
      : fail('configuration_info is not set (MSK default configuration).');
  },
};
