import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { stackId } from '../constructs/model/naming';
import { applyPolicy } from '../constructs/policy';
import { awsProvider } from './aws-provider';
import { azureProvider } from './azure-site';
import { applyBackend, stackPlanOf } from './backend';
import { placeCluster } from './clusters';
import { placeConnectors } from './connectors';
import { placeDirectEdgeSites } from './edge-fleet-stack';
import type { SiteContext } from './context';
import { placeReplicationLinks } from './replication-links';
import { placeSiteLinks } from './links';
import { placeMirrorLinks } from './mirror-links';
import { addObservability } from './observability';

/**
 * Everything of one environment in one failure domain (a region or a site), stack id
 * `<env>-<site>`. It never references another site's tokens, so losing a region
 * never blocks `apply` of the survivors.
 */
export class SiteStack extends TerraformStack {
  public readonly ctx: SiteContext;

  constructor(scope: Construct, ctx: SiteContext) {
    const id = stackId(ctx.env.name, ctx.site.id);
    super(scope, id);
    this.ctx = ctx;
    applyPolicy(this, ctx.plan.policy);
    applyBackend(this, stackPlanOf(ctx.plan, id).backend);
    if (ctx.site.cloud === 'aws') awsProvider(this, ctx);
    if (ctx.site.cloud === 'azure') azureProvider(this, ctx);
    // The clusters whose parts the plan put into this stack, in declaration order.
    for (const cluster of ctx.env.clusters) {
      const planned = ctx.plan.clusters.find((c) => c.id === cluster.id);
      if (!planned?.parts.some((p) => p.part === 'cluster' && p.stack === id)) continue;
      placeCluster(this, ctx, cluster);
    }
    // Connectors beside the clusters they read or write (same stack, same failure domain).
    placeConnectors(this, ctx);
    if (ctx.site.role === 'edge') placeDirectEdgeSites(this, ctx);
    placeReplicationLinks(this, ctx);
    // After the clusters: the VPN gateway attaches to the network they created.
    placeSiteLinks(this, ctx);
    if (ctx.site.cloud === 'aws') placeMirrorLinks(this, ctx);
    addObservability(this, ctx);
  }
}
