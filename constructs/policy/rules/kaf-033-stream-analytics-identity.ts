import { fail, type PolicyRule } from '../rule';

export const KAF033: PolicyRule = {
  id: 'KAF-033',
  title: 'Stream Analytics reads and writes Event Hubs with its managed identity in prod',
  why: "Connection-string authentication needs the namespace's shared access keys (KAF-010) stored in the job; a managed identity needs no secret.",
  fix: 'set authentication_mode = "Msi" and grant the job\'s identity Azure Event Hubs Data Receiver / Sender on the event hub.',
  severity: 'error',
  controls: ['NIST 800-53 IA-5', 'NIST 800-53 AC-6', 'ISO 27001 A.5.17', 'PCI DSS 4.0 8.6.2', 'DORA Art. 9'],
  appliesTo: [
    'azurerm_stream_analytics_stream_input_eventhub',
    'azurerm_stream_analytics_stream_input_eventhub_v2',
    'azurerm_stream_analytics_output_eventhub',
  ],
  check: (r) => {
    if (!KAF033.appliesTo.includes(r.type) || r.stage === 'dev') return 'not-applicable';
    const mode = r.config.authentication_mode;
    return mode === 'Msi'
      ? 'compliant'
      : fail(`authentication_mode is ${mode === undefined ? 'not set (ConnectionString)' : JSON.stringify(mode)}.`);
  },
};
