import { topicsOf } from '../../model/defaults';
import { compactName, hubTopicName, resourceName } from '../../model/naming';
import type { Problem } from '../../model/problems';
import type { Cluster, Environment } from '../../model/schema';
import { kindProblem as problem, type EdgeHubRole } from '../kind';
import { EVENT_HUBS_TIERS, resolveEventHubs } from './facts';

/**
 * Shared access rules a namespace holds: "Number of authorization rules per namespace: 12;
 * subsequent requests for authorization rule creation are rejected" (learn.microsoft.com
 * azure/event-hubs/event-hubs-quotas, common limits for all tiers). Every namespace is
 * created with RootManageSharedAccessKey, so 11 are left for sites. Counted across every
 * event hub of the namespace, the stricter reading of a page that does not say whether
 * rules on an event hub count apart.
 */
export const EVENT_HUBS_MAX_AUTHORIZATION_RULES = 12;
export const EVENT_HUBS_SITE_RULES = EVENT_HUBS_MAX_AUTHORIZATION_RULES - 1;

/** Kafka endpoint of a namespace: `<namespace>.servicebus.windows.net:9093` (SASL_SSL only). */
export function eventHubsKafkaEndpoint(env: string, site: string, clusterId: string): string {
  return `${resourceName({ env, site, component: clusterId }, 50)}.servicebus.windows.net:9093`;
}

/** Key Vault secret of a site's connection string to one event hub: `<identity>-<hub topic>`, anything but letters, digits and dashes as a dash (Key Vault's secret name alphabet, at most 127). */
export function edgeSasSecretName(identity: string, hubTopic: string): string {
  return `${identity}-${hubTopic}`.replace(/[^0-9A-Za-z-]/g, '-').slice(0, 127);
}

/** The fleet's Key Vault on Azure (AzureEdgeHub): `<env><fleet>edgekv`, 24 characters at most. */
export function edgeFleetVaultName(env: string, fleet: string): string {
  return compactName({ env, site: fleet, component: 'edgekv' });
}

/** Edge sites of every fleet on the hub, with their up topics' hub names, in declaration order. */
function sitesOn(env: Environment, hub: Cluster): Array<{ fleet: number; site: number; id: string; hubTopics: string[] }> {
  return (env.edgeFleets ?? []).flatMap((f, fi) =>
    f.hub !== hub.id
      ? []
      : f.sites.map((s, si) => ({
          fleet: fi,
          site: si,
          id: s.id,
          hubTopics: f.topics.filter((t) => t.direction === 'up').map((t) => hubTopicName(s.id, t.name)),
        })),
  );
}

/**
 * Problems of a fleet whose hub is an Event Hubs namespace. A site's MirrorMaker 2 writes
 * `<site>.<topic>` through the namespace's Kafka endpoint with SASL PLAIN, user
 * `$ConnectionString`, the connection string of a shared access rule as password
 * (learn.microsoft.com azure/event-hubs/azure-event-hubs-apache-kafka-overview, "Shared
 * Access Signature (SAS)"). The rule sits on the site's event hub with Send only, so the
 * site can write nothing else and read nothing; MirrorMaker 2 keeps its own state at the
 * site (constructs/edge/site-manifests.ts), so the hub holds no internal topic of it.
 */
