import type { EdgeHubBinding } from './kind';

/** Clouds that have an edge hub construct (kinds/edge-hubs.ts renders one per entry). */
export type EdgeHubCloud = 'aws' | 'gcp' | 'azure';

/**
 * Which bindings each cloud's hub construct can make: AwsEdgeHub associates SCRAM
 * secrets with an MSK cluster, GcpEdgeHub grants Managed Kafka to service accounts,
 * AzureEdgeHub stores credentials and, on an Event Hubs hub, makes each site's
 * send-only shared access rules. A hub kind whose binding its site's cloud
 * cannot make is refused by validation (checkEdgeFleets), never rendered half-wired.
 */
export const EDGE_HUB_BINDINGS: Readonly<Record<EdgeHubCloud, readonly EdgeHubBinding[]>> = {
  aws: ['msk-scram', 'none'],
  gcp: ['managed-kafka', 'none'],
  azure: ['event-hubs-sas', 'none'],
};

export function isEdgeHubCloud(cloud: string): cloud is EdgeHubCloud {
  return Object.prototype.hasOwnProperty.call(EDGE_HUB_BINDINGS, cloud);
}
