import type { Cluster, Environment } from '../../model/schema';
import { CAPTURE_WINDOW_SECONDS } from './facts';
import { eventHubsNamespace } from './alarms';
import type { ConnectorMetrics, ConnectorSupport } from '../kind';

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
  metrics: (env, cluster, c) => (cluster ? captureMetrics(env, cluster, c.topics) : {}),
};

/**
 * Capture as Azure Monitor sees it: CapturedMessages and CaptureBacklog of the namespace
 * (Microsoft.EventHub/namespaces, dimension EntityName = the hub). Capture writes once
 * per window, so "running" means messages captured within three windows, and the lag
 * budget (seconds) becomes a backlog of events at the hub's declared rate (its producers'
 * events per second, else the cluster's inMBps over messageBytes); without a rate the
 * backlog is not watched.
 * @see https://learn.microsoft.com/azure/event-hubs/monitor-event-hubs-reference
 */
function captureMetrics(env: Environment, cluster: Cluster, topics: readonly string[]): ConnectorMetrics {
  const resource = eventHubsNamespace(env.name, cluster.sites[0], cluster.id);
  const metric = (name: string, aggregation: 'Total' | 'Maximum', unit: string) => ({
    kind: 'azure-monitor' as const,
    resource,
    namespace: 'Microsoft.EventHub/namespaces',
    name,
    aggregation,
    dimensions: { EntityName: topics },
    unit,
  });
  const declared = env.producers.filter((p) => p.cluster === cluster.id && p.topics.some((t) => topics.includes(t)));
  const byProducers = declared.reduce((n, p) => n + (p.eventsPerSecond ?? 0), 0);
  const t = cluster.throughput;
  const rate = byProducers > 0 ? byProducers : t?.inMBps && t.messageBytes ? Math.round((t.inMBps * 1e6) / t.messageBytes) : undefined;
  return {
    state: { ...metric('CapturedMessages', 'Total', 'messages'), periodSeconds: 3 * CAPTURE_WINDOW_SECONDS },
    ...(rate ? { lag: { ...metric('CaptureBacklog', 'Maximum', 'events'), thresholdPerSecond: rate } } : {}),
  };
}
