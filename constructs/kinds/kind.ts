import type { AlarmMetric, AlarmSpec, LagSignal } from '../analysis/alarm-spec';
import type { ServerAccess } from '../analysis/flow-types';
import type { ClusterResilience } from '../analysis/outcome';
import type { ImplementationChoice, ReplicationImplementation } from '../analysis/replication-facts';
import type { Cloud } from '../model/regions';
import type { Problem } from '../model/problems';
import type { Cluster, ConnectorTypeName, Environment, Replication, Site } from '../model/schema';

/**
 * Everything the pure layers need to know about one cluster kind. Each kind answers
 * every question here in constructs/kinds/<kind>/model.ts; the registry
 * (kinds/registry.ts) is a Record over the kind names, so a new kind that forgets a
 * part does not compile. Fields are required even when the answer is "nothing"
 * (undefined, an empty list): the author of a kind must say so on purpose.
 */
export interface KindModel {
  /** The name in environment files (clusters[].kind). */
  readonly kind: string;
  /** What the review and diagram call it. */
  readonly label: string;
  /** Clouds a cluster of this kind can live in; validation rejects any other site. */
  readonly clouds: readonly Cloud[];
  /** True when one cluster lives in one region (managed services); false when it may stretch over sites. */
  readonly singleSite: boolean;
  /**
   * The product runs the Kafka nodes itself (KRaft node plan, ports, peering between
   * its sites, the client guide); false for services and for edge fleets' own clusters.
   */
  readonly runsNodes: boolean;
  readonly defaults: KindDefaults;
  /** Kind-specific environment checks of one cluster, with paths under `clusters[index]`. */
  readonly check: (env: Environment, cluster: Cluster, index: number) => Problem[];
  /** What losing a zone or a site does to its topics; undefined = no model (objectives on it are flagged). */
  readonly resilience: ClusterResilience | undefined;
  /** Where declared topics are created. A kind that cannot create them says so, and validation refuses them. */
  readonly topics: TopicManagement;
  /**
   * Terraform resource types the kind creates that hold data or identity; they join
   * the stateful list (policy/stateful.ts) that prevent_destroy, the review and the
   * address guard read. At least one: every cluster holds data somewhere.
   */
  readonly statefulTypes: readonly [string, ...string[]];
  /** As a replication target: how a flow from a `source` kind is copied in; undefined = never a target. */
  readonly replicationTarget: ((source: string, override?: Replication['implementation']) => ImplementationChoice) | undefined;
  /** Its ends of replication flows beyond the implementation choice: what this version can build around it. */
  readonly replicationEnd: ReplicationEnd;
  /** As the hub of an edge fleet: how sites reach and authenticate to it, or why it cannot be one. */
  readonly edgeHub: EdgeHubRole;
  /** Producers and consumers may name an Entra ID principal (principalId), granted data roles on the cluster. */
  readonly clientPrincipalIds: boolean;
  /** Azure Stream Analytics reads and writes it, so pipelines[].cluster may name it. */
  readonly pipelines: boolean;
  /** The environment's CloudWatch dashboard draws its throughput (AWS/Kafka metrics by cluster name). */
  readonly dashboardThroughput: boolean;
  /** What the review's sizing lines say about a cluster of the kind. */
  readonly sizing: KindSizing;
  /**
   * Its alarms and the metrics they read (metric names, namespaces and dimensions of its
   * cloud service, with their vendor citations), in constructs/kinds/<kind>/alarms.ts.
   */
  readonly alarms: KindAlarms;
  /**
   * The server side of every flow into a cluster of the kind (analysis/flows.ts): the
   * rule that admits the client network, the name clients dial and the certificate that
   * covers it, what validates that certificate, how principals are authorized.
   */
  readonly access: (env: Environment, cluster: Cluster, from: AccessFrom) => ServerAccess;
  /**
   * A private data plane the site stack writes when it places the cluster (a key in a vault
   * behind its firewall), so the stack must run on a runner inside or admitted to the site's
   * network; undefined when the stack calls only cloud control-plane APIs.
   */
  readonly privateDataPlane?: (c: Cluster) => string | undefined;
  /** Which connectors run beside a cluster of the kind, on which runtime (connectors[].cluster). */
  readonly connectors: ConnectorSupport;
}

