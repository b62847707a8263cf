import { ManagedKafkaCluster } from '../../gcp/managed-kafka-cluster';
import { topicConfig } from '../../kafka/topic-config';
import { managedKafkaCapacity } from './facts';
import { resourceName } from '../../model/naming';
import type { KindPlacement } from '../placement';

export const placeGcpManaged: KindPlacement = (scope, at, c) => {
  const capacity = managedKafkaCapacity(c);
  const subnetId = at.blocks.gcpNetwork().subnet.id;
  // Copies into this cluster from Managed Kafka in other sites run on Connect workers in the
  // source's network: the cluster gets endpoints there too (facts.ts reachSubnet), one subnet per source site.
  const sources = [
    ...new Set(
      at.plan.replication
        .filter((f) => f.to === c.id && f.targetSite === at.site.id && f.sourceSite !== at.site.id)
        .filter((f) => f.implementation === 'mm2-managed-kafka-connect' && f.sourceKind === c.kind)
        .map((f) => f.sourceSite),
    ),
  ];
  const reach = sources.map((s) => at.blocks.gcpSubnetIn(s)).filter((s) => s !== undefined);
  // The construct id is the cluster id: part of the Terraform address, kept forever.
  const cluster = new ManagedKafkaCluster(scope, c.id, {
    clusterName: resourceName({ env: at.env.name, site: at.site.id, component: c.id }),
    region: at.site.region,
    subnetId,
    additionalSubnetIds: reach.length > 0 ? reach.map((r) => r.subnetId) : undefined,
    dependsOn: reach.length > 0 ? reach.map((r) => r.subnet) : undefined,
    vcpus: capacity.vcpus,
    memoryGiB: capacity.memoryGiB,
  });
  // Managed Kafka topics are API resources (topics: site-stack): created here, with the cluster.
  for (const t of at.plan.clusters.find((k) => k.id === c.id)?.topics ?? []) {
    cluster.addTopic({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, configs: topicConfig(t) });
  }
};
