import { ManagedKafkaCluster } from '../../gcp/managed-kafka-cluster';
import { topicConfig } from '../../kafka/topic-config';
import { managedKafkaCapacity } from './facts';
import { resourceName } from '../../model/naming';
import type { KindPlacement } from '../placement';

export const placeGcpManaged: KindPlacement = (scope, at, c) => {
  const capacity = managedKafkaCapacity(c);
  const subnetId = at.blocks.gcpNetwork().subnet.id;
  // The construct id is the cluster id: part of the Terraform address, kept forever.
  const cluster = new ManagedKafkaCluster(scope, c.id, {
    clusterName: resourceName({ env: at.env.name, site: at.site.id, component: c.id }),
    region: at.site.region,
    subnetId,
    vcpus: capacity.vcpus,
    memoryGiB: capacity.memoryGiB,
  });
  // Managed Kafka topics are API resources (topics: site-stack): created here, with the cluster.
  for (const t of at.plan.clusters.find((k) => k.id === c.id)?.topics ?? []) {
    cluster.addTopic({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, configs: topicConfig(t) });
  }
};
