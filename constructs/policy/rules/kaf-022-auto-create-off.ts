import { requireSettings, type PolicyRule } from '../rule';

export const KAF022: PolicyRule = {
  id: 'KAF-022',
  title: 'Automatic topic creation is off',
  why: 'Auto-created topics get the broker defaults instead of the reviewed partitions, replication and retention, and a typo in a producer creates a new topic.',
  fix: 'set auto.create.topics.enable=false in the broker configuration and declare topics in the environment file.',
  severity: 'error',
  controls: ['NIST 800-53 CM-7', 'ISO 27001 A.8.9', 'PCI DSS 4.0 2.2.4', 'DORA Art. 9'],
  appliesTo: ['aws_msk_configuration', 'kubernetes_manifest'],
  check: (r) => requireSettings(r, [{ key: 'auto.create.topics.enable', value: 'false' }]),
};
