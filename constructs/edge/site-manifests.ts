import { connectorProperties, type ConnectorPlan } from '../analysis/connectors';
import { checkpointsTopic, type EdgeSitePlan } from '../analysis/edge';

/**
 * What the manifests of one site are made of: the part of a planned site (analysis/edge)
 * that a hand-built EdgeSite gives as props.
 */
export type EdgeSiteSpec = Pick<
  EdgeSitePlan,
  | 'env'
  | 'fleet'
  | 'site'
  | 'hubAuth'
  | 'hubBootstrap'
  | 'hubIdentity'
  | 'mirrorMakerImage'
  | 'workloadIdentityProvider'
  | 'nodes'
  | 'replicationFactor'
  | 'minInsyncReplicas'
  | 'retentionSeconds'
  | 'storageClass'
  | 'storageGiB'
  | 'topics'
> & {
  /** Connectors that run at the site (Strimzi KafkaConnect and KafkaConnector). @default none */
  readonly connectors?: readonly ConnectorPlan[];
  /** Registry the Connect images are pushed to and pulled from; required with connectors. */
  readonly connectRegistry?: string;
};
export { edgeAccountId, edgeIdentity } from '../analysis/edge';
import { SAFE_SERVER_PROPERTIES } from '../analysis/durability';
import { toYaml } from './yaml';
import {
  STRIMZI_API_VERSION,
  STRIMZI_CLUSTER_LABEL,
  type AclRule,
  type ClientAuthentication,
  type Kafka,
  type KafkaConnect,
  type KafkaConnector,
  type KafkaMirrorMaker2,
  type KafkaNodePool,
  type KafkaTopic,
  type KafkaUser,
  type StrimziManifest,
  USE_CONNECTOR_RESOURCES,
} from './strimzi';

/** Kafka version the site clusters run (Strimzi 1.x supports Kafka 4.x, KRaft only). */
export const EDGE_KAFKA_VERSION = '4.1.1';

/** Kubernetes Secret at the site that holds the site's hub credential (key `password`); delivered out of band, never in the bundle. */
export const HUB_CREDENTIALS_SECRET = 'hub-credentials';

/** Source alias of the hub in the down flow; topics keep their names (identity policy). */
export const HUB_ALIAS = 'hub';

const INTERNAL_PORT = 9093;

export interface SiteManifestOptions {
  /** Namespace the Strimzi operator watches at the site. @default kafka */
  readonly namespace?: string;
  /** @default EDGE_KAFKA_VERSION */
  readonly kafkaVersion?: string;
}

/**
 * Kubernetes Secret (type kubernetes.io/tls: keys tls.crt and tls.key) at a site of a Managed
 * Kafka hub holding the site's client certificate from the fleet's CA, subject CN = the site's
 * service account id. Issued at the site (its key never leaves it), never in the bundle.
 */
export const HUB_CLIENT_CERTIFICATE_SECRET = 'hub-client-certificate';

/** ConfigMap of the bundle with the site's Google credential and certificate configurations (no secret in either). */
export const GOOGLE_CREDENTIALS_CONFIG_MAP = 'google-credentials';

/**
 * Google's login callback handler for SASL/OAUTHBEARER to Managed Kafka: it reads Application
 * Default Credentials and sends their access token with the service account's e-mail as the
 * principal (github.com/googleapis/managedkafka, kafka-java-auth GcpLoginCallbackHandler, v1.0.6;
 * client settings from its README and
 * cloud.google.com/managed-service-for-apache-kafka/docs/authentication-kafka).
 */
export const GCP_LOGIN_CALLBACK_HANDLER = 'com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler';

const GOOGLE_DIR = '/opt/kafka/google';
const CERTIFICATE_DIR = `/opt/kafka/${HUB_CLIENT_CERTIFICATE_SECRET}`;

function hubAuthentication(p: EdgeSiteSpec): ClientAuthentication {
  if (p.hubAuth === 'service-account')
    // Strimzi's custom client authentication takes sasl.* keys and sets SASL_SSL from sasl + tls
    // (Strimzi API reference, KafkaClientAuthenticationCustom).
    return {
      type: 'custom',
      sasl: true,
      config: {
        'sasl.mechanism': 'OAUTHBEARER',
        'sasl.login.callback.handler.class': GCP_LOGIN_CALLBACK_HANDLER,
        'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
      },
    };
  // MSK and self-managed hubs take SCRAM.
  return {
    type: 'scram-sha-512',
    username: p.hubIdentity,
    passwordSecret: { secretName: HUB_CREDENTIALS_SECRET, password: 'password' },
  };
}

