import { S3BucketMetric } from '@cdktf/provider-aws/lib/s3-bucket-metric';
import { Testing } from 'cdktf';
import { BucketRequestMetrics } from '../../../constructs/aws/bucket-request-metrics';

describe('BucketRequestMetrics', () => {
  const config = { site: 'fra', bucket: 'archive', filterId: 'test-sales-archive', prefix: 'sales/' };

  it('turns on request metrics for the prefix, named by the filter the alarms read', () => {
    const synth = Testing.synthScope((scope) => new BucketRequestMetrics(scope, 'RequestMetrics', { configurations: [config] }));
    expect(synth).toHaveResourceWithProperties(S3BucketMetric, {
      bucket: 'archive',
      name: 'test-sales-archive',
      filter: { prefix: 'sales/' },
    });
  });

  it('refuses an id S3 would refuse', () => {
    expect(() =>
      Testing.synthScope(
        (scope) => new BucketRequestMetrics(scope, 'RequestMetrics', { configurations: [{ ...config, filterId: 'a/b' }] }),
      ),
    ).toThrow(/must be 1-64 letters, digits/);
  });
});
