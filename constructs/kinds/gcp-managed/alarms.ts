import { INCOMING_SILENCE_SECONDS } from '../../analysis/alarm-thresholds';
import { remoteHeartbeatsTopic, type AlarmMetric, type AlarmSpec } from '../../analysis/alarm-spec';
import { formatSeconds } from '../../model/duration';
import { resourceName } from '../../model/naming';
import type { Cluster, Environment } from '../../model/schema';
import type { KindAlarms } from '../kind';

/*
 * What Managed Kafka's alarms read: Cloud Monitoring's managedkafka.googleapis.com/byte_in_count,
 * labelled with the cluster and topic ids.
 * https://cloud.google.com/monitoring/api/metrics_gcp (managedkafka)
 */

/** The cluster id Google Managed Kafka knows, as ManagedKafkaCluster names it. */
export function gcpManagedClusterName(env: string, site: string, clusterId: string): string {
  return resourceName({ env, site, component: clusterId });
}

/** Bytes written to a Managed Kafka cluster (optionally one topic), from Cloud Monitoring. */
export function gcpBytesIn(env: Environment, c: Cluster, topic?: string): AlarmMetric {
  const name = gcpManagedClusterName(env.name, c.sites[0], c.id);
  return {
    kind: 'cloud-monitoring',
    filter: `metric.type="managedkafka.googleapis.com/byte_in_count" AND resource.labels.cluster_id="${name}"${topic ? ` AND resource.labels.topic_id="${topic}"` : ''}`,
    aligner: 'ALIGN_SUM',
    reducer: 'REDUCE_SUM',
    unit: 'bytes',
  };
}

/**
 * Google runs the brokers, replicas across three zones and the disks (storage grows on
 * its own), so the owner watches what clients see: writes arriving. A cluster with
 * declared producers pages when nothing arrives.
 */
export function gcpManagedAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const producers = env.producers.some((p) => p.cluster === c.id);
  return [
    {
      id: `${c.id}-incoming-stopped`,
      site: c.sites[0],
      cloud: 'gcp',
      subject: { kind: 'cluster', id: c.id },
      title: `no bytes in for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      severity: producers ? 'page' : 'ticket',
      // Google keeps the replicas; writes not arriving is the breach its owner can see.
      guards: ['availability', 'data-loss'],
      metric: gcpBytesIn(env, c),
      comparison: 'at-or-below',
      threshold: 0,
      periodSeconds: 60,
      evaluationPeriods: INCOMING_SILENCE_SECONDS / 60,
      missingData: 'breaching',
      why: `nothing was written to the cluster for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
      runbook: `check the Managed Kafka cluster state of ${c.id} and Google Cloud status for the region; check producers' credentials and the VPC path (Private Service Connect).`,
      panel: 'throughput',
    },
  ];
}

/** As an edge fleet's hub: bytes arriving in the site's topics (`<site>.<topic>`, MM2 DefaultReplicationPolicy). */
function gcpEdgeArrivals(env: Environment, hub: Cluster, _topics: readonly string[], site: string): AlarmMetric {
  const name = gcpManagedClusterName(env.name, hub.sites[0], hub.id);
  return {
    kind: 'cloud-monitoring',
    filter: `metric.type="managedkafka.googleapis.com/byte_in_count" AND resource.labels.cluster_id="${name}" AND resource.labels.topic_id=starts_with("${site}.")`,
    aligner: 'ALIGN_SUM',
    reducer: 'REDUCE_SUM',
    unit: 'bytes',
  };
}

export const GCP_MANAGED_ALARMS: KindAlarms = {
  cluster: gcpManagedAlarms,
  // MirrorMaker 2 on Managed Kafka Connect publishes no lag metric: the heartbeats arriving are watched.
  replicationLag: (env, r, target) => ({ kind: 'heartbeat-silence', metric: gcpBytesIn(env, target, remoteHeartbeatsTopic(r.from)) }),
  siteHeartbeats: undefined,
  edgeArrivals: gcpEdgeArrivals,
};
