import { fail, get, list, strimzi, type PolicyRule } from '../rule';

export const KAF008: PolicyRule = {
  id: 'KAF-008',
  title: 'Strimzi Kafka listeners use TLS',
  why: 'Edge clusters serve plant and store networks that are not trusted; a listener with tls: false carries records and credentials in clear text.',
  fix: 'set tls: true on every entry of spec.kafka.listeners.',
  severity: 'error',
  controls: ['NIST 800-53 SC-8', 'ISO 27001 A.8.24', 'PCI DSS 4.0 4.2.1', 'DORA Art. 9'],
  appliesTo: ['kubernetes_manifest'],
  check: (r) => {
    const spec = strimzi(r, 'Kafka');
    if (!spec) return 'not-applicable';
    const listeners = list(get(spec, 'kafka.listeners'));
    if (listeners.length === 0) return fail('spec.kafka.listeners is empty.');
    const plain = listeners.filter((l) => get(l, 'tls') !== true).map((l) => String(get(l, 'name') ?? '?'));
    return plain.length === 0 ? 'compliant' : fail(`listeners without tls: ${plain.join(', ')}.`);
  },
};
