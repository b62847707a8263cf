import { kindStatefulTypes } from '../kinds/registry';

/**
 * Terraform resource types that hold data or identity which a replacement would
 * destroy: clusters, volumes, namespaces, keys, topics, event hubs, buckets. They must
 * carry prevent_destroy and keep their addresses (construct ids) forever; the policy
 * suite, the review and the address guard all read this one list. Types of a cluster
 * kind come from its model (KindModel.statefulTypes); these are the ones every kind
 * and fleet shares.
 */
const SHARED_STATEFUL_TYPES = [
  'aws_kms_key',
  'aws_s3_bucket',
  'kafka_topic',
  'azurerm_key_vault',
  'azurerm_key_vault_key',
  'azurerm_storage_account',
  'google_kms_key_ring',
  'google_kms_crypto_key',
  'google_storage_bucket',
  'google_compute_disk',
  'azurerm_managed_disk',
];

/** The built-in kinds' and the shared types. */
export const STATEFUL_RESOURCE_TYPES: ReadonlySet<string> = new Set([...SHARED_STATEFUL_TYPES, ...kindStatefulTypes()]);

/** Whether a type holds data, counting kinds registered at run time. */
export function isStatefulType(type: string): boolean {
  return STATEFUL_RESOURCE_TYPES.has(type) || kindStatefulTypes().includes(type);
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
