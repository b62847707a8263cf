import { fail, get, type PolicyRule } from '../rule';

export const KAF003: PolicyRule = {
  id: 'KAF-003',
  title: 'Google Managed Kafka clusters use a customer-managed encryption key (CMEK)',
  why: 'Without gcp_config.kms_key the cluster is encrypted with a Google-owned key the estate cannot rotate, audit or revoke.',
  fix: "set gcp_config.kms_key to a google_kms_crypto_key (with rotation_period) in the cluster's region, and grant the Managed Kafka service agent encrypter/decrypter on it.",
  severity: 'error',
  controls: ['NIST 800-53 SC-28', 'NIST 800-53 SC-12', 'ISO 27001 A.8.24', 'PCI DSS 4.0 3.5.1', 'DORA Art. 9'],
  appliesTo: ['google_managed_kafka_cluster'],
  check: (r) => {
    if (r.type !== 'google_managed_kafka_cluster') return 'not-applicable';
    const key = get(r.config, 'gcp_config.kms_key');
    return typeof key === 'string' && key !== '' ? 'compliant' : fail('gcp_config.kms_key is not set (Google-owned encryption key).');
  },
};
