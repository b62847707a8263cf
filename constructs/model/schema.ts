import { z } from 'zod';
import { DURATION_PATTERN } from './duration';

/**
 * The environment schema: the single source of the environment's TypeScript types
 * (`z.infer`) and of environments/schema.json. Objects are strict, so a misspelt key
 * is an error rather than a silently ignored setting. Defaults are not filled in here;
 * they come from model/defaults.ts so the file keeps meaning what the user wrote.
 */

const NAME_RULE = 'lowercase letters, digits and dashes, starting with a letter and not ending with a dash';
const nameRe = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** A name used in Terraform addresses and cloud resource names. */
export const Name = (max: number) =>
  z
    .string({ error: 'must be a name (a string)' })
    .min(2, { error: `must be at least 2 characters (${NAME_RULE})` })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(nameRe, { error: `must be ${NAME_RULE}` });

export const Duration = z
  .string({ error: 'must be a duration string such as 30s, 5m, 4h or 7d' })
  .regex(DURATION_PATTERN, { error: 'must be a duration such as 0s, 500ms, 30s, 5m, 4h, 7d or 2w' });

const Cidr = z
  .string({ error: 'must be an IPv4 CIDR such as 10.10.0.0/16' })
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: 'must be an IPv4 CIDR such as 10.10.0.0/16' });

