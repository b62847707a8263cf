import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';

/** Key prefix of the trail's files in the log bucket (CloudTrail adds `AWSLogs/<account>/`). */
export const TRAIL_PREFIX = 'trail';

/** Name and ARN of the object-level trail of a bucket, known before the trail exists (the log bucket's policy names it). */
export function objectTrail(
  bucketName: string,
  at: { partition: string; region: string; accountId: string },
): { name: string; arn: string } {
  const name = `${bucketName}-objects`;
  return { name, arn: `arn:${at.partition}:cloudtrail:${at.region}:${at.accountId}:trail/${name}` };
}

export interface ObjectAuditTrailProps {
  readonly name: string;
  /** The bucket whose object reads and writes are recorded. */
  readonly bucket: S3Bucket;
  /** Where the trail's files go: the bucket's access-log bucket, whose policy admits this trail. */
  readonly logs: S3Bucket;
  /** Customer-managed key whose policy admits CloudTrail (kms-key-policy.ts, cloudTrailKeyUse). */
  readonly kmsKeyId: string;
  /** The log bucket's policy: CloudTrail checks it when the trail is created. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Object-level audit of one bucket (KAF-043; CIS AWS Foundations 1.4, 3.10 and 3.11): a
 * trail of the bucket's S3 data events, reads and writes, naming the principal of each
 * request, which server access logs do not guarantee. Data events only, in the bucket's
 * region (where S3 records them): the account's management events belong to its own
 * multi-region trail. Files encrypted with the customer key, with integrity validation
 * (AWS CloudTrail user guide, "Logging data events", "Validating CloudTrail log file integrity").
 */
export function objectAuditTrail(scope: Construct, id: string, props: ObjectAuditTrailProps): Cloudtrail {
  return new Cloudtrail(scope, id, {
    name: props.name,
    s3BucketName: props.logs.id,
    s3KeyPrefix: TRAIL_PREFIX,
    kmsKeyId: props.kmsKeyId,
    enableLogFileValidation: true,
    isMultiRegionTrail: false,
    includeGlobalServiceEvents: false,
    eventSelector: [
      {
        readWriteType: 'All',
        includeManagementEvents: false,
        dataResource: [{ type: 'AWS::S3::Object', values: [`${props.bucket.arn}/`] }],
      },
    ],
    dependsOn: props.dependsOn,
  });
}
