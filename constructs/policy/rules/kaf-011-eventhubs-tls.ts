import { fail, type PolicyRule } from '../rule';

export const KAF011: PolicyRule = {
  id: 'KAF-011',
  title: 'Event Hubs namespaces require TLS 1.2 or later',
  why: 'TLS 1.0 and 1.1 have known weaknesses; clients of the Kafka endpoint must not be able to negotiate them.',
  fix: 'set minimum_tls_version = "1.2" (the provider default when omitted).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AZURE_223',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/azure/EventHubNamespaceMinTLS12.py',
    },
  ],
  controls: ['NIST 800-53 SC-8', 'ISO 27001 A.8.24', 'PCI DSS 4.0 4.2.1', 'DORA Art. 9'],
  appliesTo: ['azurerm_eventhub_namespace'],
  check: (r) => {
    if (r.type !== 'azurerm_eventhub_namespace') return 'not-applicable';
    const v = r.config.minimum_tls_version;
    return v === undefined || v === '1.2' || v === '1.3' ? 'compliant' : fail(`minimum_tls_version is ${JSON.stringify(v)}.`);
  },
};
