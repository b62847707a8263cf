/**
 * Terraform resource types that hold data or identity which a replacement would
 * destroy: clusters, volumes, namespaces, keys, topics, event hubs, buckets. They must
 * carry prevent_destroy and keep their addresses (construct ids) forever; the policy
 * suite, the review and the address guard all read this one list.
 */
export const STATEFUL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aws_msk_cluster',
  'aws_msk_configuration',
  'aws_msk_serverless_cluster',
  'aws_kms_key',
  'aws_ebs_volume',
  'aws_s3_bucket',
  'kafka_topic',
  'azurerm_eventhub_namespace',
  'azurerm_eventhub',
  'azurerm_key_vault',
  'azurerm_key_vault_key',
  'azurerm_storage_account',
  'google_managed_kafka_cluster',
  'google_managed_kafka_topic',
  'google_kms_key_ring',
  'google_kms_crypto_key',
  'google_storage_bucket',
  'google_compute_disk',
  'azurerm_managed_disk',
  'kubernetes_persistent_volume_claim',
  'kubernetes_persistent_volume_claim_v1',
]);

export function isStatefulType(type: string): boolean {
  return STATEFUL_RESOURCE_TYPES.has(type);
}

/** A resource in a synthesized stack (cdk.tf.json), by Terraform address. */
export interface SynthesizedResource {
  readonly address: string;
  readonly type: string;
  readonly preventDestroy: boolean;
}

/** Resources of a synthesized cdk.tf.json document, in address order. */
export function resourcesOf(stackJson: {
  resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
}): SynthesizedResource[] {
  return Object.entries(stackJson.resource ?? {})
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => ({
        address: `${type}.${name}`,
        type,
        preventDestroy: body.lifecycle?.prevent_destroy === true,
      })),
    )
    .sort((a, b) => a.address.localeCompare(b.address));
}
