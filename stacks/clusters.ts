import type { Construct } from 'constructs';
import { KafkaNetwork } from '../constructs/aws/network';
import { GcpNetwork, GcpSubnetInNetwork } from '../constructs/gcp/network';
import { reachSubnet } from '../constructs/kinds/gcp-managed/facts';
import { kindPlacement, type SiteBlocks } from '../constructs/kinds/placements';
import type { Cluster, Environment } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { azureLogWorkspace, azureNetwork, azureResourceGroup } from './azure-site';
import { siteTags, type SiteContext } from './context';
import { googleProvider } from './gcp-provider';
import { checkMirrorLinks } from './mirror-links';

function network(scope: Construct, ctx: SiteContext, clientAuth: ReadonlyArray<'iam' | 'scram' | 'mtls'>): KafkaNetwork {
  const existing = scope.node.tryFindChild('Network');
  if (existing instanceof KafkaNetwork) return existing;
  return new KafkaNetwork(scope, 'Network', {
    namePrefix: `${ctx.env.name}-${ctx.site.id}`,
    cidr: ctx.site.cidr,
    clientCidrs: ctx.site.clientCidrs,
    clientAuth,
  });
}

/** The Google Cloud site's VPC, created once per stack (the hybrid link's VPN gateway lives in it too). */
export function gcpNetwork(scope: Construct, ctx: SiteContext): GcpNetwork {
  const existing = scope.node.tryFindChild('GcpNetwork');
  if (existing instanceof GcpNetwork) return existing;
  googleProvider(scope, ctx);
  return new GcpNetwork(scope, 'GcpNetwork', {
    namePrefix: `${ctx.env.name}-${ctx.site.id}`,
    region: ctx.site.region,
    cidr: ctx.site.cidr,
  });
}

/**
 * This site's subnet in another Google Cloud site's VPC (kinds/gcp-managed/facts.ts
 * reachSubnet), created once per source site; undefined when the site range has no room.
 * The construct id names the other site: part of the Terraform address, kept forever.
 */
export function gcpSubnetIn(scope: Construct, ctx: SiteContext, site: string): GcpSubnetInNetwork | undefined {
  const existing = scope.node.tryFindChild(`SubnetIn-${site}`);
  if (existing instanceof GcpSubnetInNetwork) return existing;
  const reach = reachSubnet(ctx.env, site, ctx.site.id);
  if (!reach) return undefined;
  googleProvider(scope, ctx);
  return new GcpSubnetInNetwork(scope, `SubnetIn-${site}`, {
    name: reach.name,
    region: reach.region,
    cidr: reach.cidr,
    networkName: reach.network,
    project: ctx.env.accounts?.gcp?.projectId,
  });
}

/** What a kind placement may share with the rest of the site stack, created once per stack. */
export function siteBlocks(scope: Construct, ctx: SiteContext): SiteBlocks {
  return {
    tags: () => siteTags(ctx),
    awsNetwork: (clientAuth) => network(scope, ctx, clientAuth),
    gcpNetwork: () => gcpNetwork(scope, ctx),
    gcpSubnetIn: (site) => gcpSubnetIn(scope, ctx, site),
    azureResourceGroup: () => azureResourceGroup(scope, ctx),
    azureNetwork: () => azureNetwork(scope, ctx),
    azureLogWorkspace: () => azureLogWorkspace(scope, ctx),
  };
}

/** Places one cluster's share of resources into the stack of one of its sites, as its kind renders it. */
export function placeCluster(scope: Construct, ctx: SiteContext, cluster: Cluster): void {
  kindPlacement(cluster.kind)?.(scope, { ...ctx, blocks: siteBlocks(scope, ctx) }, cluster);
}

/** Environment check: every cluster kind used has an implementation, with the auth it needs. */
export function checkImplemented(env: Environment): Problem[] {
  // Kind-specific checks run with the environment checks (KindModel.check); what is left here is the mirror links' own.
  return checkMirrorLinks(env);
}