const PositiveInt = (what: string, max: number) =>
  z
    .number({ error: `must be a whole number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .min(1, { error: `must be at least 1 (${what})` })
    .max(max, { error: `must be at most ${max} (${what})` });

export const CloudKind = z.enum(['aws', 'azure', 'gcp', 'onprem', 'edge']);
export const SiteRole = z.enum(['primary', 'secondary', 'dr', 'witness', 'edge']);
/**
 * The built-in cluster kinds (constructs/kinds/<kind>/). A kind registered at run time
 * (kinds/index.ts registerKind) is also accepted: the file's `kind` is any kind-like
 * name here, and validation refuses names nobody registered. Editors complete the
 * built-in ones (the JSON schema keeps the enum).
 */
export const ClusterKind = z.enum(['msk', 'msk-serverless', 'self-managed', 'event-hubs', 'gcp-managed', 'edge']);
const RegisteredKind = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a cluster kind such as msk, self-managed or event-hubs' })
  .meta({ enum: ClusterKind.options });
export const DataClassEnum = z.enum(['public', 'internal', 'confidential', 'restricted']);
export const ClientAuth = z.enum(['iam', 'scram', 'mtls']);

/** Where alerts of one severity go; the product creates the topic, action group or channels. */
export const AlertTargetsSchema = z
  .object({
    email: z
      .array(z.email({ error: 'must be an email address' }))
      .optional()
      .describe('Addresses alerted by email (SNS email subscription, action group email receiver, Google Cloud email channel).'),
    https: z
      .array(z.url({ protocol: /^https$/, error: 'must be an https:// URL (alerts never travel over plain http)' }))
      .optional()
      .describe('Webhooks called over HTTPS (incident tools, chat), e.g. https://events.example.com/kafka.'),
  })
  .strict();

/** Severity routing: `page` wakes someone now, `ticket` waits for working hours. */
export const AlertsSchema = z
  .object({
    page: AlertTargetsSchema.describe('Alarms that need a person now: an objective is about to be breached.'),
    ticket: AlertTargetsSchema.optional().describe('Alarms that can wait for working hours (capacity, drift). @default the page targets'),
  })
  .strict();

const S3Backend = z
  .object({
    type: z.literal('s3'),
    bucket: z.string().min(3).describe('An existing S3 bucket that holds the state.'),
    region: z.string().describe('Region of the bucket.'),
    keyPrefix: z.string().optional().describe('Folder of the state keys (<keyPrefix>/<stack>.tfstate). @default the environment name'),
    kmsKeyId: z.string().optional().describe("KMS key (id, alias or ARN) that encrypts the state. @default the bucket's own encryption"),
  })
  .strict()
  .describe('One S3 bucket (S3-native locking with use_lockfile, encrypted).');
const AzurermBackend = z
  .object({
    type: z.literal('azurerm'),
    resourceGroupName: z.string(),
    storageAccountName: z.string(),
    containerName: z.string(),
  })
  .strict()
  .describe('One Azure storage container (Entra ID auth, blob lease locking); key <env>/<stack>.tfstate.');
const GcsBackend = z
  .object({
    type: z.literal('gcs'),
    bucket: z.string(),
    prefix: z.string().optional().describe('Folder of the states (<prefix>/<stack>). @default the environment name'),
  })
  .strict()
  .describe('One Google Cloud Storage bucket (native locking); prefix <prefix>/<stack>.');
const LocalBackend = z
  .object({ type: z.literal('local') })
  .strict()
  .describe('State files in ./state at the project root (dev only).');

/** `{region}` in a template is replaced by the region of the site whose stacks the store holds. */
export const REGION_PLACEHOLDER = '{region}';
const withRegion = (what: string) =>
  z
    .string()
    .min(3)
    .refine((v) => v.includes(REGION_PLACEHOLDER), { error: `must contain ${REGION_PLACEHOLDER}: one ${what} per region` });

/**
 * One state store per cloud region: each stack keeps its state in the region of its own
 * site, so losing a region blocks only that region's stacks. The `<env>-bootstrap-<cloud>-<region>`
 * stacks create the stores.
 */
const PerRegionBackend = z
  .object({
    type: z.literal('per-region'),
    aws: z
      .object({
        bucket: withRegion('bucket').describe(
          'S3 bucket name with {region}, e.g. banking-tfstate-{region}-111122223333 (names are global).',
        ),
        keyPrefix: z.string().optional().describe('Folder of the state keys (<keyPrefix>/<stack>.tfstate). @default the environment name'),
        kmsKeyId: z
          .string()
          .optional()
          .describe(
            'KMS key that encrypts the state (must exist in every region: use alias/<name>). @default a key the bootstrap stack creates in each region, alias/<env>-tfstate',
          ),
      })
      .strict()
      .optional()
      .describe('Stores of AWS sites: an S3 bucket per region, versioned, encrypted, S3-native locking.'),
    azure: z
      .object({
        resourceGroupName: z.string().min(1).describe('Resource group of the storage account; may contain {region}.'),
        storageAccountName: withRegion('storage account').describe(
          'Storage account name with {region}, e.g. pubsectf{region} (3-24 lowercase letters and digits once filled in).',
        ),
        containerName: z.string().default('tfstate').describe('Blob container of the states. @default tfstate'),
      })
      .strict()
      .optional()
      .describe('Stores of Azure sites: a storage account per region, blob versioning, Entra ID auth, lease locking.'),
    gcp: z
      .object({
        bucket: withRegion('bucket').describe('Bucket name with {region}, e.g. retail-tfstate-{region} (names are global).'),
        prefix: z.string().optional().describe('Folder of the states (<prefix>/<stack>). @default the environment name'),
      })
      .strict()
      .optional()
      .describe('Stores of Google Cloud sites: a regional bucket per region, object versioning, native locking.'),
  })
  .strict()
  .describe('A state store per cloud region (the default for prod): every stack keeps its state in its own failure domain.');

export const BackendSchema = z.discriminatedUnion('type', [LocalBackend, S3Backend, AzurermBackend, GcsBackend, PerRegionBackend]);
/** A backend a site may declare for its own stacks: one store, in the site's region. */
export const SiteBackendSchema = z.discriminatedUnion('type', [S3Backend, AzurermBackend, GcsBackend]);

export const SiteSchema = z
  .object({
    id: Name(16).describe('Site id; the stack of the site is named <env>-<site>.'),
    cloud: CloudKind,
    region: z.string().min(1).describe('Cloud region (eu-central-1, westeurope, europe-west3) or a free-text location for onprem/edge.'),
    role: SiteRole.default('primary').describe('primary | secondary | dr | witness | edge'),
    cidr: Cidr.describe('Address space of the site; must not overlap any other site.'),
    clientCidrs: z.array(Cidr).optional().describe('Networks allowed to reach the brokers. @default the site CIDR only'),
    offlineWindow: Duration.optional().describe('Longest time the site runs disconnected (edge sites).'),
    uplinkMbps: z.number().positive().optional().describe('Uplink bandwidth when connected, in Mbit/s (edge sites).'),
    rttMs: z
      .record(z.string(), z.number().positive())
      .optional()
      .describe('Measured round-trip time to other sites in ms, by site id (either side may declare a pair).'),
    tags: z.record(z.string(), z.string()).optional(),
    alerts: AlertsSchema.optional().describe(
      "Alert targets for this site's alarms (a store's own team). @default the environment's alerts",
    ),
    backend: SiteBackendSchema.optional().describe(
      "Where this site's stacks keep their state, when not the environment's per-region store (an existing bucket or container in the site's region). @default the environment's backend",
    ),
  })
  .strict();

export const ThroughputSchema = z
  .object({
    inMBps: z.number().positive().describe('Produced MB/s at peak, before replication.'),
    outMBps: z.number().positive().describe('Consumed MB/s at peak.'),
    messageBytes: z.number().int().positive().default(1024).describe('Average message size in bytes.'),
    retention: Duration.optional().describe(
      "How long the bulk of this traffic is kept, for disk sizing. @default the longest retention of the cluster's topics",
    ),
  })
  .strict();

const S3_ARCHIVE = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.(tgz|tar\.gz)$/, {
  error: 'must be an s3://bucket/key.tgz path of the Apache Kafka binary distribution',
});

export const KafkaArtifactSchema = z
  .object({
    locations: z
      .record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region name' }), S3_ARCHIVE)
      .describe(
        'AWS region -> s3://bucket/key.tgz of a copy in a bucket of that region; every region of the cluster needs one, as the nodes reach S3 through a gateway endpoint, which serves same-region buckets only.',
      ),
    sha512: z
      .string()
      .describe('SHA-512 of the archive as Apache publishes it in the .sha512 file (128 hex digits, any case, spaces allowed).'),
  })
  .strict();

export const EventHubsOptionsSchema = z
  .object({
    tier: z.enum(['standard', 'premium']).optional().describe('Event Hubs tier; Basic has no Kafka endpoint. @default standard'),
    capacity: PositiveInt('throughput or processing units', 40)
      .optional()
      .describe('Throughput units (standard) or processing units (premium). @default sized from the cluster throughput'),
    maxThroughputUnits: PositiveInt('throughput units', 40)
      .optional()
      .describe('Auto-inflate ceiling (standard). @default twice the sized capacity, at most 40'),
    privateEndpoint: z.boolean().optional().describe('Private endpoint in the site network with a privatelink DNS zone. @default true'),
    localAuth: z
      .boolean()
      .optional()
      .describe(
        'Allow SAS keys besides Entra ID. Refused in prod unless the namespace is the hub of an edge fleet (its sites sign in with send-only rules). @default false',
      ),
    customerManagedKey: z
      .boolean()
      .optional()
      .describe('Encrypt with a Key Vault key that rotates (premium only). @default true on premium'),
  })
  .strict();

export const ClusterSchema = z
  .object({
    id: Name(20),
    kind: RegisteredKind,
    sites: z.array(z.string()).min(1, { error: 'must name at least one site' }).describe('Site ids the cluster lives in.'),
    brokers: PositiveInt('brokers', 1000).optional().describe('Total brokers (msk: a multiple of the 3 zones). @default 3'),
    brokersPerSite: PositiveInt('brokers per site', 100).optional().describe('Brokers in each site (stretched clusters).'),
    controllersPerSite: PositiveInt('KRaft controllers per site', 9)
      .optional()
      .describe('KRaft controllers in each site (stretched clusters).'),
    instanceType: z.string().optional().describe('Broker instance type. @default kafka.m7g.large (msk), m7i.xlarge (self-managed)'),
    storageGiB: PositiveInt('GiB', 16384).optional().describe('Data volume per broker, GiB. @default 100'),
    kafkaVersion: z.string().optional().describe('Kafka version. @default 3.9.x (msk)'),
    clientAuth: z.array(ClientAuth).min(1).optional().describe('How clients authenticate. @default [iam]'),
    throughput: ThroughputSchema.optional(),
    produceLatencyBudgetMs: z
      .number()
      .positive()
      .optional()
      .describe('Stretched clusters: produce latency the cross-site replication may add, ms; above it validation warns.'),
    kafkaArtifact: KafkaArtifactSchema.optional().describe(
      'Self-managed clusters: where the brokers fetch the Kafka distribution (no internet egress).',
    ),
    eventHubs: EventHubsOptionsSchema.optional().describe('Event Hubs namespace settings (kind event-hubs).'),
  })
  .strict();

export const TopicSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(200, { error: 'must be at most 200 characters' })
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'must be lowercase letters, digits, dots, dashes and underscores' }),
    cluster: z.string().describe('Id of the cluster the topic lives in.'),
    partitions: PositiveInt('partitions', 100000),
    replicationFactor: PositiveInt('replication factor', 16).optional().describe('@default 3'),
    minInsyncReplicas: z.number().int().max(15).optional().describe('@default 2'),
    retention: Duration.optional().describe('How long records are kept. @default 7d'),
    dataClass: DataClassEnum.optional().describe('@default internal'),
    group: z.string().optional().describe('Topic group whose resilience objective applies.'),
    transactional: z.boolean().optional().describe('Written by exactly-once (transactional) producers.'),
    schema: z.string().optional().describe('Id of the event schema (eventSchemas) its records follow.'),
  })
  .strict();

export const TopicGroupSchema = z
  .object({
    id: Name(32),
    rpo: Duration.describe('Most data the group may lose when a failure domain is lost.'),
    rto: Duration.describe('Longest time writes and reads may stop when a failure domain is lost.'),
    scope: z
      .enum(['zone', 'site', 'region', 'provider'])
      .optional()
      .describe(
        'Failure the objective must survive, and every narrower one: zone, site, region (every site in one cloud region at once) or provider (every site on one cloud). @default site',
      ),
    description: z.string().optional(),
  })
  .strict();

export const ReplicationSchema = z
  .object({
    id: Name(32).optional(),
    from: z.string().describe('Source cluster id.'),
    to: z.string().describe('Target cluster id.'),
    mode: z.enum(['active-passive', 'active-active', 'migration']),
    topics: z.array(z.string()).min(1).describe('Topic names on the source cluster.'),
    maxLag: Duration.optional().describe('Replication lag budget; the RPO of the copy.'),
    failoverTime: Duration.optional().describe(
      'Time to move producers and consumers to the copy when the source site is lost; the RTO of the copy. @default 15m',
    ),
    mirrorMakerPlugin: z
      .string()
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.zip$/, { error: 'must be an s3://bucket/key.zip path' })
      .optional()
      .describe('MirrorMaker 2 on MSK Connect: the custom plugin zip (connect-mirror jars and the Secrets Manager config provider).'),
    implementation: z
      .enum(['msk-replicator', 'mirror-maker-2', 'geo-dr'])
      .optional()
      .describe(
        'Override the implementation picked from the two ends (msk -> msk: msk-replicator; event-hubs -> event-hubs: geo-dr, metadata only; otherwise mirror-maker-2).',
      ),
    startingPosition: z
      .enum(['earliest', 'latest'])
      .optional()
      .describe('Where the copy starts on each source partition. @default earliest (a DR copy or migration needs the history)'),
    reversed: z
      .boolean()
      .optional()
      .describe('Failback in progress: copy from `to` back to `from` (active-passive only; see the link runbook). @default false'),
  })
  .strict();

const Ipv4Address = z
  .string({ error: 'must be an IPv4 address such as 203.0.113.10' })
  .regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: 'must be an IPv4 address such as 203.0.113.10' });

export const IkeSchema = z
  .object({
    encryption: z.string().describe('IKE and IPsec encryption: aes256-gcm | aes256. @default aes256-gcm'),
    integrity: z.string().describe('IKE integrity / PRF: sha256 | sha384 | sha512. @default sha384'),
    dhGroup: z.number().int().describe('Diffie-Hellman group for IKE and PFS: 14 | 19 | 20 | 21. @default 20 (ECP-384)'),
  })
  .partial()
  .strict();

export const LinkSchema = z
  .object({
    id: Name(24).describe('Link id; names its tunnels, secrets and the rendered on-premises configuration.'),
    kind: z.enum(['vpn']).optional().describe('How the sites are joined: vpn = IPsec (IKEv2) with BGP. @default vpn'),
    between: z
      .array(z.string(), { error: 'must list the two site ids the link joins' })
      .length(2, { error: 'must name exactly two sites, e.g. [hub, store-berlin]' })
      .describe('The two sites the link joins.'),
    asn: z
      .record(z.string(), z.number({ error: 'must be a BGP ASN (a number)' }).int({ error: 'must be a whole number' }))
      .optional()
      .describe(
        'Private BGP ASN per end, keyed by site id (64512-65534 or 4200000000-4294967294). An end left out gets one allocated; a site keeps one ASN across all its links.',
      ),
    publicIps: z
      .record(z.string(), z.array(Ipv4Address).min(1).max(2, { error: 'at most 2 public addresses per end' }))
      .optional()
      .describe(
        'Public IPv4 addresses of an onprem/edge end (its VPN device, or the NAT in front of it), keyed by site id. Cloud ends get theirs from their gateway.',
      ),
    insideCidrs: z
      .array(Cidr)
      .optional()
      .describe('Pins the inside-tunnel /30s (169.254.0.0/16), one per tunnel in tunnel order. @default allocated in link order'),
    ike: IkeSchema.optional().describe('IKEv2/IPsec proposal, strong ciphers only. @default aes256-gcm, sha384, DH group 20'),
  })
  .strict();

/** Field names usable unquoted in stream queries and JSON records. */
const FieldName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'must be a field name: letters, digits and underscores, starting with a letter' });

export const EventFieldType = z.enum(['string', 'number', 'integer', 'boolean', 'datetime']);

export const EventSchemaSchema = z
  .object({
    id: Name(32),
    fields: z.record(FieldName, EventFieldType).describe('Field name -> type of every field a record carries.'),
    timestamp: FieldName.optional().describe(
      'Event-time field (datetime); stream processing orders by it. @default the broker arrival time',
    ),
  })
  .strict();

export const ProducerSchema = z
  .object({
    id: Name(32).describe('Producing application or plant.'),
    location: z.string().min(1).optional().describe('Where it runs (plant, city).'),
    cluster: z.string().describe('Cluster it writes to.'),
    topics: z.array(z.string()).min(1, { error: 'must name at least one topic' }),
    eventsPerSecond: z.number().positive().optional().describe('Peak events per second it sends.'),
    principalId: z
      .uuid({ error: 'must be an Entra ID object id (a GUID)' })
      .optional()
      .describe('Entra ID object id of its identity; granted send on its topics (event-hubs).'),
  })
  .strict();

export const ConsumerSchema = z
  .object({
    id: Name(50).describe('Consuming application; also its consumer group name.'),
    cluster: z.string(),
    topics: z.array(z.string()).min(1, { error: 'must name at least one topic' }),
    principalId: z
      .uuid({ error: 'must be an Entra ID object id (a GUID)' })
      .optional()
      .describe('Entra ID object id of its identity; granted receive on its topics (event-hubs).'),
  })
  .strict();

const StepBase = {
  id: Name(32).describe('Step id; later steps read it with from.'),
  from: z.string().optional().describe('Step id or the pipeline input it reads. @default the pipeline input'),
  output: z.string().optional().describe('Topic the step writes to, declared on the pipeline cluster.'),
};

export const FilterStepSchema = z
  .object({
    kind: z.literal('filter'),
    ...StepBase,
    where: z
      .object({
        field: FieldName,
        op: z.enum(['>', '>=', '<', '<=', '=', '!=']),
        value: z.union([z.number(), z.string(), z.boolean()]),
      })
      .strict(),
  })
  .strict();

export const TumblingWindowStepSchema = z
  .object({
    kind: z.literal('tumbling-window'),
    ...StepBase,
    window: Duration.describe('Window size, e.g. 1h.'),
    groupBy: z.array(FieldName).optional().describe('Fields each window is computed per. @default none (one row per window)'),
    aggregates: z
      .array(
        z
          .object({
            fn: z.enum(['count', 'avg', 'min', 'max', 'sum']),
            field: FieldName.optional().describe('Field aggregated; not for count.'),
            as: FieldName,
          })
          .strict(),
      )
      .min(1, { error: 'must list at least one aggregate' }),
  })
  .strict();

export const AnomalyStepSchema = z
  .object({
    kind: z.literal('anomaly-detection'),
    ...StepBase,
    field: FieldName.describe('Numeric field scored.'),
    partitionBy: FieldName.optional().describe('One model per value of this field (a sensor id).'),
    mode: z.enum(['spikes', 'dips', 'spikesanddips']).optional().describe('@default spikesanddips'),
    confidence: z.number().optional().describe('Percent, 1 to 100. @default 95'),
    historySize: z.number().int().optional().describe('Events in the sliding history the model learns from. @default 120'),
    window: Duration.optional().describe('Sliding history duration (LIMIT DURATION). @default 1h'),
  })
  .strict();

export const PipelineStepSchema = z.discriminatedUnion('kind', [FilterStepSchema, TumblingWindowStepSchema, AnomalyStepSchema]);

export const PipelineSchema = z
  .object({
    id: Name(32),
    cluster: z.string().describe('Event Hubs cluster holding the input and output topics.'),
    input: z.string().describe('Topic read; its schema declares the fields steps may use.'),
    streamingUnits: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Stream Analytics units (1, 3, 6, 12 ... 120). @default sized from the cluster throughput'),
    steps: z.array(PipelineStepSchema).min(1, { error: 'must list at least one step' }),
  })
  .strict();

const EdgeDelivery = z.enum(['direct', 'pull']);

/** Settings of an edge site; a fleet's `defaults` and each site's overrides share this shape. */
const EdgeSettingsShape = {
  nodes: PositiveInt('Kafka nodes at the site', 9)
    .optional()
    .describe('Kafka nodes (KRaft, combined broker and controller): 1 for a kiosk, 3 for a ship or a well site. @default 1'),
  offlineWindow: Duration.optional().describe('Longest time the site runs without its uplink; local retention must cover it.'),
  retention: Duration.optional().describe('Local retention of site topics. @default offline window x 1.5, rounded up to the hour'),
  uplinkMbps: z
    .number()
    .positive()
    .optional()
    .describe('Uplink bandwidth when connected, Mbit/s; sets the catch-up time after a reconnect.'),
  ingressMBps: z.number().positive().optional().describe('MB/s written at the site at peak (all topics); sizes the disk.'),
  upMBps: z.number().positive().optional().describe('MB/s of that pushed up to the hub. @default ingressMBps'),
  storageGiB: PositiveInt('GiB', 65536)
    .optional()
    .describe('Data volume per node, GiB. @default computed from ingress, retention and replicas'),
  storageClass: z.string().min(1).optional().describe('Kubernetes storage class of the site cluster. @default the cluster default class'),
  delivery: EdgeDelivery.optional().describe(
    'direct: Terraform applies the manifests over the site link; pull: the site GitOps agent pulls a bundle from the hub object store. @default pull',
  ),
  kubeApi: z
    .url({ error: 'must be a URL such as https://10.101.1.10:6443' })
    .optional()
    .describe('Kubernetes API of the site, reachable over its link (direct delivery).'),
  connectRegistry: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d{2,5})?(\/[a-z0-9._-]+)*$/, { error: 'must be a registry and path such as registry.site.internal:5000/kafka' })
    .optional()
    .describe(
      'Container registry at the site (host[:port]/path) where Strimzi pushes the Kafka Connect image it builds with the connectors\u2019 plugins, and the site pulls it from. Required for a site with connectors.',
    ),
  mirrorMakerImage: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d{2,5})?(\/[a-z0-9._-]+)+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/, {
      error: 'must be an image reference with a tag or digest, such as registry.site.internal:5000/kafka/mirror-maker:0.1',
    })
    .optional()
    .describe(
      "Image of the site's MirrorMaker 2 workers when the hub is Managed Kafka: Strimzi's Kafka image with Google's login handler (Maven com.google.cloud.hosted.kafka:managed-kafka-auth-login-handler) and com.google.auth:google-auth-library-oauth2-http 1.35.0 or later (X.509 workload identity federation) on its classpath. Required for sites of a gcp-managed hub.",
    ),
};

export const EdgeSettingsSchema = z.object(EdgeSettingsShape).strict();

/** One PEM-encoded X.509 certificate (public material only). */
const PemCertificate = z.string().regex(/^\s*-----BEGIN CERTIFICATE-----\s[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/, {
  error: 'must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)',
});

export const EdgeFleetSiteSchema = z
  .object({
    id: Name(16).describe('Site id; hub topics of the site are named <site>.<topic>.'),
    location: z.string().min(1).optional().describe('Where the site is (ship name, town, well), for people.'),
    ...EdgeSettingsShape,
  })
  .strict();

export const EdgeTopicSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(200, { error: 'must be at most 200 characters' })
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'must be lowercase letters, digits, dots, dashes and underscores' }),
    direction: z
      .enum(['up', 'down', 'local'])
      .describe(
        'up: written at the site, pushed to the hub as <site>.<name>; down: a hub topic mirrored to every site; local: never leaves the site.',
      ),
    partitions: PositiveInt('partitions', 1000),
    hubTopic: z.string().optional().describe('down: the hub topic mirrored to the site (same name at the site). @default name'),
  })
  .strict();

export const EdgeFleetSchema = z
  .object({
    id: Name(16).describe('Fleet id; the hub-side stack of the fleet is <env>-<fleet>.'),
    hub: z.string().describe('Id of the hub cluster the sites replicate with.'),
    hubBootstrap: z
      .string()
      .regex(/^[a-z0-9.-]+:\d{2,5}(,[a-z0-9.-]+:\d{2,5})*$/, { error: 'must be host:port[,host:port...]' })
      .optional()
      .describe(
        'Bootstrap servers the sites dial to reach the hub (over their VPN, private interconnect or PrivateLink); the hub never dials a site. @default derived for gcp-managed and event-hubs hubs from their planned names; for msk hubs the broker names are written into each pulled bundle at apply (directly delivered sites need it); required for self-managed hubs',
      ),
    description: z.string().optional(),
    defaults: EdgeSettingsSchema.default({}).describe('Settings of every site unless the site overrides them.'),
    topics: z.array(EdgeTopicSchema).min(1, { error: 'must list at least one topic' }),
    sites: z.array(EdgeFleetSiteSchema).min(1, { error: 'must list at least one site' }),
    // Limits: 3 trust anchors and 10 intermediate CAs per trust store
    // (cloud.google.com/iam/docs/workload-identity-federation-with-x509-certificates, "Limits").
    siteCertificateAuthority: z
      .object({
        trustAnchors: z
          .array(PemCertificate)
          .min(1, { error: 'must list at least one CA certificate' })
          .max(3, { error: 'takes at most 3 trust anchors' })
          .describe('Root CA certificates (PEM) the site certificates chain up to.'),
        intermediates: z
          .array(PemCertificate)
          .max(10, { error: 'takes at most 10 intermediate CAs' })
          .optional()
          .describe('Intermediate CA certificates (PEM) between the roots and the site certificates.'),
      })
      .strict()
      .optional()
      .describe(
        "The fleet's own certificate authority (public certificates only). Sites of a gcp-managed hub hold a client certificate from it whose subject CN is the site's service account id (edge-<env>-<site>, at most 30 characters), and trade it for short-lived Google credentials through workload identity federation: no service-account key exists. Required for fleets of a gcp-managed hub.",
      ),
  })
  .strict();

/**
 * Connector types the product knows: each names its direction and the connector class
 * per runtime (constructs/kinds/<kind>/connectors.ts). `custom` runs a class the file
 * names, from a plugin the file declares.
 */
export const ConnectorType = z.enum([
  's3-sink',
  'gcs-sink',
  'azure-storage-sink',
  'bigquery-sink',
  'http-sink',
  'jdbc-source',
  'debezium-postgres-source',
  'debezium-mysql-source',
  'mqtt-source',
  'custom',
]);

export const ConnectorSchema = z
  .object({
    id: Name(32).describe('Connector id; names the connector, its role or user, its alarms and its runbook.'),
    cluster: z.string().optional().describe('Id of the cluster the connector runs beside (give this or edgeSite).'),
    edgeSite: z
      .string()
      .optional()
      .describe('Id of an edge fleet site whose own cluster the connector runs beside (give this or cluster).'),
    type: ConnectorType.describe('A known connector type, or custom with class and direction.'),
    class: z.string().min(1).optional().describe('connector.class of a custom connector, e.g. com.example.ExampleSinkConnector.'),
    direction: z
      .enum(['source', 'sink'])
      .optional()
      .describe('custom connectors: source (into Kafka) or sink (out of Kafka). @default from type'),
    topics: z.array(z.string()).min(1, { error: 'must name at least one topic' }).describe('Topics the sink reads or the source writes.'),
    system: z
      .string()
      .min(1)
      .describe(
        'The external system as a URL: s3://bucket/prefix, gs://bucket/prefix, abfss://container@account.dfs.core.windows.net/path, bigquery://project/dataset, postgresql://host:5432/db, mysql://host:3306/db, jdbc:postgresql://host/db, ssl://broker:8883 (MQTT), https://api.example.com/path.',
      ),
    systemCidrs: z
      .array(Cidr)
      .min(1, { error: 'must name at least one range' })
      .optional()
      .describe(
        "Address ranges the system listens in (a database's subnets). MSK Connect gives its workers an egress rule to them on the system URL's port and nowhere else; required for a database on MSK Connect.",
      ),
    credentials: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'How the connector signs in to the system, by reference only: { secret: <Secrets Manager ARN | projects/<p>/secrets/<s> | Kubernetes secret name> }. Values (user, password, key) are refused. @default the runtime identity (IAM role, service agent, managed identity)',
      ),
    tasks: PositiveInt('tasks', 100).optional().describe('tasks.max. @default 1'),
    errors: z
      .object({
        tolerance: z
          .enum(['none', 'all'])
          .describe('none: the task stops on a bad record; all: bad records are skipped (to the dead-letter topic).'),
        deadLetterTopic: z.string().optional().describe('Declared topic bad records go to (sinks); required with tolerance all.'),
      })
      .strict()
      .optional()
      .describe('What a record the connector cannot handle does. @default { tolerance: none }'),
    delivery: z
      .enum(['at-least-once', 'exactly-once'])
      .optional()
      .describe('Delivery semantics; exactly-once only where the runtime and connector support it. @default at-least-once'),
    plugin: z
      .object({
        location: z
          .string()
          .regex(/^(s3|https):\/\/[^\s]+\.(zip|jar|tgz|tar\.gz)$/, {
            error: 'must be an s3:// or https:// URL of a .zip, .jar or .tgz plugin',
          })
          .describe('Plugin archive in the artifact store (s3://bucket/key.zip for MSK Connect; an https URL the edge build fetches).'),
        sha512: z
          .string()
          .regex(/^[0-9a-fA-F]{128}$/, { error: 'must be the SHA-512 of the archive (128 hex digits)' })
          .describe('SHA-512 of the archive; the plan refuses a plugin whose digest differs.'),
      })
      .strict()
      .optional()
      .describe('Connector plugin, for runtimes without the connector built in (MSK Connect, Strimzi).'),
    config: z.record(z.string(), z.string()).optional().describe('Further connector properties (non-secret); secrets go in credentials.'),
  })
  .strict();

export const AccountsSchema = z
  .object({
    aws: z
      .object({
        accountId: z
          .string()
          .regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' })
          .optional(),
      })
      .strict()
      .optional(),
    azure: z
      .object({
        subscriptionId: z.uuid({ error: 'must be a subscription id (a GUID)' }),
        tenantId: z.uuid({ error: 'must be a tenant id (a GUID)' }).optional(),
        deployerCidrs: z
          .array(z.string())
          .min(1)
          .optional()
          .describe(
            'Public IPv4 addresses or ranges (CIDR) the machines that run Terraform leave from; admitted by the firewalls of the Key Vaults Terraform writes keys to.',
          ),
      })
      .strict()
      .optional(),
    gcp: z
      .object({
        projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { error: 'must be a Google Cloud project id' }),
        projectNumber: z
          .string()
          .regex(/^\d{6,19}$/, {
            error: 'must be the numeric project number (gcloud projects describe <id> --format=value(projectNumber))',
          })
          .optional()
          .describe(
            'Project number of projectId. Edge sites of a gcp-managed hub name their workload identity provider by it (projects/<number>/locations/global/workloadIdentityPools/...); the fleet stack checks it against the pool it creates. Required with such fleets.',
          ),
      })
      .strict()
      .optional(),
  })
  .strict();

export const SuppressionSchema = z
  .object({
    rule: z
      .string()
      .regex(/^KAF-\d{3}$/, { error: 'must be a policy rule id such as KAF-020' })
      .describe('Policy rule id to waive.'),
    scope: z
      .string()
      .min(1)
      .describe('Construct path the waiver covers, stack id first (e.g. retail-ship1/edge); everything below it is covered.'),
    reason: z
      .string({ error: 'must say why the rule does not apply (at least 20 characters)' })
      .trim()
      .min(20, { error: 'must say why the rule does not apply in at least 20 characters' })
      .describe('Why the rule does not apply here; shown in the synthesized output and the review.'),
  })
  .strict();

export const PolicySchema = z
  .object({
    suppressions: z.array(SuppressionSchema).optional().describe('Policy rules waived for part of the estate, each with its reason.'),
  })
  .strict();

export const EnvironmentSchema = z
  .object({
    $schema: z.string().optional(),
    name: Name(12).describe('Environment name; prefixes every stack (<env>-<site>).'),
    stage: z.enum(['dev', 'prod']),
    owner: z.string().min(1).describe('Team that owns the estate; tagged on every resource.'),
    tags: z.record(z.string(), z.string()).optional(),
    accounts: AccountsSchema.optional(),
    alerts: AlertsSchema.optional().describe(
      'Where alarms go, by severity; required once an objective is declared, since an alarm nobody receives watches nothing.',
    ),
    backend: BackendSchema.optional().describe(
      'Where the stacks keep their Terraform state: per-region (a store per cloud region, created by the bootstrap stacks), one s3/azurerm/gcs store, or local (dev). @default local',
    ),
    sites: z.array(SiteSchema).min(1, { error: 'must list at least one site' }),
    clusters: z.array(ClusterSchema).default([]),
    topicGroups: z.array(TopicGroupSchema).default([]),
    topics: z.array(TopicSchema).default([]),
    replication: z.array(ReplicationSchema).default([]),
    links: z.array(LinkSchema).default([]).describe('Private links (IPsec VPN with BGP) between sites.'),
    policy: PolicySchema.optional().describe('Policy suppressions (see README, Policy).'),
    eventSchemas: z.array(EventSchemaSchema).default([]),
    producers: z.array(ProducerSchema).default([]),
    consumers: z.array(ConsumerSchema).default([]),
    pipelines: z.array(PipelineSchema).default([]),
    edgeFleets: z
      .array(EdgeFleetSchema)
      .default([])
      .describe('Edge sites as data: fleets of stores, ships or field sites with shared defaults.'),
    connectors: z
      .array(ConnectorSchema)
      .default([])
      .describe('Sources and sinks between topics and databases, data lakes, devices and APIs, run by the platform of their cluster.'),
  })
  .strict();

/** A recorded allocation: an ASN or node-id block (number), a link's tunnel /30s, or a site id (a dashboard's home). See model/allocations.ts. */
export type AllocatedValue = number | string | readonly string[];
/** Recorded allocations by stable key (`asn/<site>`, `tunnels/<link>`, `kraft-site/<cluster>/<site>`, `dashboard/<cloud>`, `state-copy/<stack>/<site>`). */
export type Allocations = Readonly<Record<string, AllocatedValue>>;

/**
 * A validated environment. `allocations` is not written in the YAML (the schema refuses
 * the key): the loader reads it from the environment's committed allocation file.
 */
export type Environment = z.infer<typeof EnvironmentSchema> & { readonly allocations?: Allocations };
export type Site = z.infer<typeof SiteSchema>;
export type Cluster = z.infer<typeof ClusterSchema>;
export type Topic = z.infer<typeof TopicSchema>;
export type TopicGroup = z.infer<typeof TopicGroupSchema>;
export type Replication = z.infer<typeof ReplicationSchema>;
export type Backend = z.infer<typeof BackendSchema>;
export type SiteBackend = z.infer<typeof SiteBackendSchema>;
export type PerRegionBackend = Extract<Backend, { type: 'per-region' }>;
export type Link = z.infer<typeof LinkSchema>;
export type EdgeFleet = z.infer<typeof EdgeFleetSchema>;
export type EdgeFleetSite = z.infer<typeof EdgeFleetSiteSchema>;
export type EdgeSettings = z.infer<typeof EdgeSettingsSchema>;
export type EdgeTopic = z.infer<typeof EdgeTopicSchema>;
export type Alerts = z.infer<typeof AlertsSchema>;
export type AlertTargets = z.infer<typeof AlertTargetsSchema>;
export type ClusterKindName = z.infer<typeof ClusterKind>;
export type EventSchema = z.infer<typeof EventSchemaSchema>;
export type EventFieldTypeName = z.infer<typeof EventFieldType>;
export type Producer = z.infer<typeof ProducerSchema>;
export type Consumer = z.infer<typeof ConsumerSchema>;
export type Pipeline = z.infer<typeof PipelineSchema>;
export type PipelineStep = z.infer<typeof PipelineStepSchema>;
export type EventHubsOptions = z.infer<typeof EventHubsOptionsSchema>;
export type Connector = z.infer<typeof ConnectorSchema>;
export type ConnectorTypeName = z.infer<typeof ConnectorType>;

/** JSON Schema for editors (`# yaml-language-server: $schema=./schema.json`). */
export function environmentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(EnvironmentSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
