/** Per-rule cases shared by the rule tests and the bad-input catalogue. */
import type { ResourceView } from '../../../constructs/policy';

const TAGS = { environment: 'test', owner: 'platform', 'data-class': 'internal' };

export function view(type: string, config: Record<string, unknown>, extra: Partial<ResourceView> = {}): ResourceView {
  return { stack: 'test-fra', address: `${type}.x`, path: 'test-fra/x', kind: 'resource', type, config, stage: 'prod', ...extra };
}
/** Views judged together, as the policy aspect hands a stack over: each sees the others. */
export function stackOf(...views: ResourceView[]): ResourceView[] {
  const all: ResourceView[] = [];
  for (const v of views) all.push({ ...v, others: all });
  return all;
}
export const manifest = (kind: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  view('kubernetes_manifest', { manifest: { apiVersion: 'kafka.strimzi.io/v1', kind, metadata: { name: 'edge' }, spec }, ...extra });

const SAFE_PROPS = [
  'unclean.leader.election.enable=false',
  'auto.create.topics.enable=false',
  'default.replication.factor=3',
  'min.insync.replicas=2',
  'offsets.topic.replication.factor=3',
  'transaction.state.log.replication.factor=3',
  'transaction.state.log.min.isr=2',
  'allow.everyone.if.no.acl.found=false',
].join('\n');
const SAFE_CONFIG = Object.fromEntries(SAFE_PROPS.split('\n').map((l) => l.split('=')));
export const mskConfig = (props: string) => view('aws_msk_configuration', { server_properties: props });
const without = (key: string) =>
  SAFE_PROPS.split('\n')
    .filter((l) => !l.startsWith(`${key}=`))
    .join('\n');
const STRONG_AWS = Object.fromEntries(
  [1, 2].flatMap((n) => [
    [`tunnel${n}_ike_versions`, ['ikev2']],
    ...[1, 2].flatMap((p) => [
      [`tunnel${n}_phase${p}_encryption_algorithms`, ['AES256-GCM-16']],
      [`tunnel${n}_phase${p}_integrity_algorithms`, ['SHA2-256']],
      [`tunnel${n}_phase${p}_dh_group_numbers`, [20]],
    ]),
  ]),
);
const STRONG_AZURE = {
  ike_encryption: 'GCMAES256',
  ike_integrity: 'SHA384',
  dh_group: 'ECP384',
  ipsec_encryption: 'GCMAES256',
  ipsec_integrity: 'GCMAES256',
  pfs_group: 'ECP384',
};
const safeMsk = {
  encryption_info: {
    encryption_at_rest_kms_key_arn: '${aws_kms_key.k.arn}',
    encryption_in_transit: { client_broker: 'TLS', in_cluster: true },
  },
  client_authentication: { sasl: { iam: true }, unauthenticated: false },
  configuration_info: { arn: '${aws_msk_configuration.c.arn}', revision: 1 },
  logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: 'x' } } },
  broker_node_group_info: { connectivity_info: { public_access: { type: 'DISABLED' } } },
};
const connector = (over: Record<string, unknown> = {}) =>
  view('aws_mskconnect_connector', {
    kafka_cluster_encryption_in_transit: { encryption_type: 'TLS' },
    kafka_cluster_client_authentication: { authentication_type: 'IAM' },
    log_delivery: { worker_log_delivery: { cloudwatch_logs: { enabled: true, log_group: 'w' } } },
    connector_configuration: {
      'connector.class': 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
      'source.cluster.security.protocol': 'SASL_SSL',
    },
    ...over,
  });
const mm2 = (source: Record<string, unknown>, checkpoint?: Record<string, unknown>) =>
  manifest('KafkaMirrorMaker2', {
    target: { alias: 'hub', bootstrapServers: 'hub:9093', tls: { trustedCertificates: [] } },
    mirrors: [
      { source: { alias: 'ship', bootstrapServers: 'ship:9093', ...source }, ...(checkpoint ? { checkpointConnector: checkpoint } : {}) },
    ],
  });
const strimziKafka = (listener: Record<string, unknown>, config = SAFE_CONFIG) =>
  manifest(
    'Kafka',
    { kafka: { listeners: [{ name: 'tls', port: 9093, type: 'internal', ...listener }], config } },
    { lifecycle: { prevent_destroy: true } },
  );
