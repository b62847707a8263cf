import { createHash } from 'crypto';
import type { ConnectorRuntime, ConnectorSupport, ConnectorTypeSupport } from '../kinds/kind';
import { BUILT_IN_KINDS, kindModel } from '../kinds/registry';
import { durationSeconds, formatSeconds } from '../model/duration';
import { stackId } from '../model/naming';
import { nearest, type EnvironmentCheck, type Problem } from '../model/problems';
import type { Connector, ConnectorTypeName, Environment } from '../model/schema';
import { checkpointsTopic, edgeSitePlans, type EdgeSitePlan } from './edge';
import { replicationFlows } from './replication-link';
import type { AlarmPlan, AlarmSpec } from './alarm-spec';
import { s3Writes, type BucketRequestMetrics } from './s3-request-metrics';

/** What a connector talks to, by the scheme of its system URL. */
export type ExternalSystem = 'object-store' | 'warehouse' | 'database' | 'broker' | 'api';

/** A known type: its direction and the systems (URL schemes) it talks to. */
interface TypeFacts {
  readonly direction: 'source' | 'sink';
  readonly schemes: readonly string[];
  readonly system: ExternalSystem;
  readonly example: string;
}

/**
 * Direction and system of each known type. Schemes follow each connector's own
 * addressing: s3://bucket (S3 sink s3.bucket.name), gs:// (gcs.bucket.name), abfss:// (ADLS
 * Gen2), bigquery://project/dataset, JDBC and database URLs, ssl:// or tcp:// MQTT brokers
 * (Paho URIs), https endpoints.
 */
export const CONNECTOR_TYPES: Readonly<Record<Exclude<ConnectorTypeName, 'custom'>, TypeFacts>> = {
  's3-sink': { direction: 'sink', schemes: ['s3'], system: 'object-store', example: 's3://archive-bucket/topics/' },
  'gcs-sink': { direction: 'sink', schemes: ['gs'], system: 'object-store', example: 'gs://archive-bucket/topics/' },
  'azure-storage-sink': {
    direction: 'sink',
    schemes: ['abfss', 'https'],
    system: 'object-store',
    example: 'abfss://capture@datalake.dfs.core.windows.net/telemetry',
  },
  'bigquery-sink': { direction: 'sink', schemes: ['bigquery'], system: 'warehouse', example: 'bigquery://my-project/inventory' },
  'http-sink': { direction: 'sink', schemes: ['https'], system: 'api', example: 'https://api.example.com/v1/events' },
  'jdbc-source': { direction: 'source', schemes: ['jdbc'], system: 'database', example: 'jdbc:postgresql://db.internal:5432/ledger' },
  'debezium-postgres-source': {
    direction: 'source',
    schemes: ['postgresql'],
    system: 'database',
    example: 'postgresql://ledger-db.internal:5432/ledger',
  },
  'debezium-mysql-source': {
    direction: 'source',
    schemes: ['mysql'],
    system: 'database',
    example: 'mysql://orders-db.internal:3306/orders',
  },
  'mqtt-source': { direction: 'source', schemes: ['ssl', 'tcp', 'mqtts'], system: 'broker', example: 'ssl://mqtt.plant.internal:8883' },
};

/** Where a connector runs: beside a declared cluster, or beside an edge site's own cluster. */
export interface ConnectorHome {
  readonly runtime: ConnectorRuntime;
  readonly runtimeLabel: string;
  readonly support: ConnectorTypeSupport;
  /** Plugins come from the file (MSK Connect, Strimzi) or with the runtime. */
  readonly plugins: 'declared' | 'built-in';
  /** Site the connector's workers run in (its cluster's first site, or the edge site). */
  readonly site: string;
  /** The cluster id, or the edge site id (its own cluster). */
  readonly cluster: string;
  readonly edge?: EdgeSitePlan;
}

/** A connector as the plan decides it: runtime, flows, identity, alarms and runbook. */
export interface ConnectorPlan {
  readonly id: string;
  /** Index in connectors[], for paths in messages. */
  readonly index: number;
  readonly runtime: ConnectorRuntime;
  readonly runtimeLabel: string;
  readonly type: ConnectorTypeName;
  /** connector.class; undefined for a service feature (Event Hubs Capture). */
  readonly class: string | undefined;
  readonly direction: 'source' | 'sink';
  readonly cluster: string;
  /** The edge site and its fleet, when the connector runs at one. */
  readonly edgeSite?: string;
  readonly fleet?: string;
  readonly site: string;
  /** Stack holding its resources (an edge site's bundle: the fleet stack for pulled bundles). */
  readonly stack: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic?: string;
  readonly errorTolerance: 'none' | 'all';
  readonly delivery: 'at-least-once' | 'exactly-once';
  readonly tasks: number;
  readonly system: {
    readonly url: string;
    readonly scheme: string;
    readonly host: string;
    readonly path: string;
    readonly kind: ExternalSystem;
    /** Port the workers dial: the URL's, else the database's default. */
    readonly port?: number;
    /** Address ranges of the system (systemCidrs): the workers' egress rule goes there only. */
    readonly cidrs?: readonly string[];
  };
  /** Reference of the secret holding the system's credentials; undefined = the runtime's identity. */
  readonly secret?: string;
  readonly plugin?: { readonly location: string; readonly sha512: string };
  /** The file's own connector properties, applied after the type's. */
  readonly config?: Readonly<Record<string, string>>;
  /** Who the connector is on Kafka and in the cloud: role, service agent, managed identity or KafkaUser name. */
  readonly principal: string;
  /** Consumer group of a sink (Kafka Connect names it connect-<connector name>). */
  readonly consumerGroup?: string;
  /** Topics the Connect workers keep their state in (Strimzi); the managed runtimes keep theirs out of sight. */
  readonly internalTopics: readonly string[];
  /**
   * Lag a sink may build before it pages: the tightest RPO (else RTO) of its topics'
   * groups, else 15 minutes; at an edge site the offline window plus its catch-up is
   * expected first.
   */
  readonly lagBudgetSeconds?: number;
  readonly lagBasis?: string;
  /** An edge sink after its longest offline window: what waits and how long it takes to drain. */
  readonly catchUp?: { readonly offlineWindowSeconds: number; readonly backlogMB: number; readonly seconds?: number };
  readonly alarms: readonly ConnectorAlarm[];
  /** What watches it in a cloud, what it shares and what only its runbook watches. */
  readonly watch: ConnectorWatch;
  readonly runbook: string;
}

/**
 * Who sees a connector fail: its own cloud alarms (planned with the estate's alarms and
 * rendered in their site, notifying that site's alert topics or channels), alarms of the
 * plan it shares (an edge source's topic inside its site's silence at the hub), and the
 * signals no cloud alarm reads, each with why, which its runbook watches instead.
 */
export interface ConnectorWatch {
  readonly alarms: readonly AlarmSpec[];
  /** Ids of other planned alarms that also see it stop. */
  readonly shared: readonly string[];
  readonly manual: readonly string[];
  /** Bucket metrics configurations its alarms read, built in the alarm's site. */
  readonly requestMetrics: readonly BucketRequestMetrics[];
}

/**
 * An alarm of a connector, independent of the runtime's metric names (the rendering
 * picks those): state (not running), task failures, dead-letter growth, lag.
 */
export interface ConnectorAlarm {
  readonly what: 'state' | 'task-failures' | 'dlq-growth' | 'lag';
  /** It fires above the threshold, or below it (state: fewer tasks running than one). */
  readonly comparison: 'above' | 'below';
  readonly threshold: number;
  readonly unit: 'tasks' | 'records' | 'seconds';
  readonly severity: 'page' | 'ticket';
  readonly why: string;
}

