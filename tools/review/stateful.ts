import { isStatefulType } from '../../constructs/policy/stateful';
import type { SynthResource } from './synth-output';

/**
 * Words for the kind of state each stateful type holds. Which types are stateful is
 * core's one list (policy/stateful.ts, shared with the policy suite); this only names them.
 */
const KIND_WORDS: Readonly<Record<string, string>> = {
  aws_msk_cluster: 'cluster',
  aws_msk_serverless_cluster: 'cluster',
  aws_msk_configuration: 'cluster configuration',
  aws_ebs_volume: 'volume',
  aws_kms_key: 'key',
  aws_s3_bucket: 'bucket',
  kafka_topic: 'topic',
  azurerm_eventhub_namespace: 'namespace',
  azurerm_eventhub: 'event hub',
  azurerm_key_vault: 'key vault',
  azurerm_key_vault_key: 'key',
  azurerm_managed_disk: 'volume',
  azurerm_storage_account: 'storage account',
  google_managed_kafka_cluster: 'cluster',
  google_managed_kafka_topic: 'topic',
  google_kms_key_ring: 'key ring',
  google_kms_crypto_key: 'key',
  google_compute_disk: 'volume',
  google_storage_bucket: 'bucket',
  kubernetes_persistent_volume_claim: 'volume',
  kubernetes_persistent_volume_claim_v1: 'volume',
};

/** Kubernetes kinds that are stateful when applied through kubernetes_manifest (Strimzi at the edge). */
export const STATEFUL_MANIFEST_KINDS: Readonly<Record<string, string>> = {
  Kafka: 'cluster',
  KafkaNodePool: 'broker pool (volumes)',
  KafkaTopic: 'topic',
  PersistentVolumeClaim: 'volume',
  Namespace: 'namespace',
};

/**
 * What kind of state a resource holds, or undefined for a stateless one. A resource
 * its author marked prevent_destroy counts as stateful whatever its type: the author
 * said so.
 */
export function statefulKind(r: Pick<SynthResource, 'type' | 'config' | 'preventDestroy'>): string | undefined {
  if (isStatefulType(r.type)) return KIND_WORDS[r.type] ?? 'state';
  if (r.type === 'kubernetes_manifest') {
    const kind = (r.config.manifest as { kind?: string } | undefined)?.kind;
    if (kind && STATEFUL_MANIFEST_KINDS[kind]) return STATEFUL_MANIFEST_KINDS[kind];
  }
  return r.preventDestroy ? 'protected' : undefined;
}
