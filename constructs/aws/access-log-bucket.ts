import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { Construct } from 'constructs';
import { LOG_BUCKET_TAG } from '../policy/scanner-waivers';
import { TRAIL_PREFIX } from './object-audit-trail';

export interface AccessLogBucketProps {
  /** Name of the log bucket. */
  readonly name: string;
  /** The bucket whose reads are logged. */
  readonly source: S3Bucket;
  /** Key prefix of the deliveries, ending in `/`. */
  readonly prefix: string;
  /** Account that owns the source bucket (a DataAwsCallerIdentity token). */
  readonly accountId: string;
  /** Id of the source bucket's aws_s3_bucket_logging (part of its address). */
  readonly loggingId: string;
  /** ARN of the source bucket's object-level trail, which delivers its files here too (object-audit-trail.ts). */
  readonly trailArn?: string;
}

/**
 * Server access logs of a bucket (KAF-042: who read which object) in a private bucket of
 * their own; the log bucket's resources are `<id>`, `<id>Private`, `<id>Versioning`,
 * `<id>Encryption` and `<id>Delivery` in `scope`. S3 delivers access logs only to a
 * bucket encrypted with SSE-S3, and the log bucket does not log itself (it would log its
 * own deliveries), so the scanners' logging and customer-key checks are waived on it with
 * that reason (scanner-waivers.ts, matched by the `log-bucket` tag). Delivery is granted
 * by bucket policy to the logging service for this account and source bucket, as in
 * "Enabling Amazon S3 server access logging" (Amazon S3 user guide, bucket policy permissions).
 */
export function accessLogBucket(scope: Construct, id: string, props: AccessLogBucketProps): { logs: S3Bucket; policy: S3BucketPolicy } {
  const logs = new S3Bucket(scope, id, {
    bucket: props.name,
    tags: { [LOG_BUCKET_TAG]: 'server-access-logs' },
    lifecycle: { preventDestroy: true },
  });
  new S3BucketPublicAccessBlock(scope, `${id}Private`, {
    bucket: logs.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketVersioningA(scope, `${id}Versioning`, { bucket: logs.id, versioningConfiguration: { status: 'Enabled' } });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}Encryption`, {
    bucket: logs.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  const policy = new S3BucketPolicy(scope, `${id}Delivery`, {
    bucket: logs.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'S3ServerAccessLogsDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${logs.arn}/${props.prefix}*`,
          Condition: {
            ArnLike: { 'aws:SourceArn': props.source.arn },
            StringEquals: { 'aws:SourceAccount': props.accountId },
          },
        },
        // CloudTrail's delivery, for this trail only ("Amazon S3 bucket policy for CloudTrail", CloudTrail user guide).
        ...(props.trailArn
          ? [
              {
                Sid: 'CloudTrailAclCheck',
                Effect: 'Allow',
                Principal: { Service: 'cloudtrail.amazonaws.com' },
                Action: 's3:GetBucketAcl',
                Resource: logs.arn,
                Condition: { StringEquals: { 'aws:SourceArn': props.trailArn } },
              },
              {
                Sid: 'CloudTrailWrite',
                Effect: 'Allow',
                Principal: { Service: 'cloudtrail.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: `${logs.arn}/${TRAIL_PREFIX}/AWSLogs/${props.accountId}/*`,
                Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': props.trailArn } },
              },
            ]
          : []),
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [logs.arn, `${logs.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    }),
  });
  new S3BucketLoggingA(scope, props.loggingId, { bucket: props.source.id, targetBucket: logs.id, targetPrefix: props.prefix });
  return { logs, policy };
}