/**
 * The site's Google credential configuration (AIP-4117 external account, X.509 source): the
 * client certificate is presented over mTLS to the Security Token Service, whose federated
 * token impersonates the site's service account for a one-hour access token. Neither file
 * holds a secret (cloud.google.com/iam/docs/workload-identity-federation-with-x509-certificates,
 * "Download or create a credential configuration" and "Obtain access token"; the
 * certificate configuration's cert_configs.workload.cert_path/key_path as
 * google-auth-library-java's WorkloadCertificateConfiguration reads them).
 */
export function googleCredentialFiles(p: Pick<EdgeSiteSpec, 'hubIdentity' | 'workloadIdentityProvider'>): Record<string, string> {
  const credentials = {
    type: 'external_account',
    audience: `//iam.googleapis.com/${p.workloadIdentityProvider ?? ''}`,
    subject_token_type: 'urn:ietf:params:oauth:token-type:mtls',
    token_url: 'https://sts.mtls.googleapis.com/v1/token',
    credential_source: { certificate: { certificate_config_location: `${GOOGLE_DIR}/certificate_config.json` } },
    service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${p.hubIdentity}:generateAccessToken`,
  };
  const certificate = { cert_configs: { workload: { cert_path: `${CERTIFICATE_DIR}/tls.crt`, key_path: `${CERTIFICATE_DIR}/tls.key` } } };
  return { 'credentials.json': JSON.stringify(credentials), 'certificate_config.json': JSON.stringify(certificate) };
}

/** A plain Kubernetes ConfigMap, the one non-Strimzi document a bundle may carry. */
export interface ConfigMap {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly data: Readonly<Record<string, string>>;
}

/** Documents of the bundle besides the Strimzi resources: the Google credential files of a Managed Kafka site. */
export function siteConfigMaps(p: EdgeSiteSpec, opts: SiteManifestOptions = {}): ConfigMap[] {
  if (p.hubAuth !== 'service-account') return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: GOOGLE_CREDENTIALS_CONFIG_MAP, namespace: opts.namespace ?? 'kafka', labels: siteLabels(p) },
      data: googleCredentialFiles(p),
    },
  ];
}

function siteLabels(p: EdgeSiteSpec): Record<string, string> {
  return {
    [STRIMZI_CLUSTER_LABEL]: p.site,
    'app.kubernetes.io/part-of': 'kafka-estate',
    'kafka-estate/env': p.env,
    'kafka-estate/fleet': p.fleet,
  };
}

/** MirrorMaker 2 workers of a Managed Kafka site: the image with Google's handler, and the credential files mounted for ADC. */
function hubWorkers(p: EdgeSiteSpec): Pick<KafkaMirrorMaker2['spec'], 'image' | 'template'> {
  if (p.hubAuth !== 'service-account') return {};
  return {
    ...(p.mirrorMakerImage ? { image: p.mirrorMakerImage } : {}),
    template: {
      pod: {
        volumes: [
          { name: 'google-credentials', configMap: { name: GOOGLE_CREDENTIALS_CONFIG_MAP } },
          { name: 'hub-client-certificate', secret: { secretName: HUB_CLIENT_CERTIFICATE_SECRET } },
        ],
      },
      connectContainer: {
        // Application Default Credentials read the file GOOGLE_APPLICATION_CREDENTIALS names.
        env: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${GOOGLE_DIR}/credentials.json` }],
        volumeMounts: [
          { name: 'google-credentials', mountPath: GOOGLE_DIR, readOnly: true },
          { name: 'hub-client-certificate', mountPath: CERTIFICATE_DIR, readOnly: true },
        ],
      },
    },
  };
}

/** Anchored alternation of literal topic names, for MirrorMaker 2's topicsPattern. */
export function topicsPattern(names: readonly string[]): string {
  return names.map((n) => n.replace(/[.\\^$|?*+()[\]{}]/g, (c) => `\\${c}`)).join('|');
}

