import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { peeringPairs } from '../constructs/analysis/kraft';
import type { Environment } from '../constructs/model/schema';
import { stackId } from '../constructs/model/naming';
import { EdgeFleetAclsStack, EdgeFleetStack } from './edge-fleet-stack';
import { buildLinkStacks } from './links';
import { PeeringStack } from './peering-stack';
import { SiteStack } from './site-stack';
import { topicClusters, TopicsStack } from './topics-stack';

/** Builds all stacks of one environment: a site stack per site, a topics stack where topics are managed. */
export function buildEstate(scope: Construct, env: Environment): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  const siteStacks = new Map<string, TerraformStack>();
  for (const site of env.sites) {
    const ctx = { env, site };
    const siteStack = new SiteStack(scope, ctx);
    siteStacks.set(siteStack.node.id, siteStack);
    stacks.push(siteStack);
    if (topicClusters(ctx).length > 0) {
      const topics = new TopicsStack(scope, ctx);
      // Deploy order only (the topics stack finds its cluster by name, not by token):
      // recorded in the manifest, so `cdktf deploy` and the review both see it.
      topics.addDependency(siteStack);
      stacks.push(topics);
    }
  }
  for (const fleet of env.edgeFleets) {
    stacks.push(new EdgeFleetStack(scope, env, fleet));
    // MSK takes ACLs over the Kafka admin API (Managed Kafka's are API resources in the fleet stack).
    if (env.clusters.find((c) => c.id === fleet.hub)?.kind === 'msk') stacks.push(new EdgeFleetAclsStack(scope, env, fleet));
  }
  // Cloud-to-cloud link ends, `<env>-<site>-links`, after every site stack they read from.
  stacks.push(...buildLinkStacks(scope, env, siteStacks));
  for (const [a, b] of peeringPairs(env)) {
    const peering = new PeeringStack(scope, env, a, b);
    // The deploy-order exception of a stretched cluster: the link finds both VPCs by
    // their planned names, so it is applied after both site stacks.
    for (const site of [a, b]) {
      const s = siteStacks.get(stackId(env.name, site));
      if (s) peering.addDependency(s);
    }
    stacks.push(peering);
  }
  return stacks;
}