/** Who reaches a cluster: a label for the review, its site and network when it is in the estate, its credential type. */
export interface AccessFrom {
  readonly label: string;
  readonly site?: Site;
  readonly cidr?: string;
  readonly auth?: 'iam' | 'scram';
  /**
   * The cluster a replication copies into, when the client is that copy's workers (attached
   * to it, in its site): a kind may plan a path for them that other clients of the site lack.
   */
  readonly copyInto?: Cluster;
}

/**
 * What a kind's alarms read, as the alarm planner (analysis/alarms.ts) asks it. Each part
 * left undefined is a gap the planner reports: objectives that need it are refused as
 * unwatchable, never reported as watched.
 */
export interface KindAlarms {
  /** Health alarms of one cluster; undefined = none, so the RPO and RTO of topics on it cannot be watched. */
  readonly cluster: ((env: Environment, c: Cluster) => AlarmSpec[]) | undefined;
  /**
   * As a replication target: how the lag of a flow into it is seen, given the
   * implementation that copies it; undefined = a flow into it has no lag alarm.
   */
  readonly replicationLag:
    | ((env: Environment, r: Replication, target: Cluster, implementation: ReplicationImplementation | undefined) => LagSignal | undefined)
    | undefined;
  /** As the hub of a site with an offline window: its `<site>.heartbeats` arriving; undefined = not watched. */
  readonly siteHeartbeats: ((env: Environment, hub: Cluster, site: string) => AlarmMetric) | undefined;
  /** As an edge fleet's hub: what arrives from one site on its topics (checkpoints first); undefined = not watched. */
  readonly edgeArrivals: ((env: Environment, hub: Cluster, topics: readonly string[], site: string) => AlarmMetric) | undefined;
  /**
   * As an edge fleet's hub: bytes of one `<site>.<topic>` arriving, counted only while the site is heard
   * from (`gate`, its checkpoints, arrives), so a connector at the site that stops feeding the topic is
   * seen while the site is connected, and a site offline as declared reads as healthy (its own silence
   * alarm watches that). Left out where the hub's alarms cannot express the condition in one query: an
   * edge source's topic is then watched by its site's silence alarm alone.
   */
  readonly edgeTopicWhileConnected?: (env: Environment, hub: Cluster, site: string, topic: string, gate: string) => AlarmMetric;
  /**
   * As an edge fleet's hub: a signal published in the hub's cloud and region (an edge sink's writes to
   * its bucket), counted only while `<site>.<topic>` arrives at the hub; undefined when the hub's alarms
   * cannot combine the two in one query (another cloud, another kind of metric).
   */
  readonly whileArriving?: (env: Environment, hub: Cluster, topic: string, signal: AlarmMetric) => AlarmMetric | undefined;
}

/** A kind without alarms of its own (edge sites are watched from their hub). */
export const NO_ALARMS: KindAlarms = { cluster: undefined, replicationLag: undefined, siteHeartbeats: undefined, edgeArrivals: undefined };

/**
 * The platform's own runtime for connectors beside a cluster: MSK Connect, Google
 * Managed Kafka Connect, Event Hubs Capture (a sink to Azure storage only) or Strimzi
 * KafkaConnect at an edge site.
 */
export type ConnectorRuntime = 'msk-connect' | 'managed-kafka-connect' | 'event-hubs-capture' | 'strimzi-connect';

/** A connector as its runtime's metrics name it. */
export interface ConnectorMetricSubject {
  /** The connector's name in the runtime (`<env>-<id>`). */
  readonly name: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic?: string;
  /** A sink's consumer group. */
  readonly consumerGroup?: string;
}