/**
 * The Strimzi resources of one edge site: a KRaft Kafka with one combined node pool,
 * its topics, users with ACLs, and two MirrorMaker 2 flows that run at the site and
 * dial out: `up` pushes site topics to the hub (named `<site>.<topic>` there), `down`
 * pulls global topics into the site under their own names. The hub never dials in.
 */
export function siteManifests(p: EdgeSiteSpec, opts: SiteManifestOptions = {}): StrimziManifest[] {
  const namespace = opts.namespace ?? 'kafka';
  const version = opts.kafkaVersion ?? EDGE_KAFKA_VERSION;
  const cluster = p.site;
  const labels = siteLabels(p);
  const meta = (name: string) => ({ name, namespace, labels });
  const rf = p.replicationFactor;
  const isr = p.minInsyncReplicas;
  const bootstrap = `${cluster}-kafka-bootstrap.${namespace}.svc:${INTERNAL_PORT}`;
  const siteTls = { trustedCertificates: [{ secretName: `${cluster}-cluster-ca-cert`, pattern: '*.crt' }] };
  const retentionMs = p.retentionSeconds * 1000;
  const up = p.topics.filter((t) => t.direction === 'up');
  // Consumer groups whose offsets follow the data between site and hub: the site prefix keeps
  // them inside the site's own hub ACLs and apart from every other site's groups.
  const siteGroups = `${topicsPattern([p.site])}\\..*`;
  const down = p.topics.filter((t) => t.direction === 'down');

  const kafka: Kafka = {
    apiVersion: STRIMZI_API_VERSION,
    kind: 'Kafka',
    metadata: meta(cluster),
    spec: {
      kafka: {
        version,
        listeners: [{ name: 'tls', port: INTERNAL_PORT, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } }],
        authorization: { type: 'simple' },
        config: {
          ...SAFE_SERVER_PROPERTIES,
          // A kiosk has one node: its replication settings follow, the rest stay safe.
          'default.replication.factor': rf,
          'min.insync.replicas': isr,
          'offsets.topic.replication.factor': rf,
          'transaction.state.log.replication.factor': rf,
          'transaction.state.log.min.isr': isr,
          'log.retention.ms': retentionMs,
        },
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
    },
  };
  const pool: KafkaNodePool = {
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaNodePool',
    metadata: meta('combined'),
    spec: {
      replicas: p.nodes,
      roles: ['controller', 'broker'],
      storage: {
        type: 'persistent-claim',
        size: `${p.storageGiB}Gi`,
        ...(p.storageClass ? { class: p.storageClass } : {}),
        deleteClaim: false,
        kraftMetadata: 'shared',
      },
    },
  };
  const topics: KafkaTopic[] = p.topics.map((t) => ({
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaTopic',
    metadata: meta(t.name.replace(/[._]/g, '-')),
    spec: {
      topicName: t.name,
      partitions: t.partitions,
      replicas: rf,
      config: { 'retention.ms': retentionMs, 'min.insync.replicas': isr, 'unclean.leader.election.enable': false },
    },
  }));

  const topicAcl = (name: string, operations: AclRule['operations'], patternType: 'literal' | 'prefix' = 'literal'): AclRule => ({
    resource: { type: 'topic', name, patternType },
    operations,
  });
  const groupAcl = (name: string, patternType: 'literal' | 'prefix'): AclRule => ({
    resource: { type: 'group', name, patternType },
    operations: ['Read', 'Describe'],
  });
  const user = (name: string, acls: AclRule[]): KafkaUser => ({
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaUser',
    metadata: meta(name),
    spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls } },
  });
  const users: KafkaUser[] = [
    // Local producers and consumers: write what the site owns, read everything, never write what comes down.
    user('apps', [
      ...p.topics.filter((t) => t.direction !== 'down').map((t) => topicAcl(t.name, ['Write', 'Read', 'Describe'])),
      ...down.map((t) => topicAcl(t.name, ['Read', 'Describe'])),
      groupAcl('app-', 'prefix'),
      groupAcl(`${p.site}.`, 'prefix'),
    ]),
    // MirrorMaker 2: reads up topics (source of the up flow), writes down topics and its own state (target of the down flow).
    user('mirror-maker', [
      ...up.map((t) => topicAcl(t.name, ['Read', 'Describe', 'DescribeConfigs'])),
      ...down.map((t) => topicAcl(t.name, ['Write', 'Create', 'Describe', 'DescribeConfigs', 'AlterConfigs'])),
      topicAcl('mm2-', ['All'], 'prefix'),
      topicAcl(`${HUB_ALIAS}.`, ['All'], 'prefix'),
      topicAcl('heartbeats', ['Describe', 'Read'], 'literal'),
      groupAcl('mm2-', 'prefix'),
      // The down flow's checkpoint connector commits translated offsets of the site's <site>.* groups.
      groupAcl(`${p.site}.`, 'prefix'),
      { resource: { type: 'group', name: '*', patternType: 'literal' }, operations: ['Describe'] },
      { resource: { type: 'cluster' }, operations: ['Describe', 'DescribeConfigs'] },
    ]),
  ];

  const siteAuth: ClientAuthentication = {
    type: 'scram-sha-512',
    username: 'mirror-maker',
    passwordSecret: { secretName: 'mirror-maker', password: 'password' },
  };
  const hubTls = { trustedCertificates: [] };
  const hubAuth = hubAuthentication(p);
  const flows: Array<KafkaMirrorMaker2 | KafkaConnect | KafkaConnector> = [];
  if (up.length > 0 && p.hubAuth === 'sas') {
    flows.push(...eventHubsUplink(p, { meta, labels, bootstrap, rf, up }));
  } else if (up.length > 0) {
    flows.push({
      apiVersion: STRIMZI_API_VERSION,
      kind: 'KafkaMirrorMaker2',
      metadata: meta('up'),
      spec: {
        version,
        replicas: 1,
        ...hubWorkers(p),
        // Connect state lives in the hub under the site prefix, so one prefixed ACL covers it.
        target: {
          alias: HUB_ALIAS,
          bootstrapServers: p.hubBootstrap,
          groupId: `${p.site}.mm2-up`,
          configStorageTopic: `${p.site}.mm2-up-configs`,
          statusStorageTopic: `${p.site}.mm2-up-status`,
          offsetStorageTopic: `${p.site}.mm2-up-offsets`,
          tls: hubTls,
          authentication: hubAuth,
          config: {
            'config.storage.replication.factor': 3,
            'offset.storage.replication.factor': 3,
            'status.storage.replication.factor': 3,
          },
        },
        mirrors: [
          {
            source: { alias: p.site, bootstrapServers: bootstrap, tls: siteTls, authentication: siteAuth },
            topicsPattern: topicsPattern(up.map((t) => t.name)),
            groupsPattern: siteGroups,
            sourceConnector: {
              tasksMax: Math.max(
                1,
                Math.min(
                  8,
                  up.reduce((n, t) => n + t.partitions, 0),
                ),
              ),
              autoRestart: { enabled: true },
              config: {
                // The default policy names hub topics <source alias>.<topic>: <site>.<topic>.
                'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
                'replication.policy.separator': '.',
                'replication.factor': 3,
                'offset-syncs.topic.location': 'source',
                'offset-syncs.topic.replication.factor': rf,
                'sync.topic.acls.enabled': false,
                'refresh.topics.interval.seconds': 600,
              },
            },
            checkpointConnector: {
              autoRestart: { enabled: true },
              config: {
                'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
                'checkpoints.topic.replication.factor': 3,
                'emit.checkpoints.interval.seconds': 60,
                // Offsets of the site's <site>.* groups land on <site>.<topic> in the hub, so a hub job can
                // take over where the site left off; app-* groups stay local.
                'sync.group.offsets.enabled': true,
                'sync.group.offsets.interval.seconds': 60,
                'offset-syncs.topic.location': 'source',
              },
            },
          },
        ],
      },
    });
  }
  if (down.length > 0) {
    flows.push({
      apiVersion: STRIMZI_API_VERSION,
      kind: 'KafkaMirrorMaker2',
      metadata: meta('down'),
      spec: {
        version,
        replicas: 1,
        ...hubWorkers(p),
        target: {
          alias: p.site,
          bootstrapServers: bootstrap,
          groupId: 'mm2-down',
          configStorageTopic: 'mm2-down-configs',
          statusStorageTopic: 'mm2-down-status',
          offsetStorageTopic: 'mm2-down-offsets',
          tls: siteTls,
          authentication: siteAuth,
          config: {
            'config.storage.replication.factor': rf,
            'offset.storage.replication.factor': rf,
            'status.storage.replication.factor': rf,
          },
        },
        mirrors: [
          {
            source: { alias: HUB_ALIAS, bootstrapServers: p.hubBootstrap, tls: hubTls, authentication: hubAuth },
            topicsPattern: topicsPattern(down.map((t) => t.hubTopic ?? t.name)),
            sourceConnector: {
              tasksMax: 1,
              autoRestart: { enabled: true },
              config: {
                // Global topics keep their names at the site; the up flow never lists them, so nothing loops.
                'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
                'replication.factor': rf,
                // Offset syncs stay at the site: the site writes nothing to the hub in this flow.
                'offset-syncs.topic.location': 'target',
                'offset-syncs.topic.replication.factor': rf,
                'sync.topic.acls.enabled': false,
              },
            },
            groupsPattern: siteGroups,
            checkpointConnector: {
              autoRestart: { enabled: true },
              config: {
                'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
                'checkpoints.topic.replication.factor': rf,
                'offset-syncs.topic.location': 'target',
                // A <site>.* group that consumed a global topic in the hub resumes at the site where it stopped.
                'sync.group.offsets.enabled': true,
                'sync.group.offsets.interval.seconds': 60,
              },
            },
          },
        ],
      },
    });
  }
  const connectors = (p.connectors ?? []).flatMap((c) => connectorManifests(p, c, { namespace, version, labels, bootstrap, siteTls }));
  return [kafka, pool, ...topics, ...users, ...flows, ...connectors];
}

