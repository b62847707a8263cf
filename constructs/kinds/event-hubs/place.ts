import type { Construct } from 'constructs';
import { EventHubsNamespace } from '../../azure/event-hubs-namespace';
import { topicsOf } from '../../model/defaults';
import { resolveEventHubs, retentionHours } from './facts';
import type { Cluster } from '../../model/schema';
import { resourceName } from '../../model/naming';
import { pipelineQuerySpec } from '../../analysis/stream-query';
import { StreamingPipeline } from '../../patterns/streaming-pipeline';
import type { KindPlacement, PlacementSite } from '../placement';

/**
 * Places an event-hubs cluster: the namespace with one hub per topic, a consumer group
 * per consuming application, Entra ID data roles for declared producer and consumer
 * identities, and the Stream Analytics job of every pipeline reading from it. The construct id is the cluster id (a Terraform address, kept forever).
 */
export function placeEventHubsNamespace(scope: Construct, ctx: PlacementSite, c: Cluster): EventHubsNamespace {
  const r = resolveEventHubs(c);
  const rg = ctx.blocks.azureResourceGroup();
  const net = r.privateEndpoint ? ctx.blocks.azureNetwork() : undefined;
  const consumers = ctx.env.consumers.filter((k) => k.cluster === c.id);
  const producers = ctx.env.producers.filter((p) => p.cluster === c.id);
  // A multi-tenant Stream Analytics job reaches the namespace as a trusted Azure
  // service with its managed identity; without a pipeline nothing needs that path.
  const hasPipeline = ctx.env.pipelines.some((p) => p.cluster === c.id);
  const ns = new EventHubsNamespace(scope, c.id, {
    namespaceName: resourceName({ env: ctx.env.name, site: ctx.site.id, component: c.id }, 50),
    location: ctx.site.region,
    resourceGroupName: rg.name,
    tier: r.tier,
    capacity: r.capacity,
    maxThroughputUnits: r.maxThroughputUnits,
    localAuth: r.localAuth,
    localAuthReason: (ctx.env.edgeFleets ?? []).some((f) => f.hub === c.id)
      ? 'hub of an edge fleet: its sites outside Azure have no Entra ID identity and sign in with send-only shared access rules on their own event hubs (kinds/event-hubs/edge-hub.ts)'
      : undefined,
    networkAccess: hasPipeline || !net ? 'trusted-services' : 'private-only',
    privateEndpoint: net ? { subnetId: net.endpoints.id, privateDnsZoneId: net.serviceBusZone.id } : undefined,
    // The customer key's vault is private whether or not the namespace is (KAF-040).
    keyVaultEndpoint: r.customerManagedKey
      ? (({ endpoints, vaultZone }) => ({ subnetId: endpoints.id, privateDnsZoneId: vaultZone.id }))(net ?? ctx.blocks.azureNetwork())
      : undefined,
    customerManagedKey: r.customerManagedKey,
    deployerCidrs: ctx.env.accounts?.azure?.deployerCidrs,
    logAnalyticsWorkspaceId: ctx.blocks.azureLogWorkspace().id,
    hubs: topicsOf(ctx.env, c.id).map((t) => ({
      name: t.name,
      partitions: t.partitions,
      retentionHours: retentionHours(t.retention),
      consumerGroups: consumers.filter((k) => k.topics.includes(t.name)).map((k) => k.id),
    })),
    tags: { ...ctx.blocks.tags(), component: c.id },
  });
  for (const k of consumers) {
    if (k.principalId) for (const t of k.topics) ns.grant(t, k.principalId, 'receive', k.id);
  }
  for (const p of producers) {
    if (p.principalId) for (const t of p.topics) ns.grant(t, p.principalId, 'send', p.id);
  }
  for (const p of ctx.env.pipelines.filter((x) => x.cluster === c.id)) {
    // Construct id `Pipeline-<id>`: the job's Terraform address, kept with the pipeline id.
    new StreamingPipeline(scope, `Pipeline-${p.id}`, {
      namePrefix: `${ctx.env.name}-${ctx.site.id}`,
      pipelineId: p.id,
      namespace: ns,
      spec: pipelineQuerySpec(ctx.env, p),
      streamingUnits: p.streamingUnits,
      inMBps: c.throughput?.inMBps,
      location: ctx.site.region,
      resourceGroupName: rg.name,
      logAnalyticsWorkspaceId: ctx.blocks.azureLogWorkspace().id,
      tags: ctx.blocks.tags(),
    });
  }
  return ns;
}

export const placeEventHubs: KindPlacement = (scope, at, c) => {
  placeEventHubsNamespace(scope, at, c);
};
