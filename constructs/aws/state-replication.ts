import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, type IamStatement } from './policy-document';

/** One key copied into another region's bucket. */
export interface StateReplicationRule {
  /** Rule id, from the stack and the copy's site: stable across edits. */
  readonly id: string;
  /** Allocated, unique within the source bucket's configuration. */
  readonly priority: number;
  /** The state object's key; its lock file (`<key>.tflock`) shares the prefix and is copied too. */
  readonly key: string;
  readonly destinationBucket: string;
  readonly destinationRegion: string;
  /** The destination bucket's key for the replicas (an alias, `alias/<name>`, or a key ARN), when the state is written with SSE-KMS. */
  readonly destinationKmsKeyId?: string;
}

export interface StateReplicationProps {
  readonly sourceBucket: string;
  readonly sourceRegion: string;
  /** Written with SSE-KMS under this key (the backend's kms_key_id); SSE-S3 otherwise. */
  readonly sourceKmsKeyId?: string;
  /** The IAM role's name: role names are global in an account, so it names the region. */
  readonly roleName: string;
  readonly rules: readonly StateReplicationRule[];
  /** The versioning resource of the source bucket: S3 refuses a replication configuration on an unversioned bucket. */
  readonly dependsOn: ITerraformDependable[];
  readonly tags?: Record<string, string>;
}

/**
 * Copies Terraform state keys from one region's store into others (S3 Cross-Region
 * Replication), so a stack over several regions can plan from a surviving one.
 *
 * From the S3 User Guide:
 * - the role S3 assumes and its permissions, "Setting up permissions for live replication"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html):
 *   s3:GetReplicationConfiguration and s3:ListBucket on the source bucket;
 *   s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging on its
 *   objects; s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags on the destination's;
 * - both buckets versioned ("Requirements and considerations for replication");
 * - a rule with a Filter must state DeleteMarkerReplication (S3 API, ReplicationRule); delete
 *   markers are copied so a released lock (`.tflock`, deleted on unlock) is released in the copy too;
 * - S3 Replication Time Control replicates 99.99% of objects within 15 minutes and needs
 *   replication metrics ("Meeting compliance requirements with S3 Replication Time Control");
 * - SSE-KMS objects are copied only with SourceSelectionCriteria.SseKmsEncryptedObjects and the
 *   destination's ReplicaKmsKeyID, and the role needs kms:Decrypt on the source key and
 *   kms:Encrypt on the destination key ("Replicating encrypted objects").
 */
export class StateReplication extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: StateReplicationProps) {
    super(scope, id);
    // Rules by id: the order of the plan's lists never reorders the policy or the configuration.
    props = { ...props, rules: [...props.rules].sort((a, b) => a.id.localeCompare(b.id)) };
    const partition = new DataAwsPartition(this, 'Partition');
    const account = new DataAwsCallerIdentity(this, 'Account');
    const arn = (bucket: string) => `arn:${partition.partition}:s3:::${bucket}`;
    const source = arn(props.sourceBucket);
    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: `S3 replication of Terraform state from ${props.sourceBucket}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Confused-deputy guard: only S3 acting for this account's source bucket.
            Condition: { StringEquals: { 'aws:SourceAccount': account.accountId }, ArnLike: { 'aws:SourceArn': source } },
          },
        ],
      }),
      tags: props.tags,
    });
    const statements: IamStatement[] = [
      {
        Sid: 'ReadReplicationConfiguration',
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: [source],
      },
      {
        Sid: 'ReadStateVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: uniqueSorted(props.rules.map((r) => r.key)).map((key) => `${source}/${key}*`),
      },
      {
        Sid: 'WriteReplicas',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        // Sorted before the partition token goes in: token text is not stable across builds.
        Resource: uniqueSorted(props.rules.map((r) => `${r.destinationBucket}/${r.key}`)).map((object) => `${arn(object)}*`),
      },
    ];
    if (props.sourceKmsKeyId) {
      // Decrypt the state under the source region's key, only through S3 in that region.
      statements.push(
        kmsStatement('DecryptSource', 'kms:Decrypt', props.sourceKmsKeyId, props.sourceRegion, partition.partition, account.accountId),
      );
      for (const r of props.rules)
        if (r.destinationKmsKeyId)
          statements.push(
            kmsStatement(
              `EncryptReplicas${r.priority}`,
              'kms:Encrypt',
              r.destinationKmsKeyId,
              r.destinationRegion,
              partition.partition,
              account.accountId,
            ),
          );
    }
    new IamRolePolicy(this, 'RolePolicy', {
      role: this.role.name,
      name: 'state-replication',
      policy: policyDocument(this, 'RolePolicyDocument', statements).json,
    });
    new S3BucketReplicationConfigurationA(this, 'Configuration', {
      bucket: props.sourceBucket,
      role: this.role.arn,
      rule: [...props.rules]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((r) => ({
          id: r.id,
          priority: r.priority,
          status: 'Enabled',
          filter: { prefix: r.key },
          deleteMarkerReplication: { status: 'Enabled' },
          ...(props.sourceKmsKeyId ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } } } : {}),
          destination: {
            bucket: arn(r.destinationBucket),
            storageClass: 'STANDARD',
            replicationTime: { status: 'Enabled', time: { minutes: 15 } },
            metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
            ...(props.sourceKmsKeyId && r.destinationKmsKeyId
              ? {
                  encryptionConfiguration: {
                    replicaKmsKeyId: kmsArn(r.destinationKmsKeyId, r.destinationRegion, partition.partition, account.accountId),
                  },
                }
              : {}),
          },
        })),
      dependsOn: props.dependsOn,
    });
  }
}

/** S3 takes the replicas' key as a key ARN or an alias ARN (S3 API, EncryptionConfiguration.ReplicaKmsKeyID). */
function kmsArn(key: string, region: string, partition: string, account: string): string {
  return key.startsWith('arn:') ? key : `arn:${partition}:kms:${region}:${account}:${key.startsWith('alias/') ? key : `key/${key}`}`;
}

/**
 * A KMS grant of the replication role. An alias names a key only through the
 * kms:ResourceAliases condition: IAM matches a KMS request on the key's ARN, never on an
 * alias ARN (AWS KMS Developer Guide, "Using aliases to control access to KMS keys").
 */
function kmsStatement(sid: string, action: string, key: string, region: string, partition: string, account: string): IamStatement {
  const via = { 'kms:ViaService': [`s3.${region}.amazonaws.com`] };
  if (key.startsWith('alias/'))
    return {
      Sid: sid,
      Effect: 'Allow',
      Action: [action],
      Resource: [`arn:${partition}:kms:${region}:${account}:key/*`],
      Condition: { StringEquals: via, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [key] } },
    };
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: [action],
    Resource: [kmsArn(key, region, partition, account)],
    Condition: { StringEquals: via },
  };
}

const uniqueSorted = (xs: readonly string[]) => [...new Set(xs)].sort();