/** The Connect of a site's uplink to an Event Hubs hub: its workers' group and state topics, under the mirror-maker user's `mm2-` prefix. */
export const EVENT_HUBS_UPLINK = 'mm2-up';

/** Mirror connector class shipped in Strimzi's Kafka image (connect-mirror), as KafkaMirrorMaker2 runs it. */
export const MIRROR_SOURCE_CONNECTOR = 'org.apache.kafka.connect.mirror.MirrorSourceConnector';

/**
 * The up flow of a site whose hub is an Event Hubs namespace. Strimzi's KafkaMirrorMaker2
 * keeps its Connect state in the target, which here would be three compacted event hubs
 * the site's send-only rule could neither read nor create. So the site runs a KafkaConnect
 * of its own, state in the site's Kafka, and one MirrorSourceConnector per up topic whose
 * producer writes to the namespace (producer.override.*, KIP-458; a regular source task keeps
 * its offsets in the worker's topic unless offsets.storage.topic is set, Kafka's
 * connect/runtime Worker.regularSourceTaskUsesConnectorSpecificOffsetsStore). Nothing of
 * MirrorMaker 2 lives in the hub: no checkpoint or heartbeat connector runs (nothing on the
 * hub side reads them, and a checkpoint would need the site's consumer groups there), offset
 * syncs are off (emit.offset-syncs.enabled, KIP-1031), topic configurations and ACLs are not
 * synchronised (a send-only rule cannot alter them). One connector per topic because a
 * rule's connection string opens one event hub.
 * @see https://learn.microsoft.com/azure/event-hubs/azure-event-hubs-apache-kafka-overview (SASL PLAIN, $ConnectionString)
 */
