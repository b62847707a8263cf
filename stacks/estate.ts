import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { EstatePlan } from '../constructs/analysis/plan';
import { BootstrapStack } from './bootstrap-stack';
import { ConnectorsStack } from './connectors-stack';
import { siteContext } from './context';
import { EdgeFleetAclsStack, EdgeFleetStack } from './edge-fleet-stack';
import { LinksStack, placeCloudLinkEnds } from './links';
import { PeeringStack } from './peering-stack';
import { SiteStack } from './site-stack';
import { TopicsStack } from './topics-stack';
// Before any stack is validated: one `terraform version` per synth instead of one per stack.
import './terraform-version';

/**
 * Renders one environment's plan: every planned stack in plan order, then the
 * cloud-to-cloud link ends (they join two stacks), then the planned dependencies, so
 * `cdktf deploy` and the review both see the deploy order the plan decided.
 */
/** The site whose region a cluster-named topics stack uses (the plan's topics part). */
function topicsSite(plan: EstatePlan, stack: string): string {
  return plan.clusters.flatMap((c) => c.parts).find((p) => p.part === 'topics' && p.stack === stack)!.site;
}

export function buildEstate(scope: Construct, plan: EstatePlan): TerraformStack[] {
  const { env } = plan;
  const stacks = new Map<string, TerraformStack>();
  for (const s of plan.stacks) {
    switch (s.role) {
      case 'bootstrap':
        stacks.set(s.id, new BootstrapStack(scope, plan, s));
        break;
      case 'site':
        stacks.set(s.id, new SiteStack(scope, siteContext(plan, s.site!)));
        break;
      case 'topics':
        // A stretched cluster's topics stack has no site: the provider region is its first site's.
        stacks.set(s.id, new TopicsStack(scope, siteContext(plan, s.site ?? topicsSite(plan, s.id)), s.id));
        break;
      case 'connectors':
        stacks.set(s.id, new ConnectorsStack(scope, siteContext(plan, s.site!)));
        break;
      case 'links':
        stacks.set(s.id, new LinksStack(scope, siteContext(plan, s.site!)));
        break;
      case 'edge-fleet':
        stacks.set(
          s.id,
          new EdgeFleetStack(
            scope,
            plan,
            env.edgeFleets.find((f) => f.id === s.fleet)!,
          ),
        );
        break;
      case 'edge-fleet-acls':
        stacks.set(
          s.id,
          new EdgeFleetAclsStack(
            scope,
            plan,
            env.edgeFleets.find((f) => f.id === s.fleet)!,
          ),
        );
        break;
      case 'peering':
        stacks.set(
          s.id,
          new PeeringStack(
            scope,
            plan,
            plan.peerings.find((p) => p.stack === s.id)!,
          ),
        );
        break;
    }
  }
  placeCloudLinkEnds(plan, stacks);
  for (const s of plan.stacks) {
    const after = stacks.get(s.id)!;
    for (const d of s.dependsOn) {
      const before = stacks.get(d.stack)!;
      if (!after.dependencies.includes(before)) after.addDependency(before);
    }
  }
  return [...stacks.values()];
}
