import { atLeastOnce, CONNECTOR_CLASSES as C, exactlyOnceSource } from '../connector-classes';
import type { ConnectorSupport } from '../kind';

/**
 * Strimzi KafkaConnect with KafkaConnector resources at an edge site: the operator
 * builds the Connect image from declared plugin artifacts, each checked against its
 * SHA-512 (spec.build.plugins[].artifacts[].sha512sum), so any class runs. Source
 * connectors that declare exactly-once (Debezium 2.5+) get it from the workers
 * (exactly.once.source.support, Kafka 3.3+); sinks here are at-least-once.
 * @see https://strimzi.io/docs/operators/latest/deploying#creating-new-image-using-kafka-connect-build-str
 * @see strimzi-kafka-operator packaging/install/cluster-operator/041-Crd-kafkaconnect.yaml, 047-Crd-kafkaconnector.yaml
 */
export const STRIMZI_CONNECTORS: ConnectorSupport = {
  runtime: 'strimzi-connect',
  label: 'Strimzi KafkaConnect',
  plugins: 'declared',
  types: {
    's3-sink': atLeastOnce(C.s3Sink),
    'gcs-sink': atLeastOnce(C.gcsSink),
    'azure-storage-sink': atLeastOnce(C.azureStorageSink),
    'http-sink': atLeastOnce(C.httpSink),
    'jdbc-source': atLeastOnce(C.jdbcSource),
    'debezium-postgres-source': exactlyOnceSource(C.debeziumPostgres),
    'debezium-mysql-source': exactlyOnceSource(C.debeziumMysql),
    'mqtt-source': atLeastOnce(C.mqttSource),
    custom: {
      class: undefined,
      exactlyOnce: false,
      source: 'https://strimzi.io/docs/operators/latest/deploying#con-kafka-connect-multiple-instances-str',
    },
  },
  alternative: 'Strimzi runs any plugin you declare: use type custom with its class, direction and plugin.',
  metrics: undefined,
};
