import { fail, get, type PolicyRule } from '../rule';

export const KAF013: PolicyRule = {
  id: 'KAF-013',
  title: 'MSK brokers have no public endpoints',
  why: 'Public access gives every broker an internet-facing address; clients belong on the private network, the VPN or PrivateLink.',
  fix: 'set broker_node_group_info.connectivity_info.public_access.type = "DISABLED" (the default when omitted).',
  severity: 'error',
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    const t = get(r.config, 'broker_node_group_info.connectivity_info.public_access.type');
    return t === undefined || t === 'DISABLED' ? 'compliant' : fail(`connectivity_info.public_access.type is ${JSON.stringify(t)}.`);
  },
};
