import type { Construct } from 'constructs';
import { AwsEdgeHub } from '../aws/edge-hub';
import { AzureEdgeHub } from '../azure/edge-hub';
import type { EdgeHub } from '../edge/hub';
import { GcpEdgeHub } from '../gcp/edge-hub';
import type { Environment, Site } from '../model/schema';
import { eventHubsNamespace } from './event-hubs/alarms';
import type { EdgeHubCloud } from './edge-hub-clouds';
import type { EdgeHubBinding, EdgeHubIdentity } from './kind';

export interface EdgeHubProps {
  readonly env: Environment;
  readonly fleet: string;
  readonly hubSite: Site;
  /** Planned name of the hub cluster. */
  readonly clusterName: string;
  /** Id of the hub cluster. */
  readonly hubCluster: string;
  readonly binding: EdgeHubBinding;
  readonly identity: EdgeHubIdentity;
  readonly tags: Record<string, string>;
}

/** The hub construct of an edge fleet, one per cloud that has one (a Record: a new cloud must say how). */
export const EDGE_HUBS: Readonly<Record<EdgeHubCloud, (scope: Construct, p: EdgeHubProps) => EdgeHub>> = {
  aws: (scope, p) =>
    new AwsEdgeHub(scope, 'Hub', {
      env: p.env.name,
      fleet: p.fleet,
      hubSite: p.hubSite.id,
      mskClusterName: p.binding === 'msk-scram' ? p.clusterName : undefined,
    }),
  gcp: (scope, p) =>
    new GcpEdgeHub(scope, 'Hub', {
      env: p.env.name,
      fleet: p.fleet,
      hubSite: p.hubSite.id,
      region: p.hubSite.region,
      identity: p.identity === 'service-account' ? 'service-account' : 'password',
      siteCertificateAuthority: p.env.edgeFleets?.find((f) => f.id === p.fleet)?.siteCertificateAuthority,
      managedKafkaCluster: p.binding === 'managed-kafka' ? p.clusterName : undefined,
      project: p.env.accounts?.gcp?.projectId,
      projectNumber: p.env.accounts?.gcp?.projectNumber,
    }),
  azure: (scope, p) =>
    new AzureEdgeHub(scope, 'Hub', {
      env: p.env.name,
      fleet: p.fleet,
      hubSite: p.hubSite.id,
      location: p.hubSite.region,
      tags: p.tags,
      deployerCidrs: p.env.accounts?.azure?.deployerCidrs,
      eventHubs:
        p.binding === 'event-hubs-sas'
          ? (({ name, resourceGroup }) => ({ namespaceName: name, resourceGroupName: resourceGroup }))(
              eventHubsNamespace(p.env.name, p.hubSite.id, p.hubCluster),
            )
          : undefined,
    }),
};
