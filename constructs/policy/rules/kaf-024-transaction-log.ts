import { requireSettings, type PolicyRule } from '../rule';

export const KAF024: PolicyRule = {
  id: 'KAF-024',
  title: 'The transaction state log is replicated for exactly-once',
  why: 'Exactly-once producers keep their transaction state in __transaction_state; with fewer than 3 replicas or min ISR below 2 a broker loss aborts or loses transactions.',
  fix: 'set transaction.state.log.replication.factor=3 and transaction.state.log.min.isr=2.',
  severity: 'error',
  controls: ['NIST 800-53 CP-10', 'ISO 27001 A.8.14', 'DORA Art. 12'],
  appliesTo: ['aws_msk_configuration', 'kubernetes_manifest'],
  check: (r) =>
    requireSettings(r, [
      { key: 'transaction.state.log.replication.factor', value: '3', atLeast: true },
      { key: 'transaction.state.log.min.isr', value: '2', atLeast: true },
    ]),
};