function eventHubsUplink(
  p: EdgeSiteSpec,
  at: {
    meta: (name: string) => { name: string; namespace: string; labels: Record<string, string> };
    labels: Record<string, string>;
    bootstrap: string;
    rf: number;
    up: readonly EdgeSiteSpec['topics'][number][];
  },
): [KafkaConnect, ...KafkaConnector[]] {
  // Strimzi mounts tls.trustedCertificates at /opt/kafka/connect-certs/<secret>/ (KafkaConnectCluster
  // TLS_CERTS_BASE_VOLUME_MOUNT); the connector's own site client reads the CA there as PEM.
  const siteCa = `/opt/kafka/connect-certs/${p.site}-cluster-ca-cert/ca.crt`;
  const mirrorMakerPassword = `\${directory:${connectorSecretPath('mirror-maker')}:password}`;
  const connect: KafkaConnect = {
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaConnect',
    metadata: {
      ...at.meta(EVENT_HUBS_UPLINK),
      labels: Object.fromEntries(Object.entries(at.labels).filter(([k]) => k !== STRIMZI_CLUSTER_LABEL)),
      annotations: { [USE_CONNECTOR_RESOURCES]: 'true' },
    },
    spec: {
      version: EDGE_KAFKA_VERSION,
      replicas: 1,
      bootstrapServers: at.bootstrap,
      groupId: `${EVENT_HUBS_UPLINK}-workers`,
      configStorageTopic: `${EVENT_HUBS_UPLINK}-configs`,
      offsetStorageTopic: `${EVENT_HUBS_UPLINK}-offsets`,
      statusStorageTopic: `${EVENT_HUBS_UPLINK}-status`,
      tls: { trustedCertificates: [{ secretName: `${p.site}-cluster-ca-cert`, pattern: '*.crt' }] },
      authentication: {
        type: 'scram-sha-512',
        username: 'mirror-maker',
        passwordSecret: { secretName: 'mirror-maker', password: 'password' },
      },
      config: {
        'config.storage.replication.factor': at.rf,
        'offset.storage.replication.factor': at.rf,
        'status.storage.replication.factor': at.rf,
        'config.providers': 'directory',
        'config.providers.directory.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
        // The connectors' producers write to the namespace, not to the workers' cluster.
        'connector.client.config.override.policy': 'All',
      },
      template: {
        pod: {
          volumes: [
            { name: 'hub-credentials', secret: { secretName: HUB_CREDENTIALS_SECRET } },
            { name: 'mirror-maker', secret: { secretName: 'mirror-maker' } },
          ],
        },
        connectContainer: {
          volumeMounts: [
            { name: 'hub-credentials', mountPath: connectorSecretPath(HUB_CREDENTIALS_SECRET), readOnly: true },
            { name: 'mirror-maker', mountPath: connectorSecretPath('mirror-maker'), readOnly: true },
          ],
        },
      },
    },
  };
  const connectors = at.up.map((t): KafkaConnector => {
    const hubTopic = t.hubTopic as string;
    // SASL PLAIN with the connection string of the site's send-only rule on this event hub; TLS to the
    // namespace's public certificate, verified against the image's default trust store.
    const hub = {
      'bootstrap.servers': p.hubBootstrap,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="$ConnectionString" password="\${directory:${connectorSecretPath(HUB_CREDENTIALS_SECRET)}:${hubTopic}}";`,
    };
    const prefixed = (prefix: string, config: Record<string, string>) =>
      Object.fromEntries(Object.entries(config).map(([k, v]) => [`${prefix}${k}`, v]));
    return {
      apiVersion: STRIMZI_API_VERSION,
      kind: 'KafkaConnector',
      metadata: { ...at.meta(`up-${t.name.replace(/[._]/g, '-')}`), labels: { ...at.labels, [STRIMZI_CLUSTER_LABEL]: EVENT_HUBS_UPLINK } },
      spec: {
        class: MIRROR_SOURCE_CONNECTOR,
        tasksMax: Math.max(1, Math.min(8, t.partitions)),
        autoRestart: { enabled: true },
        state: 'running',
        config: {
          'source.cluster.alias': p.site,
          'target.cluster.alias': HUB_ALIAS,
          ...prefixed('source.cluster.', {
            'bootstrap.servers': at.bootstrap,
            'security.protocol': 'SASL_SSL',
            'sasl.mechanism': 'SCRAM-SHA-512',
            'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="mirror-maker" password="${mirrorMakerPassword}";`,
            'ssl.truststore.type': 'PEM',
            'ssl.truststore.location': siteCa,
          }),
          ...prefixed('target.cluster.', hub),
          ...prefixed('producer.override.', hub),
          topics: topicsPattern([t.name]),
          // <site>.<topic> in the hub, the event hub the rule opens.
          'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
          'replication.policy.separator': '.',
          'sync.topic.configs.enabled': 'false',
          'sync.topic.acls.enabled': 'false',
          'emit.offset-syncs.enabled': 'false',
          'key.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
          'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
          'header.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
        },
      },
    };
  });
  return [connect, ...connectors];
}

