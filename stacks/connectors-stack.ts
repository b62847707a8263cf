import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { DataAwsMskCluster } from '@cdktf/provider-aws/lib/data-aws-msk-cluster';
import { DataAwsSecurityGroup } from '@cdktf/provider-aws/lib/data-aws-security-group';
import { DataAwsSubnets } from '@cdktf/provider-aws/lib/data-aws-subnets';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceName, stackId } from '../constructs/model/naming';
import { kafkaNetworkNames } from '../constructs/aws/network';
import { applyPolicy } from '../constructs/policy';
import { awsProvider } from './aws-provider';
import { applyBackend, stackPlanOf } from './backend';
import { mskConnector, placeConnectorRunbook, type MskConnectTarget } from './connectors';
import type { SiteContext } from './context';

/**
 * Connectors that write topics the site's topics stack creates (MSK Connect sources),
 * stack id `<env>-<site>-connectors`, applied after the site stack and the topics stack.
 * It finds the cluster, its key, the private subnets and the brokers' security group by
 * their planned names, never by another stack's token, so no reference cycle joins the
 * stacks and losing this stack's state never blocks the site stack. The endpoints the
 * workers use (S3, Secrets Manager) stay in the site stack, shared with the site's sinks.
 */
export class ConnectorsStack extends TerraformStack {
  constructor(scope: Construct, ctx: SiteContext) {
    const id = stackId(ctx.env.name, ctx.site.id, 'connectors');
    super(scope, id);
    applyPolicy(this, ctx.plan.policy);
    applyBackend(this, stackPlanOf(ctx.plan, id).backend);
    awsProvider(this, ctx);
    const named = (component: string) => resourceName({ env: ctx.env.name, site: ctx.site.id, component });
    let network: Pick<MskConnectTarget, 'subnetIds' | 'securityGroupId'> | undefined;
    const clusters = new Map<string, Pick<MskConnectTarget, 'clusterArn' | 'bootstrapServers' | 'logKmsKeyArn'>>();
    for (const c of ctx.plan.connectors.filter((x) => x.stack === id)) {
      if (!network) {
        const names = kafkaNetworkNames(`${ctx.env.name}-${ctx.site.id}`);
        network = {
          subnetIds: new DataAwsSubnets(this, 'Subnets', { filter: [{ name: 'tag:Name', values: names.privateSubnets }] }).ids,
          securityGroupId: new DataAwsSecurityGroup(this, 'WorkersSecurityGroup', { name: names.brokersSecurityGroup }).id,
        };
      }
      let cluster = clusters.get(c.cluster);
      if (!cluster) {
        const clusterName = named(c.cluster);
        const data = new DataAwsMskCluster(this, `${c.cluster}-cluster`, { clusterName });
        cluster = {
          clusterArn: data.arn,
          bootstrapServers: data.bootstrapBrokersSaslIam,
          // The cluster's own key (alias/<cluster name>) admits CloudWatch Logs of the region, as for the site's sinks.
          logKmsKeyArn: new DataAwsKmsKey(this, `${c.cluster}-key`, { keyId: `alias/${clusterName}` }).arn,
        };
        clusters.set(c.cluster, cluster);
      }
      mskConnector(this, ctx, c, { ...cluster, ...network });
      placeConnectorRunbook(this, ctx.plan, c);
    }
  }
}
