import { fail, get, type PolicyRule } from '../rule';

export const KAF005: PolicyRule = {
  id: 'KAF-005',
  title: 'MSK client-to-broker traffic is TLS only',
  why: 'Clients reach the brokers across subnets, peering, VPNs and edge links; TLS_PLAINTEXT or PLAINTEXT lets records and SASL exchanges travel in clear text.',
  fix: 'set encryption_info.encryption_in_transit.client_broker = "TLS" (the provider default when omitted).',
  severity: 'error',
  appliesTo: ['aws_msk_cluster'],
  check: (r) => {
    if (r.type !== 'aws_msk_cluster') return 'not-applicable';
    const v = get(r.config, 'encryption_info.encryption_in_transit.client_broker');
    return v === undefined || v === 'TLS' ? 'compliant' : fail(`encryption_in_transit.client_broker is ${JSON.stringify(v)}.`);
  },
};
