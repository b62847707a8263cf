import { atLeastOnce, CONNECTOR_CLASSES as C } from '../connector-classes';
import { MAX_METRICS_PER_ALARM, type AlarmMetric } from '../../analysis/alarm-spec';
import type { ConnectorSupport } from '../kind';
import { AWS_KAFKA_NAMESPACE, mskClusterName, mskTopicBytesIn } from './alarms';

/**
 * MSK Connect beside an MSK cluster: custom plugins from S3, so every known type and a
 * custom class run from a declared plugin. AWS documents no exactly-once mode for MSK
 * Connect (its worker configuration page lists no exactly.once.source.support), so every
 * type is at-least-once here.
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-supported-worker-config-properties.html
 */
export const MSK_CONNECTORS: ConnectorSupport = {
  runtime: 'msk-connect',
  label: 'MSK Connect',
  plugins: 'declared',
  types: {
    's3-sink': atLeastOnce(C.s3Sink),
    'http-sink': atLeastOnce(C.httpSink),
    'jdbc-source': atLeastOnce(C.jdbcSource),
    'debezium-postgres-source': atLeastOnce(C.debeziumPostgres),
    'debezium-mysql-source': atLeastOnce(C.debeziumMysql),
    'mqtt-source': atLeastOnce(C.mqttSource),
    custom: {
      class: undefined,
      exactlyOnce: false,
      source: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-plugins.html',
    },
  },
  alternative: 'MSK Connect runs any plugin you declare: use type custom with its class, direction and plugin.',
  metrics: (env, cluster, c) => mskConnectorMetrics(env, cluster, c),
};

/**
 * MSK Connect publishes its connector metrics in AWS/KafkaConnect by ConnectorName
 * (RunningTaskCount, ErroredTaskCount); a sink's lag is MSK's own consumer-lag metric
 * EstimatedMaxTimeLag by Consumer Group, Topic and Cluster Name (DEFAULT level), and
 * dead letters arriving are BytesInPerSec on the dead-letter topic per broker
 * (PER_TOPIC_PER_BROKER, which the product's clusters enable).
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/mkc-monitoring-overview.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html
 */
export const MSK_CONNECT_NAMESPACE = 'AWS/KafkaConnect';

export const mskConnectorMetrics: NonNullable<Extract<ConnectorSupport, { runtime: string }>['metrics']> = (env, cluster, c) => {
  const name = cluster ? mskClusterName(env.name, cluster.sites[0], cluster.id) : '';
  const byConnector = (metric: string): AlarmMetric => ({
    kind: 'cloudwatch',
    metrics: [{ id: 'm1', namespace: MSK_CONNECT_NAMESPACE, name: metric, dimensions: { ConnectorName: c.name }, stat: 'Maximum' }],
    unit: 'tasks',
  });
  const group = c.consumerGroup;
  const lagMetrics = group
    ? c.topics.slice(0, MAX_METRICS_PER_ALARM).map((t, i) => ({
        id: `l${i + 1}`,
        namespace: AWS_KAFKA_NAMESPACE,
        name: 'EstimatedMaxTimeLag',
        dimensions: { 'Consumer Group': group, Topic: t, 'Cluster Name': name },
        stat: 'Maximum' as const,
      }))
    : [];
  return {
    state: byConnector('RunningTaskCount'),
    'task-failures': byConnector('ErroredTaskCount'),
    ...(c.deadLetterTopic && cluster ? { 'dlq-growth': mskTopicBytesIn(env, cluster, c.deadLetterTopic) } : {}),
    ...(lagMetrics.length > 0
      ? {
          lag: {
            kind: 'cloudwatch' as const,
            metrics: lagMetrics,
            ...(lagMetrics.length > 1 ? { expression: `MAX([${lagMetrics.map((m) => m.id).join(',')}])` } : {}),
            unit: 'seconds',
          },
        }
      : {}),
  };
};