/** Where a Connect worker mounts a secret the connector reads through the directory config provider. */
export function connectorSecretPath(secret: string): string {
  return `/opt/kafka/connector-secrets/${secret}`;
}

/** Artifact type of a plugin archive, by its file name. */
function artifactType(url: string): 'jar' | 'tgz' | 'zip' {
  return url.endsWith('.jar') ? 'jar' : url.endsWith('.zip') ? 'zip' : 'tgz';
}

/**
 * One connector at the site: its KafkaUser (least-privilege ACLs), a KafkaConnect of its
 * own whose image the operator builds from the declared plugin, verified by its SHA-512
 * (build.plugins[].artifacts[].sha512sum), and the KafkaConnector. One Connect per
 * connector keeps a plugin's failure and its restarts to itself; a site runs few.
 *
 * Names: the Connect is connect-<id>, its workers' group connect-<id>-workers and its
 * state topics connect-<id>-{configs,offsets,status}; the KafkaConnector is <id>, so a
 * sink consumes as group connect-<id> (Kafka Connect's connect-<connector name>).
 * @see https://strimzi.io/docs/operators/latest/deploying#creating-new-image-using-kafka-connect-build-str
 * @see https://kafka.apache.org/documentation/#connect_configuring (DirectoryConfigProvider, KIP-632)
 */
