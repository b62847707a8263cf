import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../constructs/core/model';
import { SiteStack } from './site-stack';
import { topicClusters, TopicsStack } from './topics-stack';

/** Builds all stacks of one environment: a site stack per site, a topics stack where topics are managed. */
export function buildEstate(scope: Construct, env: Environment): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  for (const site of env.sites) {
    const ctx = { env, site };
    stacks.push(new SiteStack(scope, ctx));
    if (topicClusters(ctx).length > 0) stacks.push(new TopicsStack(scope, ctx));
  }
  return stacks;
}
