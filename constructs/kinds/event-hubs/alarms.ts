import { EVENT_HUBS_SERVER_ERRORS_PER_WINDOW, INCOMING_SILENCE_SECONDS } from '../../analysis/alarm-thresholds';
import type { AlarmMetric, AlarmSpec } from '../../analysis/alarm-spec';
import { formatSeconds } from '../../model/duration';
import { resourceName } from '../../model/naming';
import type { Cluster, Environment } from '../../model/schema';
import type { KindAlarms } from '../kind';

/*
 * What Event Hubs' alarms read: Azure Monitor metrics of the namespace
 * (Microsoft.EventHub/namespaces: ServerErrors, ThrottledRequests, IncomingMessages,
 * with the EntityName dimension for one event hub).
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-eventhub-namespaces-metrics
 */

/** The namespace name, as EventHubsNamespace names it, and the site resource group it lives in. */
export function eventHubsNamespace(env: string, site: string, clusterId: string): { type: string; name: string; resourceGroup: string } {
  return {
    type: 'Microsoft.EventHub/namespaces',
    name: resourceName({ env, site, component: clusterId }, 50),
    resourceGroup: resourceName({ env, site, component: 'rg' }, 90),
  };
}

export function eventHubsAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const site = c.sites[0];
  const resource = eventHubsNamespace(env.name, site, c.id);
  const metric = (name: string, unit: string): AlarmMetric => ({
    kind: 'azure-monitor',
    resource,
    namespace: 'Microsoft.EventHub/namespaces',
    name,
    aggregation: 'Total',
    unit,
  });
  const base = {
    site,
    cloud: 'azure' as const,
    subject: { kind: 'cluster' as const, id: c.id },
    periodSeconds: 300,
    evaluationPeriods: 1,
    missingData: 'missing' as const,
  };
  const out: AlarmSpec[] = [
    {
      ...base,
      id: `${c.id}-server-errors`,
      title: 'server errors',
      severity: 'page',
      guards: ['availability', 'data-loss'],
      metric: metric('ServerErrors', 'errors'),
      comparison: 'above',
      threshold: EVENT_HUBS_SERVER_ERRORS_PER_WINDOW,
      why: `more than ${EVENT_HUBS_SERVER_ERRORS_PER_WINDOW} server errors in 5 minutes: the namespace is rejecting sends and receives`,
      runbook:
        'check Azure Service Health for the region and the namespace Resource health; fail clients over to the Geo-DR alias if one is paired; open a support case.',
      panel: 'health',
    },
    {
      ...base,
      id: `${c.id}-throttled`,
      title: 'throttled requests',
      severity: 'ticket',
      guards: ['capacity', 'data-loss'],
      metric: metric('ThrottledRequests', 'requests'),
      comparison: 'above',
      threshold: 0,
      why: 'any throttled request means the namespace is out of throughput or processing units',
      runbook: `raise capacity (throughput or processing units) of ${c.id}, or enable auto-inflate; check which hub's IncomingBytes grew.`,
      panel: 'throughput',
    },
  ];
  // Incoming messages dropping to zero only means something where producers are declared.
  if (env.producers.some((p) => p.cluster === c.id)) {
    out.push({
      ...base,
      id: `${c.id}-incoming-stopped`,
      title: `no incoming messages for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      severity: 'ticket',
      guards: ['availability'],
      metric: metric('IncomingMessages', 'messages'),
      comparison: 'at-or-below',
      threshold: 0,
      periodSeconds: INCOMING_SILENCE_SECONDS,
      missingData: 'breaching',
      why: `declared producers sent nothing for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      runbook:
        'check the producers (plants, gateways): their connectivity, credentials (Entra ID role assignments) and the namespace network rules.',
      panel: 'throughput',
    });
  }
  return out;
}

/** As an edge fleet's hub: messages arriving in the site's event hubs. */
function eventHubsEdgeArrivals(env: Environment, hub: Cluster, topics: readonly string[]): AlarmMetric {
  return {
    kind: 'azure-monitor',
    resource: eventHubsNamespace(env.name, hub.sites[0], hub.id),
    namespace: 'Microsoft.EventHub/namespaces',
    name: 'IncomingMessages',
    aggregation: 'Total',
    dimensions: { EntityName: topics },
    unit: 'messages',
  };
}

export const EVENT_HUBS_ALARMS: KindAlarms = {
  cluster: eventHubsAlarms,
  // No lag metric or heartbeat alarm reads flows into a namespace yet.
  replicationLag: undefined,
  siteHeartbeats: undefined,
  edgeArrivals: eventHubsEdgeArrivals,
};
