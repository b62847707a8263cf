import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { KafkaNetwork } from '../constructs/aws/network';
import { AwsVpnHub } from '../constructs/aws/vpn';
import { VpnTunnelAlarms } from '../constructs/aws/vpn-alarms';
import { AzureVpnGateway } from '../constructs/azure/vpn-gateway';
import { isCloud, linksOfSite, type CloudEnd, type LinkPlan } from '../constructs/analysis/links';
import type { EstatePlan } from '../constructs/analysis/plan';
import { stackId } from '../constructs/model/naming';
import { GcpHaVpn } from '../constructs/gcp/ha-vpn';
import { applyPolicy } from '../constructs/policy';
import { gatewayAddresses, HybridLinkEnd, type SiteVpnGateway } from '../constructs/patterns/hybrid-link';
import { awsProvider } from './aws-provider';
import { azureNetwork, azureProvider, azureResourceGroup } from './azure-site';
import { applyBackend, stackPlanOf } from './backend';
import { sitePlan, siteTags, type SiteContext } from './context';
import { gcpNetwork } from './clusters';
import { googleProvider } from './gcp-provider';
import { ConstructError } from '../constructs/construct-error';
import { readsOtherStacksByToken } from './render-once';

/** Construct id of a site's VPN gateway in its site stack (a Terraform address prefix: never renamed). */
export const VPN_GATEWAY_ID = 'VpnGateway';

/** The cloud provider of a site, in any stack of that site. */
export function siteProvider(scope: Construct, ctx: SiteContext): void {
  if (ctx.site.cloud === 'aws' && !scope.node.tryFindChild('aws')) awsProvider(scope, ctx);
  if (ctx.site.cloud === 'azure') azureProvider(scope, ctx);
  if (ctx.site.cloud === 'gcp') googleProvider(scope, ctx);
}

/**
 * The site's VPN gateway, in its site stack: created when the site is the cloud end of
 * any link. It depends on nothing outside the site, so site stacks apply in any order.
 */
export function siteVpnGateway(scope: Construct, ctx: SiteContext, plans: readonly LinkPlan[]): SiteVpnGateway | undefined {
  const existing = scope.node.tryFindChild(VPN_GATEWAY_ID);
  if (existing) return existing as SiteVpnGateway;
  const mine = linksOfSite(plans, ctx.site.id);
  if (mine.length === 0 || !isCloud(ctx.site.cloud)) return undefined;
  return VPN_GATEWAYS[ctx.site.cloud](scope, ctx, mine);
}

type SiteLinks = ReturnType<typeof linksOfSite>;

/**
 * The VPN gateway of a site per cloud, one entry each (a Record: a cloud end without
 * its gateway does not compile). Each is built once per site stack under
 * VPN_GATEWAY_ID with the site's planned ASN.
 */
const VPN_GATEWAYS: Readonly<Record<CloudEnd, (scope: Construct, ctx: SiteContext, mine: SiteLinks) => SiteVpnGateway>> = {
  aws: (scope, ctx, mine) => {
    const net = scope.node.tryFindChild('Network');
    const vpc =
      net instanceof KafkaNetwork
        ? { vpcId: net.vpc.id, subnetIds: net.subnets.map((s) => s.id), routeTableId: net.vpc.mainRouteTableId }
        : undefined;
    return new AwsVpnHub(scope, VPN_GATEWAY_ID, {
      ...gatewayBase(ctx),
      vpc,
      remoteCidrs: mine.map(({ plan, end }) => plan.ends[1 - end].site.cidr),
    });
  },
  azure: (scope, ctx, mine) => {
    const rg = azureResourceGroup(scope, ctx);
    const { vnet, endpoints, vaultZone } = azureNetwork(scope, ctx);
    const apipa: [string[], string[]] = [[], []];
    for (const { plan, end } of mine) for (const t of plan.tunnels) apipa[t.ends[end].interface].push(t.ends[end].insideIp);
    return new AzureVpnGateway(scope, VPN_GATEWAY_ID, {
      ...gatewayBase(ctx),
      location: rg.location,
      resourceGroupName: rg.name,
      virtualNetworkName: vnet.name,
      gatewaySubnetCidr: sitePlan(ctx).gatewaySubnet!,
      apipaAddresses: apipa,
      tags: siteTags(ctx),
      vaultEndpoint: { subnetId: endpoints.id, privateDnsZoneId: vaultZone.id },
    });
  },
  gcp: (scope, ctx) =>
    new GcpHaVpn(scope, VPN_GATEWAY_ID, {
      ...gatewayBase(ctx),
      region: ctx.site.region,
      network: gcpNetwork(scope, ctx).network.id,
      advertisedRanges: [ctx.site.cidr],
    }),
};

function gatewayBase(ctx: SiteContext) {
  return { env: ctx.env.name, site: ctx.site.id, asn: sitePlan(ctx).asn! };
}

/** Construct id of a link's end: part of the Terraform address, kept forever. */
export const linkEndId = (plan: LinkPlan) => `link-${plan.id}`;

/**
 * Called by SiteStack: the site's gateway, and the whole cloud end of each link to an
 * onprem/edge site (its far address is declared, so nothing waits on another stack),
 * with that site's rendered configuration.
 */
