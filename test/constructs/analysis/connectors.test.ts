import { CONNECTOR_TYPES, connectorProperties, mysqlServerId, parseSystem } from '../../../constructs/analysis/connectors';
import { planEstate } from '../../../constructs/analysis/plan';
import { BUILT_IN_KINDS } from '../../../constructs/kinds/registry';
import { ConnectorType } from '../../../constructs/model/schema';
import { fleetEnv } from '../edge/fixtures';
import { ENVIRONMENT_CHECKS } from '../../../constructs/analysis/validate';
import { parseEnvironmentText } from '../../../constructs/model/environment-file';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'fs';
import { join } from 'path';
import { baseEnv } from '../../helpers';

/** The environment checks of analysis (what a connector declaration must pass before any runtime builds it). */
function problemsOf(data: unknown) {
  return parseEnvironmentText(stringify(data), 'test.yaml', ENVIRONMENT_CHECKS).problems;
}

function envOf(data: unknown) {
  const r = parseEnvironmentText(stringify(data), 'test.yaml', ENVIRONMENT_CHECKS);
  if (!r.env) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.env;
}

const SHA = 'a'.repeat(128);

/** baseEnv (MSK cluster main, topic orders) with an archive topic, a dead-letter topic and one S3 sink. */
function sinkEnv(connector: Record<string, unknown> = {}): Record<string, any> {
  const env = baseEnv();
  env.topics.push({ name: 'orders.dlq', cluster: 'main', partitions: 3 });
  env.connectors = [
    {
      id: 'orders-archive',
      cluster: 'main',
      type: 's3-sink',
      topics: ['orders'],
      system: 's3://orders-archive/raw/',
      errors: { tolerance: 'all', deadLetterTopic: 'orders.dlq' },
      plugin: { location: 's3://plugins-fra/confluent-s3-sink.zip', sha512: SHA },
      ...connector,
    },
  ];
  return env;
}

function errorsAt(data: unknown, path: string) {
  return problemsOf(data).filter((p) => p.severity !== 'warning' && p.path === path);
}

