/**
 * Typed Strimzi 1.x custom resources: only the fields this product sets, as the v1
 * CRDs define them (strimzi-kafka-operator packaging/install/cluster-operator/
 * 040-Crd-kafka.yaml, 043-Crd-kafkatopic.yaml, 044-Crd-kafkauser.yaml,
 * 045-Crd-kafkanodepool.yaml, 048-Crd-kafkamirrormaker2.yaml, read at 1.3.0-SNAPSHOT;
 * 041-Crd-kafkaconnect.yaml and 047-Crd-kafkaconnector.yaml read at 8541da1e33, after 1.2.0).
 * Strimzi 1.x serves only `kafka.strimzi.io/v1`; fields marked required here are
 * required by the CRD's OpenAPI schema.
 */
export const STRIMZI_API_VERSION = 'kafka.strimzi.io/v1';

/** Label that binds node pools, topics and users to their Kafka cluster. */
export const STRIMZI_CLUSTER_LABEL = 'strimzi.io/cluster';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface StrimziResource<K extends string, S> {
  readonly apiVersion: typeof STRIMZI_API_VERSION;
  readonly kind: K;
  readonly metadata: ObjectMeta;
  readonly spec: S;
}

type ConfigValue = string | number | boolean;

// --- Kafka -----------------------------------------------------------------

export interface GenericKafkaListener {
  /** Required. Lowercase letters and digits, at most 11 characters. */
  readonly name: string;
  /** Required. */
  readonly port: number;
  /** Required. */
  readonly type: 'internal' | 'route' | 'tlsroute' | 'loadbalancer' | 'nodeport' | 'ingress' | 'cluster-ip';
  /** Required. */
  readonly tls: boolean;
  readonly authentication?: { readonly type: 'tls' | 'scram-sha-512' | 'custom' };
}

export interface KafkaSpec {
  /** Required. */
  readonly kafka: {
    readonly version?: string;
    readonly metadataVersion?: string;
    /** Required. */
    readonly listeners: readonly GenericKafkaListener[];
    readonly authorization?: { readonly type: 'simple' | 'custom' };
    readonly config?: Readonly<Record<string, ConfigValue>>;
  };
  readonly entityOperator?: {
    readonly topicOperator?: { readonly watchedNamespace?: string; readonly reconciliationIntervalMs?: number };
    readonly userOperator?: { readonly watchedNamespace?: string };
  };
}
export type Kafka = StrimziResource<'Kafka', KafkaSpec>;

// --- KafkaNodePool ---------------------------------------------------------

export interface PersistentClaimStorage {
  /** Required. */
  readonly type: 'persistent-claim';
  /** Kubernetes quantity, e.g. `500Gi`. */
  readonly size: string;
  readonly class?: string;
  /** Keep the volume when the cluster is deleted. */
  readonly deleteClaim?: boolean;
  /** Store the KRaft metadata log on this volume. */
  readonly kraftMetadata?: 'shared';
}

export interface KafkaNodePoolSpec {
  /** Required. */
  readonly replicas: number;
  /** Required. KRaft roles; an edge site runs combined nodes. */
  readonly roles: ReadonlyArray<'controller' | 'broker'>;
  /** Required. */
  readonly storage: PersistentClaimStorage;
}
export type KafkaNodePool = StrimziResource<'KafkaNodePool', KafkaNodePoolSpec>;

// --- KafkaTopic ------------------------------------------------------------

export interface KafkaTopicSpec {
  readonly topicName?: string;
  readonly partitions?: number;
  readonly replicas?: number;
  readonly config?: Readonly<Record<string, ConfigValue>>;
}
export type KafkaTopic = StrimziResource<'KafkaTopic', KafkaTopicSpec>;

// --- KafkaUser -------------------------------------------------------------

export type AclOperation =
  | 'Read'
  | 'Write'
  | 'Create'
  | 'Delete'
  | 'Alter'
  | 'Describe'
  | 'ClusterAction'
  | 'AlterConfigs'
  | 'DescribeConfigs'
  | 'IdempotentWrite'
  | 'All';

export interface AclRule {
  readonly type?: 'allow' | 'deny';
  /** Required. */
  readonly resource: {
    /** Required. */
    readonly type: 'topic' | 'group' | 'cluster' | 'transactionalId';
    readonly name?: string;
    readonly patternType?: 'literal' | 'prefix';
  };
  /** Required. */
  readonly operations: readonly AclOperation[];
  readonly host?: string;
}

export interface KafkaUserSpec {
  readonly authentication?: { readonly type: 'tls' | 'tls-external' | 'scram-sha-512' };
  readonly authorization?: {
    /** Required. */
    readonly type: 'simple';
    /** Required. */
    readonly acls: readonly AclRule[];
  };
}
export type KafkaUser = StrimziResource<'KafkaUser', KafkaUserSpec>;

// --- KafkaMirrorMaker2 -----------------------------------------------------

export interface ClientTls {
  /** An empty list trusts the JVM's public CAs (cloud hubs); otherwise Secrets holding CA certificates. */
  readonly trustedCertificates: ReadonlyArray<{ readonly secretName: string; readonly certificate?: string; readonly pattern?: string }>;
}