/**
 * A connector signal as one runtime publishes it. A runtime that counts what the plan
 * budgets in seconds (a backlog of events) scales the threshold by its rate; one that
 * publishes per window (Capture) names the window.
 */
export type ConnectorMetric = AlarmMetric & {
  /** Threshold = the plan's threshold x this (events per second for a lag budget in seconds). @default 1 */
  readonly thresholdPerSecond?: number;
  /** Period the alarm evaluates. @default 60 */
  readonly periodSeconds?: number;
};

/** The metric each connector signal reads: tasks running, tasks failed, dead letters arriving, sink lag in seconds. */
export type ConnectorMetrics = Partial<Record<'state' | 'task-failures' | 'dlq-growth' | 'lag', ConnectorMetric>>;

/** One connector type on one runtime: its class and whether it can deliver exactly once there. */
export interface ConnectorTypeSupport {
  /** connector.class; undefined when the runtime is a service feature (Event Hubs Capture). */
  readonly class: string | undefined;
  /** Exactly-once delivery on this runtime with this connector. */
  readonly exactlyOnce: boolean;
  /** Vendor documentation the class and the exactly-once answer come from. */
  readonly source: string;
}

/**
 * The connectors of a kind: its runtime, the known types it runs, whether a custom
 * class may run (from a declared plugin), where plugins come from, and what to do for a
 * type it does not run. A kind without a runtime says why and what to do instead.
 */
export type ConnectorSupport =
  | {
      readonly runtime: ConnectorRuntime;
      readonly types: Readonly<Partial<Record<ConnectorTypeName, ConnectorTypeSupport>>>;
      /** The runtime loads connector plugins the file declares (with their SHA-512): custom classes run, and known types need one. */
      readonly plugins: 'declared' | 'built-in';
      /** What to do for a type this runtime does not run. */
      readonly alternative: string;
      /** Runtime label for messages and the review. */
      readonly label: string;
      /** What the runtime's alarms read for one connector; a signal left out is not watched (the runbook says so). */
      readonly metrics: ((env: Environment, cluster: Cluster | undefined, c: ConnectorMetricSubject) => ConnectorMetrics) | undefined;
    }
  | { readonly runtime: undefined; readonly why: string; readonly fix: string };

/**
 * How the ends of a replication flow are built. Only pairs listed here are built; the
 * others are refused with a problem (stacks/replication-links.ts unbuildable).
 */
export interface ReplicationEnd {
  /**
   * How a MirrorMaker 2 worker reads it as a source: `msk-iam` (MSK Connect with IAM),
   * `managed-kafka-iam` (Managed Kafka Connect with Google IAM), `planned-nodes-scram`
   * (the planned broker names over SCRAM, with a copy of the private DNS zone);
   * undefined = this version builds no MirrorMaker read from it.
   */
  readonly mirrorSource: 'msk-iam' | 'managed-kafka-iam' | 'planned-nodes-scram' | undefined;
  /** MirrorMaker 2 on MSK Connect runs beside it as a target and reaches it with IAM (its clientAuth must keep iam). */
  readonly mskConnectTarget: boolean;
}

/**
 * The review's sizing lines of a cluster: the service's own capacity line (Event Hubs
 * units, Managed Kafka vCPUs), and which of the plan's sizing facts apply to it.
 */
export interface KindSizing {
  readonly capacity: ((c: Cluster) => string) | undefined;
  readonly notes: ReadonlyArray<'produce-latency' | 'brokers' | 'disk'>;
}

export interface KindDefaults {
  /** Brokers when the file gives no count; undefined for services that place replicas themselves. */
  readonly brokers: (c: Cluster) => number | undefined;
  readonly instanceType: string | undefined;
  readonly storageGiB: number;
  readonly kafkaVersion: string | undefined;
}

