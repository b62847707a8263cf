import { attr, both, built, outside } from '../../analysis/flow-types';
import { resourceName, stackId } from '../../model/naming';
import { checkEventHubsCluster, resolveEventHubs, zoneRedundant } from './facts';
import { refuseImplementation } from '../../analysis/replication-facts';
import { siteLost } from '../../analysis/zones';
import { checkEventHubsNames, checkServiceValues } from '../../analysis/kind-limits';
import type { ClusterResilience, Outcome } from '../../analysis/outcome';
import type { Cluster } from '../../model/schema';
import type { KindModel } from '../kind';
import { EVENT_HUBS_EDGE_HUB } from './edge-hub';
import { EVENT_HUBS_ALARMS } from './alarms';
import { EVENT_HUBS_CONNECTORS } from './connectors';

/** Throughput or processing units, auto-inflate, and what the declared peak needs. */
function eventHubsCapacity(c: Cluster): string {
  const r = resolveEventHubs(c);
  const unit = r.tier === 'standard' ? 'TU' : 'PU';
  return `${r.tier}: ${r.capacity} ${unit}${r.maxThroughputUnits !== undefined ? `, auto-inflate to ${r.maxThroughputUnits}` : ''} (peak needs ${r.sizing.unitsNeeded}, bound by ${r.sizing.boundBy})${r.sizing.exceedsTier ? ' — EXCEEDS the tier' : ''}`;
}

/**
 * Seconds until Event Hubs clients write again after a zone is lost. Microsoft publishes
 * no figure; this is the product's planning assumption (client retry and reconnect to
 * the partitions the service moved), to be replaced by a measured failover drill.
 */
export const EVENT_HUBS_ZONE_RTO_SECONDS = 60;

/**
 * Event Hubs: the service keeps each namespace's data in three zones where the region
 * has zones; in a region without zones a datacenter loss is the site loss. Nothing
 * survives the loss of the region unless a copy says otherwise (asyncCopies: Geo-DR
 * pairs are reported metadata-only there, MirrorMaker 2 copies as lag-bound).
 */
export const eventHubsOutcomes: ClusterResilience = (env, cluster, topics) =>
  topics.flatMap((t) => {
    const site = cluster.sites[0];
    const region = env.sites.find((s) => s.id === site)?.region ?? '';
    const zoned = zoneRedundant(region);
    const zone: Outcome = {
      topic: t.name,
      cluster: cluster.id,
      scope: 'zone',
      failure: `one zone of ${site} lost`,
      rpoSeconds: zoned ? 0 : Infinity,
      rpoIsLagBound: false,
      rtoSeconds: zoned ? EVENT_HUBS_ZONE_RTO_SECONDS : Infinity,
      writesContinue: zoned,
      mechanism: zoned ? 'replicas-across-zones' : 'none',
      lostSite: site,
      reason: zoned
        ? `namespace "${cluster.id}" is zone redundant in ${region}: the service keeps the events in three zones (RTO is a planning assumption of ${EVENT_HUBS_ZONE_RTO_SECONDS}s, not a Microsoft figure)`
        : `region ${region} has no availability zones, so a datacenter loss takes the namespace with it`,
    };
    return [zone, siteLost(cluster, t, site)];
  });

/** Azure Event Hubs: a namespace with a Kafka endpoint, one hub per topic. */
export const eventHubs: KindModel = {
  kind: 'event-hubs',
  label: 'Event Hubs',
  clouds: ['azure'],
  runsNodes: false,
  singleSite: true,
  defaults: { brokers: () => undefined, instanceType: undefined, storageGiB: 100, kafkaVersion: undefined },
  check: (env, c, i) => [
    ...checkEventHubsCluster(env, c, i),
    ...checkServiceValues(c, i, 'an Event Hubs namespace'),
    ...checkEventHubsNames(env, c),
  ],
  resilience: eventHubsOutcomes,
  // Topics are event hubs of the namespace, created with it in the site stack.
  topics: { by: 'site-stack' },
  statefulTypes: ['azurerm_eventhub_namespace', 'azurerm_eventhub'],
  replicationTarget: (source, override) => {
    if (source === 'event-hubs' && (override === undefined || override === 'geo-dr')) return { implementation: 'event-hubs-geo-dr' };
    if (override === 'geo-dr')
      return refuseImplementation(
        'implementation',
        `geo-dr pairs two Event Hubs namespaces; the source is a ${source} cluster.`,
        'remove implementation (MirrorMaker 2 into the Event Hubs Kafka endpoint is picked).',
      );
    if (override === 'msk-replicator')
      return refuseImplementation(
        'implementation',
        'MSK Replicator cannot write into Event Hubs.',
        'remove implementation, or set it to mirror-maker-2.',
      );
    return { implementation: 'mm2-event-hubs' };
  },
  edgeHub: EVENT_HUBS_EDGE_HUB,
  replicationEnd: { mirrorSource: undefined, mskConnectTarget: false },
  clientPrincipalIds: true,
  pipelines: true,
  dashboardThroughput: false,
  sizing: { capacity: eventHubsCapacity, notes: [] },
  alarms: EVENT_HUBS_ALARMS,
  // https://learn.microsoft.com/azure/event-hubs/private-link-service (privatelink.servicebus.windows.net)
  access: (env, c, from) => {
    const site = c.sites[0];
    const stack = stackId(env.name, site);
    const ns = resourceName({ env: env.name, site, component: c.id }, 50);
    return {
      network: both(
        built(`the namespace's private endpoint in the ${site} VNet (public access off)`, {
          stack,
          type: 'azurerm_private_endpoint',
          holds: [attr('name', `${ns}-pe`)],
        }),
        from.site?.id === site
          ? built('')
          : outside(`${from.label}'s network reaches the ${site} VNet`, `${from.label}'s network operator`),
      ),
      name: built(
        `${ns}.servicebus.windows.net:9093 through privatelink.servicebus.windows.net linked to the VNet; the namespace certificate names *.servicebus.windows.net`,
        { stack, type: 'azurerm_private_dns_zone', holds: [attr('name', 'privatelink.servicebus.windows.net')] },
        { stack, type: 'azurerm_private_dns_zone_virtual_network_link', holds: [] },
      ),
      trust: outside('public roots (DigiCert) in the default trust store', 'Microsoft'),
      authorization: 'Azure Event Hubs data roles per event hub',
      certificateNames: (host) => host.endsWith('.servicebus.windows.net'),
      identity: 'an Entra ID principal (OAuth 2.0)',
    };
  },
  // Terraform creates the customer-managed key through the vault's data plane, which its
  // firewall closes to every address but accounts.azure.deployerCidrs (place.ts).
  privateDataPlane: (c) =>
    resolveEventHubs(c).customerManagedKey ? `Key Vault data plane: the customer-managed key of ${c.id} (vault firewall)` : undefined,
  connectors: EVENT_HUBS_CONNECTORS,
};
