import { bool, fail, type PolicyRule } from '../rule';

export const KAF010: PolicyRule = {
  id: 'KAF-010',
  title: 'Event Hubs namespaces disable local (SAS key) authentication in prod',
  why: 'Shared access keys are long-lived secrets that bypass Entra ID, cannot be tied to a person or workload and are rarely rotated.',
  fix: 'set local_authentication_enabled = false and give producers, consumers and Stream Analytics managed identities with Event Hubs data roles.',
  severity: 'error',
  controls: ['NIST 800-53 IA-5', 'NIST 800-53 AC-6', 'ISO 27001 A.5.17', 'PCI DSS 4.0 8.6.2', 'DORA Art. 9'],
  appliesTo: ['azurerm_eventhub_namespace'],
  check: (r) => {
    if (r.type !== 'azurerm_eventhub_namespace' || r.stage === 'dev') return 'not-applicable';
    const on = bool(r.config.local_authentication_enabled);
    return on === false
      ? 'compliant'
      : fail(`local_authentication_enabled is ${on === undefined ? 'not set (enabled by default)' : String(on)}.`);
  },
};
