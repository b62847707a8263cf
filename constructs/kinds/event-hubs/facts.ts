import { resolveTopic } from '../../model/defaults';
import { durationSeconds } from '../../model/duration';
import type { Cluster, Environment, EventHubsOptions } from '../../model/schema';
import type { Problem } from '../../model/problems';

/**
 * Azure Event Hubs facts and sizing (checked 2026-11 against learn.microsoft.com
 * "Event Hubs quotas and limits" and "Scalability"). The numbers live here and
 * nowhere else; the namespace construct and validation read them.
 */
export type EventHubsTier = 'standard' | 'premium';

export interface EventHubsTierLimits {
  /** Azure's SKU name. */
  readonly sku: 'Standard' | 'Premium';
  readonly maxPartitionsPerHub: number;
  readonly maxRetentionHours: number;
  readonly maxConsumerGroupsPerHub: number;
  /** Event hubs per namespace; on premium per processing unit. */
  readonly maxHubs: number;
  readonly hubsPerCapacityUnit: boolean;
  /** Capacity values the service accepts (TUs or PUs). */
  readonly capacities: readonly number[];
  /** Ingress per unit, MB/s and events/s (events/s unbounded on premium: bytes govern). */
  readonly inMBpsPerUnit: number;
  readonly inEventsPerUnit: number;
  readonly outMBpsPerUnit: number;
  readonly autoInflate: boolean;
  readonly customerManagedKey: boolean;
}

export const EVENT_HUBS_TIERS: Readonly<Record<EventHubsTier, EventHubsTierLimits>> = {
  // Standard: 1 TU = 1 MB/s or 1,000 events/s in, 2 MB/s out (DESIGN.md sizing facts).
  standard: {
    sku: 'Standard',
    maxPartitionsPerHub: 32,
    maxRetentionHours: 7 * 24,
    maxConsumerGroupsPerHub: 20,
    maxHubs: 10,
    hubsPerCapacityUnit: false,
    capacities: Array.from({ length: 40 }, (_, i) => i + 1),
    inMBpsPerUnit: 1,
    inEventsPerUnit: 1000,
    outMBpsPerUnit: 2,
    autoInflate: true,
    customerManagedKey: false,
  },
  // Premium: Microsoft quotes 5-10 MB/s in and 10-20 MB/s out per PU depending on the
  // workload; sizing takes the low end so a declared peak is never over-promised.
  premium: {
    sku: 'Premium',
    maxPartitionsPerHub: 100,
    maxRetentionHours: 90 * 24,
    maxConsumerGroupsPerHub: 100,
    maxHubs: 100,
    hubsPerCapacityUnit: true,
    capacities: [1, 2, 4, 8, 16],
    inMBpsPerUnit: 5,
    inEventsPerUnit: Infinity,
    outMBpsPerUnit: 10,
    autoInflate: false,
    customerManagedKey: true,
  },
};

/** Auto-inflate ceiling of a Standard namespace. */
export const STANDARD_MAX_THROUGHPUT_UNITS = 40;

export interface EventHubsThroughput {
  readonly inMBps: number;
  readonly outMBps: number;
  /** Average record size in bytes; turns MB/s into events/s. */
  readonly messageBytes: number;
}

export interface EventHubsSizing {
  readonly tier: EventHubsTier;
  /** Throughput units (standard) or processing units (premium) at the declared peak. */
  readonly capacity: number;
  /** Auto-inflate ceiling (standard); undefined on premium, which does not inflate. */
  readonly maxThroughputUnits?: number;
  /** Which limit decided the capacity: ingress bytes, ingress events or egress bytes. */
  readonly boundBy: 'ingress-bytes' | 'ingress-events' | 'egress-bytes' | 'minimum';
  /** Units needed before rounding to a value the service accepts (premium steps 1, 2, 4, 8, 16). */
  readonly unitsNeeded: number;
  /** True when the peak needs more than the tier offers. */
  readonly exceedsTier: boolean;
}

/** Events per second at a throughput, with MB taken as 10^6 bytes. */
export function eventsPerSecond(t: EventHubsThroughput): number {
  return (t.inMBps * 1_000_000) / t.messageBytes;
}

