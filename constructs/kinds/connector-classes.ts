import type { ConnectorTypeSupport } from './kind';

/**
 * Connector classes as their vendors publish them, shared by the runtimes that load
 * them from a declared plugin (MSK Connect, Strimzi). Exactly-once is answered per
 * runtime in each kind's connectors.ts; here it is the connector's own answer.
 */
export const CONNECTOR_CLASSES = {
  /** @see https://docs.confluent.io/kafka-connectors/s3-sink/current/overview.html (MSK Connect's S3 example uses it: https://docs.aws.amazon.com/msk/latest/developerguide/mkc-S3sink-connector-example.html) */
  s3Sink: {
    class: 'io.confluent.connect.s3.S3SinkConnector',
    source: 'https://docs.confluent.io/kafka-connectors/s3-sink/current/overview.html',
  },
  /** @see https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka (GCS sink, Google's built-in Cloud Storage Sink) */
  gcsSink: {
    class: 'io.aiven.kafka.connect.gcs.GcsSinkConnector',
    source: 'https://docs.cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-cloud-storage-connector',
  },
  /** @see https://docs.confluent.io/kafka-connectors/azure-blob-storage-sink/current/overview.html */
  azureStorageSink: {
    class: 'io.confluent.connect.azure.blob.AzureBlobStorageSinkConnector',
    source: 'https://docs.confluent.io/kafka-connectors/azure-blob-storage-sink/current/overview.html',
  },
  /** @see https://docs.cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-bq-connector */
  bigQuerySink: {
    class: 'com.wepay.kafka.connect.bigquery.BigQuerySinkConnector',
    source: 'https://docs.cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-bq-connector',
  },
  /** @see https://github.com/Aiven-Open/http-connector-for-apache-kafka */
  httpSink: {
    class: 'io.aiven.kafka.connect.http.HttpSinkConnector',
    source: 'https://github.com/Aiven-Open/http-connector-for-apache-kafka',
  },
  /** @see https://docs.confluent.io/kafka-connectors/jdbc/current/source-connector/overview.html */
  jdbcSource: {
    class: 'io.confluent.connect.jdbc.JdbcSourceConnector',
    source: 'https://docs.confluent.io/kafka-connectors/jdbc/current/source-connector/overview.html',
  },
  /** @see https://debezium.io/documentation/reference/stable/connectors/postgresql.html (MSK Connect example: https://docs.aws.amazon.com/msk/latest/developerguide/mkc-debeziumsource-connector-example.html) */
  debeziumPostgres: {
    class: 'io.debezium.connector.postgresql.PostgresConnector',
    source: 'https://debezium.io/documentation/reference/stable/connectors/postgresql.html',
  },
  /** @see https://debezium.io/documentation/reference/stable/connectors/mysql.html */
  debeziumMysql: {
    class: 'io.debezium.connector.mysql.MySqlConnector',
    source: 'https://debezium.io/documentation/reference/stable/connectors/mysql.html',
  },
  /** Lenses Stream Reactor (Apache 2.0). @see https://docs.lenses.io/latest/connectors/kafka-connectors/sources/mqtt */
  mqttSource: {
    class: 'io.lenses.streamreactor.connect.mqtt.source.MqttSourceConnector',
    source: 'https://docs.lenses.io/latest/connectors/kafka-connectors/sources/mqtt',
  },
} as const;

/** A class at-least-once on a runtime. */
export function atLeastOnce(c: { readonly class: string; readonly source: string }): ConnectorTypeSupport {
  return { class: c.class, exactlyOnce: false, source: c.source };
}

/**
 * Exactly-once for a source connector: Kafka Connect 3.3+ with exactly.once.source.support
 * on the workers (KIP-618) and a connector that declares it (Debezium 2.5+ does).
 * @see https://kafka.apache.org/documentation/#connect_exactlyoncesource
 * @see https://debezium.io/documentation/reference/stable/configuration/eos.html
 */
export function exactlyOnceSource(c: { readonly class: string; readonly source: string }): ConnectorTypeSupport {
  return {
    class: c.class,
    exactlyOnce: true,
    source: `${c.source}; https://debezium.io/documentation/reference/stable/configuration/eos.html`,
  };
}
