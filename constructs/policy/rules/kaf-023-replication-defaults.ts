import { requireSettings, type PolicyRule } from '../rule';

export const KAF023: PolicyRule = {
  id: 'KAF-023',
  title: 'Broker defaults keep three replicas and two in sync',
  why: 'Topics created without explicit settings, and the consumer offsets topic, inherit the broker defaults; RF 1 or min ISR 1 means one broker loss loses acknowledged data.',
  fix: 'set default.replication.factor=3, min.insync.replicas=2 and offsets.topic.replication.factor=3 (analysis/durability.ts SAFE_SERVER_PROPERTIES).',
  severity: 'error',
  controls: ['NIST 800-53 CP-10', 'ISO 27001 A.8.14', 'DORA Art. 12'],
  appliesTo: ['aws_msk_configuration', 'kubernetes_manifest'],
  check: (r) =>
    requireSettings(r, [
      { key: 'default.replication.factor', value: '3', atLeast: true },
      { key: 'min.insync.replicas', value: '2', atLeast: true },
      { key: 'offsets.topic.replication.factor', value: '3', atLeast: true },
    ]),
};
