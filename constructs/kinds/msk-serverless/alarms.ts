import { INCOMING_SILENCE_SECONDS } from '../../analysis/alarm-thresholds';
import { MAX_METRICS_PER_ALARM, type AlarmSpec } from '../../analysis/alarm-spec';
import { formatSeconds } from '../../model/duration';
import { resourceName } from '../../model/naming';
import type { Cluster, Environment } from '../../model/schema';
import type { KindAlarms } from '../kind';
import { AWS_KAFKA_NAMESPACE } from '../msk/alarms';

/*
 * What MSK Serverless publishes: AWS/Kafka BytesInPerSec per topic (Cluster Name, Topic).
 * https://docs.aws.amazon.com/msk/latest/developerguide/serverless-monitoring.html
 */

/**
 * MSK Serverless runs the brokers and their replicas; it publishes bytes in per topic
 * only. What its owner can see breaking is writes no longer arriving, so that is what
 * pages, summed over the cluster's topics (at most 10 per alarm).
 */
export function mskServerlessAlarms(env: Environment, c: Cluster): AlarmSpec[] {
  const site = c.sites[0];
  const name = resourceName({ env: env.name, site, component: c.id }, 64);
  const topics = env.topics.filter((t) => t.cluster === c.id).map((t) => t.name);
  const producers = env.producers.some((p) => p.cluster === c.id);
  const groups: string[][] = [];
  for (let i = 0; i < topics.length; i += MAX_METRICS_PER_ALARM) groups.push(topics.slice(i, i + MAX_METRICS_PER_ALARM));
  return groups.map((group, g): AlarmSpec => ({
    id: `${c.id}-incoming-stopped${groups.length === 1 ? '' : `-${g + 1}`}`,
    site,
    cloud: 'aws',
    subject: { kind: 'cluster', id: c.id },
    title: `no bytes in for ${formatSeconds(INCOMING_SILENCE_SECONDS)}`,
    severity: producers ? 'page' : 'ticket',
    guards: ['availability', 'data-loss'],
    metric: {
      kind: 'cloudwatch',
      metrics: group.map((t, i) => ({
        id: `t${i}`,
        namespace: AWS_KAFKA_NAMESPACE,
        name: 'BytesInPerSec',
        dimensions: { 'Cluster Name': name, Topic: t },
        stat: 'Sum' as const,
      })),
      expression: `SUM([${group.map((_, i) => `t${i}`).join(',')}])`,
      unit: 'bytes/s',
    },
    comparison: 'at-or-below',
    threshold: 0,
    periodSeconds: 60,
    evaluationPeriods: INCOMING_SILENCE_SECONDS / 60,
    missingData: 'breaching',
    why: `nothing was written for ${formatSeconds(INCOMING_SILENCE_SECONDS)}: writes are failing or the producers stopped`,
    runbook: `check the MSK Serverless cluster ${c.id} in the console and AWS Health; check producers' IAM permissions and the VPC path.`,
    panel: 'throughput',
  }));
}

export const MSK_SERVERLESS_ALARMS: KindAlarms = {
  cluster: mskServerlessAlarms,
  replicationLag: undefined,
  siteHeartbeats: undefined,
  edgeArrivals: undefined,
};