describe('connector declarations', () => {
  it('accepts an S3 sink on MSK with a dead-letter topic and a plugin', () => {
    expect(problemsOf(sinkEnv()).filter((p) => p.severity !== 'warning')).toEqual([]);
  });

  it('refuses a type the platform does not run, naming the types it does and the alternative', () => {
    const p = errorsAt(sinkEnv({ type: 'bigquery-sink', system: 'bigquery://proj/ds' }), 'connectors[0].type');
    expect(p).toHaveLength(1);
    expect(p[0].message).toMatch(/"bigquery-sink" does not run on MSK Connect/);
    expect(p[0].fix).toMatch(/s3-sink/);
  });

  it('refuses a sink to Azure storage anywhere but Event Hubs Capture or Strimzi, and other sinks on Event Hubs', () => {
    const env = baseEnv();
    env.sites = [{ id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.60.0.0/16' }];
    env.accounts = { azure: { subscriptionId: '00000000-0000-4000-8000-000000000000', deployerCidrs: ['203.0.113.0/28'] } };
    env.clusters = [{ id: 'iiot', kind: 'event-hubs', sites: ['weu'] }];
    env.topics = [{ name: 'readings', cluster: 'iiot', partitions: 4 }];
    env.topicGroups = [];
    env.connectors = [{ id: 'readings-s3', cluster: 'iiot', type: 's3-sink', topics: ['readings'], system: 's3://x/y' }];
    const p = errorsAt(env, 'connectors[0].type');
    expect(p[0].message).toMatch(/does not run on Event Hubs Capture/);
    expect(p[0].fix).toMatch(/azure-storage-sink.*Strimzi on AKS/);
  });

  it('refuses exactly-once where the runtime cannot, and names where it can', () => {
    const p = errorsAt(sinkEnv({ delivery: 'exactly-once' }), 'connectors[0].delivery');
    expect(p[0].message).toMatch(/exactly-once delivery is not supported by s3-sink on MSK Connect/);
    expect(p[0].fix).toMatch(/at-least-once/);
  });

  it('accepts exactly-once for a Debezium source on Strimzi at an edge site', () => {
    const env = fleetEnv([{ id: 'oasis' }], { connectRegistry: 'registry.ships.internal:5000/kafka' });
    env.connectors = [
      {
        id: 'pos-cdc',
        edgeSite: 'oasis',
        type: 'debezium-postgres-source',
        topics: ['pos.journal'],
        system: 'postgresql://pos-db.ship.internal:5432/pos',
        credentials: { secret: 'pos-db-credentials' },
        delivery: 'exactly-once',
        plugin: { location: 'https://artifacts.example.com/debezium-postgres-3.1.2.tgz', sha512: SHA },
      },
    ];
    expect(problemsOf(env).filter((p) => p.severity !== 'warning')).toEqual([]);
  });

  it('refuses a connector at an edge site with no registry for its Connect image', () => {
    const env = fleetEnv();
    env.connectors = [
      {
        id: 'sales-archive',
        edgeSite: 'oasis',
        type: 's3-sink',
        topics: ['sales'],
        system: 's3://fleet-archive/sales/',
        plugin: { location: 'https://artifacts.example.com/s3-sink.tgz', sha512: SHA },
      },
    ];
    const p = errorsAt(env, 'connectors[0].edgeSite');
    expect(p[0].message).toMatch(/pushes it to a registry edge site oasis pulls from/);
    expect(p[0].fix).toMatch(/set connectRegistry .* on edgeFleets\[0\]\.sites\[0\]/);
  });

  it('refuses an edge sink whose backlog after the offline window would outlive the retention', () => {
    // 72h offline at 0.5 MB/s over 2 Mbit/s drains in 6 days; the 108h retention deletes records first.
    const env = fleetEnv([{ id: 'oasis', uplinkMbps: 2 }], { connectRegistry: 'registry.ships.internal:5000/kafka' });
    env.connectors = [
      {
        id: 'sales-archive',
        edgeSite: 'oasis',
        type: 's3-sink',
        topics: ['sales'],
        system: 's3://fleet-archive/sales/',
        plugin: { location: 'https://artifacts.example.com/s3-sink.tgz', sha512: SHA },
      },
    ];
    const p = errorsAt(env, 'connectors[0].edgeSite');
    expect(p.map((x) => x.message)).toEqual([expect.stringMatching(/needs .* more to drain its backlog .* the oldest would be deleted/)]);
    expect(p[0].fix).toMatch(/raise retention on edgeFleets\[0\]\.sites\[0\] to at least/);
  });

  it('refuses tolerated errors on a sink without a dead-letter topic', () => {
    const p = errorsAt(sinkEnv({ errors: { tolerance: 'all' } }), 'connectors[0].errors.deadLetterTopic');
    expect(p[0].message).toMatch(/no dead-letter topic/);
    expect(p[0].fix).toMatch(/errors.tolerance: none/);
  });

  it('accepts a sink that stops on bad records without a dead-letter topic', () => {
    expect(errorsAt(sinkEnv({ errors: { tolerance: 'none' } }), 'connectors[0].errors.deadLetterTopic')).toEqual([]);
  });

  it('refuses credentials given as values: in credentials, in config and in the URL', () => {
    const data = sinkEnv({
      type: 'debezium-postgres-source',
      system: 'postgresql://ledger:hunter2@db.internal:5432/ledger',
      topics: ['orders'],
      errors: undefined,
      credentials: { user: 'ledger', password: 'hunter2' },
      config: { 'database.password': 'hunter2', 'database.user': '${secretsmanager:ledger:username}' },
    });
    const p = problemsOf(data).filter((x) => x.severity !== 'warning');
    expect(p.map((x) => x.path)).toEqual(
      expect.arrayContaining([
        'connectors[0].credentials.user',
        'connectors[0].credentials.password',
        'connectors[0].config.database.password',
        'connectors[0].system',
      ]),
    );
    expect(p.find((x) => x.path === 'connectors[0].credentials.password')!.fix).toMatch(/credentials: \{ secret:/);
    // A placeholder the config provider resolves is a reference, not a value.
    expect(p.map((x) => x.path)).not.toContain('connectors[0].config.database.user');
  });

  it('refuses a topic that does not exist, and a dead-letter topic that does not', () => {
    const data = sinkEnv({ topics: ['order'], errors: { tolerance: 'all', deadLetterTopic: 'nope' } });
    const topic = errorsAt(data, 'connectors[0].topics[0]');
    expect(topic[0].message).toMatch(/unknown topic on cluster main "order"/);
    expect(topic[0].fix).toMatch(/did you mean "orders"/);
    expect(errorsAt(data, 'connectors[0].errors.deadLetterTopic')[0].message).toMatch(/"nope"/);
  });

  it('refuses a connector beside a cluster kind without a runtime, with the alternative', () => {
    const env = sinkEnv();
    env.clusters[0] = { id: 'main', kind: 'msk-serverless', sites: ['fra'] };
    const p = errorsAt(env, 'connectors[0].cluster');
    expect(p[0].message).toMatch(/no connector runtime/);
    expect(p[0].fix).toMatch(/provisioned msk/);
  });

  it('refuses a missing plugin on MSK Connect, and a plugin on a runtime with built-in connectors', () => {
    expect(errorsAt(sinkEnv({ plugin: undefined }), 'connectors[0].plugin')[0].fix).toMatch(/s3:\/\/<bucket>/);
    const p = errorsAt(sinkEnv({ plugin: { location: 'https://x.example.com/p.zip', sha512: SHA } }), 'connectors[0].plugin.location');
    expect(p[0].message).toMatch(/S3 only/);
  });

  it('refuses a system URL of the wrong kind, a custom connector without class or direction, and both homes', () => {
    expect(errorsAt(sinkEnv({ system: 'gs://bucket/x' }), 'connectors[0].system')[0].fix).toMatch(/s3:\/\//);
    const custom = errorsAt(sinkEnv({ type: 'custom' }), 'connectors[0].class');
    expect(custom[0].message).toMatch(/connector.class/);
    expect(errorsAt(sinkEnv({ type: 'custom', class: 'com.example.X' }), 'connectors[0].direction')).toHaveLength(1);
    expect(errorsAt(sinkEnv({ edgeSite: 'oasis' }), 'connectors[0]')[0].fix).toMatch(/not both/);
  });

  it('refuses a dead-letter topic on a source', () => {
    const p = errorsAt(
      sinkEnv({ type: 'jdbc-source', system: 'jdbc:postgresql://db:5432/x', errors: { tolerance: 'all', deadLetterTopic: 'orders.dlq' } }),
      'connectors[0].errors.deadLetterTopic',
    );
    expect(p[0].message).toMatch(/sink connectors only/);
  });

  /** A Debezium source on MSK writing orders, its database in the site's VPC. */
  const cdc = (over: Record<string, unknown> = {}) =>
    sinkEnv({
      id: 'orders-cdc',
      type: 'debezium-postgres-source',
      system: 'postgresql://orders-db.internal:5432/orders',
      systemCidrs: ['10.0.64.0/24'],
      credentials: { secret: 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:orders-db-AbCdEf' },
      errors: undefined,
      ...over,
    });

  it('accepts a CDC source on MSK Connect with its database ranges and its secret by ARN', () => {
    expect(problemsOf(cdc()).filter((p) => p.severity !== 'warning')).toEqual([]);
  });

  it('refuses a database source on MSK Connect without the database ranges, naming the site range as an example', () => {
    const p = errorsAt(cdc({ systemCidrs: undefined }), 'connectors[0].systemCidrs');
    expect(p[0].message).toMatch(/reach orders-db.internal:5432 only through an egress rule/);
    expect(p[0].fix).toMatch(/systemCidrs: \[<the database subnets>\], e.g. \[10.0.0.0\/16\]/);
  });

  it('refuses database ranges that open the workers to everything, and a URL without a port for a scheme without a default', () => {
    expect(errorsAt(cdc({ systemCidrs: ['0.0.0.0/0'] }), 'connectors[0].systemCidrs[0]')[0].fix).toMatch(/database subnets/);
    const jdbc = cdc({ type: 'jdbc-source', system: 'jdbc:postgresql://orders-db.internal/orders' });
    expect(errorsAt(jdbc, 'connectors[0].system')[0].fix).toMatch(/write the port in the URL/);
  });

  it('refuses database ranges on a runtime that builds no rule from them', () => {
    const env = fleetEnv([{ id: 'oasis' }], { connectRegistry: 'registry.ships.internal:5000/kafka' });
    env.connectors = [
      {
        id: 'pos-cdc',
        edgeSite: 'oasis',
        type: 'debezium-postgres-source',
        topics: [env.edgeFleets[0].topics[0].name],
        system: 'postgresql://pos-db.ship.internal:5432/pos',
        systemCidrs: ['10.9.0.0/24'],
        credentials: { secret: 'pos-db' },
        plugin: { location: 'https://artifacts.example.com/debezium-postgres-3.1.2.tgz', sha512: SHA },
      },
    ];
    expect(errorsAt(env, 'connectors[0].systemCidrs')[0].fix).toMatch(/remove systemCidrs/);
  });

  it('refuses a source writing a replicated copy, which its replication flow writes', () => {
    const env = cdc();
    env.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', role: 'dr', cidr: '10.1.0.0/16' });
    env.clusters.push({ id: 'dr', kind: 'msk', sites: ['par'], brokers: 3, instanceType: 'kafka.m5.large' });
    env.replication = [
      { id: 'main-to-dr', from: 'main', to: 'dr', mode: 'active-passive', topics: ['orders'], mirrorMakerPlugin: 's3://plugins/mm2.zip' },
    ];
    env.connectors[0].cluster = 'dr';
    env.connectors[0].credentials = { secret: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:orders-db-AbCdEf' };
    const p = errorsAt(env, 'connectors[0].topics[0]');
    expect(p.map((x) => x.message)).toEqual([expect.stringMatching(/"orders" on dr is a replicated copy/)]);
    expect(p[0].fix).toMatch(/declare a topic of its own on dr/);
  });
});

describe('connector tables', () => {
  it('every known type has facts, and every runtime that lists a type gives a class or is a service feature', () => {
    for (const t of ConnectorType.options.filter((x) => x !== 'custom'))
      expect(CONNECTOR_TYPES[t as keyof typeof CONNECTOR_TYPES]).toBeDefined();
    for (const model of Object.values(BUILT_IN_KINDS)) {
      const s = model.connectors;
      if (s.runtime === undefined) {
        expect(s.fix.length).toBeGreaterThan(10);
        continue;
      }
      for (const [type, support] of Object.entries(s.types)) {
        expect(support!.source).toMatch(/^https:\/\//);
        if (type !== 'custom' && s.runtime !== 'event-hubs-capture') expect(support!.class).toMatch(/^[a-z]+(\.[a-zA-Z0-9]+)+$/);
      }
    }
  });

  it('parses system URLs, JDBC ones included', () => {
    expect(parseSystem('jdbc:postgresql://db:5432/x')).toEqual({ scheme: 'jdbc', host: 'db:5432', path: '/x', userinfo: false });
    expect(parseSystem('s3://bucket/a/b')).toMatchObject({ scheme: 's3', host: 'bucket', path: '/a/b' });
    expect(parseSystem('not a url')).toBeUndefined();
    expect(parseSystem('abfss://raw@lake.dfs.core.windows.net/x')).toMatchObject({
      scheme: 'abfss',
      host: 'raw@lake.dfs.core.windows.net',
      userinfo: false,
    });
  });
});

describe('connector plan', () => {
  const plan = planEstate(envOf(sinkEnv()));
  const c = plan.connectors[0];

  it('puts the connector in its cluster site stack with its principal, group, alarms and runbook', () => {
    expect(c).toMatchObject({
      id: 'orders-archive',
      runtime: 'msk-connect',
      class: 'io.confluent.connect.s3.S3SinkConnector',
      direction: 'sink',
      stack: 'test-fra',
      principal: 'connect-test-orders-archive',
      consumerGroup: 'connect-test-orders-archive',
      delivery: 'at-least-once',
      system: { kind: 'object-store', host: 'orders-archive' },
    });
    expect(c.alarms.map((a) => a.what)).toEqual(['state', 'task-failures', 'dlq-growth', 'lag']);
    expect(plan.files.find((f) => f.path === c.runbook)?.content).toMatch(/# Connector orders-archive/);
  });

  it('takes the lag budget from the topic group (RTO when the RPO is 0)', () => {
    expect(c.lagBudgetSeconds).toBe(300);
    expect(c.lagBasis).toMatch(/RTO 5m of topic group orders/);
  });

  it('is a data path from its cluster to the system', () => {
    expect(plan.paths.find((p) => p.id === 'connector:orders-archive')).toMatchObject({
      kind: 'connector',
      from: { component: 'main' },
      to: { component: 'orders-archive' },
    });
  });

  it('expects an edge sink to lag through the offline window and its catch-up', () => {
    const env = fleetEnv([{ id: 'oasis' }], { connectRegistry: 'registry.ships.internal:5000/kafka' });
    env.connectors = [
      {
        id: 'sales-archive',
        edgeSite: 'oasis',
        type: 's3-sink',
        topics: ['sales'],
        system: 's3://fleet-archive/sales/',
        plugin: { location: 'https://artifacts.example.com/s3-sink.tgz', sha512: SHA },
      },
    ];
    const e = planEstate(envOf(env)).connectors[0];
    expect(e.runtime).toBe('strimzi-connect');
    expect(e.stack).toBe('test-ships');
    expect(e.internalTopics).toEqual(['connect-sales-archive-configs', 'connect-sales-archive-offsets', 'connect-sales-archive-status']);
    // 72h offline at 0.5 MB/s: 129,600 MB drained at 50 Mbit/s.
    expect(e.catchUp).toEqual({
      offlineWindowSeconds: 72 * 3600,
      backlogMB: 0.5 * 72 * 3600,
      seconds: Math.ceil((0.5 * 72 * 3600 * 8) / 50),
    });
    expect(e.lagBudgetSeconds).toBe(72 * 3600 + e.catchUp!.seconds! + 900);
  });
});

describe('what watches a connector in a cloud', () => {
  /** fleetEnv (an MSK hub, site oasis pushing sales up) with one MQTT source at the site. */
  function edgeSource(topic = 'sales'): Record<string, any> {
    const env = fleetEnv([{ id: 'oasis' }], { connectRegistry: 'registry.ships.internal:5000/kafka' });
    env.connectors = [
      {
        id: 'till-events',
        edgeSite: 'oasis',
        type: 'mqtt-source',
        topics: [topic],
        system: 'ssl://mqtt.oasis.internal:8883/tills/#',
        plugin: { location: 'https://artifacts.example.com/mqtt.tgz', sha512: SHA },
      },
    ];
    return env;
  }

  it('watches an edge source by its topic reaching the hub while its site is heard from, paging from the hub site', () => {
    const env = envOf(edgeSource());
    const c = planEstate(env).connectors[0];
    expect(c.watch.alarms).toHaveLength(1);
    const [a] = c.watch.alarms;
    expect(a).toMatchObject({
      id: 'till-events-silent',
      site: 'fra',
      cloud: 'aws',
      subject: { kind: 'connector', id: 'till-events' },
      severity: 'page',
      comparison: 'at-or-below',
      threshold: 0,
      periodSeconds: 300,
      evaluationPeriods: 3,
      // A site offline as declared has no datapoints: never a page for a normal offline window.
      missingData: 'not-breaching',
      runbook: 'runbooks/test/connector-till-events.md',
    });
    if (a.metric.kind !== 'cloudwatch') throw new Error('expected a CloudWatch metric');
    expect(a.metric.expression).toBe('IF(SUM([g1,g2,g3]) > 0, SUM(FILL([t1,t2,t3], 0)), 1)');
    expect(a.metric.metrics.filter((m) => m.id.startsWith('g')).map((m) => m.dimensions.Topic)).toEqual(
      Array(3).fill('oasis.checkpoints.internal'),
    );
    expect(a.metric.metrics.filter((m) => m.id.startsWith('t')).map((m) => m.dimensions.Topic)).toEqual(Array(3).fill('oasis.sales'));
    expect(c.watch.manual).toEqual([expect.stringMatching(/^KafkaConnector till-events status/)]);
    // Planned with the estate's alarms, so the hub site renders it and the review lists it.
    expect(planEstate(env).alarms.alarms.map((x) => x.id)).toContain('till-events-silent');
  });

  it('has no cloud alarm for a source writing a topic that stays at the site, and says so', () => {
    const c = planEstate(envOf(edgeSource('pos.journal'))).connectors[0];
    expect(c.watch.alarms).toEqual([]);
    expect(c.watch.manual).toContain('pos.journal stays at the site (not pushed up), so no hub sees it arrive');
  });

  it('shares the site silence alarms when the hub cannot gate a topic on its site', () => {
    const alarms = BUILT_IN_KINDS.msk.alarms as { edgeTopicWhileConnected?: unknown };
    const saved = alarms.edgeTopicWhileConnected;
    delete alarms.edgeTopicWhileConnected;
    try {
      const c = planEstate(envOf(edgeSource())).connectors[0];
      expect(c.watch.alarms).toEqual([]);
      expect(c.watch.shared).toEqual(['oasis-silent-ticket', 'oasis-silent-page']);
    } finally {
      alarms.edgeTopicWhileConnected = saved;
    }
  });

  /** retail (a Managed Kafka hub) with its Cloud Storage sink tolerating errors into a dead-letter topic. */
  function retailWithDeadLetters(): Record<string, any> {
    const env = parse(readFileSync(join(__dirname, '../../../environments/retail.yaml'), 'utf8'));
    env.topics.push({ name: 'inventory-global.dlq', cluster: 'hub', partitions: 3 });
    env.connectors[0].errors = { tolerance: 'all', deadLetterTopic: 'inventory-global.dlq' };
    return env;
  }

  it('alarms on dead letters of a Managed Kafka Connect sink by the bytes into its dead-letter topic', () => {
    const c = planEstate(envOf(retailWithDeadLetters())).connectors[0];
    expect(c.watch.alarms).toEqual([
      expect.objectContaining({
        id: 'inventory-lake-dlq-growth',
        site: 'hub',
        cloud: 'gcp',
        severity: 'ticket',
        comparison: 'above',
        threshold: 0,
        evaluationPeriods: 1,
        metric: expect.objectContaining({
          kind: 'cloud-monitoring',
          filter:
            'metric.type="managedkafka.googleapis.com/byte_in_count" AND resource.labels.cluster_id="retail-hub-hub" AND resource.labels.topic_id="inventory-global.dlq"',
        }),
      }),
    ]);
    // What Google publishes under no name this version can cite stays with the runbook, each with why.
    expect(c.watch.manual).toEqual([
      expect.stringMatching(
        /^connector state: .*gcloud managed-kafka connectors describe retail-inventory-lake --connect-cluster=retail-inventory-lake/,
      ),
      expect.stringMatching(/^failed tasks: /),
      expect.stringMatching(/^lag of group connect-retail-inventory-lake: /),
    ]);
  });

  it('has no dead-letter alarm for a Managed Kafka Connect sink that stops on bad records', () => {
    const env = retailWithDeadLetters();
    delete env.connectors[0].errors;
    const c = planEstate(envOf(env)).connectors[0];
    expect(c.watch.alarms).toEqual([]);
    expect(c.watch.manual).toHaveLength(3);
  });

  /** fleetEnv with an S3 sink at site oasis archiving a topic (sales is pushed up; pos.journal stays). */
  function edgeSink(topic = 'sales', region?: string): Record<string, any> {
    const env = fleetEnv([{ id: 'oasis' }], { connectRegistry: 'registry.ships.internal:5000/kafka' });
    env.connectors = [
      {
        id: 'sales-archive',
        edgeSite: 'oasis',
        type: 's3-sink',
        topics: [topic],
        system: 's3://fleet-archive/sales/',
        ...(region ? { config: { 's3.region': region } } : {}),
        plugin: { location: 'https://artifacts.example.com/s3-sink.tgz', sha512: SHA },
      },
    ];
    return env;
  }

  it('watches an edge S3 sink by objects written under its prefix while its topic reaches the hub: a ticket, never a page', () => {
    const c = planEstate(envOf(edgeSink('sales', 'eu-central-1'))).connectors[0];
    expect(c.watch.requestMetrics).toEqual([{ site: 'fra', bucket: 'fleet-archive', filterId: 'test-sales-archive', prefix: 'sales/' }]);
    expect(c.watch.alarms).toHaveLength(1);
    const [a] = c.watch.alarms;
    expect(a).toMatchObject({
      id: 'sales-archive-not-writing',
      site: 'fra',
      cloud: 'aws',
      severity: 'ticket',
      comparison: 'at-or-below',
      threshold: 0,
      periodSeconds: 900,
      evaluationPeriods: 2,
      missingData: 'not-breaching',
    });
    if (a.metric.kind !== 'cloudwatch') throw new Error('expected a CloudWatch metric');
    expect(a.metric.expression).toBe('IF(SUM([g1,g2,g3]) > 0, SUM(FILL([w1,w2], 0)), 1)');
    expect(a.metric.metrics.filter((m) => m.id.startsWith('g')).map((m) => m.dimensions.Topic)).toEqual(Array(3).fill('oasis.sales'));
    expect(a.metric.metrics.filter((m) => m.id.startsWith('w'))).toEqual([
      expect.objectContaining({
        namespace: 'AWS/S3',
        name: 'PutRequests',
        dimensions: { BucketName: 'fleet-archive', FilterId: 'test-sales-archive' },
      }),
      expect.objectContaining({
        namespace: 'AWS/S3',
        name: 'PostRequests',
        dimensions: { BucketName: 'fleet-archive', FilterId: 'test-sales-archive' },
      }),
    ]);
    // The sink commits on a schedule at the site, so a quiet stretch of records is not a stalled archive.
    expect(connectorProperties(c)).toMatchObject({ 'topics.dir': 'sales', 'rotate.schedule.interval.ms': '600000', timezone: 'UTC' });
  });

  it('leaves an edge sink to its site when its bucket is not in the hub region, or its topic never reaches the hub', () => {
    for (const env of [edgeSink('sales'), edgeSink('sales', 'eu-west-1'), edgeSink('pos.journal', 'eu-central-1')]) {
      const c = planEstate(envOf(env)).connectors[0];
      expect(c.watch.alarms).toEqual([]);
      expect(c.watch.requestMetrics).toEqual([]);
      expect(c.watch.manual.join('\n')).toMatch(/consumer group connect-sales-archive/);
    }
    expect(planEstate(envOf(edgeSink('sales', 'eu-west-1'))).connectors[0].watch.manual.join('\n')).toMatch(
      /eu-west-1 is not the region of the hub \(eu-central-1\)/,
    );
  });

  it('commits an S3 sink on a schedule only at an edge site', () => {
    expect(connectorProperties(planEstate(envOf(sinkEnv())).connectors[0])).not.toHaveProperty('rotate.schedule.interval.ms');
  });
});

describe('Debezium MySQL replica ids', () => {
  const mysql = (id: string) => ({
    id,
    cluster: 'main',
    type: 'debezium-mysql-source',
    topics: ['orders'],
    system: `mysql://${id}.db.internal:3306/shop`,
    systemCidrs: ['10.9.0.0/24'],
    credentials: { secret: `arn:aws:secretsmanager:eu-central-1:111122223333:secret:${id}-AbCdEf` },
    plugin: { location: 's3://plugins-fra/debezium-mysql.zip', sha512: SHA },
  });
  const serverIds = (ids: string[]) => {
    const env = baseEnv();
    env.connectors = ids.map(mysql);
    return Object.fromEntries(planEstate(envOf(env)).connectors.map((c) => [c.id, connectorProperties(c)['database.server.id']]));
  };

  it('keeps each connector its replica id when the file lists them in another order', () => {
    const first = serverIds(['orders-cdc', 'stock-cdc']);
    expect(serverIds(['stock-cdc', 'orders-cdc'])).toEqual(first);
    expect(first['orders-cdc']).not.toBe(first['stock-cdc']);
    expect(first['orders-cdc']).toBe(mysqlServerId('orders-cdc'));
  });

  it('stays inside MySQL server_id range, above the ids operators give their own replicas', () => {
    for (const id of ['a', 'orders-cdc', 'x'.repeat(60)]) {
      const n = Number(mysqlServerId(id));
      expect(n).toBeGreaterThanOrEqual(5400);
      expect(n).toBeLessThanOrEqual(0xffffffff);
    }
  });
});
