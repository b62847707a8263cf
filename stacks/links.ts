import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { KafkaNetwork } from '../constructs/aws/network';
import { AwsVpnHub } from '../constructs/aws/vpn';
import { VpnTunnelAlarms } from '../constructs/aws/vpn-alarms';
import { AzureVpnGateway } from '../constructs/azure/vpn-gateway';
import { parseCidr, subnet } from '../constructs/model/cidr';
import { isCloud, linkDeployOrder, linksOfSite, planLinks, siteAsns, type LinkPlan } from '../constructs/analysis/links';
import type { Environment } from '../constructs/model/schema';
import { stackId } from '../constructs/model/naming';
import { GcpHaVpn } from '../constructs/gcp/ha-vpn';
import { applyPolicy } from '../constructs/policy';
import { gatewayAddresses, HybridLinkEnd, type SiteVpnGateway } from '../constructs/patterns/hybrid-link';
import { awsProvider } from './aws-provider';
import { azureNetwork, azureProvider, azureResourceGroup } from './azure-site';
import { applyBackend } from './backend';
import { siteTags, type SiteContext } from './context';
import { alarmPlanOf } from './observability';
import { gcpNetwork } from './clusters';
import { googleProvider } from './gcp-provider';

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
  const asn = siteAsns(ctx.env).get(ctx.site.id)!;
  const base = { env: ctx.env.name, site: ctx.site.id, asn };
  switch (ctx.site.cloud) {
    case 'aws': {
      const net = scope.node.tryFindChild('Network');
      const vpc =
        net instanceof KafkaNetwork
          ? { vpcId: net.vpc.id, subnetIds: net.subnets.map((s) => s.id), routeTableId: net.vpc.mainRouteTableId }
          : undefined;
      return new AwsVpnHub(scope, VPN_GATEWAY_ID, { ...base, vpc, remoteCidrs: mine.map(({ plan, end }) => plan.ends[1 - end].site.cidr) });
    }
    case 'azure': {
      const rg = azureResourceGroup(scope, ctx);
      const { vnet } = azureNetwork(scope, ctx);
      const apipa: [string[], string[]] = [[], []];
      for (const { plan, end } of mine) for (const t of plan.tunnels) apipa[t.ends[end].interface].push(t.ends[end].insideIp);
      // The last /27 of the site range: clear of the subnets features cut from the front.
      const lastBlock = (1 << (27 - parseCidr(ctx.site.cidr).prefix)) - 1;
      return new AzureVpnGateway(scope, VPN_GATEWAY_ID, {
        ...base,
        location: rg.location,
        resourceGroupName: rg.name,
        virtualNetworkName: vnet.name,
        gatewaySubnetCidr: subnet(ctx.site.cidr, 27, lastBlock),
        apipaAddresses: apipa,
        tags: siteTags(ctx),
      });
    }
    case 'gcp':
      return new GcpHaVpn(scope, VPN_GATEWAY_ID, {
        ...base,
        region: ctx.site.region,
        network: gcpNetwork(scope, ctx).network.id,
        advertisedRanges: [ctx.site.cidr],
      });
    default:
      return undefined;
  }
}

/** Construct id of a link's end: part of the Terraform address, kept forever. */
export const linkEndId = (plan: LinkPlan) => `link-${plan.id}`;

/**
 * Called by SiteStack: the site's gateway, and the whole cloud end of each link to an
 * onprem/edge site (its far address is declared, so nothing waits on another stack),
 * with that site's rendered configuration.
 */
export function placeSiteLinks(stack: TerraformStack, ctx: SiteContext): void {
  if (ctx.env.links.length === 0 || !isCloud(ctx.site.cloud)) return;
  const plans = planLinks(ctx.env);
  const gateway = siteVpnGateway(stack, ctx, plans);
  if (!gateway) return;
  for (const { plan, end } of linksOfSite(plans, ctx.site.id)) {
    if (plan.cloudToCloud) continue;
    const linkEnd = new HybridLinkEnd(stack, linkEndId(plan), {
      plan,
      end,
      gateway,
      cloudProject: ctx.env.accounts?.gcp?.projectId,
      logRetentionDays: ctx.env.stage === 'prod' ? 365 : 90,
    });
    watchAwsEnd(stack, ctx.env, linkEnd, plan, end);
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
    applyPolicy(this, { stage: ctx.env.stage, suppressions: ctx.env.policy?.suppressions });
    applyBackend(this, id, ctx.env.name, ctx.env.backend);
    siteProvider(this, ctx);
  }
}