/**
 * Capacity for a declared peak: the largest of ingress bytes, ingress events and egress
 * bytes, each divided by what one unit carries. Standard gets auto-inflate up to twice
 * that (capped at 40 TUs) because plants replay their buffers after a link outage and
 * the catch-up burst exceeds the steady peak.
 */
export function sizeEventHubs(t: EventHubsThroughput | undefined, tier: EventHubsTier = 'standard'): EventHubsSizing {
  const l = EVENT_HUBS_TIERS[tier];
  if (!t) {
    return { tier, capacity: 1, maxThroughputUnits: l.autoInflate ? 2 : undefined, boundBy: 'minimum', unitsNeeded: 1, exceedsTier: false };
  }
  const needs: Array<[EventHubsSizing['boundBy'], number]> = [
    ['ingress-bytes', Math.ceil(t.inMBps / l.inMBpsPerUnit)],
    ['ingress-events', Number.isFinite(l.inEventsPerUnit) ? Math.ceil(eventsPerSecond(t) / l.inEventsPerUnit) : 0],
    ['egress-bytes', Math.ceil(t.outMBps / l.outMBpsPerUnit)],
  ];
  const [boundBy, unitsNeeded] = needs.reduce((a, b) => (b[1] > a[1] ? b : a), ['minimum', 1] as [EventHubsSizing['boundBy'], number]);
  const max = l.capacities[l.capacities.length - 1];
  const capacity = l.capacities.find((c) => c >= unitsNeeded) ?? max;
  return {
    tier,
    capacity,
    maxThroughputUnits: l.autoInflate ? Math.min(STANDARD_MAX_THROUGHPUT_UNITS, Math.max(capacity, capacity * 2)) : undefined,
    boundBy,
    unitsNeeded,
    exceedsTier: unitsNeeded > max,
  };
}

/** Tier, capacity and hardening of one event-hubs cluster, with defaults applied. */
export interface ResolvedEventHubs {
  readonly tier: EventHubsTier;
  readonly capacity: number;
  readonly maxThroughputUnits?: number;
  readonly privateEndpoint: boolean;
  readonly localAuth: boolean;
  readonly customerManagedKey: boolean;
  readonly sizing: EventHubsSizing;
}

export function resolveEventHubs(c: Pick<Cluster, 'throughput' | 'eventHubs'>): ResolvedEventHubs {
  const o: EventHubsOptions = c.eventHubs ?? {};
  const tier = o.tier ?? 'standard';
  const sizing = sizeEventHubs(c.throughput, tier);
  const capacity = o.capacity ?? sizing.capacity;
  const autoInflate = EVENT_HUBS_TIERS[tier].autoInflate;
  return {
    tier,
    capacity,
    maxThroughputUnits: autoInflate ? (o.maxThroughputUnits ?? Math.max(capacity, sizing.maxThroughputUnits ?? capacity)) : undefined,
    privateEndpoint: o.privateEndpoint ?? true,
    localAuth: o.localAuth ?? false,
    customerManagedKey: o.customerManagedKey ?? EVENT_HUBS_TIERS[tier].customerManagedKey,
    sizing,
  };
}

/** Hours an event hub keeps records: the topic retention rounded up to whole hours. */
export function retentionHours(retention: string): number {
  return Math.max(1, Math.ceil(durationSeconds(retention) / 3600));
}

/**
 * Azure regions with availability zones, where Event Hubs namespaces are zone redundant
 * (checked 2026-11, learn.microsoft.com "Azure regions with availability zone support").
 * Elsewhere a zone failure is a site failure.
 */
export const AZURE_ZONE_REGIONS: readonly string[] = [
  'eastus',
  'eastus2',
  'westus2',
  'westus3',
  'centralus',
  'southcentralus',
  'canadacentral',
  'brazilsouth',
  'mexicocentral',
  'chilecentral',
  'northeurope',
  'westeurope',
  'uksouth',
  'francecentral',
  'germanywestcentral',
  'switzerlandnorth',
  'norwayeast',
  'swedencentral',
  'polandcentral',
  'italynorth',
  'spaincentral',
  'austriaeast',
  'belgiumcentral',
  'eastasia',
  'southeastasia',
  'japaneast',
  'japanwest',
  'koreacentral',
  'centralindia',
  'australiaeast',
  'newzealandnorth',
  'indonesiacentral',
  'malaysiawest',
  'uaenorth',
  'qatarcentral',
  'israelcentral',
  'southafricanorth',
];

