import { bool, fail, get, type PolicyRule } from '../rule';

export const KAF006: PolicyRule = {
  id: 'KAF-006',
  title: 'MSK encrypts traffic between brokers',
  why: 'Replication between brokers crosses availability zones; in_cluster = false sends every replica in clear text.',
  fix: 'set encryption_info.encryption_in_transit.in_cluster = true (the provider default when omitted).',
  severity: 'error',
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    return bool(get(r.config, 'encryption_info.encryption_in_transit.in_cluster')) === false
      ? fail('encryption_in_transit.in_cluster is false.')
      : 'compliant';
  },
};
