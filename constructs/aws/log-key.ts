import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { cloudWatchLogsKeyUse, kmsKeyPolicy } from './kms-key-policy';

export interface LogKeyProps {
  /** Alias without `alias/`. */
  readonly name: string;
  readonly description: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A customer-managed key for CloudWatch log groups of this account and region (KAF-038):
 * the account administers it and CloudWatch Logs may use it only under a log-group
 * encryption context of this account and region (kms-key-policy.ts).
 */
export class LogKey extends Construct {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogKeyProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');
    const owner = { partition: partition.partition, accountId: account.accountId };
    this.key = new KmsKey(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: kmsKeyPolicy(owner, cloudWatchLogsKeyUse(owner, region.region)),
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.name}`, targetKeyId: this.key.keyId });
  }

  public get arn(): string {
    return this.key.arn;
  }
}
