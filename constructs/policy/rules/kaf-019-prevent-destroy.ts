import { bool, fail, get, manifestOf, type PolicyRule } from '../rule';

/** Resource types that hold data or keys: destroying one loses records or makes them unreadable. */
export const STATEFUL_TYPES: readonly string[] = [
  'aws_msk_cluster',
  'aws_msk_serverless_cluster',
  'aws_msk_configuration',
  'aws_kms_key',
  'aws_ebs_volume',
  'aws_s3_bucket',
  'kafka_topic',
  'azurerm_eventhub_namespace',
  'azurerm_eventhub',
  'azurerm_key_vault',
  'azurerm_key_vault_key',
  'azurerm_managed_disk',
  'azurerm_storage_account',
  'google_managed_kafka_cluster',
  'google_managed_kafka_topic',
  'google_kms_key_ring',
  'google_kms_crypto_key',
  'google_compute_disk',
  'google_storage_bucket',
  'kubernetes_persistent_volume_claim',
  'kubernetes_persistent_volume_claim_v1',
];

/** Strimzi and Kubernetes kinds whose deletion deletes data. */
const STATEFUL_KINDS = ['Kafka', 'KafkaNodePool', 'KafkaTopic', 'PersistentVolumeClaim'];

export const KAF019: PolicyRule = {
  id: 'KAF-019',
  title: 'Stateful resources carry prevent_destroy',
  why: 'Clusters, topics, volumes, namespaces and keys hold the data; a renamed construct id or a careless destroy would delete them. prevent_destroy turns that into a plan error.',
  fix: 'pass lifecycle: { preventDestroy: true } to the resource; to really remove it, take it out of the code deliberately in its own change.',
  severity: 'error',
  appliesTo: [...STATEFUL_TYPES, 'kubernetes_manifest'],
  check: (r) => {
    if (r.kind !== 'resource') return 'not-applicable';
    const m = manifestOf(r);
    if (!STATEFUL_TYPES.includes(r.type) && !(m && STATEFUL_KINDS.includes(String(m.kind)))) return 'not-applicable';
    return bool(get(r.config, 'lifecycle.prevent_destroy')) === true ? 'compliant' : fail('lifecycle.prevent_destroy is not true.');
  },
};
