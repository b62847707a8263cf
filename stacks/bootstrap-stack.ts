import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { storeOf, type StackPlan } from '../constructs/analysis/plan';
import { stateAccessLogBucket } from '../constructs/model/naming';
import { ConstructError } from '../constructs/construct-error';
import { accessLogBucket } from '../constructs/aws/access-log-bucket';
import { cloudTrailKeyUse, kmsKeyPolicy, type KeyAccount } from '../constructs/aws/kms-key-policy';
import { objectAuditTrail, objectTrail } from '../constructs/aws/object-audit-trail';
import { bucketKey, storageDataAccessAudit, usageLogBucket } from '../constructs/gcp/bucket-protection';
import { applyPolicy } from '../constructs/policy';
import { StateReplication } from '../constructs/aws/state-replication';
import { awsProvider } from './aws-provider';
import { azureProvider } from './azure-site';
import { applyBackend } from './backend';
import { siteContext, siteTags } from './context';
import type { EstatePlan } from '../constructs/analysis/plan';
import { gcpLabels, googleProvider } from './gcp-provider';

const protect = { preventDestroy: true };

/**
 * `<env>-bootstrap-<cloud>-<region>`: the state store of one cloud region, which the
 * region's stacks keep their state in (analysis/plan/state.ts). Versioned (a bad apply
 * can be rolled back to an earlier state), encrypted, closed to the public, and
 * protected from deletion. Its own state starts local and moves into the store it
 * created (docs/deploy.md, "Bootstrap"), so it is the one stack applied before its
 * backend exists.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, plan: EstatePlan, stack: StackPlan) {
    super(scope, stack.id);
    applyPolicy(this, plan.policy);
    applyBackend(this, stack.backend);
    const ctx = siteContext(plan, stack.site!);
    const store = storeOf(plan.env, ctx.site);
    switch (store?.type) {
      case 's3': {
        awsProvider(this, ctx);
        const account = new DataAwsCallerIdentity(this, 'Account');
        const owner = { partition: new DataAwsPartition(this, 'Partition').partition, accountId: account.accountId };
        const bucket = new S3Bucket(this, 'State', { bucket: store.bucket, lifecycle: protect });
        const kmsMasterKeyId = store.ownKey ? this.stateKey(store.kmsKeyId!, owner) : store.kmsKeyId;
        // Terraform's S3 backend docs: "It is highly recommended that you enable Bucket Versioning".
        const versioning = new S3BucketVersioningA(this, 'Versioning', {
          bucket: bucket.id,
          versioningConfiguration: { status: 'Enabled' },
        });
        new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
          bucket: bucket.id,
          rule: [
            {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId },
              bucketKeyEnabled: true,
            },
          ],
        });
        new S3BucketPublicAccessBlock(this, 'PublicAccess', {
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        new S3BucketOwnershipControls(this, 'Ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
        // State holds secrets in plain text: refuse every request that is not over TLS.
        new S3BucketPolicy(this, 'TlsOnly', {
          bucket: bucket.id,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [`arn:aws:s3:::${store.bucket}`, `arn:aws:s3:::${store.bucket}/*`],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          }),
        });
        // Who read or wrote which state, and when: server access logs (KAF-042) and a trail of
        // its object reads and writes naming each principal (KAF-043). A key named in the file
        // must admit CloudTrail in its policy, as the key the bootstrap creates does.
        const trail = objectTrail(store.bucket, { ...owner, region: new DataAwsRegion(this, 'Region').region });
        const { logs, policy } = accessLogBucket(this, 'StateAccessLogs', {
          name: stateAccessLogBucket(store.bucket),
          source: bucket,
          prefix: 'state/',
          accountId: account.accountId,
          loggingId: 'StateAccessLogging',
          trailArn: trail.arn,
        });
        objectAuditTrail(this, 'StateAudit', { name: trail.name, bucket, logs, kmsKeyId: kmsMasterKeyId!, dependsOn: [policy] });
        // Stacks over several regions keep a copy of their state in the other regions' stores.
        const copies = plan.stacks.flatMap((x) => x.stateCopies ?? []).filter((c) => c.from.bootstrap === stack.id);
        if (copies.length > 0)
          new StateReplication(this, 'StateReplication', {
            sourceBucket: store.bucket,
            sourceRegion: ctx.site.region,
            sourceKmsKeyId: store.kmsKeyId,
            roleName: `${plan.env.name}-tfstate-copy-${ctx.site.region}`,
            rules: copies.map((c) => ({
              id: `${c.stack}-to-${c.site}`,
              priority: c.priority,
              key: c.backend.key,
              destinationBucket: c.to.bucket,
              destinationRegion: c.to.region ?? '',
              destinationKmsKeyId: c.to.kmsKeyId,
            })),
            dependsOn: [versioning],
            tags: siteTags(ctx),
          });
        return;
      }
      case 'azurerm': {
        azureProvider(this, ctx);
        const group = new ResourceGroup(this, 'StateGroup', {
          name: store.resourceGroupName,
          location: ctx.site.region,
          tags: siteTags(ctx),
          lifecycle: protect,
        });
        const account = new StorageAccount(this, 'State', {
          name: store.storageAccountName,
          resourceGroupName: group.name,
          location: ctx.site.region,
          accountTier: 'Standard',
          // Zone-redundant inside the region: the store shares its region's fate, never another's.
          accountReplicationType: 'ZRS',
          minTlsVersion: 'TLS1_2',
          httpsTrafficOnlyEnabled: true,
          allowNestedItemsToBePublic: false,
          // The backend authenticates with Entra ID (use_azuread_auth), never with account keys.
          sharedAccessKeyEnabled: false,
          infrastructureEncryptionEnabled: true,
          blobProperties: {
            versioningEnabled: true,
            deleteRetentionPolicy: { days: 30 },
            containerDeleteRetentionPolicy: { days: 30 },
          },
          tags: siteTags(ctx),
          lifecycle: protect,
        });
        new StorageContainer(this, 'Container', {
          name: store.containerName,
          storageAccountId: account.id,
          containerAccessType: 'private',
          lifecycle: protect,
        });
        new ManagementLock(this, 'NoDelete', {
          name: `${store.storageAccountName}-no-delete`,
          scope: account.id,
          lockLevel: 'CanNotDelete',
          notes: 'Terraform state of the estate: remove the lock only to retire the region.',
        });
        return;
      }
      case 'gcs': {
        googleProvider(this, ctx);
        const labels = gcpLabels(siteTags(ctx));
        // State holds every generated secret: a key of its own, and a record of who read it (KAF-042).
        const { key, grant } = bucketKey(this, 'State', { ring: store.bucket, key: 'state', location: ctx.site.region, labels });
        const logs = usageLogBucket(this, 'StateAccessLogs', {
          name: stateAccessLogBucket(store.bucket),
          location: ctx.site.region,
          key,
          grant,
          labels,
        });
        new StorageBucket(this, 'State', {
          name: store.bucket,
          location: ctx.site.region,
          storageClass: 'STANDARD',
          versioning: { enabled: true },
          uniformBucketLevelAccess: true,
          publicAccessPrevention: 'enforced',
          encryption: { defaultKmsKeyName: key.id },
          logging: { logBucket: logs.name, logObjectPrefix: 'state' },
          labels,
          dependsOn: [grant],
          lifecycle: protect,
        });
        storageDataAccessAudit(this, 'StorageAudit', plan.env.accounts?.gcp?.projectId);
        return;
      }
      default:
        throw new ConstructError(this, `site ${ctx.site.id} has no per-region state store to create.`);
    }
  }

  /**
   * The region's state key, under the alias every backend of the region names: rotated
   * yearly, administered by the account through IAM (whoever may read the state must also
   * be allowed to decrypt with it), used by CloudTrail for the state's object trail,
   * protected from deletion.
   */
  private stateKey(alias: string, owner: KeyAccount): string {
    const key = new KmsKey(this, 'StateKey', {
      description: `Terraform state of ${this.node.id}'s region`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: kmsKeyPolicy(owner, ...cloudTrailKeyUse(owner)),
      lifecycle: protect,
    });
    new KmsAlias(this, 'StateKeyAlias', { name: alias, targetKeyId: key.keyId });
    return key.arn;
  }
}
