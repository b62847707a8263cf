import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { RegionPeering } from '../constructs/aws/region-peering';
import type { Environment } from '../constructs/model/schema';
import { resourceName, stackId } from '../constructs/model/naming';
import { applyPolicy } from '../constructs/policy';
import { applyBackend } from './backend';
import { siteTags } from './context';

/**
 * The network path between two AWS sites, stack id `<env>-<a>-<b>-peering`. It belongs
 * to neither site's failure domain: it finds both VPCs by their planned names, so it
 * is applied after both site stacks (the one deploy-order edge of a stretched
 * cluster), and a lost region blocks only the links that touch it.
 */
export class PeeringStack extends TerraformStack {
  constructor(scope: Construct, env: Environment, a: string, b: string) {
    const id = stackId(env.name, `${a}-${b}`, 'peering');
    super(scope, id);
    applyPolicy(this, { stage: env.stage, suppressions: env.policy?.suppressions });
    applyBackend(this, id, env.name, env.backend);
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
    new RegionPeering(this, `${a}-${b}`, { requester: end(a), accepter: end(b) });
  }
}