function checkEventHubsFleet(env: Environment, hub: Cluster, f: number): Problem[] {
  const out: Problem[] = [];
  const fleet = env.edgeFleets?.[f];
  if (!fleet) return out;
  const hubIndex = env.clusters.indexOf(hub);
  if (!resolveEventHubs(hub).localAuth)
    out.push(
      problem(
        `edgeFleets[${f}].hub`,
        `hub "${hub.id}" is an Event Hubs namespace with local (SAS) authentication off: edge sites outside Azure have no Entra ID identity and sign in with a send-only shared access rule of their event hub.`,
        `set eventHubs.localAuth: true on cluster "${hub.id}" (clusters[${hubIndex}]); the fleet's rules are then the namespace's only SAS rules besides RootManageSharedAccessKey, which the runbook says to delete.`,
      ),
    );
  fleet.topics.forEach((t, j) => {
    if (t.direction === 'down')
      out.push(
        problem(
          `edgeFleets[${f}].topics[${j}].direction`,
          `down topic "${t.name}" would be read from Event Hubs hub "${hub.id}", but a site's shared access rule is send-only and this version keeps no consumer state of a site in the namespace.`,
          'make the topic local or up, or deliver it to the sites from an msk or gcp-managed hub.',
        ),
      );
  });
  const hubTopics = new Map(topicsOf(env, hub.id).map((t) => [t.name, t]));
  const topicIndex = (name: string) => env.topics.findIndex((x) => x.cluster === hub.id && x.name === name);
  fleet.sites.forEach((s, k) => {
    for (const t of fleet.topics.filter((x) => x.direction === 'up')) {
      const name = hubTopicName(s.id, t.name);
      const declared = hubTopics.get(name);
      if (!declared)
        out.push(
          problem(
            `edgeFleets[${f}].sites[${k}]`,
            `site "${s.id}" pushes "${t.name}" to event hub "${name}", which cluster "${hub.id}" does not have: a site's rule may only send, so it cannot create the event hub.`,
            `declare it under topics: { name: ${name}, cluster: ${hub.id}, partitions: ${t.partitions}, retention: 7d }.`,
          ),
        );
      else if (declared.partitions < t.partitions)
        out.push(
          problem(
            `topics[${topicIndex(name)}].partitions`,
            `event hub "${name}" has ${declared.partitions} partitions, site "${s.id}" writes "${t.name}" with ${t.partitions}: MirrorMaker 2 keeps each record's partition and would add partitions, which a send-only rule cannot.`,
            `give "${name}" at least ${t.partitions} partitions.`,
          ),
        );
    }
  });
  // The sites' event hubs count against the namespace's tier like any other (facts.ts checks the
  // total at topics:); here the fleet learns which of its sites do not fit.
  const r = resolveEventHubs(hub);
  const limits = EVENT_HUBS_TIERS[r.tier];
  const maxHubs = limits.maxHubs * (limits.hubsPerCapacityUnit ? r.capacity : 1);
  const siteHubs = fleet.sites.flatMap((s) => fleet.topics.filter((t) => t.direction === 'up').map((t) => hubTopicName(s.id, t.name)));
  const others = topicsOf(env, hub.id).filter((t) => !siteHubs.includes(t.name)).length;
  if (others + siteHubs.length > maxHubs)
    out.push(
      problem(
        `edgeFleets[${f}].sites`,
        `the ${siteHubs.length} event hubs of fleet "${fleet.id}"'s sites and the ${others} other event hubs of "${hub.id}" make ${others + siteHubs.length}; a ${r.tier} namespace${limits.hubsPerCapacityUnit ? ` with ${r.capacity} PU` : ''} holds at most ${maxHubs}.`,
        limits.hubsPerCapacityUnit
          ? `raise eventHubs.capacity of "${hub.id}" to ${Math.ceil((others + siteHubs.length) / limits.maxHubs)} PU or more, or split the fleet over a second namespace.`
          : `use eventHubs.tier: premium for "${hub.id}" (${EVENT_HUBS_TIERS.premium.maxHubs} event hubs per PU), or split the fleet over a second namespace.`,
      ),
    );
  // Rules already taken by the fleets declared before this one on the same namespace.
  const all = sitesOn(env, hub);
  const before = all.filter((x) => x.fleet < f).reduce((n, x) => n + x.hubTopics.length, 0);
  const mine = all.filter((x) => x.fleet === f).reduce((n, x) => n + x.hubTopics.length, 0);
  if (before + mine > EVENT_HUBS_SITE_RULES)
    out.push(
      problem(
        `edgeFleets[${f}].sites`,
        `the sites on Event Hubs hub "${hub.id}" need ${before + mine} shared access rules (one per site and up topic), but a namespace holds ${EVENT_HUBS_MAX_AUTHORIZATION_RULES}, one of them RootManageSharedAccessKey.`,
        `keep at most ${EVENT_HUBS_SITE_RULES} site topics on one namespace: split the fleet over a second event-hubs cluster, or push fewer topics up.`,
      ),
    );
  return out;
}

/** Event Hubs as an edge fleet's hub: send-only shared access rules per site event hub, keys in the fleet's Key Vault. */
export const EVENT_HUBS_EDGE_HUB: EdgeHubRole = {
  accepts: true,
  identity: 'sas',
  binding: 'event-hubs-sas',
  // The namespace name is planned, so is its Kafka endpoint.
  bootstrap: (env, hub, site) => eventHubsKafkaEndpoint(env.name, site.id, hub.id),
  check: checkEventHubsFleet,
};
