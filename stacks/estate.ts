import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../constructs/core/model';
import { EdgeFleetStack } from './edge-fleet-stack';
import { SiteStack } from './site-stack';
import { topicClusters, TopicsStack } from './topics-stack';

/** Builds all stacks of one environment: a site stack per site, a topics stack where topics are managed. */
export function buildEstate(scope: Construct, env: Environment): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  for (const site of env.sites) {
    const ctx = { env, site };
    const siteStack = new SiteStack(scope, ctx);
    stacks.push(siteStack);
    if (topicClusters(ctx).length > 0) {
      const topics = new TopicsStack(scope, ctx);
      // Deploy order only (the topics stack finds its cluster by name, not by token):
      // recorded in the manifest, so `cdktf deploy` and the review both see it.
      topics.addDependency(siteStack);
      stacks.push(topics);
    }
  }
  for (const fleet of env.edgeFleets) stacks.push(new EdgeFleetStack(scope, env, fleet));
  return stacks;
}
