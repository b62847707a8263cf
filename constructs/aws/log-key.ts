import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

export interface LogKeyProps {
  /** Alias without `alias/`, and the key's description. */
  readonly name: string;
  readonly description: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A customer-managed key for CloudWatch log groups of this account and region (KAF-038):
 * the account administers it, and CloudWatch Logs may use it only under a log-group
 * encryption context of this account and region. Key policy as in "Encrypt log data in
 * CloudWatch Logs using AWS KMS" (AWS CloudWatch Logs user guide, step 2).
 */
export class LogKey extends Construct {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogKeyProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');
    this.key = new KmsKey(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition.partition}:iam::${account.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'CloudWatchLogsUse',
            Effect: 'Allow',
            Principal: { Service: `logs.${region.region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': `arn:${partition.partition}:logs:${region.region}:${account.accountId}:log-group:*`,
              },
            },
          },
        ],
      }),
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.name}`, targetKeyId: this.key.keyId });
  }

  public get arn(): string {
    return this.key.arn;
  }
}