export interface ClientAuthentication {
  /** Required. */
  readonly type: 'tls' | 'scram-sha-256' | 'scram-sha-512' | 'plain' | 'custom';
  readonly username?: string;
  /** The password is read from a Kubernetes Secret, never written in the manifest. */
  readonly passwordSecret?: { readonly secretName: string; readonly password: string };
  readonly certificateAndKey?: { readonly secretName: string; readonly certificate: string; readonly key: string };
  /** custom: true makes the client speak SASL (SASL_SSL with tls). */
  readonly sasl?: boolean;
  /** custom: client settings; Strimzi passes only `sasl.*` and `ssl.keystore.*` keys. */
  readonly config?: Readonly<Record<string, ConfigValue>>;
}

/** A pod volume from a Secret or a ConfigMap. */
export type PodVolume =
  | { readonly name: string; readonly secret: { readonly secretName: string } }
  | { readonly name: string; readonly configMap: { readonly name: string } };

/** Pod and container template of a Connect-based resource (KafkaConnect, KafkaMirrorMaker2). */
export interface ConnectTemplate {
  readonly pod?: { readonly volumes?: readonly PodVolume[] };
  readonly connectContainer?: {
    readonly env?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
    readonly volumeMounts?: ReadonlyArray<{ readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }>;
  };
}

export interface MirrorMaker2Target {
  /** Required. */
  readonly alias: string;
  /** Required. */
  readonly bootstrapServers: string;
  /** Required. Kafka Connect group of the MirrorMaker 2 workers. */
  readonly groupId: string;
  /** Required. */
  readonly configStorageTopic: string;
  /** Required. */
  readonly statusStorageTopic: string;
  /** Required. */
  readonly offsetStorageTopic: string;
  readonly tls?: ClientTls;
  readonly authentication?: ClientAuthentication;
  readonly config?: Readonly<Record<string, ConfigValue>>;
}

export interface MirrorMaker2Connector {
  readonly tasksMax?: number;
  readonly config?: Readonly<Record<string, ConfigValue>>;
  readonly autoRestart?: { readonly enabled?: boolean; readonly maxRestarts?: number };
}

export interface MirrorMaker2Mirror {
  /** Required. */
  readonly source: {
    /** Required. */
    readonly alias: string;
    /** Required. */
    readonly bootstrapServers: string;
    readonly tls?: ClientTls;
    readonly authentication?: ClientAuthentication;
    readonly config?: Readonly<Record<string, ConfigValue>>;
  };
  readonly sourceConnector?: MirrorMaker2Connector;
  readonly checkpointConnector?: MirrorMaker2Connector;
  readonly topicsPattern?: string;
  readonly topicsExcludePattern?: string;
  readonly groupsPattern?: string;
  readonly groupsExcludePattern?: string;
}

export interface KafkaMirrorMaker2Spec {
  readonly version?: string;
  /** Required. */
  readonly replicas: number;
  /** Required. The cluster the Connect workers write to (their internal topics live there). */
  readonly target: MirrorMaker2Target;
  /** Required. */
  readonly mirrors: readonly MirrorMaker2Mirror[];
  /** Container image of the workers. @default Strimzi's Kafka image of the version */
  readonly image?: string;
  readonly template?: ConnectTemplate;
}
export type KafkaMirrorMaker2 = StrimziResource<'KafkaMirrorMaker2', KafkaMirrorMaker2Spec>;

// --- KafkaConnect and KafkaConnector ---------------------------------------

/**
 * A plugin artifact the operator downloads into the Connect image it builds. `url` is
 * required for jar, zip, tgz and other; with `sha512sum` the build verifies the download
 * and fails on a mismatch (without it nothing is verified, so this product always sets it).
 */
export interface ConnectBuildArtifact {
  /** Required. */
  readonly type: 'jar' | 'tgz' | 'zip' | 'other';
  readonly url: string;
  readonly sha512sum: string;
}

export interface KafkaConnectSpec {
  readonly version?: string;
  /** Required. */
  readonly replicas: number;
  /** Required. */
  readonly bootstrapServers: string;
  /** Required. Group of the Connect workers (a sink's consumer group is connect-<connector name>, so it must differ). */
  readonly groupId: string;
  /** Required. */
  readonly configStorageTopic: string;
  /** Required. */
  readonly statusStorageTopic: string;
  /** Required. */
  readonly offsetStorageTopic: string;
  readonly tls?: ClientTls;
  readonly authentication?: ClientAuthentication;
  readonly config?: Readonly<Record<string, ConfigValue>>;
  /** The Connect image with the plugins, built by the operator; output and plugins are required. */
  readonly build?: {
    /** Required. Where the built image is pushed (type docker: a registry the site pulls from). */
    readonly output: { readonly type: 'docker'; readonly image: string; readonly pushSecret?: string };
    /** Required. Name: lowercase letters, digits, dashes and underscores. */
    readonly plugins: ReadonlyArray<{ readonly name: string; readonly artifacts: readonly ConnectBuildArtifact[] }>;
  };
  /** Volumes of the Connect pods: secrets the connectors read through a config provider. */
  readonly template?: {
    readonly pod?: { readonly volumes?: ReadonlyArray<{ readonly name: string; readonly secret: { readonly secretName: string } }> };
    readonly connectContainer?: {
      readonly volumeMounts?: ReadonlyArray<{ readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }>;
    };
  };
}
export type KafkaConnect = StrimziResource<'KafkaConnect', KafkaConnectSpec>;

