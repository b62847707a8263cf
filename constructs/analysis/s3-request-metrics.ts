import type { AlarmMetric } from './alarm-spec';

/*
 * Amazon S3 request metrics in CloudWatch: namespace AWS/S3, dimensions BucketName and FilterId (the id
 * of the bucket's metrics configuration), 1-minute data only for objects a metrics configuration covers
 * (a prefix filter here); PutRequests counts HTTP PUT requests for objects, PostRequests HTTP POST ones
 * (a multipart upload completes with a POST). An operation's metric is reported only while there are
 * requests of that type, and delivery is best effort.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-configurations.html
 */
export const S3_NAMESPACE = 'AWS/S3';

/** A bucket metrics configuration: request metrics for the objects under one prefix. */
export interface BucketRequestMetrics {
  /** Site (region) whose stack holds the configuration and the alarm that reads it. */
  readonly site: string;
  readonly bucket: string;
  /** The configuration's id, which is the metrics' FilterId (64 characters: letters, digits, . - _). */
  readonly filterId: string;
  readonly prefix: string;
}

/** Objects written under the configuration's prefix: PUT and POST requests, summed per period. */
export function s3Writes(m: BucketRequestMetrics): AlarmMetric {
  return {
    kind: 'cloudwatch',
    metrics: (['PutRequests', 'PostRequests'] as const).map((name, i) => ({
      id: `w${i + 1}`,
      namespace: S3_NAMESPACE,
      name,
      dimensions: { BucketName: m.bucket, FilterId: m.filterId },
      stat: 'Sum' as const,
    })),
    unit: 'requests',
  };
}
