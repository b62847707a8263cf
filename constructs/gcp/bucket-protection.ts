import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import type { Construct } from 'constructs';
import { LOG_BUCKET_TAG } from '../policy/scanner-waivers';

export interface BucketKeyProps {
  /** Key ring name, unique in the project and location. */
  readonly ring: string;
  /** Key name inside the ring. */
  readonly key: string;
  readonly location: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - the provider's project */
  readonly project?: string;
}

/**
 * A customer-managed key for buckets (KAF-042, CKV_GCP_43: rotated every 90 days) which
 * Cloud Storage's service agent may use; buckets encrypted with it depend on `grant`. Key
 * rings cannot be deleted in Cloud KMS; prevent_destroy makes Terraform say so. Resources
 * `<id>KeyRing`, `<id>Key`, `StorageAgent` and `StorageAgentUsesKey` in `scope`.
 */
export function bucketKey(scope: Construct, id: string, props: BucketKeyProps): { key: KmsCryptoKey; grant: KmsCryptoKeyIamMember } {
  const ring = new KmsKeyRing(scope, `${id}KeyRing`, { name: props.ring, location: props.location, lifecycle: { preventDestroy: true } });
  const key = new KmsCryptoKey(scope, `${id}Key`, {
    name: props.key,
    keyRing: ring.id,
    purpose: 'ENCRYPT_DECRYPT',
    rotationPeriod: `${90 * 86400}s`,
    labels: props.labels ? { ...props.labels } : undefined,
    lifecycle: { preventDestroy: true },
  });
  const storageAgent = new DataGoogleStorageProjectServiceAccount(scope, 'StorageAgent', { project: props.project });
  const grant = new KmsCryptoKeyIamMember(scope, 'StorageAgentUsesKey', {
    cryptoKeyId: key.id,
    role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
    member: `serviceAccount:${storageAgent.emailAddress}`,
  });
  return { key, grant };
}

export interface UsageLogBucketProps {
  readonly name: string;
  readonly location: string;
  readonly key: KmsCryptoKey;
  readonly grant: KmsCryptoKeyIamMember;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A bucket for another bucket's usage logs (who read which object), written by Cloud
 * Storage's analytics group ("Usage logs & storage logs", Cloud Storage docs). It does not
 * log itself (its deliveries would loop), so CKV_GCP_62 is waived on it by its
 * `log-bucket` label. Resources `<id>` and `<id>Writer` in `scope`.
 */
export function usageLogBucket(scope: Construct, id: string, props: UsageLogBucketProps): StorageBucket {
  const logs = new StorageBucket(scope, id, {
    name: props.name,
    location: props.location,
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'enforced',
    versioning: { enabled: true },
    encryption: { defaultKmsKeyName: props.key.id },
    labels: { ...props.labels, [LOG_BUCKET_TAG]: 'usage-logs' },
    dependsOn: [props.grant],
    lifecycle: { preventDestroy: true },
  });
  new StorageBucketIamMember(scope, `${id}Writer`, {
    bucket: logs.name,
    role: 'roles/storage.objectCreator',
    member: 'group:cloud-storage-analytics@google.com',
  });
  return logs;
}

/**
 * Data Access audit logs of Cloud Storage in the project (KAF-043; CIS Google Cloud 2.1):
 * who read (DATA_READ) and wrote (DATA_WRITE) which object, by principal. Cloud Audit
 * Logs configure data access per service and project, not per bucket, and the resource is
 * authoritative for the service: every stack of the project that holds buckets declares
 * the same configuration, so they agree, and none can be destroyed by accident
 * ("Enable Data Access audit logs", Cloud Logging docs).
 */
export function storageDataAccessAudit(scope: Construct, id: string, project?: string): ProjectIamAuditConfig {
  return new ProjectIamAuditConfig(scope, id, {
    project: project ?? new DataGoogleClientConfig(scope, `${id}Project`).project,
    service: 'storage.googleapis.com',
    auditLogConfig: [{ logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }],
    lifecycle: { preventDestroy: true },
  });
}
