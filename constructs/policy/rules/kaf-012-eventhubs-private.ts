import { bool, fail, type PolicyRule } from '../rule';

export const KAF012: PolicyRule = {
  id: 'KAF-012',
  title: 'Event Hubs namespaces are not reachable from the public internet',
  why: 'A public Kafka endpoint is one leaked credential away from data loss; plants reach the namespace over the VPN and private endpoints.',
  fix: 'set public_network_access_enabled = false and reach the namespace through a private endpoint (trusted Azure services stay allowed).',
  severity: 'error',
  controls: ['NIST 800-53 SC-7', 'ISO 27001 A.8.20', 'PCI DSS 4.0 1.4.1', 'DORA Art. 9'],
  appliesTo: ['azurerm_eventhub_namespace'],
  check: (r) => {
    if (r.type !== 'azurerm_eventhub_namespace') return 'not-applicable';
    const on = bool(r.config.public_network_access_enabled);
    return on === false
      ? 'compliant'
      : fail(`public_network_access_enabled is ${on === undefined ? 'not set (public by default)' : String(on)}.`);
  },
};
