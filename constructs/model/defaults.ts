import type { Environment, Topic } from './schema';
import type { DataClass } from './naming';

/**
 * Defaults that hold for every kind. A kind's own defaults (brokers, instance type,
 * storage, version) live in its folder; resolveCluster in kinds/registry.ts applies them.
 */

/** Topic durability defaults (DESIGN: RF 3, minISR 2; acks=all then survives one broker). */
export const DEFAULT_REPLICATION_FACTOR = 3;
export const DEFAULT_MIN_INSYNC_REPLICAS = 2;
export const DEFAULT_RETENTION = '7d';

export interface ResolvedTopic extends Topic {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly retention: string;
  readonly dataClass: DataClass;
}

export function resolveTopic(t: Topic): ResolvedTopic {
  return {
    ...t,
    replicationFactor: t.replicationFactor ?? DEFAULT_REPLICATION_FACTOR,
    minInsyncReplicas: t.minInsyncReplicas ?? DEFAULT_MIN_INSYNC_REPLICAS,
    retention: t.retention ?? DEFAULT_RETENTION,
    dataClass: t.dataClass ?? 'internal',
  };
}

/** Topics of one cluster, with defaults applied. */
export function topicsOf(env: Environment, clusterId: string): ResolvedTopic[] {
  return env.topics.filter((t) => t.cluster === clusterId).map(resolveTopic);
}