/** Annotation that lets KafkaConnector resources manage the connectors of a KafkaConnect. */
export const USE_CONNECTOR_RESOURCES = 'strimzi.io/use-connector-resources';

export interface KafkaConnectorSpec {
  readonly class?: string;
  readonly tasksMax?: number;
  /** Restarts failed connectors and tasks with backoff; maxRestarts undefined = unlimited. */
  readonly autoRestart?: { readonly enabled?: boolean; readonly maxRestarts?: number };
  readonly state?: 'running' | 'paused' | 'stopped';
  /** name, connector.class, tasks.max and connector.plugin.version cannot be set here. */
  readonly config?: Readonly<Record<string, ConfigValue>>;
}
/** Bound to its KafkaConnect by the strimzi.io/cluster label. */
export type KafkaConnector = StrimziResource<'KafkaConnector', KafkaConnectorSpec>;

export type StrimziManifest = Kafka | KafkaNodePool | KafkaTopic | KafkaUser | KafkaMirrorMaker2 | KafkaConnect | KafkaConnector;

/**
 * Fields the v1 CRDs require, per kind, as dotted paths into the resource (`[]`
 * means every element). Tests and the bundle's own check walk them.
 */
export const STRIMZI_REQUIRED_FIELDS: Readonly<Record<StrimziManifest['kind'], readonly string[]>> = {
  Kafka: [
    'spec.kafka',
    'spec.kafka.listeners',
    'spec.kafka.listeners[].name',
    'spec.kafka.listeners[].port',
    'spec.kafka.listeners[].type',
    'spec.kafka.listeners[].tls',
  ],
  KafkaNodePool: ['spec.replicas', 'spec.roles', 'spec.storage', 'spec.storage.type'],
  KafkaTopic: [],
  KafkaUser: [
    'spec.authentication.type',
    'spec.authorization.type',
    'spec.authorization.acls',
    'spec.authorization.acls[].resource',
    'spec.authorization.acls[].resource.type',
    'spec.authorization.acls[].operations',
  ],
  KafkaMirrorMaker2: [
    'spec.replicas',
    'spec.target',
    'spec.target.alias',
    'spec.target.bootstrapServers',
    'spec.target.groupId',
    'spec.target.configStorageTopic',
    'spec.target.statusStorageTopic',
    'spec.target.offsetStorageTopic',
    'spec.mirrors',
    'spec.mirrors[].source',
    'spec.mirrors[].source.alias',
    'spec.mirrors[].source.bootstrapServers',
  ],
  KafkaConnect: [
    'spec.replicas',
    'spec.bootstrapServers',
    'spec.groupId',
    'spec.configStorageTopic',
    'spec.statusStorageTopic',
    'spec.offsetStorageTopic',
    'spec.build.output',
    'spec.build.output.type',
    'spec.build.output.image',
    'spec.build.plugins',
    'spec.build.plugins[].name',
    'spec.build.plugins[].artifacts',
    'spec.build.plugins[].artifacts[].type',
  ],
  KafkaConnector: [],
};

/** Required fields missing from a manifest, as paths (`spec.mirrors[0].source.alias`). */
export function missingRequiredFields(m: StrimziManifest): string[] {
  const base = ['apiVersion', 'kind', 'metadata', 'metadata.name', 'spec'];
  const missing: string[] = [];
  const walk = (value: unknown, parts: string[], at: string): void => {
    if (parts.length === 0) {
      if (value === undefined || value === null) missing.push(at);
      return;
    }
    const [head, ...rest] = parts;
    const many = head.endsWith('[]');
    const key = many ? head.slice(0, -2) : head;
    const next = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[key];
    const here = at ? `${at}.${key}` : key;
    if (!many) {
      walk(next, rest, here);
      return;
    }
    if (!Array.isArray(next)) {
      missing.push(here);
      return;
    }
    next.forEach((item, i) => walk(item, rest, `${here}[${i}]`));
  };
  for (const path of [...base, ...STRIMZI_REQUIRED_FIELDS[m.kind]]) walk(m, path.split('.'), '');
  // Optional parents (spec.authentication on a user, spec.build on a Connect) only matter when present.
  return missing.filter(
    (p) =>
      !(
        (m.kind === 'KafkaUser' &&
          /^spec\.(authentication|authorization)\.type$/.test(p) &&
          (m.spec as KafkaUserSpec)[p.split('.')[1] as 'authentication'] === undefined) ||
        (m.kind === 'KafkaConnect' && p.startsWith('spec.build.') && (m.spec as KafkaConnectSpec).build === undefined)
      ),
  );
}