/**
 * Builds the links stacks of an environment after its site stacks: leaders first (they
 * generate the keys and, on AWS, the tunnel addresses), then followers, which read them.
 * Every cross-stack reference is also declared as a stack dependency, matching
 * linkDeployOrder, so `cdktf deploy '<env>-*'` applies them in order.
 */
export function buildLinkStacks(scope: Construct, env: Environment, siteStacks: ReadonlyMap<string, TerraformStack>): TerraformStack[] {
  const plans = planLinks(env).filter((p) => p.cloudToCloud);
  if (plans.length === 0) return [];
  const linkStacks = new Map<string, LinksStack>();
  const linksStack = (siteId: string) => {
    let s = linkStacks.get(siteId);
    if (!s) {
      s = new LinksStack(scope, { env, site: env.sites.find((x) => x.id === siteId)! });
      linkStacks.set(siteId, s);
    }
    return s;
  };
  const gatewayOf = (siteId: string): SiteVpnGateway => {
    const g = siteStacks.get(stackId(env.name, siteId))?.node.tryFindChild(VPN_GATEWAY_ID);
    if (!g) throw new Error(`site ${siteId} has no VPN gateway in its site stack; SiteStack must call placeSiteLinks.`);
    return g as SiteVpnGateway;
  };
  const retention = env.stage === 'prod' ? 365 : 90;
  const project = env.accounts?.gcp?.projectId;

  for (const plan of plans) {
    const leader = plan.leader;
    const follower = (1 - leader) as 0 | 1;
    const [ls, fs] = [plan.ends[leader].site.id, plan.ends[follower].site.id];
    const farGateway = gatewayOf(fs);
    const lead = new HybridLinkEnd(linksStack(ls), linkEndId(plan), {
      plan,
      end: leader,
      gateway: gatewayOf(ls),
      // The AWS end sees one address per far interface; Azure and Google one per remote endpoint (also per interface here).
      peerAddresses: gatewayAddresses(farGateway),
      cloudProject: project,
      logRetentionDays: retention,
    });
    const follow = new HybridLinkEnd(linksStack(fs), linkEndId(plan), {
      plan,
      end: follower,
      gateway: farGateway,
      peerAddresses: lead.addressesForFarEnd(),
      preSharedKeys: lead.preSharedKeys,
      cloudProject: project,
      logRetentionDays: retention,
    });
    watchAwsEnd(linksStack(ls), env, lead, plan, leader);
    watchAwsEnd(linksStack(fs), env, follow, plan, follower);
  }

  const all = new Map<string, TerraformStack>([
    ...siteStacks,
    ...[...linkStacks.values()].map((s): [string, TerraformStack] => [s.node.id, s]),
  ]);
  for (const edge of linkDeployOrder(env)) {
    const before = all.get(edge.before);
    const after = all.get(edge.after);
    if (before && after && !after.dependencies.includes(before)) after.addDependency(before);
  }
  return [...linkStacks.values()];
}

/**
 * TunnelState alarms beside each AWS end, when the site routes alerts (its alert topics
 * exist because it has alarms of its own; see addObservability).
 */
function watchAwsEnd(scope: Construct, env: Environment, end: HybridLinkEnd, plan: LinkPlan, me: 0 | 1): void {
  const site = plan.ends[me].site.id;
  if (!end.aws || !alarmPlanOf(env).alarms.some((a) => a.site === site && a.cloud === 'aws')) return;
  new VpnTunnelAlarms(scope, `${linkEndId(plan)}-alarms`, {
    env: env.name,
    site,
    linkId: plan.id,
    farSite: plan.ends[1 - me].site.id,
    connections: end.aws.connections,
  });
}
