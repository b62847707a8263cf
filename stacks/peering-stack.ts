import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { RegionPeering } from '../constructs/aws/region-peering';
import type { EstatePlan, PeeringPlan } from '../constructs/analysis/plan';
import { resourceName } from '../constructs/model/naming';
import { applyPolicy } from '../constructs/policy';
import { applyBackend, stackPlanOf } from './backend';
import { siteTags } from './context';

/**
 * The network path between two AWS sites, stack id `<env>-<a>-<b>-peering`. It belongs
 * to neither site's failure domain: it finds both VPCs by their planned names, so it
 * is applied after both site stacks (the one deploy-order edge of a stretched
 * cluster), and a lost region blocks only the links that touch it.
 */
export class PeeringStack extends TerraformStack {
  constructor(scope: Construct, plan: EstatePlan, peering: PeeringPlan) {
    const id = peering.stack;
    super(scope, id);
    const { env } = plan;
    const [a, b] = peering.sites;
    applyPolicy(this, plan.policy);
    applyBackend(this, stackPlanOf(plan, id).backend);
    const accountId = env.accounts?.aws?.accountId;
    const end = (siteId: string) => {
      const site = env.sites.find((s) => s.id === siteId)!;
      const provider = new AwsProvider(this, `aws-${siteId}`, {
        alias: siteId,
        region: site.region,
        allowedAccountIds: accountId ? [accountId] : undefined,
        defaultTags: [{ tags: siteTags({ env, site }) }],
      });
      return {
        site: site.id,
        region: site.region,
        cidr: site.cidr,
        vpcName: resourceName({ env: env.name, site: site.id, component: 'kafka' }),
        provider,
      };
    };
    new RegionPeering(this, peering.id, { requester: end(a), accepter: end(b) });
  }
}
