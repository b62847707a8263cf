import { atLeastOnce, CONNECTOR_CLASSES as C } from '../connector-classes';
import type { ConnectorSupport } from '../kind';

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
};
