import { kindModel } from '../../kinds/registry';
import type { Cluster, Environment } from '../../model/schema';

/**
 * Clusters whose topics a site's topics stack manages over the Kafka admin API (their
 * kind says topics: topics-stack), single-site kinds from their site. A cluster over
 * several sites has a topics stack of its own, named after the cluster
 * (stretchedTopicClusters). Kinds with API topics create them in the site stack.
 */
export function topicStackClusters(env: Environment, siteId: string): Cluster[] {
  return env.clusters.filter(
    (c) =>
      kindModel(c.kind)?.topics.by === 'topics-stack' &&
      kindModel(c.kind)?.singleSite !== false &&
      c.sites[0] === siteId &&
      env.topics.some((t) => t.cluster === c.id),
  );
}

/**
 * Stretched clusters with topics: each gets `<env>-<cluster>-topics`, so reordering the
 * cluster's sites or losing its first one neither renames nor strands the stack; it
 * reaches the brokers of every site and plans from wherever one survives.
 */
export function stretchedTopicClusters(env: Environment): Cluster[] {
  return env.clusters.filter(
    (c) =>
      kindModel(c.kind)?.topics.by === 'topics-stack' &&
      kindModel(c.kind)?.singleSite === false &&
      env.topics.some((t) => t.cluster === c.id),
  );
}
