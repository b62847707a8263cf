import type { ResolvedTopic } from '../model/defaults';
import type { Cluster } from '../model/schema';
import type { ClusterResilience, Outcome } from './outcome';

/**
 * Resilience of clusters whose brokers spread over the zones of one site, and the
 * domain-loss rule they share with stretched clusters. A leaf: the kind models use it
 * without reaching the kind registry.
 */

/** Seconds until a new partition leader serves after a broker or zone is lost (controller failover plus client metadata refresh). */
export const LEADER_FAILOVER_SECONDS = 30;

/** Data loss and write availability when the domain holding the most replicas of a partition goes. */
export interface DomainLoss {
  /** An acknowledged write may be lost (minISR <= m). */
  readonly dataLoss: boolean;
  /** acks=all writes continue (RF - m >= minISR). */
  readonly writesContinue: boolean;
}

/**
 * DESIGN.md's rule: with m the most replicas of a partition in one domain, no
 * acknowledged write is lost iff minISR > m, and writes continue iff RF - m >= minISR.
 */
export function loseDomain(rf: number, minIsr: number, m: number): DomainLoss {
  return { dataLoss: minIsr <= m, writesContinue: rf - m >= minIsr };
}

/** Most replicas of one partition in one domain when `rf` replicas spread rack-aware over `domains`. */
export function maxReplicasPerDomain(rf: number, domains: number): number {
  return Math.ceil(rf / Math.max(1, domains));
}

/** A whole-site loss with nothing to fail over to. */
export function siteLost(cluster: Cluster, t: ResolvedTopic, site: string): Outcome {
  return {
    topic: t.name,
    cluster: cluster.id,
    scope: 'site',
    failure: `site ${site} lost`,
    rpoSeconds: Infinity,
    rpoIsLagBound: false,
    rtoSeconds: Infinity,
    writesContinue: false,
    mechanism: 'none',
    reason: `cluster "${cluster.id}" lives only in ${site} and the topic is not replicated elsewhere`,
    lostSite: site,
  };
}

/** Brokers spread over zones inside one site (MSK: broker.rack = availability zone). */
export function zonedClusterOutcomes(zones: number, brokersOf: (c: Cluster) => number | undefined = () => undefined): ClusterResilience {
  return (_env, cluster, topics) =>
    topics.flatMap((t) => {
      const brokers = brokersOf(cluster) ?? zones;
      const domains = Math.min(zones, brokers);
      const m = maxReplicasPerDomain(t.replicationFactor, domains);
      const loss = loseDomain(t.replicationFactor, t.minInsyncReplicas, m);
      const site = cluster.sites[0];
      const zone: Outcome = {
        topic: t.name,
        cluster: cluster.id,
        scope: 'zone',
        failure: `one zone of ${site} lost`,
        rpoSeconds: loss.dataLoss ? Infinity : 0,
        rpoIsLagBound: false,
        rtoSeconds: loss.writesContinue ? LEADER_FAILOVER_SECONDS : Infinity,
        writesContinue: loss.writesContinue,
        mechanism: 'replicas-across-zones',
        lostSite: site,
        reason:
          `RF ${t.replicationFactor} over ${domains} zones puts at most ${m} replica${m === 1 ? '' : 's'} in one zone; ` +
          `min.insync.replicas ${t.minInsyncReplicas} ${loss.dataLoss ? `<= ${m}: an acknowledged write can be lost` : `> ${m}: every acknowledged write is in two zones`}` +
          `${loss.writesContinue ? '' : `; RF - ${m} < minISR: acks=all writes stop until the zone returns`}`,
      };
      return [zone, siteLost(cluster, t, site)];
    });
}