/**
 * Where the topics declared on a cluster of the kind are created:
 * - `site-stack`: API resources created with the cluster (no broker reach needed);
 * - `topics-stack`: through the Kafka protocol from the `<env>-<site>-topics` stack (a kind
 *   over several sites: `<env>-<cluster>-topics`), which runs on a runner that reaches the brokers;
 * - `none`: the kind cannot create them; validation refuses declared topics with `why` and `fix`.
 */
export type TopicManagement =
  | { readonly by: 'site-stack' }
  | { readonly by: 'topics-stack'; readonly reach: TopicsReach }
  | { readonly by: 'none'; readonly why: string; readonly fix: string };

/**
 * How the topics stack's Kafka provider reaches the brokers: the planned node names over
 * SCRAM (credentials from the runner), or IAM auth to the bootstrap of an MSK cluster or
 * an MSK Serverless cluster found by its planned name.
 */
export type TopicsReach = 'planned-nodes-scram' | 'msk-iam' | 'msk-serverless-iam';

/**
 * How a hub construct ties site credentials to the hub cluster: an MSK SCRAM secret
 * association, Managed Kafka service accounts, Event Hubs shared access rules on the
 * site's event hubs, or nothing (credentials are only stored).
 */
export type EdgeHubBinding = 'msk-scram' | 'managed-kafka' | 'event-hubs-sas' | 'none';

/**
 * How an edge site authenticates to a hub cluster of the kind. `sas`: SASL PLAIN with
 * user `$ConnectionString` and the connection string of a shared access rule as password.
 */
export type EdgeHubIdentity = 'scram' | 'service-account' | 'password' | 'sas';

/**
 * The kind's role as an edge fleet's hub. A hub that accepts sites names the identity
 * sites use and whether the hub construct binds them to the cluster (MSK SCRAM
 * association, Managed Kafka service accounts); the hub construct itself is picked by
 * the hub site's cloud (kinds/edge-hubs.ts) with these facts, and validation refuses a
 * binding the hub cloud cannot make, so a hub is never picked by its cloud alone.
 */
export type EdgeHubRole =
  | {
      readonly accepts: true;
      readonly identity: EdgeHubIdentity;
      /** How the hub construct ties site credentials to the cluster (kinds/edge-hub-clouds.ts says which cloud can). */
      readonly binding: EdgeHubBinding;
      /** Address sites dial, when it follows from planned names; undefined = hubBootstrap must be given. */
      readonly bootstrap: (env: Pick<Environment, 'name' | 'accounts'>, hub: Cluster, site: Site) => string | undefined;
      /** Kind-specific problems of a fleet using this hub, with paths under `edgeFleets[fleetIndex]`. */
      readonly check: (env: Environment, hub: Cluster, fleetIndex: number) => Problem[];
      /** What the bootstrap derivation needs when it yields nothing, for the problem text. */
      readonly bootstrapNeeds?: string;
      /**
       * The derived address is PUBLISHED_BOOTSTRAP: the hub construct writes the real one into
       * each pulled bundle at apply. A directly delivered site (manifests applied from its own
       * stack) has no such step, so its fleet must declare hubBootstrap.
       */
      readonly publishedAtApply?: boolean;
    }
  | { readonly accepts: false; readonly why: (hub: Cluster) => string; readonly fix: string };

/**
 * The hub address a pull-delivered site's bundle carries when it is known only once the hub
 * exists (an MSK cluster's broker names hold an id MSK picks): the fleet stack writes the
 * real bootstrap brokers over it when it publishes the bundle. `.invalid` is reserved
 * (RFC 2606), so a bundle that somehow kept it fails to resolve instead of dialling elsewhere.
 */
export const PUBLISHED_BOOTSTRAP = 'hub-bootstrap.published-at-apply.invalid:9096';

/** A hub that cannot take edge sites. */
export function noEdgeHub(why: (hub: Cluster) => string, fix: string): EdgeHubRole {
  return { accepts: false, why, fix };
}

export function kindProblem(path: string, message: string, fix: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: '', path, message, fix, severity };
}