export function placeSiteLinks(stack: TerraformStack, ctx: SiteContext): void {
  if (ctx.plan.links.length === 0 || !isCloud(ctx.site.cloud)) return;
  const plans = ctx.plan.links;
  const gateway = siteVpnGateway(stack, ctx, plans);
  if (!gateway) return;
  for (const { plan, end } of linksOfSite(plans, ctx.site.id)) {
    if (plan.cloudToCloud) continue;
    const linkEnd = new HybridLinkEnd(stack, linkEndId(plan), {
      plan,
      end,
      gateway,
      cloudProject: ctx.env.accounts?.gcp?.projectId,
      logRetentionDays: sitePlan(ctx).logRetentionDays,
    });
    watchAwsEnd(stack, ctx.plan, linkEnd, plan, end);
  }
}

/**
 * `<env>-<site>-links`: the ends of cloud-to-cloud links, which need the far gateway's
 * addresses (and, for the follower, the leader's tunnels and keys). Kept out of the
 * site stack so the site stacks never wait on each other and the dependencies form no
 * cycle (core linkDeployOrder). Same failure domain as its site stack.
 */
export class LinksStack extends TerraformStack {
  public readonly ctx: SiteContext;
  public readonly ends = new Map<string, HybridLinkEnd>();

  constructor(scope: Construct, ctx: SiteContext) {
    const id = stackId(ctx.env.name, ctx.site.id, 'links');
    super(scope, id);
    this.ctx = ctx;
    applyPolicy(this, ctx.plan.policy);
    applyBackend(this, stackPlanOf(ctx.plan, id).backend);
    siteProvider(this, ctx);
    // The far gateway's addresses, and for a follower the leader's tunnels and keys.
    readsOtherStacksByToken(this);
  }
}

/**
 * Fills the planned links stacks with the ends of cloud-to-cloud links: leaders first
 * (they generate the keys and, on AWS, the tunnel addresses), then followers, which
 * read them. buildEstate then declares the plan's dependencies (analysis/links
 * linkDeployOrder), which cover every cross-stack reference made here.
 */
export function placeCloudLinkEnds(plan: EstatePlan, stacks: ReadonlyMap<string, TerraformStack>): void {
  const { env } = plan;
  const stackOf = (id: string) => {
    const s = stacks.get(id);
    // Only reachable from code: buildEstate creates every planned stack before it places link ends.
    if (!s) throw new Error(`stack ${id} of the plan was not built; build stacks from planEstate.`);
    return s;
  };
  const gatewayOf = (siteId: string): SiteVpnGateway => {
    const g = stackOf(stackId(env.name, siteId)).node.tryFindChild(VPN_GATEWAY_ID);
    if (!g)
      throw new ConstructError(
        stackOf(stackId(env.name, siteId)),
        `has no VPN gateway ${VPN_GATEWAY_ID}; SiteStack must call placeSiteLinks for site ${siteId}.`,
      );
    return g as SiteVpnGateway;
  };
  // A year in every stage: what the scanners a bank runs expect of log groups (KAF-039, CKV_AWS_338).
  const retention = 365;
  const project = env.accounts?.gcp?.projectId;

  for (const link of plan.links.filter((p) => p.cloudToCloud)) {
    const leader = link.leader;
    const follower = (1 - leader) as 0 | 1;
    const [ls, fs] = [
      stackOf(stackId(env.name, link.ends[leader].site.id, 'links')),
      stackOf(stackId(env.name, link.ends[follower].site.id, 'links')),
    ];
    const farGateway = gatewayOf(link.ends[follower].site.id);
    const lead = new HybridLinkEnd(ls, linkEndId(link), {
      plan: link,
      end: leader,
      gateway: gatewayOf(link.ends[leader].site.id),
      // The AWS end sees one address per far interface; Azure and Google one per remote endpoint (also per interface here).
      peerAddresses: gatewayAddresses(farGateway),
      cloudProject: project,
      logRetentionDays: retention,
    });
    const follow = new HybridLinkEnd(fs, linkEndId(link), {
      plan: link,
      end: follower,
      gateway: farGateway,
      peerAddresses: lead.addressesForFarEnd(),
      preSharedKeys: lead.preSharedKeys,
      cloudProject: project,
      logRetentionDays: retention,
    });
    watchAwsEnd(ls, plan, lead, link, leader);
    watchAwsEnd(fs, plan, follow, link, follower);
  }
}

/**
 * TunnelState alarms beside each AWS end, when the site routes alerts (its alert topics
 * exist because it has alarms of its own; see addObservability).
 */
function watchAwsEnd(scope: Construct, estate: EstatePlan, end: HybridLinkEnd, plan: LinkPlan, me: 0 | 1): void {
  const site = plan.ends[me].site.id;
  if (!end.aws || !estate.alarms.alarms.some((a) => a.site === site && a.cloud === 'aws')) return;
  new VpnTunnelAlarms(scope, `${linkEndId(plan)}-alarms`, {
    env: estate.env.name,
    site,
    linkId: plan.id,
    farSite: plan.ends[1 - me].site.id,
    connections: end.aws.connections,
  });
}