/** Ports of the database schemes when the URL names none (PostgreSQL and MySQL defaults). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { postgresql: 5432, mysql: 3306 };

/** The port a connector dials on its system: the URL's, else its scheme's default. */
export function systemPort(host: string, scheme: string): number | undefined {
  const m = /:(\d{1,5})$/.exec(host);
  return m ? Number(m[1]) : DEFAULT_PORTS[scheme];
}

/**
 * The stack of a connector beside a cluster. An MSK Connect source writes declared
 * topics, which the site's topics stack creates over the Kafka admin API after the site
 * stack: the source goes into `<env>-<site>-connectors`, applied after both, and finds
 * the cluster and network by their planned names. Sinks stay in the site stack (a sink
 * waits for its topics; moving one would move its state).
 */
export function connectorStack(env: string, site: string, runtime: ConnectorRuntime, direction: 'source' | 'sink'): string {
  return runtime === 'msk-connect' && direction === 'source' ? stackId(env, site, 'connectors') : stackId(env, site);
}

/** Lag budget of a sink without a topic objective. */
export const DEFAULT_CONNECTOR_LAG_SECONDS = 15 * 60;

function problem(path: string, message: string, fix: string): Problem {
  return { file: '', path, message, fix, severity: 'error' };
}

/** The type's own facts, or the custom connector's declared direction. */
export function connectorDirection(c: Connector): 'source' | 'sink' | undefined {
  return c.type === 'custom' ? c.direction : CONNECTOR_TYPES[c.type].direction;
}