function connectorManifests(
  p: EdgeSiteSpec,
  c: ConnectorPlan,
  at: {
    namespace: string;
    version: string;
    labels: Record<string, string>;
    bootstrap: string;
    siteTls: { trustedCertificates: Array<{ secretName: string; pattern: string }> };
  },
): [KafkaUser, KafkaConnect, KafkaConnector] {
  const connect = `connect-${c.id}`;
  const workers = `${connect}-workers`;
  const [configs, offsets, status] = ['configs', 'offsets', 'status'].map((t) => `${connect}-${t}`);
  const rf = p.replicationFactor;
  const literal = (type: 'topic' | 'group', name: string, operations: AclRule['operations']): AclRule => ({
    resource: { type, name, patternType: 'literal' },
    operations,
  });
  const acls: AclRule[] = [
    ...c.topics.map((t) => literal('topic', t, c.direction === 'sink' ? ['Read', 'Describe'] : ['Write', 'Describe'])),
    ...(c.deadLetterTopic ? [literal('topic', c.deadLetterTopic, ['Write', 'Describe'])] : []),
    ...[configs, offsets, status].map((t) => literal('topic', t, ['Read', 'Write', 'Create', 'Describe', 'DescribeConfigs'])),
    literal('group', workers, ['Read', 'Describe']),
    ...(c.consumerGroup ? [literal('group', c.consumerGroup, ['Read', 'Describe'])] : []),
    // Exactly-once sources write in transactions named after the worker group (KIP-618).
    ...(c.delivery === 'exactly-once'
      ? [
          {
            resource: { type: 'transactionalId' as const, name: `${workers}-`, patternType: 'prefix' as const },
            operations: ['Write', 'Describe'] as AclRule['operations'],
          },
          { resource: { type: 'cluster' as const }, operations: ['IdempotentWrite'] as AclRule['operations'] },
        ]
      : []),
  ];
  const user: KafkaUser = {
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaUser',
    metadata: { name: c.principal, namespace: at.namespace, labels: at.labels },
    spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls } },
  };
  const secretVolume = c.secret ? 'connector-secret' : undefined;
  const kafkaConnect: KafkaConnect = {
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaConnect',
    metadata: {
      name: connect,
      namespace: at.namespace,
      // Not bound to the site's Kafka by label (bootstrapServers does it): no strimzi.io/cluster here.
      labels: {
        ...Object.fromEntries(Object.entries(at.labels).filter(([k]) => k !== STRIMZI_CLUSTER_LABEL)),
        'kafka-estate/connector': c.id,
      },
      annotations: { [USE_CONNECTOR_RESOURCES]: 'true' },
    },
    spec: {
      version: at.version,
      replicas: 1,
      bootstrapServers: at.bootstrap,
      groupId: workers,
      configStorageTopic: configs,
      offsetStorageTopic: offsets,
      statusStorageTopic: status,
      tls: at.siteTls,
      // The User Operator writes the password into a Secret named after the KafkaUser.
      authentication: { type: 'scram-sha-512', username: c.principal, passwordSecret: { secretName: c.principal, password: 'password' } },
      config: {
        'config.storage.replication.factor': rf,
        'offset.storage.replication.factor': rf,
        'status.storage.replication.factor': rf,
        'config.providers': 'directory',
        'config.providers.directory.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
        ...(c.delivery === 'exactly-once' && c.direction === 'source' ? { 'exactly.once.source.support': 'enabled' } : {}),
      },
      build: {
        output: { type: 'docker', image: `${p.connectRegistry ?? ''}/${connect}:${c.plugin?.sha512.slice(0, 16) ?? 'none'}` },
        plugins: [
          {
            name: c.type,
            artifacts: c.plugin ? [{ type: artifactType(c.plugin.location), url: c.plugin.location, sha512sum: c.plugin.sha512 }] : [],
          },
        ],
      },
      ...(c.secret && secretVolume
        ? {
            template: {
              pod: { volumes: [{ name: secretVolume, secret: { secretName: c.secret } }] },
              connectContainer: { volumeMounts: [{ name: secretVolume, mountPath: connectorSecretPath(c.secret), readOnly: true }] },
            },
          }
        : {}),
    },
  };
  const errors: Record<string, string> =
    c.direction !== 'sink'
      ? {}
      : c.deadLetterTopic
        ? {
            'errors.tolerance': 'all',
            'errors.deadletterqueue.topic.name': c.deadLetterTopic,
            'errors.deadletterqueue.topic.replication.factor': String(rf),
            'errors.deadletterqueue.context.headers.enable': 'true',
            'errors.log.enable': 'true',
          }
        : { 'errors.tolerance': c.errorTolerance };
  const connector: KafkaConnector = {
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaConnector',
    metadata: { name: c.id, namespace: at.namespace, labels: { ...at.labels, [STRIMZI_CLUSTER_LABEL]: connect } },
    spec: {
      class: c.class,
      tasksMax: c.tasks,
      // Unlimited restarts with the operator's backoff: a sink at a site that is offline fails until the link is back.
      autoRestart: { enabled: true },
      state: 'running',
      config: {
        ...(c.direction === 'sink' ? { topics: c.topics.join(',') } : {}),
        ...errors,
        ...connectorProperties(c, {
          secret: (key) => `\${directory:${connectorSecretPath(c.secret!)}:${key}}`,
          extra: c.config,
        }),
      },
    },
  };
  return [user, kafkaConnect, connector];
}