export function zoneRedundant(region: string): boolean {
  return AZURE_ZONE_REGIONS.includes(region);
}

function problem(path: string, message: string, fix: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: '', path, message, fix, severity };
}

/**
 * Environment check for event-hubs clusters: tier limits on hubs, partitions, retention
 * and consumer groups; sizing against the declared throughput; the prod hardening rules.
 */
export function checkEventHubsCluster(env: Environment, c: Cluster, i: number): Problem[] {
  const out: Problem[] = [];
  const r = resolveEventHubs(c);
  const l = EVENT_HUBS_TIERS[r.tier];
  const o = c.eventHubs ?? {};
  const at = (f: string) => `clusters[${i}].eventHubs.${f}`;
  if (r.sizing.exceedsTier) {
    const t = c.throughput!;
    out.push(
      problem(
        `clusters[${i}].throughput`,
        `cluster "${c.id}" needs ${r.sizing.unitsNeeded} ${r.tier === 'standard' ? 'throughput' : 'processing'} units for ${t.inMBps} MB/s in and ${t.outMBps} MB/s out (bound by ${r.sizing.boundBy}); ${r.tier} offers at most ${l.capacities[l.capacities.length - 1]}.`,
        r.tier === 'standard'
          ? 'use eventHubs.tier: premium, or split the topics over two namespaces.'
          : 'split the topics over several namespaces or use an Event Hubs dedicated cluster.',
      ),
    );
  }
  if (o.capacity !== undefined && !l.capacities.includes(o.capacity)) {
    out.push(
      problem(
        at('capacity'),
        `${r.tier} accepts ${r.tier === 'premium' ? 'processing units' : 'throughput units'} ${r.tier === 'premium' ? l.capacities.join(', ') : `1 to ${STANDARD_MAX_THROUGHPUT_UNITS}`}, got ${o.capacity}.`,
        `use ${l.capacities.find((x) => x >= o.capacity!) ?? l.capacities[l.capacities.length - 1]}.`,
      ),
    );
  } else if (o.capacity !== undefined && o.capacity < r.sizing.unitsNeeded && !r.sizing.exceedsTier) {
    out.push(
      problem(
        at('capacity'),
        `capacity ${o.capacity} is below the ${r.sizing.unitsNeeded} units the declared throughput needs (bound by ${r.sizing.boundBy}); producers would be throttled at peak.`,
        `raise capacity to ${r.sizing.capacity} or remove it to size from throughput.`,
      ),
    );
  }
  if (o.maxThroughputUnits !== undefined) {
    if (!l.autoInflate)
      out.push(
        problem(at('maxThroughputUnits'), `${r.tier} namespaces do not auto-inflate.`, 'remove maxThroughputUnits, or size with capacity.'),
      );
    else if (o.maxThroughputUnits < r.capacity)
      out.push(
        problem(
          at('maxThroughputUnits'),
          `auto-inflate ceiling ${o.maxThroughputUnits} is below the capacity ${r.capacity}.`,
          `set maxThroughputUnits to at least ${r.capacity}.`,
        ),
      );
  }
  if (o.customerManagedKey && !l.customerManagedKey) {
    out.push(
      problem(
        at('customerManagedKey'),
        `customer-managed keys need the premium tier, cluster "${c.id}" is ${r.tier}.`,
        'set eventHubs.tier: premium, or remove customerManagedKey.',
      ),
    );
  }
  // Edge sites outside Azure have no Entra ID identity: a namespace that is an edge fleet's hub
  // takes their send-only rules (kinds/event-hubs/edge-hub.ts); every other prod namespace refuses keys.
  if (env.stage === 'prod' && o.localAuth && !(env.edgeFleets ?? []).some((f) => f.hub === c.id)) {
    out.push(
      problem(
        at('localAuth'),
        'SAS keys (local authentication) are refused in prod: they are shared secrets that never expire.',
        'remove localAuth and give clients Entra ID identities (producers/consumers principalId); only the hub of an edge fleet may allow them.',
      ),
    );
  }
  if (env.stage === 'prod' && !l.customerManagedKey) {
    out.push(
      problem(
        `clusters[${i}].eventHubs.tier`,
        `prod namespace "${c.id}" is ${r.tier}: its events are encrypted with Microsoft-managed keys only.`,
        'use eventHubs.tier: premium for a customer-managed key, or accept Microsoft-managed keys for this data.',
        'warning',
      ),
    );
  }
  if (env.stage === 'prod' && o.customerManagedKey === false && l.customerManagedKey) {
    out.push(
      problem(at('customerManagedKey'), 'a prod premium namespace without a customer-managed key.', 'remove customerManagedKey: false.'),
    );
  }
  const site = env.sites.find((s) => s.id === c.sites[0]);
  if (site?.cloud === 'azure' && !zoneRedundant(site.region)) {
    out.push(
      problem(
        `clusters[${i}].sites[0]`,
        `region ${site.region} of site "${site.id}" has no availability zones, so namespace "${c.id}" is not zone redundant: a datacenter failure is a site failure.`,
        `place the site in a region with zones, e.g. ${AZURE_ZONE_REGIONS.slice(10, 13).join(', ')}.`,
        env.stage === 'prod' ? 'error' : 'warning',
      ),
    );
  }

  const topics = env.topics.map((t, ti) => ({ t, ti })).filter(({ t }) => t.cluster === c.id);
  const maxHubs = l.hubsPerCapacityUnit ? l.maxHubs * r.capacity : l.maxHubs;
  if (topics.length > maxHubs) {
    out.push(
      problem(
        `clusters[${i}]`,
        `cluster "${c.id}" has ${topics.length} topics; a ${r.tier} namespace${l.hubsPerCapacityUnit ? ` with ${r.capacity} PU` : ''} holds at most ${maxHubs} event hubs.`,
        r.tier === 'standard'
          ? 'use eventHubs.tier: premium or split the topics over two namespaces.'
          : 'raise capacity or split the namespace.',
      ),
    );
  }
  for (const { t: raw, ti } of topics) {
    const t = resolveTopic(raw);
    if (t.partitions > l.maxPartitionsPerHub) {
      out.push(
        problem(
          `topics[${ti}].partitions`,
          `topic "${t.name}" has ${t.partitions} partitions; a ${r.tier} event hub has at most ${l.maxPartitionsPerHub}.`,
          r.tier === 'standard'
            ? `use ${l.maxPartitionsPerHub} or fewer partitions, or eventHubs.tier: premium (up to ${EVENT_HUBS_TIERS.premium.maxPartitionsPerHub}).`
            : `use ${l.maxPartitionsPerHub} or fewer partitions.`,
        ),
      );
    }
    const hours = retentionHours(t.retention);
    if (hours > l.maxRetentionHours) {
      out.push(
        problem(
          `topics[${ti}].retention`,
          `topic "${t.name}" keeps records ${t.retention}; ${r.tier} event hubs keep at most ${l.maxRetentionHours / 24} days.`,
          r.tier === 'standard'
            ? 'shorten retention to 7d, use eventHubs.tier: premium (90 days), or capture to storage.'
            : 'shorten retention to 90d or capture to storage.',
        ),
      );
    }
    if (raw.replicationFactor !== undefined || raw.minInsyncReplicas !== undefined) {
      out.push(
        problem(
          `topics[${ti}]`,
          `topic "${t.name}" sets replicationFactor/minInsyncReplicas, which Event Hubs does not expose (the service keeps its own replicas across zones).`,
          'remove them for event-hubs topics.',
          'warning',
        ),
      );
    }
    const groups =
      env.consumers.filter((k) => k.cluster === c.id && k.topics.includes(t.name)).length +
      env.pipelines.filter((p) => p.cluster === c.id && p.input === t.name).length +
      1; // + $Default
    if (groups > l.maxConsumerGroupsPerHub) {
      out.push(
        problem(
          `topics[${ti}]`,
          `topic "${t.name}" would have ${groups} consumer groups ($Default included); a ${r.tier} event hub allows ${l.maxConsumerGroupsPerHub}.`,
          'let applications share a consumer group only if they split the work, or use premium.',
        ),
      );
    }
  }
  return out;
}

/**
 * Capture's time window as this product sets it (the service allows 60 to 900 seconds;
 * the portal's default is 5 minutes): a file per partition at least this often.
 * @see https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview
 */
export const CAPTURE_WINDOW_SECONDS = 300;
