import type { Cluster, Environment, Topic } from './schema';
import type { DataClass } from './naming';

/** Topic durability defaults (DESIGN: RF 3, minISR 2; acks=all then survives one broker). */
export const DEFAULT_REPLICATION_FACTOR = 3;
export const DEFAULT_MIN_INSYNC_REPLICAS = 2;
export const DEFAULT_RETENTION = '7d';

/** Zones an MSK cluster spreads its brokers over (one private subnet each). */
export const MSK_ZONES = 3;

export const CLUSTER_DEFAULTS = {
  msk: { brokers: 3, instanceType: 'kafka.m7g.large', storageGiB: 100, kafkaVersion: '3.9.x' },
  selfManaged: { brokersPerSite: 2, controllersPerSite: 1, instanceType: 'm7i.xlarge', storageGiB: 500, kafkaVersion: '4.1.1' },
  edge: { brokers: 1, storageGiB: 100 },
} as const;

export interface ResolvedCluster extends Cluster {
  readonly brokers: number;
  readonly storageGiB: number;
  readonly clientAuth: Array<'iam' | 'scram' | 'mtls'>;
}

/** Total brokers a cluster will run, from whichever count the file gives. */
export function clusterBrokers(c: Cluster): number | undefined {
  if (c.brokers !== undefined) return c.brokers;
  if (c.brokersPerSite !== undefined) return c.brokersPerSite * c.sites.length;
  switch (c.kind) {
    case 'msk':
      return CLUSTER_DEFAULTS.msk.brokers;
    case 'self-managed':
      return CLUSTER_DEFAULTS.selfManaged.brokersPerSite * c.sites.length;
    case 'edge':
      return CLUSTER_DEFAULTS.edge.brokers;
    default:
      return undefined; // serverless services place replicas themselves
  }
}

export function resolveCluster(c: Cluster): ResolvedCluster {
  const brokers = clusterBrokers(c) ?? 0;
  const storageGiB =
    c.storageGiB ?? (c.kind === 'self-managed' ? CLUSTER_DEFAULTS.selfManaged.storageGiB : CLUSTER_DEFAULTS.msk.storageGiB);
  return {
    ...c,
    brokers,
    storageGiB,
    instanceType:
      c.instanceType ??
      (c.kind === 'msk'
        ? CLUSTER_DEFAULTS.msk.instanceType
        : c.kind === 'self-managed'
          ? CLUSTER_DEFAULTS.selfManaged.instanceType
          : undefined),
    kafkaVersion:
      c.kafkaVersion ??
      (c.kind === 'msk'
        ? CLUSTER_DEFAULTS.msk.kafkaVersion
        : c.kind === 'self-managed'
          ? CLUSTER_DEFAULTS.selfManaged.kafkaVersion
          : undefined),
    clientAuth: c.clientAuth ?? ['iam'],
  };
}

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