/** The bundle as one multi-document YAML file, in apply order. */
export function renderBundle(p: EdgeSiteSpec, manifests: ReadonlyArray<StrimziManifest | ConfigMap>): string {
  const credential =
    p.hubAuth === 'sas'
      ? `The Secret "${HUB_CREDENTIALS_SECRET}" (one key per hub topic, each the connection string of the site's send-only\n` +
        `# rule on that event hub) comes from the fleet's Key Vault, never from this file. Hub topics: `
      : p.hubAuth === 'service-account'
        ? `The Secret "${HUB_CLIENT_CERTIFICATE_SECRET}" (kubernetes.io/tls, CN ${p.hubIdentity.split('@')[0]})\n` +
          `# is the site's certificate from the fleet's CA, issued at the site, never in this file; no key or password reaches the hub. Hub topics: `
        : `The Secret "${HUB_CREDENTIALS_SECRET}" (key password)\n# comes from the hub's secret store, never from this file. Hub topics: `;
  const head =
    `# Edge bundle of site ${p.site} (fleet ${p.fleet}, environment ${p.env}), generated by kafka-estate; do not edit.\n` +
    `# Apply with the site's GitOps agent after the Strimzi 1.x operator. ${credential}${
      p.topics
        .filter((t) => t.direction === 'up')
        .map((t) => t.hubTopic)
        .join(', ') || 'none'
    };\n` +
    (p.hubAuth === 'sas'
      ? '# MirrorMaker 2 keeps no topic in the hub (state, offsets and no checkpoints at the site).\n'
      : `# MirrorMaker 2 checkpoints in the hub: ${checkpointsTopic(p.site)}.\n`);
  return head + manifests.map((m) => `---\n${toYaml(m as unknown as Record<string, unknown>)}`).join('');
}