/** Parses the system URL loosely (jdbc:postgresql://h/db, bigquery://p/d, s3://b/k). */
export function parseSystem(url: string): { scheme: string; host: string; path: string; userinfo: boolean } | undefined {
  const m = /^(jdbc:[a-z0-9]+|[a-z][a-z0-9+.-]*):\/\/(?:([^@/\s]*)@)?([^/\s?#]+)([^\s]*)$/i.exec(url);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase().startsWith('jdbc:') ? 'jdbc' : m[1].toLowerCase();
  // In an ADLS Gen2 URL the part before the @ is the container (file system), not a user.
  const container = scheme === 'abfss' && m[2] !== undefined;
  return {
    scheme,
    host: container ? `${m[2]}@${m[3]}` : m[3],
    path: m[4] ?? '',
    userinfo: m[2] !== undefined && !container,
  };
}

/**
 * An Azure storage URL as container, account and folder: abfss://<container>@<account>.dfs.core.windows.net/<folder>
 * (ADLS Gen2) or https://<account>.blob.core.windows.net/<container>/<folder> (Blob).
 */
export function azureStorageTarget(url: string): { account: string; container: string; folder: string } | undefined {
  const abfss = /^abfss:\/\/([^@/]+)@([a-z0-9]+)\.dfs\.core\.windows\.net(?:\/(.*))?$/.exec(url);
  if (abfss) return { container: abfss[1], account: abfss[2], folder: (abfss[3] ?? '').replace(/\/+$/, '') };
  const blob = /^https:\/\/([a-z0-9]+)\.blob\.core\.windows\.net\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (blob) return { account: blob[1], container: blob[2], folder: (blob[3] ?? '').replace(/\/+$/, '') };
  return undefined;
}

/** Keys of connector properties that carry secrets; their values must be placeholders the runtime resolves. */
const SECRET_KEY = /(password|passwd|secret|token|api[._-]?key|access[._-]?key|private[._-]?key|credentials?)$/i;
/** A config-provider placeholder: ${secretsmanager:...}, ${file:...}, ${env:...}. */
const PLACEHOLDER = /^\$\{[a-z]+:[^}]+\}$/;

function edgeHome(env: Environment, siteId: string, edges: readonly EdgeSitePlan[]): EdgeSitePlan | undefined {
  return edges.find((e) => e.site === siteId && env.edgeFleets.some((f) => f.id === e.fleet));
}

/** The runtime a connector would run on, or the problem that stops it. */
export function connectorHome(
  env: Environment,
  c: Connector,
  i: number,
  edges: readonly EdgeSitePlan[] = edgeSitePlans(env),
): { home?: ConnectorHome; problems: Problem[] } {
  const at = `connectors[${i}]`;
  if ((c.cluster === undefined) === (c.edgeSite === undefined))
    return {
      problems: [
        problem(
          at,
          'a connector runs beside exactly one cluster.',
          'give cluster (a clusters[] id) or edgeSite (an edgeFleets[].sites[] id), not both.',
        ),
      ],
    };
  let support: ConnectorSupport;
  let site: string;
  let cluster: string;
  let edge: EdgeSitePlan | undefined;
  if (c.cluster !== undefined) {
    const declared = env.clusters.find((k) => k.id === c.cluster);
    if (!declared)
      return {
        problems: [
          unknown(
            `${at}.cluster`,
            'cluster',
            c.cluster,
            env.clusters.map((k) => k.id),
          ),
        ],
      };
    const model = kindModel(declared.kind);
    if (!model) return { problems: [] }; // an unregistered kind is reported by the cluster checks
    support = model.connectors;
    site = declared.sites[0];
    cluster = declared.id;
  } else {
    edge = edgeHome(env, c.edgeSite!, edges);
    const known = env.edgeFleets.flatMap((f) => f.sites.map((s) => s.id));
    if (!edge) return { problems: [unknown(`${at}.edgeSite`, 'edge site', c.edgeSite!, known)] };
    // An edge site runs the edge kind's own cluster (its fleet declares it, not clusters[]).
    support = BUILT_IN_KINDS.edge.connectors;
    site = edge.site;
    cluster = edge.site;
  }
  if (support.runtime === undefined)
    return {
      problems: [problem(`${at}.cluster`, `no connector runtime beside cluster "${c.cluster}": ${support.why}.`, support.fix)],
    };
  const typeSupport = support.types[c.type];
  if (!typeSupport) {
    const known = Object.keys(support.types);
    return {
      problems: [
        problem(
          `${at}.type`,
          `connector type "${c.type}" does not run on ${support.label} (the runtime beside ${c.cluster ?? `edge site ${c.edgeSite}`}).`,
          `use one of: ${known.join(', ')}. ${support.alternative}`,
        ),
      ],
    };
  }
  return {
    home: { runtime: support.runtime, runtimeLabel: support.label, support: typeSupport, plugins: support.plugins, site, cluster, edge },
    problems: [],
  };
}

function unknown(path: string, what: string, value: string, known: readonly string[]): Problem {
  const guess = nearest(value, known);
  return problem(
    path,
    `unknown ${what} "${value}".`,
    guess ? `did you mean "${guess}"? Known: ${known.join(', ')}.` : `use one of: ${known.join(', ') || 'none declared'}.`,
  );
}

/** Topic names a connector may use where it runs: the cluster's declared topics and the copies replicated into it, or the edge site's. */
function topicsWhere(env: Environment, home: ConnectorHome): string[] {
  if (home.edge) return home.edge.topics.map((t) => t.name);
  const copies = replicationFlows(env)
    .filter((f) => f.to === home.cluster && f.direction === 'forward')
    .flatMap((f) => f.topics.map((t) => t.target));
  return [...new Set([...env.topics.filter((t) => t.cluster === home.cluster).map((t) => t.name), ...copies])];
}

/**
 * The connector checks: each refused declaration names its path and the fix. An unknown
 * type for the platform, exactly-once where the runtime or connector cannot, tolerated
 * errors on a sink without a dead-letter topic, credentials given as values, a topic
 * that does not exist, a plugin missing (or pointless) for the runtime.
 */
export const checkConnectors: EnvironmentCheck = (env) => {
  const out: Problem[] = [];
  const edges = env.connectors.some((c) => c.edgeSite !== undefined) ? edgeSitePlans(env) : [];
  const seen = new Map<string, number>();
  env.connectors.forEach((c, i) => {
    const at = `connectors[${i}]`;
    const first = seen.get(c.id);
    if (first !== undefined)
      out.push(
        problem(
          `${at}.id`,
          `duplicate connector id "${c.id}" (already used at connectors[${first}].id).`,
          'give each connector a unique id.',
        ),
      );
    else seen.set(c.id, i);

    // Credentials are references, never values: a value would land in the Terraform plan and state.
    for (const key of Object.keys(c.credentials ?? {}).filter((k) => k !== 'secret'))
      out.push(
        problem(
          `${at}.credentials.${key}`,
          `credentials.${key} is a value; values end up in the Terraform plan, its state and the connector's configuration in clear.`,
          'store it in a secret (Secrets Manager, Secret Manager, a Kubernetes secret) and give credentials: { secret: <its ARN, resource name or secret name> }.',
        ),
      );
    for (const [key, value] of Object.entries(c.config ?? {}))
      if (SECRET_KEY.test(key) && !PLACEHOLDER.test(value))
        out.push(
          problem(
            `${at}.config.${key}`,
            `config.${key} looks like a credential given as a value.`,
            'move it to the secret named in credentials.secret; the connector reads it through its config provider.',
          ),
        );
    const sys = parseSystem(c.system);
    if (sys?.userinfo)
      out.push(
        problem(
          `${at}.system`,
          'the system URL carries a user or password before the @.',
          'remove it from the URL and give credentials: { secret: ... }.',
        ),
      );

    if (c.type === 'custom') {
      if (!c.class)
        out.push(
          problem(`${at}.class`, 'a custom connector needs its connector.class.', 'give class, e.g. com.example.ExampleSinkConnector.'),
        );
      if (!c.direction) out.push(problem(`${at}.direction`, 'a custom connector needs its direction.', 'give direction: source or sink.'));
    } else {
      if (c.class !== undefined)
        out.push(
          problem(`${at}.class`, `type ${c.type} has its own class; class is for custom connectors.`, 'remove class, or use type custom.'),
        );
      if (c.direction !== undefined && c.direction !== CONNECTOR_TYPES[c.type].direction)
        out.push(
          problem(
            `${at}.direction`,
            `type ${c.type} is a ${CONNECTOR_TYPES[c.type].direction}, not a ${c.direction}.`,
            'remove direction (the type gives it).',
          ),
        );
      const facts = CONNECTOR_TYPES[c.type];
      if (!sys || !facts.schemes.includes(sys.scheme))
        out.push(
          problem(
            `${at}.system`,
            `"${c.system}" is not a ${facts.system} URL a ${c.type} connector writes to or reads from (${facts.schemes.map((s) => `${s}://`).join(', ')}).`,
            `write it like ${facts.example}.`,
          ),
        );
    }

    const { home, problems } = connectorHome(env, c, i, edges);
    out.push(...problems);
    const direction = connectorDirection(c);
    const tolerance = c.errors?.tolerance ?? 'none';
    if (direction === 'sink' && tolerance === 'all' && c.errors?.deadLetterTopic === undefined)
      out.push(
        problem(
          `${at}.errors.deadLetterTopic`,
          'errors are tolerated but no dead-letter topic is named: every record the sink cannot write would be dropped without a trace.',
          'name a declared topic in errors.deadLetterTopic, or set errors.tolerance: none.',
        ),
      );
    if (direction === 'source' && c.errors?.deadLetterTopic !== undefined)
      out.push(
        problem(
          `${at}.errors.deadLetterTopic`,
          'Kafka Connect writes a dead-letter topic for sink connectors only.',
          'remove deadLetterTopic; a source logs records it cannot convert when errors.tolerance is all.',
        ),
      );
    if (!home) return;

    if (c.delivery === 'exactly-once' && !home.support.exactlyOnce)
      out.push(
        problem(
          `${at}.delivery`,
          `exactly-once delivery is not supported by ${c.type} on ${home.runtimeLabel}.`,
          `use at-least-once (the default) and make the ${direction === 'sink' ? 'writes to the system idempotent (keys, upserts)' : 'consumers idempotent'}; exactly-once runs only for ${exactlyOnceWhere()}.`,
        ),
      );

    const known = topicsWhere(env, home);
    const where = home.edge ? `edge site ${home.edge.site} (edgeFleets topics)` : `cluster ${home.cluster}`;
    c.topics.forEach((t, j) => {
      if (!known.includes(t)) out.push(unknown(`${at}.topics[${j}]`, `topic on ${where}`, t, known));
    });
    const dlq = c.errors?.deadLetterTopic;
    if (dlq !== undefined) {
      if (!known.includes(dlq)) out.push(unknown(`${at}.errors.deadLetterTopic`, `topic on ${where}`, dlq, known));
      else if (c.topics.includes(dlq))
        out.push(
          problem(
            `${at}.errors.deadLetterTopic`,
            `the dead-letter topic "${dlq}" is also a topic the sink reads.`,
            'use a topic of its own, e.g. <topic>.dlq.',
          ),
        );
    }

    const plugins = home.plugins;
    if (plugins === 'declared' && !c.plugin)
      out.push(
        problem(
          `${at}.plugin`,
          `${home.runtimeLabel} loads the connector from a plugin you provide, and none is declared.`,
          `give plugin: { location: ${home.runtime === 'msk-connect' ? 's3://<bucket>/<key>.zip' : 'https://<artifact store>/<plugin>.tgz'}, sha512: <128 hex digits> }.`,
        ),
      );
    if (plugins === 'declared' && c.plugin && home.runtime === 'msk-connect' && !c.plugin.location.startsWith('s3://'))
      out.push(
        problem(
          `${at}.plugin.location`,
          'MSK Connect reads custom plugins from S3 only.',
          'copy the plugin into a bucket of the region and give s3://<bucket>/<key>.zip.',
        ),
      );
    if (plugins === 'built-in' && c.plugin)
      out.push(
        problem(
          `${at}.plugin`,
          `${home.runtimeLabel} brings its own connectors; a declared plugin would never be loaded.`,
          'remove plugin.',
        ),
      );
    if (home.edge && !home.edge.connectRegistry)
      out.push(
        problem(
          `${at}.edgeSite`,
          `Strimzi builds the Connect image of "${c.id}" with its plugin and pushes it to a registry edge site ${home.edge.site} pulls from, and the site names none.`,
          `set connectRegistry (host[:port]/path of the site's registry) on ${home.edge.path} or in its fleet's defaults.`,
        ),
      );
    if (home.edge && direction === 'sink') {
      // After the longest outage the sink's backlog drains over the uplink; until it has, the
      // oldest records must still be at the site, so the window and the drain fit in retention.
      const drain = catchUp(home.edge)?.seconds;
      const needed = home.edge.offlineWindowSeconds + (drain ?? 0);
      if (drain !== undefined && needed > home.edge.retentionSeconds)
        out.push(
          problem(
            `${at}.edgeSite`,
            `after an offline window of ${formatSeconds(home.edge.offlineWindowSeconds)} sink "${c.id}" needs ${formatSeconds(drain)} more to drain its backlog over the uplink, but site ${home.edge.site} keeps records ${formatSeconds(home.edge.retentionSeconds)}: the oldest would be deleted before they are written.`,
            `raise retention on ${home.edge.path} to at least ${formatSeconds(needed)}, or the uplink (uplinkMbps).`,
          ),
        );
    }
    if (home.runtime === 'event-hubs-capture' && !azureStorageTarget(c.system))
      out.push(
        problem(
          `${at}.system`,
          `Event Hubs Capture writes to a container of a storage account; "${c.system}" names none.`,
          'write it like abfss://<container>@<account>.dfs.core.windows.net/<folder> or https://<account>.blob.core.windows.net/<container>/<folder>.',
        ),
      );
    if (home.runtime === 'event-hubs-capture' && c.errors !== undefined)
      out.push(
        problem(
          `${at}.errors`,
          'Event Hubs Capture has no error tolerance or dead-letter topic: it writes every event as it is, or stops and retries.',
          'remove errors; the capture backlog alarm and the runbook cover a Capture that cannot write.',
        ),
      );
    if (home.runtime === 'event-hubs-capture' && (c.tasks !== undefined || c.config !== undefined))
      out.push(
        problem(
          `${at}`,
          'Event Hubs Capture is a feature of each event hub: it has no tasks and takes no connector config.',
          'remove tasks and config.',
        ),
      );
    if (
      home.runtime === 'msk-connect' &&
      c.credentials?.secret !== undefined &&
      !/^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(c.credentials.secret)
    )
      out.push(
        problem(
          `${at}.credentials.secret`,
          `MSK Connect reads secrets from Secrets Manager by ARN, got "${c.credentials.secret}".`,
          'give the secret ARN, arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>.',
        ),
      );
    if (home.runtime === 'msk-connect') {
      const cluster = env.clusters.find((k) => k.id === home.cluster);
      if (cluster?.clientAuth && !cluster.clientAuth.includes('iam'))
        out.push(
          problem(
            `${at}.cluster`,
            `MSK Connect reaches cluster ${home.cluster} with IAM, which its clientAuth (${cluster.clientAuth.join(', ')}) does not allow.`,
            `add iam to clusters[${env.clusters.indexOf(cluster)}].clientAuth.`,
          ),
        );
    }
    out.push(...systemNetworkProblems(env, c, at, home, sys));
    // A replicated copy is written by its replication flow; a second writer would interleave with it.
    if (direction === 'source' && !home.edge) {
      const declared = env.topics.filter((t) => t.cluster === home.cluster).map((t) => t.name);
      c.topics.forEach((t, j) => {
        if (known.includes(t) && !declared.includes(t))
          out.push(
            problem(
              `${at}.topics[${j}]`,
              `"${t}" on ${home.cluster} is a replicated copy, written by its replication flow; a source writing it too would interleave two writers.`,
              `declare a topic of its own on ${home.cluster} (topics[] with cluster: ${home.cluster}) and write that.`,
            ),
          );
      });
    }
  });
  return out;
};

/**
 * The network path of MSK Connect workers to a database: an egress rule of their security
 * group to the database's ranges on its port, so the ranges are required (the workers have
 * no other way out of the VPC), and given only where a rule is built from them.
 */
function systemNetworkProblems(
  env: Environment,
  c: Connector,
  at: string,
  home: ConnectorHome,
  sys: ReturnType<typeof parseSystem>,
): Problem[] {
  const out: Problem[] = [];
  const database =
    c.type === 'custom' ? sys !== undefined && systemOfScheme(sys.scheme) === 'database' : CONNECTOR_TYPES[c.type].system === 'database';
  if (home.runtime !== 'msk-connect') {
    if (c.systemCidrs !== undefined)
      out.push(
        problem(
          `${at}.systemCidrs`,
          `${home.runtimeLabel} takes no egress rule from systemCidrs; only MSK Connect workers get one.`,
          'remove systemCidrs; the route to the system is the owner of its network\u2019s part.',
        ),
      );
    return out;
  }
  if (database && c.systemCidrs === undefined)
    out.push(
      problem(
        `${at}.systemCidrs`,
        `the MSK Connect workers of "${c.id}" reach ${sys?.host ?? 'the database'} only through an egress rule of their security group, and no address range of the database is given.`,
        `give systemCidrs: [<the database subnets>], e.g. [${env.sites.find((s) => s.id === home.site)?.cidr ?? '10.0.0.0/24'}] for a database inside the site's VPC.`,
      ),
    );
  c.systemCidrs?.forEach((cidr, j) => {
    if (cidr.endsWith('/0'))
      out.push(problem(`${at}.systemCidrs[${j}]`, `${cidr} opens the workers to every address.`, 'name the database subnets only.'));
  });
  if (c.systemCidrs !== undefined && sys && systemPort(sys.host, sys.scheme) === undefined)
    out.push(
      problem(
        `${at}.system`,
        `"${c.system}" names no port, and its scheme has no default one for the workers' egress rule.`,
        'write the port in the URL, e.g. jdbc:postgresql://db.internal:5432/ledger.',
      ),
    );
  return out;
}

function exactlyOnceWhere(): string {
  return 'Debezium sources on Strimzi KafkaConnect (exactly.once.source.support, Kafka 3.3+)';
}

/** The runbook of a connector: runbooks/<env>/connector-<id>.md. */
export function connectorRunbookPath(env: string, id: string): string {
  return `runbooks/${env}/connector-${id}.md`;
}

/**
 * Decides every connector of a valid environment: where it runs, its principal and
 * consumer group, its internal topics, its lag budget from the topics' objectives (and
 * the offline window at an edge site), its alarms and its runbook.
 */
export function planConnectors(env: Environment, edges: readonly EdgeSitePlan[] = edgeSitePlans(env)): ConnectorPlan[] {
  return env.connectors.flatMap((c, i): ConnectorPlan[] => {
    const { home } = connectorHome(env, c, i, edges);
    const direction = connectorDirection(c);
    const sys = parseSystem(c.system);
    if (!home || !direction || !sys) return [];
    const name = `${env.name}-${c.id}`;
    const stack = home.edge
      ? home.edge.delivery === 'direct'
        ? stackId(env.name, home.edge.site)
        : stackId(env.name, home.edge.fleet)
      : connectorStack(env.name, home.site, home.runtime, direction);
    const lag = direction === 'sink' ? lagBudget(env, c, home) : undefined;
    const tolerance = c.errors?.tolerance ?? 'none';
    const alarms: ConnectorAlarm[] = [
      {
        what: 'state',
        comparison: 'below',
        threshold: 1,
        unit: 'tasks',
        severity: 'page',
        why: 'no task of the connector is running: nothing moves between the topics and the system',
      },
      // Capture is a service feature: it has no tasks to fail.
      ...(home.runtime === 'event-hubs-capture'
        ? []
        : [
            {
              what: 'task-failures' as const,
              comparison: 'above' as const,
              threshold: 0,
              unit: 'tasks' as const,
              severity: 'page' as const,
              why: 'a task failed and stays failed until restarted; its share of partitions stops',
            },
          ]),
      ...(c.errors?.deadLetterTopic
        ? [
            {
              what: 'dlq-growth' as const,
              comparison: 'above' as const,
              threshold: 0,
              unit: 'records' as const,
              severity: 'ticket' as const,
              why: `records the sink could not write land in ${c.errors.deadLetterTopic}; each one is data missing in the system until replayed`,
            },
          ]
        : []),
      ...(lag
        ? [
            {
              what: 'lag' as const,
              comparison: 'above' as const,
              threshold: lag.seconds,
              unit: 'seconds' as const,
              severity: 'page' as const,
              why: lag.basis,
            },
          ]
        : []),
    ];
    const base: Omit<ConnectorPlan, 'watch'> = {
      id: c.id,
      index: i,
      runtime: home.runtime,
      runtimeLabel: home.runtimeLabel,
      type: c.type,
      class: c.type === 'custom' ? c.class : home.support.class,
      direction,
      cluster: home.cluster,
      edgeSite: home.edge?.site,
      fleet: home.edge?.fleet,
      site: home.site,
      stack,
      topics: c.topics,
      deadLetterTopic: c.errors?.deadLetterTopic,
      errorTolerance: tolerance,
      delivery: c.delivery ?? 'at-least-once',
      tasks: c.tasks ?? 1,
      system: {
        url: c.system,
        scheme: sys.scheme,
        host: sys.host,
        path: sys.path,
        kind: c.type === 'custom' ? systemOfScheme(sys.scheme) : CONNECTOR_TYPES[c.type].system,
        port: systemPort(sys.host, sys.scheme),
        cidrs: c.systemCidrs,
      },
      secret: c.credentials?.secret,
      plugin: c.plugin,
      config: c.config,
      principal: `connect-${name}`,
      // Kafka Connect names a sink's group connect-<connector name>; a KafkaConnector is named by the connector id.
      consumerGroup:
        direction === 'sink' && home.runtime !== 'event-hubs-capture'
          ? `connect-${home.runtime === 'strimzi-connect' ? c.id : name}`
          : undefined,
      internalTopics: home.runtime === 'strimzi-connect' ? ['configs', 'offsets', 'status'].map((t) => `connect-${c.id}-${t}`) : [],
      lagBudgetSeconds: lag?.seconds,
      lagBasis: lag?.basis,
      catchUp: direction === 'sink' && home.edge ? catchUp(home.edge) : undefined,
      alarms,
      runbook: connectorRunbookPath(env.name, c.id),
    };
    return [{ ...base, watch: connectorWatch(env, base, home.edge) }];
  });
}

function systemOfScheme(scheme: string): ExternalSystem {
  const match = Object.values(CONNECTOR_TYPES).find((t) => t.schemes.includes(scheme));
  return match?.system ?? 'api';
}

function catchUp(e: EdgeSitePlan): ConnectorPlan['catchUp'] {
  const backlogMB = e.ingressMBps * e.offlineWindowSeconds;
  return {
    offlineWindowSeconds: e.offlineWindowSeconds,
    backlogMB,
    seconds: e.uplinkMbps ? Math.ceil((backlogMB * 8) / e.uplinkMbps) : undefined,
  };
}

/**
 * How far behind a sink may fall before it pages: the tightest RPO among its topics'
 * groups (their RTO when the RPO is zero: a sink cannot lag by zero), else 15 minutes.
 * At an edge site the link may be down for the offline window and the backlog then
 * drains at the uplink's pace, so both come first.
 */
function lagBudget(env: Environment, c: Connector, home: ConnectorHome): { seconds: number; basis: string } {
  const groups = env.topics
    .filter((t) => !home.edge && t.cluster === home.cluster && c.topics.includes(t.name) && t.group !== undefined)
    .map((t) => env.topicGroups.find((g) => g.id === t.group))
    .filter((g): g is NonNullable<typeof g> => g !== undefined);
  let seconds = DEFAULT_CONNECTOR_LAG_SECONDS;
  let basis = `no objective on its topics: ${formatSeconds(seconds)} by default`;
  for (const g of groups) {
    const rpo = durationSeconds(g.rpo);
    const s = rpo > 0 ? rpo : durationSeconds(g.rto);
    if (s > 0 && (basis.startsWith('no objective') || s < seconds)) {
      seconds = s;
      basis = `${rpo > 0 ? 'RPO' : 'RTO'} ${rpo > 0 ? g.rpo : g.rto} of topic group ${g.id}`;
    }
  }
  if (home.edge) {
    const drain = catchUp(home.edge)?.seconds ?? 0;
    seconds = home.edge.offlineWindowSeconds + drain + seconds;
    basis = `offline window ${formatSeconds(home.edge.offlineWindowSeconds)} + catch-up ${formatSeconds(drain)} + ${formatSeconds(DEFAULT_CONNECTOR_LAG_SECONDS)}`;
  }
  return { seconds, basis };
}

/** The runbook of one connector: what it moves, what pages, and what to do. */
export function renderConnectorRunbook(env: Environment, c: ConnectorPlan): string {
  const where = c.edgeSite ? `edge site ${c.edgeSite} (fleet ${c.fleet})` : `cluster ${c.cluster} in site ${c.site}`;
  const flow = c.direction === 'source' ? `${c.system.url} -> ${c.topics.join(', ')}` : `${c.topics.join(', ')} -> ${c.system.url}`;
  const lines = [
    `# Connector ${c.id} (${env.name})`,
    '',
    `- ${c.direction} on ${c.runtimeLabel} beside ${where}; stack ${c.stack}`,
    `- moves ${flow}`,
    `- type ${c.type}${c.class ? ` (${c.class})` : ''}, ${c.tasks} task(s), ${c.delivery}`,
    `- identity ${c.principal}${c.secret ? `; system credentials from secret ${c.secret}` : '; the system is reached with the runtime identity'}`,
    `- errors: ${c.errorTolerance === 'all' ? `tolerated, bad records to ${c.deadLetterTopic ?? '(none)'}` : 'a bad record stops the task'}`,
    ...(c.lagBudgetSeconds !== undefined ? [`- lag budget ${formatSeconds(c.lagBudgetSeconds)} (${c.lagBasis})`] : []),
    ...(c.catchUp
      ? [
          `- after an offline window of ${formatSeconds(c.catchUp.offlineWindowSeconds)} about ${Math.round(c.catchUp.backlogMB)} MB wait at the site${c.catchUp.seconds !== undefined ? ` and drain in about ${formatSeconds(c.catchUp.seconds)}` : ''}; local retention covers the window, so nothing is lost`,
        ]
      : []),
    '',
    '## Alarms',
    '',
    ...watchNote(c),
    '| alarm | fires | severity | why |',
    '|---|---|---|---|',
    ...c.alarms.map(
      (a) => `| ${a.what} | ${a.unit === 'seconds' ? formatSeconds(a.threshold) : `${a.threshold} ${a.unit}`} | ${a.severity} | ${a.why} |`,
    ),
    '',
    '## When it pages',
    '',
    ...RUNTIME_STEPS[c.runtime](c, `${env.name}-${c.id}`),
    '',
    '## When its site is lost',
    '',
    c.edgeSite
      ? `The connector stops with the site. Records written at the site before the loss and not yet ${c.direction === 'sink' ? 'archived' : 'replicated'} are lost with it; rebuild the site from its bundle and the connector resumes from its committed offsets.`
      : `The connector stops with ${c.site}. ${c.direction === 'sink' ? `Records the sink had not written are in ${c.cluster}'s topics: they reach the system when the site is back, or from a copy of the topics if the estate fails over (deploy the connector beside the copy).` : 'The system keeps its changes; the source resumes from its recorded offsets when the site is back (a CDC slot must outlive the outage).'}`,
    '',
  ];
  return lines.join('\n');
}

/**
 * What watches the connector, for runtimes that publish only part of its signals (Managed
 * Kafka Connect, Strimzi at an edge site): its cloud alarms by name, the alarms it shares,
 * and what is left to the steps below. MSK Connect and Capture alarm on every planned signal.
 */
function watchNote(c: ConnectorPlan): string[] {
  if (c.runtime !== 'managed-kafka-connect' && c.runtime !== 'strimzi-connect') return [];
  const { alarms, shared, manual } = c.watch;
  return [
    alarms.length > 0
      ? `Cloud alarms (site ${alarms[0].site}, notifying its ${alarms.map((a) => a.severity).includes('page') ? 'page' : 'ticket'} targets):`
      : 'No cloud alarm of its own.',
    ...alarms.map((a) => `- ${a.id} [${a.severity}]: ${a.title}. ${a.why}.`),
    ...(shared.length > 0
      ? ['', `Shared: ${shared.join(', ')} (the site's silence at its hub; this topic's arrivals are among the site's).`]
      : []),
    '',
    'Watched here, not by a cloud alarm:',
    ...manual.map((m) => `- ${m}`),
    '',
    'The signals it is planned for:',
    '',
  ];
}

/** What the person paged does, per runtime; `name` is the connector's name in the runtime (`<env>-<id>`). */
const RUNTIME_STEPS: Record<ConnectorRuntime, (c: ConnectorPlan, name: string) => string[]> = {
  'msk-connect': (c, name) => [
    `1. Read the worker logs in CloudWatch (/msk-connect/${name}); a failed task names its exception.`,
    '2. Authorization errors: the role reaches only the buckets, secrets and topics named in the file; fix the file, not the role.',
    '3. MSK Connect cannot restart one task: update the connector (same configuration, new revision) or delete and re-create it; it resumes from its committed offsets.',
    ...(c.secret
      ? [
          `- Rotating ${c.secret}: config.action.reload is none (MSK Connect would otherwise restart the connector often), so after the rotation update the connector once; it reads the new value at start.`,
        ]
      : []),
    ...(c.type === 'debezium-postgres-source'
      ? [
          `- While the source is stopped its replication slot (${c.id.replace(/-/g, '_')}) keeps the database's WAL: the database owner watches its disk, and the slot is dropped only when the connector is retired.`,
          '- TLS to the database is required (database.sslmode require): the connection fails rather than fall back to plain text. To verify the server certificate as well, put the database CA in the plugin archive, set database.sslmode verify-full and database.sslrootcert to its path in the connector config, and update the connector.',
        ]
      : []),
    ...(c.deadLetterTopic
      ? [`4. Dead letters: read ${c.deadLetterTopic} (headers carry the error), fix the cause, replay them into the source topic.`]
      : []),
  ],
  'managed-kafka-connect': (c, name) => [
    `1. Read the connector's logs in Cloud Logging (resource managedkafka.googleapis.com/Connector, connector ${name}).`,
    '2. The task restart policy restarts failed tasks with backoff; a task failing again needs its cause fixed (permissions of the service agent, the dataset or bucket).',
    `3. Restart by hand: gcloud managed-kafka connectors restart ${name} --connect-cluster=${name} --location=<region>.`,
    ...(c.deadLetterTopic ? [`4. Dead letters: read ${c.deadLetterTopic}, fix the cause, replay them into the source topic.`] : []),
  ],
  'event-hubs-capture': () => [
    '1. Capture writes on its time or size window; a window without files for a hub with traffic means Capture cannot write.',
    '2. Check the namespace identity still holds Storage Blob Data Contributor on the account, and the storage firewall admits trusted Azure services.',
    '3. Events wait in the hub for its retention: fix within the retention and Capture catches up; past it they are gone.',
  ],
  'strimzi-connect': (c) => [
    `1. kubectl get kafkaconnector ${c.id} -o yaml: status.connectorStatus names the failed task and its trace.`,
    '2. autoRestart restarts failed connectors and tasks with backoff; if it gave up, fix the cause and annotate strimzi.io/restart=true.',
    ...(c.catchUp ? ['3. While the site is offline the sink retries: lag grows by design and drains when the link is back.'] : []),
    ...c.watch.alarms
      .filter((a) => a.id === `${c.id}-not-writing`)
      .map(
        (a) =>
          `- ${a.id} (${a.severity}): the topic reaches the hub but nothing lands under the prefix. Read the KafkaConnector status at the site; right after an offline window, check whether the sink has simply drained its backlog before MirrorMaker 2 (it clears once the hub catches up). The bucket's request metrics come from the metrics configuration ${a.metric.kind === 'cloudwatch' ? (a.metric.metrics.find((m) => m.dimensions.FilterId)?.dimensions.FilterId ?? '') : ''} in the hub's stack.`,
      ),
    ...(c.deadLetterTopic
      ? [`4. Dead letters: read ${c.deadLetterTopic} at the site, fix the cause, replay them into the source topic.`]
      : []),
  ],
};

/**
 * The connector properties of a known type, from the plan: where it writes or reads,
 * how its records are routed to the declared topic, and the credentials as references
 * the runtime's config provider resolves (`secret(key)`), never values. The file's own
 * `config` is applied last. Property names come from each connector's documentation
 * (the sources in kinds/connector-classes.ts).
 */
export function connectorProperties(
  c: ConnectorPlan,
  opts: { readonly region?: string; readonly secret?: (key: string) => string; readonly extra?: Readonly<Record<string, string>> } = {},
): Record<string, string> {
  const secret = (key: string) => (opts.secret && c.secret ? opts.secret(key) : undefined);
  const prefix = c.system.path.replace(/^\//, '');
  const [host, port] = c.system.host.split(':');
  const route = {
    // Debezium names topics <prefix>.<schema>.<table>; the router sends every table to the declared topic.
    transforms: 'route',
    'transforms.route.type': 'io.debezium.transforms.ByLogicalTableRouter',
    'transforms.route.topic.regex': '.*',
    'transforms.route.topic.replacement': c.topics[0],
  };
  const creds = (user: string, password: string): Record<string, string> => {
    const u = secret(user.startsWith('aws.') ? 'access-key-id' : 'username');
    const p = secret(user.startsWith('aws.') ? 'secret-access-key' : 'password');
    return u && p ? { [user]: u, [password]: p } : {};
  };
  const byType: Record<ConnectorTypeName, () => Record<string, string>> = {
    's3-sink': () => ({
      's3.bucket.name': c.system.host,
      ...(opts.region ? { 's3.region': opts.region } : {}),
      'topics.dir': s3TopicsDir(c),
      'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      'flush.size': '1000',
      // At an edge site files are also committed every 10 minutes while records flow, so the hub's alarm can
      // tell a stalled archive from a quiet topic (rotate.schedule.interval.ms needs timezone; S3 sink
      // configuration reference, docs.confluent.io/kafka-connectors/s3-sink/current/configuration_options.html).
      ...(c.edgeSite ? { 'rotate.schedule.interval.ms': String(EDGE_S3_COMMIT_SECONDS * 1000), timezone: 'UTC' } : {}),
      // Outside AWS (an edge site) there is no role: an access key from the secret (aws.access.key.id, aws.secret.access.key).
      ...creds('aws.access.key.id', 'aws.secret.access.key'),
    }),
    'gcs-sink': () => ({
      'gcs.bucket.name': c.system.host,
      'file.name.prefix': prefix,
      'gcs.credentials.default': 'true',
      'format.output.type': 'jsonl',
    }),
    'azure-storage-sink': () => {
      const m = /^([^@]+)@([^.]+)\./.exec(c.system.host);
      return {
        'azblob.container.name': m?.[1] ?? '',
        'azblob.account.name': m?.[2] ?? '',
        'topics.dir': prefix || 'topics',
        ...(secret('account-key') ? { 'azblob.account.key': secret('account-key')! } : {}),
      };
    },
    'bigquery-sink': () => ({ project: c.system.host, defaultDataset: prefix.split('/')[0], autoCreateTables: 'false' }),
    'http-sink': () => ({ 'http.url': c.system.url, 'http.authorization.type': 'none' }),
    'jdbc-source': () => ({
      'connection.url': c.system.url,
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      'topic.prefix': `${c.topics[0]}.`,
      ...creds('connection.user', 'connection.password'),
    }),
    'debezium-postgres-source': () => ({
      'database.hostname': host,
      'database.port': port ?? '5432',
      'database.dbname': prefix.split('/')[0],
      'topic.prefix': c.id,
      // Encrypted or nothing: 'require' fails the connection when TLS cannot be set up (Debezium's
      // PostgresConnectorConfig.SSL_MODE; its default lets the driver fall back to plain text). verify-full needs the
      // database CA on the workers (database.sslrootcert), which a plugin archive can carry: the runbook says how.
      'database.sslmode': 'require',
      'plugin.name': 'pgoutput',
      'slot.name': c.id.replace(/-/g, '_'),
      ...route,
      ...creds('database.user', 'database.password'),
      ...(c.delivery === 'exactly-once' ? { 'exactly.once.support': 'required' } : {}),
    }),
    'debezium-mysql-source': () => ({
      'database.hostname': host,
      'database.port': port ?? '3306',
      'topic.prefix': c.id,
      'database.server.id': mysqlServerId(c.id),
      'schema.history.internal.kafka.topic': `${c.topics[0]}.schema-history`,
      ...route,
      ...creds('database.user', 'database.password'),
      ...(c.delivery === 'exactly-once' ? { 'exactly.once.support': 'required' } : {}),
    }),
    'mqtt-source': () => ({
      'connect.mqtt.hosts': `${c.system.scheme === 'mqtts' ? 'ssl' : c.system.scheme}://${c.system.host}`,
      'connect.mqtt.kcql': `INSERT INTO ${c.topics[0]} SELECT * FROM ${prefix || '#'} WITHCONVERTER=\`io.lenses.streamreactor.connect.converters.source.BytesConverter\``,
      'connect.mqtt.client.id': c.principal,
      'connect.mqtt.service.quality': '1',
      ...creds('connect.mqtt.username', 'connect.mqtt.password'),
    }),
    custom: () => ({}),
  };
  const props = byType[c.type]();
  return { ...props, ...(opts.extra ?? {}) };
}

/** The cloud whose alarm renders a metric query. */
const CLOUD_OF: Readonly<Record<AlarmSpec['metric']['kind'], AlarmSpec['cloud']>> = {
  cloudwatch: 'aws',
  'azure-monitor': 'azure',
  'cloud-monitoring': 'gcp',
};

/**
 * What watches one connector in a cloud. A runtime that publishes metrics (MSK Connect,
 * Event Hubs Capture, Managed Kafka Connect for dead letters) gets one alarm per planned
 * signal it publishes, in the connector's site, with the runbook path; what it does not
 * publish is left to the runbook, never reported as watched. A Strimzi connector at an
 * edge site publishes nothing to a cloud: the hub sees a source's topic arrive, gated on
 * its site being heard from where the hub's alarms can say so, else inside the site's own
 * silence alarm.
 */
export function connectorWatch(env: Environment, c: Omit<ConnectorPlan, 'watch'>, edge?: EdgeSitePlan): ConnectorWatch {
  if (edge) return edgeConnectorWatch(env, c, edge);
  const cluster = env.clusters.find((k) => k.id === c.cluster);
  const support = cluster ? kindModel(cluster.kind)?.connectors : undefined;
  if (!support || support.runtime === undefined || !support.metrics) return { alarms: [], shared: [], manual: [], requestMetrics: [] };
  const metrics = support.metrics(env, cluster, {
    name: `${env.name}-${c.id}`,
    topics: c.topics,
    deadLetterTopic: c.deadLetterTopic,
    consumerGroup: c.consumerGroup,
  });
  const alarms: AlarmSpec[] = [];
  const manual: string[] = [];
  for (const a of c.alarms) {
    const published = metrics[a.what];
    if (!published) {
      const why = UNPUBLISHED[c.runtime]?.[a.what];
      if (why) manual.push(why(c, `${env.name}-${c.id}`));
      continue;
    }
    const { thresholdPerSecond, periodSeconds, ...metric } = published;
    alarms.push({
      id: `${c.id}-${a.what}`,
      site: c.site,
      cloud: CLOUD_OF[metric.kind],
      subject: { kind: 'connector', id: c.id },
      title: `connector ${a.what}`,
      severity: a.severity,
      guards: a.what === 'lag' ? ['lag'] : a.what === 'dlq-growth' ? ['data-loss'] : ['availability'],
      metric,
      comparison: a.comparison,
      threshold: Math.ceil(a.threshold * (thresholdPerSecond ?? 1)),
      periodSeconds: periodSeconds ?? 60,
      evaluationPeriods: periodSeconds !== undefined || a.what === 'dlq-growth' ? 1 : 5,
      missingData: a.what === 'state' ? 'breaching' : 'not-breaching',
      why: thresholdPerSecond ? `${a.why} (${formatSeconds(a.threshold)} at ${thresholdPerSecond} ${metric.unit}/s)` : a.why,
      runbook: c.runbook,
      panel: a.what === 'lag' ? 'lag' : 'health',
    });
  }
  return { alarms, shared: [], manual, requestMetrics: [] };
}

/** Signals a runtime does not publish, and how its runbook watches them instead. */
const UNPUBLISHED: Readonly<
  Partial<Record<ConnectorRuntime, Partial<Record<ConnectorAlarm['what'], (c: Omit<ConnectorPlan, 'watch'>, name: string) => string>>>>
> = {
  'managed-kafka-connect': {
    state: (_c, name) =>
      `connector state: Google's metrics list names no metric type of a Connect cluster or connector this version could cite; gcloud managed-kafka connectors describe ${name} --connect-cluster=${name} shows it (RUNNING)`,
    'task-failures': () =>
      'failed tasks: no cited metric type either; the same describe lists each task and its state, and the task restart policy restarts failed tasks with backoff',
    lag: (c) =>
      `lag of group ${c.consumerGroup}: Cloud Monitoring's consumer-group offset lag could not be cited with its resource labels in this version; gcloud managed-kafka consumer-groups describe ${c.consumerGroup} shows each partition's offsets`,
  },
};

/** How long an edge source's topic may be silent at the hub while its site is heard from before it pages. */
export const EDGE_SOURCE_SILENCE_SECONDS = DEFAULT_CONNECTOR_LAG_SECONDS;
/** Period of the gated arrival alarm: several checkpoint beats (one a minute) fall in each. */
const EDGE_GATE_PERIOD_SECONDS = 300;

function edgeConnectorWatch(env: Environment, c: Omit<ConnectorPlan, 'watch'>, edge: EdgeSitePlan): ConnectorWatch {
  const siteStatus = `KafkaConnector ${c.id} status and its failed tasks (kubectl get kafkaconnector ${c.id} at ${edge.site}): the site publishes no cloud metrics`;
  const hub = env.clusters.find((k) => k.id === edge.hubCluster);
  const hubSite = env.sites.find((s) => s.id === hub?.sites[0]);
  const cloud = hubSite && (hubSite.cloud === 'aws' || hubSite.cloud === 'azure' || hubSite.cloud === 'gcp') ? hubSite.cloud : undefined;
  const kindAlarms = hub ? kindModel(hub.kind)?.alarms : undefined;
  if (c.direction === 'sink') return edgeSinkWatch(env, c, edge, siteStatus);
  if (!hub || !hubSite || !cloud) return { alarms: [], shared: [], manual: [siteStatus], requestMetrics: [] };
  const alarms: AlarmSpec[] = [];
  const shared = new Set<string>();
  const manual = [siteStatus];
  for (const t of c.topics) {
    const at = edge.topics.find((x) => x.name === t);
    if (!at || at.direction !== 'up' || !at.hubTopic) {
      manual.push(`${t} stays at the site (not pushed up), so no hub sees it arrive`);
      continue;
    }
    const gated = kindAlarms?.edgeTopicWhileConnected?.(env, hub, edge.site, at.hubTopic, checkpointsTopic(edge.site));
    if (!gated) {
      // The site's silence at the hub counts this topic's arrivals among the site's: it pages when the site
      // is silent for its offline window, and says nothing while other topics keep arriving.
      if (kindAlarms?.edgeArrivals) for (const sev of ['ticket', 'page']) shared.add(`${edge.site}-silent-${sev}`);
      else manual.push(`${at.hubTopic} arriving at hub ${hub.id}: its kind (${hub.kind}) has no arrival alarm`);
      continue;
    }
    alarms.push({
      id: c.topics.length === 1 ? `${c.id}-silent` : `${c.id}-silent-${t}`,
      site: hubSite.id,
      cloud,
      subject: { kind: 'connector', id: c.id },
      title: `nothing in ${at.hubTopic} for ${formatSeconds(EDGE_SOURCE_SILENCE_SECONDS)} while ${edge.site} pushes`,
      severity: 'page',
      guards: ['availability'],
      metric: gated,
      comparison: 'at-or-below',
      threshold: 0,
      periodSeconds: EDGE_GATE_PERIOD_SECONDS,
      evaluationPeriods: Math.ceil(EDGE_SOURCE_SILENCE_SECONDS / EDGE_GATE_PERIOD_SECONDS),
      // A site silent altogether has no datapoints: its own silence alarm watches that, within its offline window.
      missingData: 'not-breaching',
      why: `${edge.site}'s checkpoints reach the hub (${hub.id}) but ${at.hubTopic} has had nothing for ${formatSeconds(EDGE_SOURCE_SILENCE_SECONDS)}: source ${c.id} stopped writing ${t} (or its system went quiet); an offline window reads as healthy`,
      runbook: c.runbook,
      panel: 'health',
    });
  }
  return { alarms, shared: [...shared], manual, requestMetrics: [] };
}

/** Period of an edge sink's write alarm, and the scheduled commit that bounds how long its writes may pause. */
const EDGE_SINK_PERIOD_SECONDS = 900;
/** An edge S3 sink commits its open files at least this often while records flow (rotate.schedule.interval.ms). */
export const EDGE_S3_COMMIT_SECONDS = 600;

/**
 * An edge S3 sink seen in the cloud: objects written under its prefix (a bucket metrics configuration's
 * request metrics) while the topic it archives reaches the hub. It commits a file at least every 10
 * minutes while records flow, so two 15-minute periods in which the topic arrived and no object was
 * written mean the archive stalled. A ticket, never a page: an offline site sends neither (healthy), and
 * after the window MirrorMaker 2 may still push old records after the sink has drained its backlog. It
 * needs the bucket in the hub's region (one CloudWatch alarm reads both) and the topic pushed up.
 */
function edgeSinkWatch(env: Environment, c: Omit<ConnectorPlan, 'watch'>, edge: EdgeSitePlan, siteStatus: string): ConnectorWatch {
  const lagAtSite = `its lag (consumer group ${c.consumerGroup})${c.deadLetterTopic ? ` and its dead letters (${c.deadLetterTopic})` : ''}, read at the site: its lag budget spans the offline window and the catch-up`;
  const manual = [siteStatus, lagAtSite];
  const none = (why: string): ConnectorWatch => ({ alarms: [], shared: [], manual: [...manual, why], requestMetrics: [] });
  const hub = env.clusters.find((k) => k.id === edge.hubCluster);
  const hubSite = env.sites.find((s) => s.id === hub?.sites[0]);
  if (c.type !== 's3-sink') return none(`its writes to ${c.system.url}: no cloud metric of that system is read in this version`);
  const region = c.config?.['s3.region'];
  if (!hub || !hubSite || hubSite.cloud !== 'aws' || region !== hubSite.region)
    return none(
      `its writes to ${c.system.url}: request metrics are published in the bucket's region, and ${region ? `${region}` : 'an unset s3.region'} is not the region of the hub (${hubSite?.region ?? 'unknown'}), where the alarm reads the topic arriving`,
    );
  const at = c.topics.length === 1 ? edge.topics.find((x) => x.name === c.topics[0]) : undefined;
  if (!at || at.direction !== 'up' || !at.hubTopic)
    return none(
      `its writes to ${c.system.url}: the alarm needs the one topic it archives pushed up to the hub, to know records are flowing`,
    );
  const config: BucketRequestMetrics = {
    site: hubSite.id,
    bucket: c.system.host,
    filterId: `${env.name}-${c.id}`,
    prefix: `${s3TopicsDir(c)}/`,
  };
  const metric = kindModel(hub.kind)?.alarms.whileArriving?.(env, hub, at.hubTopic, s3Writes(config));
  if (!metric)
    return none(`its writes to ${c.system.url}: hub ${hub.id} (${hub.kind}) cannot combine them with the topic arriving in one alarm`);
  return {
    alarms: [
      {
        id: `${c.id}-not-writing`,
        site: hubSite.id,
        cloud: 'aws',
        subject: { kind: 'connector', id: c.id },
        title: `no objects under s3://${config.bucket}/${config.prefix} while ${at.hubTopic} arrives`,
        severity: 'ticket',
        guards: ['lag'],
        metric,
        comparison: 'at-or-below',
        threshold: 0,
        periodSeconds: EDGE_SINK_PERIOD_SECONDS,
        evaluationPeriods: 2,
        missingData: 'not-breaching',
        why: `${at.hubTopic} reached the hub in two periods of ${formatSeconds(EDGE_SINK_PERIOD_SECONDS)} and sink ${c.id}, which commits at least every ${formatSeconds(EDGE_S3_COMMIT_SECONDS)} while records flow, wrote nothing under its prefix: the archive at ${edge.site} stalled. A ticket: after an offline window MirrorMaker 2 may still push old records once the sink has drained`,
        runbook: c.runbook,
        panel: 'lag',
      },
    ],
    shared: [],
    manual,
    requestMetrics: [config],
  };
}

/** The folder an S3 sink writes its topics under (topics.dir): the URL's path, else "topics". */
function s3TopicsDir(c: Pick<ConnectorPlan, 'system'>): string {
  return c.system.path.replace(/^\//, '').replace(/\/$/, '') || 'topics';
}

/**
 * The cloud alarms of every connector (connectorWatch): MSK Connect, Event Hubs Capture,
 * Managed Kafka Connect's dead letters, and an edge source's topic at its hub.
 */
export function planConnectorAlarms(env: Environment): AlarmPlan {
  return { alarms: planConnectors(env).flatMap((c) => c.watch.alarms), gaps: [] };
}

/**
 * Debezium MySQL's `database.server.id`: the replica id the connector joins the MySQL cluster with, unique among
 * its replicas (Debezium MySQL connector properties; MySQL's server_id is 1..2^32-1). It comes from the connector's
 * id, never from its position in the file, so reordering `connectors:` cannot make a running connector rejoin as
 * another replica. 5400 and up keeps clear of the small ids operators give their own replicas.
 */
export function mysqlServerId(connectorId: string): string {
  const h = createHash('sha256').update(`debezium-mysql/${connectorId}`).digest().readUInt32BE(0);
  return String(5400 + (h % (0xffffffff - 5400)));
}
