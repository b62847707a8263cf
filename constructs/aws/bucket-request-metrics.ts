import { S3BucketMetric } from '@cdktf/provider-aws/lib/s3-bucket-metric';
import { Construct } from 'constructs';
import type { BucketRequestMetrics as Configuration } from '../analysis/s3-request-metrics';
import { ConstructError } from '../construct-error';

export interface BucketRequestMetricsProps {
  /** Metrics configurations the site's alarms read (analysis/connectors.ts, an edge sink's watch). */
  readonly configurations: readonly Configuration[];
}

/**
 * S3 publishes request metrics only for objects a bucket metrics configuration covers: one
 * configuration per planned filter, its id the metrics' FilterId, limited to the prefix. The bucket
 * is the connector's system, not the estate's: the account applying this must own it or hold
 * s3:PutMetricsConfiguration on it (PutBucketMetricsConfiguration).
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_metric
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketMetricsConfiguration.html
 */
export class BucketRequestMetrics extends Construct {
  public readonly configurations: S3BucketMetric[];

  constructor(scope: Construct, id: string, props: BucketRequestMetricsProps) {
    super(scope, id);
    // The configuration id: at most 64 characters, letters, digits, periods, dashes and underscores.
    const bad = props.configurations.filter((c) => !/^[A-Za-z0-9._-]{1,64}$/.test(c.filterId)).map((c) => c.filterId);
    if (bad.length > 0) throw new ConstructError(this, `metrics configuration ids ${bad.join(', ')} must be 1-64 letters, digits, . - _.`);
    this.configurations = props.configurations.map(
      (c) => new S3BucketMetric(this, c.filterId, { bucket: c.bucket, name: c.filterId, filter: { prefix: c.prefix } }),
    );
  }
}
