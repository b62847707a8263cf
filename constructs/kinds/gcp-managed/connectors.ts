import { atLeastOnce, CONNECTOR_CLASSES as C } from '../connector-classes';
import type { ConnectorSupport } from '../kind';
import { gcpBytesIn } from './alarms';

/**
 * Google Managed Kafka Connect beside a Managed Kafka cluster: only Google's built-in
 * plugins (BigQuery Sink, Cloud Storage Sink, PostgreSQL source, Pub/Sub, MirrorMaker
 * 2), patched by Google, so no plugin is declared and no custom class runs. Google
 * documents no exactly-once mode for them.
 * @see https://docs.cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/connectors-overview
 * @see https://registry.terraform.io/providers/hashicorp/google-beta/latest/docs/resources/managed_kafka_connector
 */
export const MANAGED_KAFKA_CONNECTORS: ConnectorSupport = {
  runtime: 'managed-kafka-connect',
  label: 'Managed Kafka Connect',
  plugins: 'built-in',
  types: {
    'gcs-sink': atLeastOnce(C.gcsSink),
    'bigquery-sink': atLeastOnce(C.bigQuerySink),
    'debezium-postgres-source': atLeastOnce({
      class: C.debeziumPostgres.class,
      source:
        'https://docs.cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-generic-postgres-source-connector',
    }),
  },
  alternative:
    'Managed Kafka Connect runs Google\u2019s built-in plugins only; for other systems run Strimzi KafkaConnect on GKE against the cluster, or land the data in Cloud Storage or BigQuery first.',
  // Dead letters arriving are bytes written to the dead-letter topic (byte_in_count by cluster_id and topic_id,
  // as the cluster's own alarms read it). Google's metrics list names no metric type of a Connect cluster or
  // connector this version could cite (connector state, tasks), nor the labels of the consumer groups' offset
  // lag: those stay with the runbook (README, Connectors).
  metrics: (env, cluster, c) => (cluster && c.deadLetterTopic ? { 'dlq-growth': gcpBytesIn(env, cluster, c.deadLetterTopic) } : {}),
};