const policy = (resource: string, action = 'kafka-cluster:*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [action], Resource: resource }] });

export interface Case {
  readonly bad: ResourceView;
  /** Exact text the finding's message contains. */
  readonly message: string;
  readonly good: ResourceView;
  readonly na: ResourceView;
}

/** For every rule: a resource that violates it, one that satisfies it, and one it does not apply to. */
export const CASES: Record<string, Case[]> = {
  'KAF-001': [
    {
      bad: view('aws_msk_cluster', {}),
      message: 'encryption_info.encryption_at_rest_kms_key_arn is not set, so MSK encrypts with the AWS-managed key aws/kafka.',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_kms_key', {}),
    },
    {
      bad: view('aws_msk_cluster', {
        encryption_info: { encryption_at_rest_kms_key_arn: 'arn:aws:kms:eu-central-1:111122223333:alias/aws/kafka' },
      }),
      message: 'encryption_at_rest_kms_key_arn is the AWS-managed alias arn:aws:kms:eu-central-1:111122223333:alias/aws/kafka.',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_msk_serverless_cluster', {}),
    },
  ],
  'KAF-002': [
    {
      bad: view('aws_kms_key', {}),
      message: 'enable_key_rotation is not set (off by default).',
      good: view('aws_kms_key', { enable_key_rotation: true }),
      na: view('aws_kms_key', { customer_master_key_spec: 'RSA_2048' }),
    },
    {
      bad: view('google_kms_crypto_key', { name: 'k' }),
      message: 'rotation_period is not set, so the key never rotates.',
      good: view('google_kms_crypto_key', { rotation_period: '7776000s' }),
      na: view('google_kms_crypto_key', { purpose: 'ASYMMETRIC_SIGN' }),
    },
    {
      bad: view('azurerm_key_vault_key', {}),
      message: 'rotation_policy.automatic is not set, so the key never rotates.',
      good: view('azurerm_key_vault_key', { rotation_policy: { automatic: { time_after_creation: 'P90D' } } }),
      na: view('azurerm_key_vault', {}),
    },
  ],
  'KAF-003': [
    {
      bad: view('google_managed_kafka_cluster', { gcp_config: { access_config: {} } }),
      message: 'gcp_config.kms_key is not set (Google-owned encryption key).',
      good: view('google_managed_kafka_cluster', { gcp_config: { kms_key: '${google_kms_crypto_key.k.id}' } }),
      na: view('google_managed_kafka_topic', {}),
    },
  ],
  'KAF-004': [
    {
      bad: view('aws_ebs_volume', { size: 500 }),
      message: 'aws_ebs_volume.encrypted is not set.',
      good: view('aws_ebs_volume', { encrypted: true, kms_key_id: '${aws_kms_key.k.arn}' }),
      na: view('aws_s3_bucket', {}),
    },
    {
      bad: view('aws_ebs_volume', { encrypted: true }),
      message: 'aws_ebs_volume.kms_key_id is not set (AWS-managed key aws/ebs).',
      good: view('aws_ebs_volume', { encrypted: true, kms_key_id: 'arn:aws:kms:eu-central-1:111122223333:key/abc' }),
      na: view('aws_vpc', {}),
    },
    {
      bad: view('aws_instance', { root_block_device: { encrypted: false } }),
      message: 'root_block_device.encrypted is false.',
      good: view('aws_instance', { root_block_device: { encrypted: true } }),
      na: view('aws_launch_template', {}),
    },
    {
      bad: view('aws_instance', { launch_template: { id: 'lt-0abc' } }),
      message: 'cannot decide: the root volume comes from launch template lt-0abc, which is not in this configuration.',
      good: view('aws_instance', { launch_template: { id: 'lt-0abc' }, root_block_device: { encrypted: true } }),
      na: view('aws_launch_template', { name: 'no-devices' }),
    },
    {
      bad: view('aws_launch_template', { block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'false' } }] }),
      message: 'block_device_mappings[0].ebs.encrypted is false.',
      good: view('aws_launch_template', { block_device_mappings: [{ ebs: { encrypted: 'true' } }] }),
      na: view('aws_instance', { launch_template: { id: '${aws_launch_template.t.id}' } }),
    },
  ],
  'KAF-005': [
    {
      bad: view('aws_msk_cluster', { encryption_info: { encryption_in_transit: { client_broker: 'TLS_PLAINTEXT' } } }),
      message: 'encryption_in_transit.client_broker is "TLS_PLAINTEXT".',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_msk_configuration', {}),
    },
  ],
  'KAF-006': [
    {
      bad: view('aws_msk_cluster', { encryption_info: { encryption_in_transit: { in_cluster: false } } }),
      message: 'encryption_in_transit.in_cluster is false.',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_instance', {}),
    },
  ],
  'KAF-007': [
    {
      bad: connector({ kafka_cluster_encryption_in_transit: { encryption_type: 'PLAINTEXT' } }),
      message: 'kafka_cluster_encryption_in_transit.encryption_type is "PLAINTEXT".',
      good: connector(),
      na: view('aws_msk_cluster', {}),
    },
    {
      bad: connector({ connector_configuration: { 'target.cluster.security.protocol': 'SASL_PLAINTEXT' } }),
      message: 'connector_configuration["target.cluster.security.protocol"] is SASL_PLAINTEXT.',
      good: connector(),
      na: manifest('Kafka', {}),
    },
    {
      bad: mm2({}),
      message: 'spec.mirrors[0].source (ship) has no tls block, so it connects in plaintext.',
      good: mm2({ tls: { trustedCertificates: [] } }),
      na: manifest('KafkaTopic', {}),
    },
    {
      bad: manifest('KafkaConnect', { bootstrapServers: 'site-kafka-bootstrap:9092', groupId: 'connect-x-workers' }),
      message: 'spec (site-kafka-bootstrap:9092) has no tls block, so it connects in plaintext.',
      good: manifest('KafkaConnect', { bootstrapServers: 'site-kafka-bootstrap:9093', tls: { trustedCertificates: [] } }),
      na: manifest('KafkaUser', {}),
    },
  ],
  'KAF-008': [
    {
      bad: strimziKafka({ tls: false, authentication: { type: 'tls' } }),
      message: 'listeners without tls: tls.',
      good: strimziKafka({ tls: true, authentication: { type: 'tls' } }),
      na: manifest('KafkaMirrorMaker2', {}),
    },
  ],
  'KAF-009': [
    {
      bad: view('aws_msk_cluster', {}),
      message: 'client_authentication is not set, so clients connect unauthenticated.',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_msk_configuration', {}),
    },
    {
      bad: view('aws_msk_cluster', { client_authentication: { unauthenticated: true, sasl: { iam: true } } }),
      message: 'client_authentication.unauthenticated is true.',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_instance', {}),
    },
    {
      bad: view('aws_msk_serverless_cluster', {}),
      message: 'client_authentication.sasl.iam.enabled is not true.',
      good: view('aws_msk_serverless_cluster', { client_authentication: { sasl: { iam: { enabled: true } } } }),
      na: view('aws_kms_key', {}),
    },
    {
      bad: connector({ kafka_cluster_client_authentication: { authentication_type: 'NONE' } }),
      message: 'kafka_cluster_client_authentication.authentication_type is "NONE".',
      good: connector(),
      na: view('aws_vpc', {}),
    },
    {
      bad: strimziKafka({ tls: true }),
      message: 'listeners without authentication: tls.',
      good: strimziKafka({ tls: true, authentication: { type: 'scram-sha-512' } }),
      na: manifest('KafkaTopic', {}),
    },
  ],
  'KAF-010': [
    {
      bad: view('azurerm_eventhub_namespace', {}),
      message: 'local_authentication_enabled is not set (enabled by default).',
      good: view('azurerm_eventhub_namespace', { local_authentication_enabled: false }),
      na: view('azurerm_eventhub_namespace', {}, { stage: 'dev' }),
    },
  ],
  'KAF-011': [
    {
      bad: view('azurerm_eventhub_namespace', { minimum_tls_version: '1.0' }),
      message: 'minimum_tls_version is "1.0".',
      good: view('azurerm_eventhub_namespace', { minimum_tls_version: '1.2' }),
      na: view('azurerm_eventhub', {}),
    },
  ],
  'KAF-012': [
    {
      bad: view('azurerm_eventhub_namespace', {}),
      message: 'public_network_access_enabled is not set (public by default).',
      good: view('azurerm_eventhub_namespace', { public_network_access_enabled: false }),
      na: view('azurerm_eventhub', {}),
    },
  ],
  'KAF-013': [
    {
      bad: view('aws_msk_cluster', { broker_node_group_info: { connectivity_info: { public_access: { type: 'SERVICE_PROVIDED_EIPS' } } } }),
      message: 'connectivity_info.public_access.type is "SERVICE_PROVIDED_EIPS".',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_msk_serverless_cluster', {}),
    },
  ],
  'KAF-014': [
    {
      bad: view('aws_instance', { associate_public_ip_address: true }),
      message: 'associate_public_ip_address is true.',
      good: view('aws_instance', { associate_public_ip_address: false }),
      na: view('aws_vpc', {}),
    },
    {
      bad: view('google_compute_instance', { network_interface: [{ subnetwork: 's', access_config: [{}] }] }),
      message: 'network_interface[0] has an access_config (external IP).',
      good: view('google_compute_instance', { network_interface: [{ subnetwork: 's' }] }),
      na: view('google_compute_network', {}),
    },
    {
      bad: view('azurerm_network_interface', { ip_configuration: [{ name: 'p', public_ip_address_id: '${azurerm_public_ip.p.id}' }] }),
      message: 'ip_configuration[0].public_ip_address_id is set.',
      good: view('azurerm_network_interface', { ip_configuration: [{ name: 'p' }] }),
      na: view('azurerm_public_ip', {}),
    },
  ],
  'KAF-015': [
    {
      bad: view('aws_vpc_security_group_ingress_rule', { cidr_ipv4: '0.0.0.0/0', from_port: 9098 }),
      message: 'cidr admits 0.0.0.0/0.',
      good: view('aws_vpc_security_group_ingress_rule', { cidr_ipv4: '10.0.0.0/16' }),
      na: view('aws_vpc_security_group_egress_rule', { cidr_ipv4: '0.0.0.0/0' }),
    },
    {
      bad: view('aws_vpc_security_group_ingress_rule', { cidr_ipv4: '${var.client_cidr}' }),
      message: 'cannot decide: cidr is computed at apply time (${var.client_cidr}), so an open range cannot be ruled out.',
      good: view('aws_vpc_security_group_ingress_rule', { cidr_ipv4: '${aws_vpc.Network_1C6012B5.cidr_block}' }),
      na: view('aws_vpc', { cidr_block: '10.0.0.0/16' }),
    },
    {
      bad: view('aws_security_group', { ingress: [{ cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'] }] }),
      message: 'ingress[0] admits 0.0.0.0/0.',
      good: view('aws_security_group', { ingress: [{ cidr_blocks: ['10.0.0.0/8'] }] }),
      na: view('aws_security_group_rule', { type: 'egress', cidr_blocks: ['0.0.0.0/0'] }),
    },
    {
      bad: view('azurerm_network_security_rule', { direction: 'Inbound', access: 'Allow', source_address_prefix: 'Internet' }),
      message: 'source_address_prefix admits Internet.',
      good: view('azurerm_network_security_rule', { direction: 'Inbound', access: 'Deny', source_address_prefix: '*' }),
      na: view('azurerm_subnet', {}),
    },
    {
      bad: view('google_compute_firewall', { direction: 'INGRESS', allow: [{ protocol: 'tcp' }], source_ranges: ['0.0.0.0/0'] }),
      message: 'source_ranges admits 0.0.0.0/0.',
      good: view('google_compute_firewall', { direction: 'INGRESS', source_ranges: ['10.20.0.0/16'] }),
      na: view('google_compute_firewall', { direction: 'EGRESS', destination_ranges: ['0.0.0.0/0'] }),
    },
  ],
  'KAF-016': [
    {
      bad: view('aws_msk_cluster', { logging_info: { broker_logs: { cloudwatch_logs: { enabled: false } } } }),
      message: 'logging_info.broker_logs enables no destination.',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_cloudwatch_log_group', {}),
    },
  ],
  'KAF-017': [
    {
      bad: connector({ log_delivery: { worker_log_delivery: { cloudwatch_logs: { enabled: '${var.logs_on}' } } } }),
      message: 'cannot decide: whether a log destination is enabled is computed at apply time.',
      good: connector(),
      na: view('aws_mskconnect_custom_plugin', {}),
    },
    {
      bad: connector({ log_delivery: undefined }),
      message: 'log_delivery.worker_log_delivery enables no destination.',
      good: connector(),
      na: view('aws_msk_cluster', {}),
    },
  ],
  'KAF-018': [
    {
      bad: view('aws_cloudwatch_log_group', { name: 'x' }),
      message: 'retention_in_days is not set (logs never expire).',
      good: view('aws_cloudwatch_log_group', { retention_in_days: 90 }),
      na: view('aws_s3_bucket', {}),
    },
    {
      bad: view('aws_cloudwatch_log_group', { retention_in_days: '${var.days}' }),
      message: 'cannot decide: retention_in_days is computed at apply time (${var.days}).',
      good: view('aws_cloudwatch_log_group', { retention_in_days: 365 }),
      na: view('aws_cloudwatch_log_stream', {}),
    },
    {
      bad: view('azurerm_log_analytics_workspace', { retention_in_days: 0 }),
      message: 'retention_in_days is 0.',
      good: view('azurerm_log_analytics_workspace', { retention_in_days: 30 }),
      na: view('azurerm_eventhub', {}),
    },
  ],
  'KAF-019': [
    {
      bad: view('aws_msk_cluster', {}),
      message: 'lifecycle.prevent_destroy is not true.',
      good: view('aws_msk_cluster', { lifecycle: { prevent_destroy: true } }),
      na: view('aws_security_group', {}),
    },
    {
      bad: view('kafka_topic', { name: 't' }),
      message: 'lifecycle.prevent_destroy is not true.',
      good: view('kafka_topic', { lifecycle: { prevent_destroy: true } }),
      na: view('aws_msk_cluster', {}, { kind: 'data' }),
    },
    {
      bad: manifest('KafkaTopic', { partitions: 3, replicas: 3 }),
      message: 'lifecycle.prevent_destroy is not true.',
      good: manifest('KafkaTopic', {}, { lifecycle: { prevent_destroy: true } }),
      na: manifest('KafkaMirrorMaker2', {}),
    },
  ],
  'KAF-020': [
    {
      bad: view('azurerm_eventhub_namespace', { tags: { environment: 'test' } }, { tagAttribute: 'tags' }),
      message: 'tags lack owner, data-class.',
      good: view('azurerm_eventhub_namespace', { tags: TAGS }, { tagAttribute: 'tags' }),
      na: view('azurerm_eventhub', {}),
    },
    {
      bad: view('aws_vpc', {}, { tagAttribute: 'tags', defaultTags: { environment: 'test' } }),
      message: 'tags lack owner, data-class.',
      good: view('aws_vpc', {}, { tagAttribute: 'tags', defaultTags: TAGS }),
      na: view('aws_kms_alias', {}),
    },
    {
      bad: view('azurerm_resource_group', { tags: '${merge(var.tags, local.extra)}' }, { tagAttribute: 'tags' }),
      message: 'cannot decide: tags is computed at apply time (${merge(var.tags, local.extra)}), so the required keys cannot be seen.',
      good: view('azurerm_resource_group', { tags: TAGS }, { tagAttribute: 'tags' }),
      na: view('azurerm_resource_group', { tags: TAGS }, { kind: 'data' }),
    },
    {
      bad: view('google_managed_kafka_cluster', {}, { tagAttribute: 'labels' }),
      message: 'labels lack environment, owner, data-class.',
      good: view('google_managed_kafka_cluster', { labels: TAGS }, { tagAttribute: 'labels' }),
      na: view('google_managed_kafka_topic', {}),
    },
  ],
  'KAF-021': [
    {
      bad: mskConfig(SAFE_PROPS.replace('unclean.leader.election.enable=false', 'unclean.leader.election.enable=true')),
      message: 'server_properties: unclean.leader.election.enable=true.',
      good: mskConfig(SAFE_PROPS),
      na: view('aws_msk_cluster', {}),
    },
    {
      bad: mskConfig(without('unclean.leader.election.enable')),
      message: 'server_properties: unclean.leader.election.enable is not set (the broker default is unsafe).',
      good: mskConfig(SAFE_PROPS),
      na: view('aws_kms_key', {}),
    },
    {
      bad: view('kafka_topic', { config: { 'unclean.leader.election.enable': 'true' } }),
      message: 'config["unclean.leader.election.enable"] is true.',
      good: view('kafka_topic', { config: { 'unclean.leader.election.enable': 'false' } }),
      na: view('aws_instance', {}),
    },
  ],
  'KAF-022': [
    {
      bad: mskConfig(without('auto.create.topics.enable')),
      message: 'server_properties: auto.create.topics.enable is not set (the broker default is unsafe).',
      good: mskConfig(SAFE_PROPS),
      na: view('kafka_topic', {}),
    },
    {
      bad: strimziKafka({ tls: true, authentication: { type: 'tls' } }, { ...SAFE_CONFIG, 'auto.create.topics.enable': true } as Record<
        string,
        string
      >),
      message: 'spec.kafka.config: auto.create.topics.enable=true.',
      good: strimziKafka({ tls: true }),
      na: manifest('KafkaTopic', {}),
    },
  ],
  'KAF-023': [
    {
      bad: mskConfig(SAFE_PROPS.replace('min.insync.replicas=2', 'min.insync.replicas=1')),
      message: 'server_properties: min.insync.replicas=1.',
      good: mskConfig(SAFE_PROPS),
      na: view('kafka_topic', {}),
    },
  ],
  'KAF-024': [
    {
      bad: mskConfig(SAFE_PROPS.replace('transaction.state.log.replication.factor=3', 'transaction.state.log.replication.factor=1')),
      message: 'server_properties: transaction.state.log.replication.factor=1.',
      good: mskConfig(SAFE_PROPS),
      na: view('aws_msk_cluster', {}),
    },
  ],
  'KAF-025': [
    {
      bad: mskConfig(SAFE_PROPS.replace('allow.everyone.if.no.acl.found=false', 'allow.everyone.if.no.acl.found=true')),
      message: 'server_properties: allow.everyone.if.no.acl.found=true.',
      good: mskConfig(SAFE_PROPS),
      na: view('aws_msk_cluster', {}),
    },
  ],
  'KAF-026': [
    {
      bad: view('kafka_topic', { replication_factor: 2, config: { 'min.insync.replicas': '2' } }),
      message: 'replication_factor is 2 (below 3); config["min.insync.replicas"] 2 is not below replication_factor 2.',
      good: view('kafka_topic', { replication_factor: 3, config: { 'min.insync.replicas': '2' } }),
      na: view('aws_msk_cluster', {}),
    },
    {
      bad: view('kafka_topic', { replication_factor: 2, config: { 'min.insync.replicas': '2' } }, { stage: 'dev' }),
      message: 'config["min.insync.replicas"] 2 is not below replication_factor 2.',
      good: view('kafka_topic', { replication_factor: 2, config: { 'min.insync.replicas': '1' } }, { stage: 'dev' }),
      na: view('kafka_acl', {}),
    },
    {
      bad: view('google_managed_kafka_topic', { replication_factor: 1 }),
      message: 'replication_factor is 1 (below 3).',
      good: view('google_managed_kafka_topic', { replication_factor: 3 }),
      na: view('google_managed_kafka_cluster', {}),
    },
    {
      bad: manifest('KafkaTopic', { replicas: 3, config: { 'min.insync.replicas': 1 } }),
      message: 'spec.config["min.insync.replicas"] is 1 (below 2).',
      good: manifest('KafkaTopic', { replicas: 3, config: { 'min.insync.replicas': 2 } }),
      na: manifest('Kafka', {}),
    },
  ],
  'KAF-027': [
    {
      bad: view('aws_iam_role_policy', { policy: policy('*') }),
      message: 'policy allows Kafka actions on every cluster (Resource "*" or a wildcard cluster ARN) in 1 statement.',
      good: view('aws_iam_role_policy', { policy: policy('arn:aws:kafka:eu-central-1:111122223333:cluster/test-fra-main/*') }),
      na: view('aws_iam_role', { assume_role_policy: policy('*', 'sts:AssumeRole') }),
    },
    {
      bad: view('aws_iam_policy_document', { statement: [{ actions: ['kafka-cluster:Connect'], resources: ['*'] }] }, { kind: 'data' }),
      message: 'statement allows Kafka actions on every cluster (Resource "*" or a wildcard cluster ARN) in 1 statement.',
      good: view(
        'aws_iam_policy_document',
        { statement: [{ actions: ['kafka-cluster:Connect'], resources: ['${aws_msk_cluster.c.arn}'] }] },
        { kind: 'data' },
      ),
      na: view('aws_iam_role', {}),
    },
    {
      bad: view('aws_iam_role_policy', { policy: policy('arn:aws:kafka:eu-central-1:111122223333:topic/*/*/*') }),
      message: 'policy allows Kafka actions on every cluster (Resource "*" or a wildcard cluster ARN) in 1 statement.',
      good: view('aws_iam_role_policy', { policy: policy('arn:aws:kafka:eu-central-1:111122223333:topic/test-fra-main/*/*') }),
      na: view('aws_iam_role', {}),
    },
    {
      bad: view('aws_iam_policy', { policy: '${jsonencode(local.p)}' }),
      message: 'cannot decide: policy is computed at apply time, so its Kafka grants cannot be read.',
      good: view('aws_iam_policy', { policy: policy('*', 'logs:PutLogEvents') }),
      na: view('aws_iam_policy', { policy: '${data.aws_iam_policy_document.p.json}' }),
    },
  ],
  'KAF-028': [
    {
      bad: view('aws_msk_replicator', {
        replication_info_list: [
          { consumer_group_replication: [{ consumer_groups_to_replicate: ['.*'], synchronise_consumer_group_offsets: false }] },
        ],
      }),
      message: 'replication_info_list[0].consumer_group_replication.synchronise_consumer_group_offsets is false.',
      good: view('aws_msk_replicator', {
        replication_info_list: [{ consumer_group_replication: [{ consumer_groups_to_replicate: ['.*'] }] }],
      }),
      na: connector(),
    },
    {
      bad: connector({
        connector_configuration: {
          'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
          'security.protocol': 'SASL_SSL',
        },
      }),
      message: 'connector_configuration["sync.group.offsets.enabled"] is not set.',
      good: connector({
        connector_configuration: {
          'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
          'sync.group.offsets.enabled': 'true',
        },
      }),
      na: view('aws_msk_cluster', {}),
    },
    {
      bad: mm2({ tls: {} }),
      message: 'spec.mirrors[0] has no checkpointConnector.',
      good: mm2({ tls: {} }, { config: { 'sync.group.offsets.enabled': true } }),
      na: manifest('Kafka', {}),
    },
  ],
  'KAF-029': [
    {
      bad: view('aws_vpn_connection', { ...STRONG_AWS, tunnel1_ike_versions: ['ikev1', 'ikev2'] }),
      message: 'tunnel1_ike_versions is [ikev1, ikev2].',
      good: view('aws_vpn_connection', STRONG_AWS),
      na: view('aws_customer_gateway', {}),
    },
    {
      bad: view('azurerm_virtual_network_gateway_connection', { type: 'IPsec', connection_protocol: 'IKEv1' }),
      message: 'connection_protocol is "IKEv1".',
      good: view('azurerm_virtual_network_gateway_connection', { type: 'IPsec', connection_protocol: 'IKEv2' }),
      na: view('azurerm_virtual_network_gateway_connection', { type: 'Vnet2Vnet' }),
    },
    {
      bad: view('google_compute_vpn_tunnel', { ike_version: 1 }),
      message: 'ike_version is 1.',
      good: view('google_compute_vpn_tunnel', { ike_version: 2 }),
      na: view('google_compute_ha_vpn_gateway', {}),
    },
  ],
  'KAF-030': [
    {
      bad: view('aws_vpn_connection', { ...STRONG_AWS, tunnel2_phase1_integrity_algorithms: ['SHA1', 'SHA2-256'] }),
      message: 'tunnel2_phase1_integrity_algorithms allows SHA1.',
      good: view('aws_vpn_connection', STRONG_AWS),
      na: view('google_compute_vpn_tunnel', {}),
    },
    {
      bad: view('azurerm_virtual_network_gateway_connection', { type: 'IPsec' }),
      message: 'ipsec_policy is not set (Azure then accepts its default proposals, including SHA1 and DHGroup2).',
      good: view('azurerm_virtual_network_gateway_connection', { type: 'IPsec', ipsec_policy: STRONG_AZURE }),
      na: view('azurerm_virtual_network_gateway_connection', { type: 'ExpressRoute' }),
    },
  ],
  'KAF-031': [
    {
      bad: view('aws_vpn_connection', { tunnel1_preshared_key: 'letmein_12345' }),
      message: 'tunnel1_preshared_key is a literal string written in the code.',
      good: view('aws_vpn_connection', { tunnel1_preshared_key: '${random_password.t1.result}' }),
      na: view('aws_vpn_gateway', {}),
    },
    {
      bad: view('google_compute_vpn_tunnel', { shared_secret: 'letmein_12345' }),
      message: 'shared_secret is a literal string written in the code.',
      good: view('google_compute_vpn_tunnel', { shared_secret: '${random_password.t.result}' }),
      na: view('google_compute_router', {}),
    },
  ],
  'KAF-032': [
    {
      bad: view('s3', { bucket: 'b', encrypt: true }, { kind: 'backend' }),
      message: 'neither use_lockfile nor dynamodb_table is set, so applies are not locked.',
      good: view('s3', { bucket: 'b', encrypt: true, use_lockfile: true }, { kind: 'backend' }),
      na: view('local', {}, { kind: 'backend', stage: 'dev' }),
    },
    {
      bad: view('local', {}, { kind: 'backend' }),
      message: 'state is on local disk in a prod environment.',
      good: view('gcs', { bucket: 'b' }, { kind: 'backend' }),
      na: view('aws_s3_bucket', {}),
    },
  ],
  'KAF-033': [
    {
      bad: view('azurerm_stream_analytics_stream_input_eventhub_v2', {}),
      message: 'authentication_mode is not set (ConnectionString).',
      good: view('azurerm_stream_analytics_stream_input_eventhub_v2', { authentication_mode: 'Msi' }),
      na: view('azurerm_stream_analytics_output_eventhub', {}, { stage: 'dev' }),
    },
  ],
  'KAF-034': [
    {
      bad: view('aws_msk_cluster', {}),
      message: 'configuration_info is not set (MSK default configuration).',
      good: view('aws_msk_cluster', safeMsk),
      na: view('aws_msk_configuration', {}),
    },
  ],
  'KAF-035': [
    {
      bad: view('aws_instance', { root_block_device: { encrypted: true } }),
      message: 'metadata_options.http_tokens is not set (IMDSv1 allowed).',
      good: view('aws_instance', { metadata_options: { http_tokens: 'required' } }),
      na: view('aws_ebs_volume', {}),
    },
    {
      bad: view('aws_launch_template', { metadata_options: { http_tokens: 'optional' } }),
      message: 'metadata_options.http_tokens is "optional".',
      good: view('aws_launch_template', { metadata_options: { http_tokens: 'required' } }),
      na: view('aws_autoscaling_group', {}),
    },
    {
      bad: view('aws_instance', { launch_template: { id: 'lt-0abc', version: '1' } }),
      message: 'cannot decide: metadata options come from launch template lt-0abc, which is not in this configuration.',
      good: view('aws_instance', { launch_template: { id: 'lt-0abc' }, metadata_options: { http_tokens: 'required' } }),
      na: view('aws_instance', { launch_template: { id: '${aws_launch_template.broker.id}' } }),
    },
  ],
  'KAF-036': [
    {
      bad: stackOf(
        view('aws_vpc', { cidr_block: '10.0.0.0/16' }),
        view('aws_subnet', { vpc_id: '${aws_vpc.x.id}' }, { address: 'aws_subnet.s' }),
      )[0],
      message: 'no aws_flow_log in this stack names the VPC in vpc_id.',
      good: stackOf(
        view('aws_vpc', { cidr_block: '10.0.0.0/16' }),
        view('aws_flow_log', { vpc_id: '${aws_vpc.x.id}', traffic_type: 'ALL' }, { address: 'aws_flow_log.f' }),
      )[0],
      na: view('aws_subnet', {}),
    },
    {
      bad: view('aws_vpc', { cidr_block: '10.0.0.0/16' }),
      message: 'cannot decide: the VPC was judged without its stack, so its flow logs cannot be seen.',
      good: stackOf(view('aws_vpc', {}), view('aws_flow_log', { vpc_id: '${aws_vpc.x.id}' }, { address: 'aws_flow_log.f' }))[0],
      na: view('google_compute_network', {}),
    },
  ],
  'KAF-037': [
    {
      bad: stackOf(view('aws_vpc', {}))[0],
      message:
        'no aws_default_security_group manages the default group, which allows all outbound traffic and traffic between its members.',
      good: stackOf(
        view('aws_vpc', {}),
        view('aws_default_security_group', { vpc_id: '${aws_vpc.x.id}' }, { address: 'aws_default_security_group.d' }),
      )[0],
      na: view('aws_security_group', {}),
    },
    {
      bad: stackOf(
        view('aws_vpc', {}),
        view(
          'aws_default_security_group',
          { vpc_id: '${aws_vpc.x.id}', egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }] },
          { address: 'aws_default_security_group.d' },
        ),
      )[0],
      message: 'aws_default_security_group.d declares ingress or egress blocks.',
      good: stackOf(
        view('aws_vpc', {}),
        view(
          'aws_default_security_group',
          { vpc_id: '${aws_vpc.x.id}', ingress: [], egress: [] },
          { address: 'aws_default_security_group.d' },
        ),
      )[0],
      na: view('aws_subnet', {}),
    },
    {
      bad: stackOf(
        view('aws_vpc', {}),
        view('aws_default_security_group', { vpc_id: '${aws_vpc.x.id}' }, { address: 'aws_default_security_group.d' }),
        view(
          'aws_vpc_security_group_egress_rule',
          { security_group_id: '${aws_default_security_group.d.id}', ip_protocol: '-1' },
          { address: 'aws_vpc_security_group_egress_rule.e' },
        ),
      )[0],
      message: 'aws_vpc_security_group_egress_rule.e adds rules to the default security group.',
      good: stackOf(
        view('aws_vpc', {}),
        view('aws_default_security_group', { vpc_id: '${aws_vpc.x.id}' }, { address: 'aws_default_security_group.d' }),
      )[0],
      na: view('aws_subnet', {}),
    },
  ],
  'KAF-038': [
    {
      bad: view('aws_cloudwatch_log_group', { name: '/msk-connect/mm2', retention_in_days: 365 }),
      message: 'kms_key_id is not set, so CloudWatch encrypts the logs with a key the account cannot audit or revoke.',
      good: view('aws_cloudwatch_log_group', { name: '/msk-connect/mm2', kms_key_id: '${aws_kms_key.logs.arn}' }),
      na: view('azurerm_log_analytics_workspace', {}),
    },
  ],
  'KAF-039': [
    {
      bad: view('aws_cloudwatch_log_group', { retention_in_days: 90 }),
      message: 'retention_in_days is 90, less than 365.',
      good: view('aws_cloudwatch_log_group', { retention_in_days: 365 }),
      na: view('azurerm_log_analytics_workspace', { retention_in_days: 30 }),
    },
    {
      bad: view('aws_cloudwatch_log_group', { retention_in_days: '${var.days}' }),
      message: 'cannot decide: retention_in_days is computed at apply time (${var.days}).',
      good: view('aws_cloudwatch_log_group', { retention_in_days: 400 }),
      na: view('aws_s3_bucket', {}),
    },
  ],
  'KAF-040': [
    {
      bad: stackOf(
        view('azurerm_key_vault', {
          public_network_access_enabled: true,
          network_acls: { default_action: 'Deny', ip_rules: ['203.0.113.16/28'] },
        }),
      )[0],
      message: 'public_network_access_enabled is true. no azurerm_private_endpoint in this stack connects to the vault.',
      good: stackOf(
        view('azurerm_key_vault', {
          public_network_access_enabled: false,
          network_acls: { bypass: 'AzureServices', default_action: 'Deny' },
        }),
        view(
          'azurerm_private_endpoint',
          { private_service_connection: { private_connection_resource_id: '${azurerm_key_vault.x.id}', subresource_names: ['vault'] } },
          { address: 'azurerm_private_endpoint.pe' },
        ),
      )[0],
      na: view('azurerm_key_vault_key', {}),
    },
    {
      bad: view('azurerm_key_vault', { purge_protection_enabled: true }),
      message: 'public_network_access_enabled is not set (true by default). network_acls.default_action is not set (no network ACL).',
      good: stackOf(
        view('azurerm_key_vault', {
          public_network_access_enabled: false,
          network_acls: { bypass: 'AzureServices', default_action: 'Deny' },
        }),
        view(
          'azurerm_private_endpoint',
          { private_service_connection: { private_connection_resource_id: '${azurerm_key_vault.x.id}' } },
          { address: 'azurerm_private_endpoint.pe' },
        ),
      )[0],
      na: view('azurerm_storage_account', {}),
    },
  ],
  'KAF-041': [
    {
      bad: view('azurerm_key_vault_key', { key_type: 'RSA-HSM', rotation_policy: { automatic: { time_before_expiry: 'P30D' } } }),
      message: 'expiration_date is not set, so the item never expires.',
      good: view('azurerm_key_vault_key', { expiration_date: '${timeadd(timestamp(), "8760h")}' }),
      na: view('azurerm_key_vault', {}),
    },
    {
      bad: view('azurerm_key_vault_secret', { content_type: 'application/json' }),
      message: 'expiration_date is not set, so the item never expires.',
      good: view('azurerm_key_vault_secret', { expiration_date: '2027-11-28T00:00:00Z' }),
      na: view('aws_secretsmanager_secret', {}),
    },
  ],
  'KAF-042': [
    {
      bad: stackOf(
        view('aws_s3_bucket', { bucket: 'bundles' }),
        view(
          'aws_s3_bucket_server_side_encryption_configuration',
          { bucket: '${aws_s3_bucket.x.id}', rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] },
          { address: 'aws_s3_bucket_server_side_encryption_configuration.e' },
        ),
      )[0],
      message:
        'no aws_s3_bucket_logging names the bucket, so reads of it are not recorded. no server-side encryption configuration encrypts the bucket with aws:kms and a customer key.',
      good: stackOf(
        view('aws_s3_bucket', { bucket: 'bundles' }),
        view(
          'aws_s3_bucket_logging',
          { bucket: '${aws_s3_bucket.x.id}', target_bucket: '${aws_s3_bucket.logs.id}' },
          { address: 'aws_s3_bucket_logging.l' },
        ),
        view(
          'aws_s3_bucket_server_side_encryption_configuration',
          {
            bucket: '${aws_s3_bucket.x.id}',
            rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.k.arn}' } }],
          },
          { address: 'aws_s3_bucket_server_side_encryption_configuration.e' },
        ),
      )[0],
      // The log target itself: exempt.
      na: stackOf(
        view('aws_s3_bucket', { bucket: 'logs' }, { address: 'aws_s3_bucket.logs' }),
        view(
          'aws_s3_bucket_logging',
          { bucket: '${aws_s3_bucket.x.id}', target_bucket: '${aws_s3_bucket.logs.id}' },
          { address: 'aws_s3_bucket_logging.l' },
        ),
      )[0],
    },
    {
      bad: stackOf(view('google_storage_bucket', { name: 'bundles', uniform_bucket_level_access: true }))[0],
      message:
        'logging.log_bucket is not set, so reads of the bucket are not recorded. encryption.default_kms_key_name is not set, so Google-managed keys encrypt the objects.',
      good: stackOf(
        view('google_storage_bucket', {
          name: 'bundles',
          logging: { log_bucket: '${google_storage_bucket.logs.name}' },
          encryption: { default_kms_key_name: '${google_kms_crypto_key.k.id}' },
        }),
      )[0],
      na: view('google_storage_bucket_object', {}),
    },
    {
      bad: view('google_storage_bucket', { name: 'bundles' }),
      message: 'cannot decide: the bucket was judged without its stack, so its logging and encryption cannot be seen.',
      good: stackOf(view('google_storage_bucket', { logging: { log_bucket: 'l' }, encryption: { default_kms_key_name: 'k' } }))[0],
      na: view('aws_s3_object', {}),
    },
  ],
  'KAF-043': [
    {
      // A trail of management events only, and one of another bucket's objects: neither records this bucket.
      bad: stackOf(
        view('aws_s3_bucket', { bucket: 'state' }),
        view(
          'aws_cloudtrail',
          {
            name: 'other',
            event_selector: [
              { read_write_type: 'All', include_management_events: true },
              { read_write_type: 'All', data_resource: [{ type: 'AWS::S3::Object', values: ['${aws_s3_bucket.other.arn}/'] }] },
            ],
          },
          { address: 'aws_cloudtrail.t' },
        ),
      )[0],
      message: "no aws_cloudtrail in this stack records the read and write data events (AWS::S3::Object) of the bucket's objects.",
      good: stackOf(
        view('aws_s3_bucket', { bucket: 'state' }),
        view(
          'aws_cloudtrail',
          {
            name: 'state-objects',
            event_selector: [
              {
                read_write_type: 'All',
                include_management_events: false,
                data_resource: [{ type: 'AWS::S3::Object', values: ['${aws_s3_bucket.x.arn}/'] }],
              },
            ],
          },
          { address: 'aws_cloudtrail.t' },
        ),
      )[0],
      // The log target itself: exempt.
      na: stackOf(
        view('aws_s3_bucket', { bucket: 'logs' }, { address: 'aws_s3_bucket.logs' }),
        view(
          'aws_s3_bucket_logging',
          { bucket: '${aws_s3_bucket.x.id}', target_bucket: '${aws_s3_bucket.logs.id}' },
          { address: 'aws_s3_bucket_logging.l' },
        ),
      )[0],
    },
    {
      // Writes only: who read the objects is not recorded.
      bad: stackOf(
        view('aws_s3_bucket', { bucket: 'state' }),
        view(
          'aws_cloudtrail',
          {
            event_selector: [
              { read_write_type: 'WriteOnly', data_resource: [{ type: 'AWS::S3::Object', values: ['${aws_s3_bucket.x.arn}/'] }] },
            ],
          },
          { address: 'aws_cloudtrail.t' },
        ),
      )[0],
      message: "no aws_cloudtrail in this stack records the read and write data events (AWS::S3::Object) of the bucket's objects.",
      good: stackOf(
        view('google_storage_bucket', { name: 'bundles' }),
        view(
          'google_project_iam_audit_config',
          { service: 'storage.googleapis.com', audit_log_config: [{ log_type: 'DATA_READ' }, { log_type: 'DATA_WRITE' }] },
          { address: 'google_project_iam_audit_config.a' },
        ),
      )[0],
      na: view('google_storage_bucket_object', {}),
    },
    {
      // Admin reads only: object reads are DATA_READ.
      bad: stackOf(
        view('google_storage_bucket', { name: 'bundles' }),
        view(
          'google_project_iam_audit_config',
          { service: 'storage.googleapis.com', audit_log_config: [{ log_type: 'ADMIN_READ' }, { log_type: 'DATA_WRITE' }] },
          { address: 'google_project_iam_audit_config.a' },
        ),
      )[0],
      message: 'no google_project_iam_audit_config in this stack enables DATA_READ and DATA_WRITE for storage.googleapis.com.',
      good: stackOf(
        view('google_storage_bucket', { name: 'bundles' }),
        view(
          'google_project_iam_audit_config',
          { service: 'allServices', audit_log_config: [{ log_type: 'DATA_WRITE' }, { log_type: 'DATA_READ' }] },
          { address: 'google_project_iam_audit_config.a' },
        ),
      )[0],
      na: view('aws_s3_object', {}),
    },
    {
      bad: view('aws_s3_bucket', { bucket: 'bundles' }),
      message: 'cannot decide: the bucket was judged without its stack, so its audit trail cannot be seen.',
      good: stackOf(
        view('aws_s3_bucket', { bucket: 'bundles' }),
        view(
          'aws_cloudtrail',
          { event_selector: { data_resource: { type: 'AWS::S3::Object', values: ['${aws_s3_bucket.x.arn}/'] } } },
          { address: 'aws_cloudtrail.t' },
        ),
      )[0],
      na: view('aws_cloudtrail', {}),
    },
  ],
  'KAF-044': [
    {
      bad: view('google_service_account_key', { service_account_id: '${google_service_account.x.name}' }),
      message:
        'google_service_account_key.x creates a user-managed key of ${google_service_account.x.name}; its private key lives in state and never rotates.',
      good: view('google_service_account', { account_id: 'edge-prod-fs-glen' }),
      na: view('google_service_account_iam_member', { role: 'roles/iam.workloadIdentityUser' }),
    },
    {
      // The account whose key sits in the same stack is refused too, naming the key.
      bad: stackOf(
        view('google_service_account', { account_id: 'edge-prod-fs-glen' }),
        view(
          'google_service_account_key',
          { service_account_id: '${google_service_account.x.name}' },
          { address: 'google_service_account_key.k' },
        ),
      )[0],
      message: 'the account has user-managed keys (google_service_account_key.k); let its workload act as it without a key.',
      good: stackOf(
        view('google_service_account', { account_id: 'edge-prod-fs-glen' }),
        view(
          'google_service_account_iam_member',
          { service_account_id: '${google_service_account.x.name}', role: 'roles/iam.workloadIdentityUser' },
          { address: 'google_service_account_iam_member.f' },
        ),
      )[0],
      na: view('google_iam_workload_identity_pool_provider', {}),
    },
  ],
};
