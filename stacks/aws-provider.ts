import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { siteTags, type SiteContext } from './context';

/** The site's AWS provider: its region, its account guard and the standard tags on everything. */
export function awsProvider(scope: Construct, ctx: SiteContext): AwsProvider {
  const accountId = ctx.env.accounts?.aws?.accountId;
  return new AwsProvider(scope, 'aws', {
    region: ctx.site.region,
    allowedAccountIds: accountId ? [accountId] : undefined,
    defaultTags: [{ tags: siteTags(ctx) }],
  });
}
