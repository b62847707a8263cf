import type { ConnectorSupport } from '../kind';

/**
 * Event Hubs has no Kafka Connect runtime of its own; Event Hubs Capture writes every
 * event of a hub to Blob Storage or Data Lake Storage (Avro or Parquet files), which is
 * what a sink to Azure storage asks for. Capture commits files per time or size window
 * and can write an event twice after a failure: at-least-once.
 * @see https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview
 * @see https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/eventhub#capture_description
 */
export const EVENT_HUBS_CONNECTORS: ConnectorSupport = {
  runtime: 'event-hubs-capture',
  label: 'Event Hubs Capture',
  plugins: 'built-in',
  types: {
    'azure-storage-sink': {
      class: undefined,
      exactlyOnce: false,
      source: 'https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview',
    },
  },
  alternative:
    'Event Hubs runs no connectors itself: Capture covers sinks to Azure storage; for other systems run Kafka Connect (Strimzi on AKS) against the namespace\u2019s Kafka endpoint, or use Stream Analytics or Azure Functions.',
  metrics: undefined,
};
