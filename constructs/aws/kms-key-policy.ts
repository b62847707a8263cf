/**
 * The key policies of the product's customer-managed KMS keys, written once: the account
 * administers every key through IAM, and each key admits the one AWS service that
 * encrypts with it. Statements keep their order and Sids, so a key's policy reads the
 * same wherever it is built.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html (the account root statement)
 */

/** The account and partition a key lives in (tokens of DataAwsCallerIdentity and DataAwsPartition). */
export interface KeyAccount {
  readonly partition: string;
  readonly accountId: string;
}

/** One statement of a key policy, in the JSON policy shape. */
export interface KeyPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly AWS: string } | { readonly Service: string };
  readonly Action: string | readonly string[];
  readonly Resource: '*';
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A key policy: the account administers the key, then the services that use it. */
export function kmsKeyPolicy(account: KeyAccount, ...uses: readonly KeyPolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:${account.partition}:iam::${account.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      ...uses,
    ],
  });
}

/**
 * CloudWatch Logs of this account and region encrypts log groups with the key; the
 * encryption context names the log group, so no other account's logs can use it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function cloudWatchLogsKeyUse(account: KeyAccount, region: string): KeyPolicyStatement {
  return {
    Sid: 'CloudWatchLogsUse',
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${account.partition}:logs:${region}:${account.accountId}:log-group:*` },
    },
  };
}

/** CloudWatch encrypts the alarm notification it publishes to an encrypted SNS topic. */
export const CLOUDWATCH_ALARMS_KEY_USE: KeyPolicyStatement = {
  Sid: 'CloudWatchPublishes',
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
  Resource: '*',
};

/**
 * CloudTrail encrypts the log files of this account's trails with the key (the encryption
 * context names the trail) and reads the key's description when the trail is created.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function cloudTrailKeyUse(account: KeyAccount): KeyPolicyStatement[] {
  return [
    {
      Sid: 'CloudTrailEncryptsLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${account.partition}:cloudtrail:*:${account.accountId}:trail/*` },
      },
    },
    {
      Sid: 'CloudTrailDescribesKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
    },
  ];
}
