import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import type { Construct } from 'constructs';
import { parseCidr, siteSubnetPrefix, subnet } from '../constructs/model/cidr';
import { resourceName } from '../constructs/model/naming';
import { siteTags, type SiteContext } from './context';

/**
 * Shared pieces of an Azure site stack, each created on first use so that features
 * (Event Hubs, VPN gateways, alerts) find the same provider, resource group, network
 * and log workspace. Construct ids are fixed: they are Terraform addresses.
 */
export function azureProvider(scope: Construct, ctx: SiteContext): AzurermProvider {
  const existing = scope.node.tryFindChild('azurerm');
  if (existing instanceof AzurermProvider) return existing;
  return new AzurermProvider(scope, 'azurerm', {
    features: [{}],
    subscriptionId: ctx.env.accounts?.azure?.subscriptionId,
    tenantId: ctx.env.accounts?.azure?.tenantId,
    // Entra ID for state and data-plane calls; no storage account keys.
    storageUseAzuread: true,
  });
}

/** The site's resource group, `<env>-<site>-rg`. Deleting it deletes everything in it. */
export function azureResourceGroup(scope: Construct, ctx: SiteContext): ResourceGroup {
  const existing = scope.node.tryFindChild('ResourceGroup');
  if (existing instanceof ResourceGroup) return existing;
  azureProvider(scope, ctx);
  return new ResourceGroup(scope, 'ResourceGroup', {
    name: resourceName({ env: ctx.env.name, site: ctx.site.id, component: 'rg' }, 90),
    location: ctx.site.region,
    tags: siteTags(ctx),
    lifecycle: { preventDestroy: true },
  });
}

/** Log retention of a site's workspace: a year in prod, 90 days otherwise. */
export function logRetentionDays(ctx: SiteContext): number {
  return ctx.env.stage === 'prod' ? 365 : 90;
}

/** The site's Log Analytics workspace; diagnostic settings of every resource go here. */
export function azureLogWorkspace(scope: Construct, ctx: SiteContext): LogAnalyticsWorkspace {
  const existing = scope.node.tryFindChild('Logs');
  if (existing instanceof LogAnalyticsWorkspace) return existing;
  const rg = azureResourceGroup(scope, ctx);
  return new LogAnalyticsWorkspace(scope, 'Logs', {
    name: resourceName({ env: ctx.env.name, site: ctx.site.id, component: 'logs' }),
    location: rg.location,
    resourceGroupName: rg.name,
    sku: 'PerGB2018',
    retentionInDays: logRetentionDays(ctx),
    localAuthenticationEnabled: false,
    tags: siteTags(ctx),
  });
}

export interface AzureSiteNetwork {
  readonly vnet: VirtualNetwork;
  /** Subnet for private endpoints of PaaS services. */
  readonly endpoints: Subnet;
  /** privatelink.servicebus.windows.net, linked to the VNet (Event Hubs private endpoints). */
  readonly serviceBusZone: PrivateDnsZone;
  /** privatelink.vaultcore.azure.net, linked to the VNet (Key Vault private endpoints, KAF-040). */
  readonly vaultZone: PrivateDnsZone;
}

/**
 * The site's VNet over the site CIDR with an endpoints subnet (first /24-ish block: the
 * site CIDR plus 4 bits, like the AWS network). Other features add their own subnets
 * (GatewaySubnet for VPN) to `vnet` from later blocks.
 */
export function azureNetwork(scope: Construct, ctx: SiteContext): AzureSiteNetwork {
  const existing = scope.node.tryFindChild('Network');
  if (existing instanceof VirtualNetwork) {
    return {
      vnet: existing,
      endpoints: scope.node.findChild('EndpointsSubnet') as Subnet,
      serviceBusZone: scope.node.findChild('ServiceBusZone') as PrivateDnsZone,
      vaultZone: scope.node.findChild('VaultZone') as PrivateDnsZone,
    };
  }
  const rg = azureResourceGroup(scope, ctx);
  const name = (component: string) => resourceName({ env: ctx.env.name, site: ctx.site.id, component });
  const vnet = new VirtualNetwork(scope, 'Network', {
    name: name('vnet'),
    location: rg.location,
    resourceGroupName: rg.name,
    addressSpace: [ctx.site.cidr],
    tags: siteTags(ctx),
  });
  const prefix = siteSubnetPrefix(parseCidr(ctx.site.cidr).prefix);
  const endpoints = new Subnet(scope, 'EndpointsSubnet', {
    name: 'private-endpoints',
    resourceGroupName: rg.name,
    virtualNetworkName: vnet.name,
    addressPrefixes: [subnet(ctx.site.cidr, prefix, 0)],
    defaultOutboundAccessEnabled: false,
  });
  const serviceBusZone = new PrivateDnsZone(scope, 'ServiceBusZone', {
    name: 'privatelink.servicebus.windows.net',
    resourceGroupName: rg.name,
    tags: siteTags(ctx),
  });
  new PrivateDnsZoneVirtualNetworkLink(scope, 'ServiceBusZoneLink', {
    name: name('servicebus-link'),
    resourceGroupName: rg.name,
    privateDnsZoneName: serviceBusZone.name,
    virtualNetworkId: vnet.id,
    registrationEnabled: false,
    tags: siteTags(ctx),
  });
  // Key Vaults take no public traffic (KAF-040): Terraform and the services reach them here.
  const vaultZone = new PrivateDnsZone(scope, 'VaultZone', {
    name: 'privatelink.vaultcore.azure.net',
    resourceGroupName: rg.name,
    tags: siteTags(ctx),
  });
  new PrivateDnsZoneVirtualNetworkLink(scope, 'VaultZoneLink', {
    name: name('vault-link'),
    resourceGroupName: rg.name,
    privateDnsZoneName: vaultZone.name,
    virtualNetworkId: vnet.id,
    registrationEnabled: false,
    tags: siteTags(ctx),
  });
  return { vnet, endpoints, serviceBusZone, vaultZone };
}

/**
 * A privatelink zone of the site (privatelink.blob.core.windows.net, ...), linked to the
 * site's VNet, created on first use under a fixed id (its Terraform address).
 */
export function azurePrivateDnsZone(scope: Construct, ctx: SiteContext, id: string, zoneName: string): PrivateDnsZone {
  const existing = scope.node.tryFindChild(id);
  if (existing instanceof PrivateDnsZone) return existing;
  const { vnet } = azureNetwork(scope, ctx);
  const rg = azureResourceGroup(scope, ctx);
  const zone = new PrivateDnsZone(scope, id, { name: zoneName, resourceGroupName: rg.name, tags: siteTags(ctx) });
  new PrivateDnsZoneVirtualNetworkLink(scope, `${id}Link`, {
    name: resourceName({ env: ctx.env.name, site: ctx.site.id, component: `${id.toLowerCase()}-link` }),
    resourceGroupName: rg.name,
    privateDnsZoneName: zone.name,
    virtualNetworkId: vnet.id,
    registrationEnabled: false,
    tags: siteTags(ctx),
  });
  return zone;
}
