import type { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';

/** Where a vault's private endpoint goes: a subnet and the privatelink.vaultcore.azure.net zone linked to its VNet. */
export interface VaultEndpoint {
  readonly subnetId: string;
  readonly privateDnsZoneId: string;
}

/**
 * A vault's network settings when it takes no public traffic (KAF-040): public network
 * access off, the firewall denying by default, and trusted Azure services (Event Hubs
 * reading its customer key) let through.
 */
export const PRIVATE_VAULT = {
  publicNetworkAccessEnabled: false,
  networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny' },
} as const;

/** The vault's private endpoint (subresource `vault`), registered in the vault zone. */
export function vaultPrivateEndpoint(
  scope: Construct,
  id: string,
  vault: KeyVault,
  at: VaultEndpoint,
  props: {
    readonly name: string;
    readonly location: string;
    readonly resourceGroupName: string;
    readonly tags?: Readonly<Record<string, string>>;
  },
): PrivateEndpoint {
  return new PrivateEndpoint(scope, id, {
    name: `${props.name}-pe`,
    location: props.location,
    resourceGroupName: props.resourceGroupName,
    subnetId: at.subnetId,
    privateServiceConnection: {
      name: `${props.name}-psc`,
      privateConnectionResourceId: vault.id,
      subresourceNames: ['vault'],
      isManualConnection: false,
    },
    privateDnsZoneGroup: { name: 'vault', privateDnsZoneIds: [at.privateDnsZoneId] },
    tags: props.tags ? { ...props.tags } : undefined,
  });
}

/**
 * Expiry of the version Terraform creates: a year after it is created (KAF-041). Later
 * versions get theirs from the key's rotation policy or the next write, so the attribute
 * is ignored after creation (`ignoreChanges: ['expiration_date']`), or every plan would
 * move it.
 */
export const FIRST_VERSION_EXPIRY = Fn.timeadd(Fn.timestamp(), '8760h');
