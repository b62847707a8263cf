import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { LocalNetworkGateway } from '@cdktf/provider-azurerm/lib/local-network-gateway';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetworkGateway } from '@cdktf/provider-azurerm/lib/virtual-network-gateway';
import { VirtualNetworkGatewayConnection } from '@cdktf/provider-azurerm/lib/virtual-network-gateway-connection';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { isIpv4Cidr, parseCidr } from '../model/cidr';
import { AZURE_RESERVED_ASNS, isPrivateAsn, remoteEndpoints, type IkeProposal, type LinkPlan } from '../analysis/links';
import { compactName, resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';
import { FIRST_VERSION_EXPIRY, PRIVATE_VAULT, vaultPrivateEndpoint, type VaultEndpoint } from './private-vault';

/** Azure's names for the IKE proposal (custom IPsec policy of a connection). */
export function azureIpsecPolicy(p: IkeProposal) {
  const enc = { 'aes256-gcm': 'GCMAES256', aes256: 'AES256' }[p.encryption];
  // Azure has no ECP-521 and no SHA-512 for IKE; checkLinks rejects them for Azure ends.
  const dh = { 14: 'DHGroup14', 19: 'ECP256', 20: 'ECP384', 21: 'unsupported' }[p.dhGroup];
  const pfs = { 14: 'PFS2048', 19: 'ECP256', 20: 'ECP384', 21: 'unsupported' }[p.dhGroup];
  return {
    ikeEncryption: enc,
    ikeIntegrity: p.integrity === 'sha256' ? 'SHA256' : 'SHA384',
    dhGroup: dh,
    ipsecEncryption: enc,
    // GCM authenticates itself and Azure wants the same algorithm named; CBC gets SHA-256 (the strongest Azure offers for ESP).
    ipsecIntegrity: p.encryption.endsWith('-gcm') ? enc : 'SHA256',
    pfsGroup: pfs,
    saLifetime: 27000,
    saDatasize: 102400000,
  };
}

export interface AzureVpnGatewayProps {
  readonly env: string;
  readonly site: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly virtualNetworkName: string;
  /** GatewaySubnet prefix inside the VNet, /27 or larger (Azure's minimum for active-active with BGP). */
  readonly gatewaySubnetCidr: string;
  /** BGP ASN of the gateway (the site's ASN on every link). */
  readonly asn: number;
  /** Custom BGP (APIPA) addresses of each gateway instance, from the link plans. */
  readonly apipaAddresses: readonly [string[], string[]];
  /** Gateway SKU; an AZ SKU spreads the two instances over zones. @default VpnGw2AZ */
  readonly sku?: string;
  /** Tags on every resource (model/naming standardTags). @default none */
  readonly tags?: Record<string, string>;
  /**
   * Private endpoint of the link-secrets vault: the vault then takes no public traffic
   * (KAF-040) and the stacks that write the keys run inside the network.
   * @default - the vault keeps its public endpoint (every call still needs Entra ID and an RBAC role)
   */
  readonly vaultEndpoint?: VaultEndpoint;
}

/**
 * The site's end of every VPN: a route-based, active-active, zone-redundant virtual
 * network gateway with BGP in the VNet's GatewaySubnet (two instances, two static
 * public addresses, custom APIPA BGP addresses per instance), and a Key Vault (RBAC
 * only, purge protection) for the links' pre-shared keys.
 */
export class AzureVpnGateway extends Construct {
  public readonly gateway: VirtualNetworkGateway;
  public readonly publicIps: PublicIp[];
  public readonly gatewaySubnet: Subnet;
  public readonly keyVault: KeyVault;
  /** Lets the identity running Terraform write secrets; secrets depend on it. */
  public readonly secretsWriter: RoleAssignment;
  public readonly location: string;
  public readonly resourceGroupName: string;
  public readonly tags?: Record<string, string>;

  constructor(scope: Construct, id: string, props: AzureVpnGatewayProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Token.isUnresolved(props.asn) && (!isPrivateAsn(props.asn) || AZURE_RESERVED_ASNS.includes(props.asn))) {
      problems.push(`asn ${props.asn} must be private and not one Azure reserves (65515-65520).`);
    }
    if (
      !Token.isUnresolved(props.gatewaySubnetCidr) &&
      (!isIpv4Cidr(props.gatewaySubnetCidr) || parseCidr(props.gatewaySubnetCidr).prefix > 27)
    ) {
      problems.push(`gatewaySubnetCidr "${props.gatewaySubnetCidr}" must be an IPv4 CIDR of /27 or larger.`);
    }
    props.apipaAddresses.forEach((list, i) => {
      if (list.length === 0)
        problems.push(`instance ${i} has no APIPA address; give each instance at least one from 169.254.21.0-169.254.22.255.`);
    });
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.location = props.location;
    this.resourceGroupName = props.resourceGroupName;
    this.tags = props.tags;
    const name = (c: string) => resourceName({ env: props.env, site: props.site, component: c }, 80);
    // Azure finds the gateway's subnet by this exact name.
    this.gatewaySubnet = new Subnet(this, 'GatewaySubnet', {
      name: 'GatewaySubnet',
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: props.virtualNetworkName,
      addressPrefixes: [props.gatewaySubnetCidr],
    });
    this.publicIps = [0, 1].map(
      (i) =>
        new PublicIp(this, `PublicIp${i}`, {
          name: name(`vpn-ip-${i}`),
          location: props.location,
          resourceGroupName: props.resourceGroupName,
          allocationMethod: 'Static',
          sku: 'Standard',
          zones: ['1', '2', '3'],
          tags: props.tags,
        }),
    );
    this.gateway = new VirtualNetworkGateway(this, 'Resource', {
      name: name('vpn'),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      type: 'Vpn',
      vpnType: 'RouteBased',
      sku: props.sku ?? 'VpnGw2AZ',
      generation: 'Generation2',
      activeActive: true,
      enableBgp: true,
      privateIpAddressEnabled: false,
      tags: props.tags,
      ipConfiguration: [0, 1].map((i) => ({
        name: `instance-${i}`,
        publicIpAddressId: this.publicIps[i].id,
        subnetId: this.gatewaySubnet.id,
        privateIpAddressAllocation: 'Dynamic',
      })),
      bgpSettings: {
        asn: props.asn,
        peeringAddresses: [0, 1].map((i) => ({ ipConfigurationName: `instance-${i}`, apipaAddresses: props.apipaAddresses[i] })),
      },
    });

    const client = new DataAzurermClientConfig(this, 'Deployer', {});
    // With an endpoint, the vault takes no public traffic: the links stacks that write the
    // keys run on a runner inside the site network. Every call needs Entra ID and an RBAC role.
    const vaultName = compactName({ env: props.env, site: props.site, component: 'links' }, 24);
    this.keyVault = new KeyVault(this, 'Secrets', {
      ...(props.vaultEndpoint ? PRIVATE_VAULT : {}),
      name: vaultName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });
    if (props.vaultEndpoint)
      vaultPrivateEndpoint(this, 'SecretsEndpoint', this.keyVault, props.vaultEndpoint, {
        name: vaultName,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        tags: props.tags,
      });
    this.secretsWriter = new RoleAssignment(this, 'SecretsWriter', {
      scope: this.keyVault.id,
      roleDefinitionName: 'Key Vault Secrets Officer',
      principalId: client.objectId,
    });
  }
}

export interface AzureVpnEndProps {
  readonly plan: LinkPlan;
  readonly end: 0 | 1;
  readonly gateway: AzureVpnGateway;
  /** Far-side address per remote endpoint (core `remoteEndpoints`): per tunnel for AWS, per interface otherwise. */
  readonly peerAddresses: string[];
  /** Pre-shared key per tunnel; tunnels to one far address must share it. */
  readonly preSharedKeys: string[];
  /** Secret in the gateway's Key Vault holding the keys. @default - not stored here */
  readonly secret?: { readonly name: string; readonly value: string };
}

/**
 * Azure end of one link: a local network gateway per far address (with the far side's
 * BGP ASN and inside address) and an IKEv2 connection to it with a custom IPsec policy
 * and custom BGP addresses on both gateway instances.
 */
export class AzureVpnEnd extends Construct {
  public readonly localGateways: LocalNetworkGateway[] = [];
  /** One per far address; observability alerts on their status. */
  public readonly connections: VirtualNetworkGatewayConnection[] = [];
  public readonly secret?: KeyVaultSecret;

  constructor(scope: Construct, id: string, props: AzureVpnEndProps) {
    super(scope, id);
    const { plan, end, gateway } = props;
    const me = plan.ends[end];
    const farEnd = (1 - end) as 0 | 1;
    const far = plan.ends[farEnd];
    const remotes = remoteEndpoints(plan, end);
    const problems: string[] = [];
    if (me.site.cloud !== 'azure') problems.push(`end ${end} of link "${plan.id}" is on ${me.site.cloud}, not azure.`);
    if (plan.ike.dhGroup === 21 || plan.ike.integrity === 'sha512')
      problems.push(
        `Azure cannot negotiate DH group ${plan.ike.dhGroup} with ${plan.ike.integrity}; use DH 14, 19 or 20 and sha256 or sha384.`,
      );
    if (props.peerAddresses.length !== remotes.length)
      problems.push(`${far.site.id} has ${remotes.length} addresses on this link but ${props.peerAddresses.length} were given.`);
    if (props.preSharedKeys.length !== plan.tunnels.length)
      problems.push(`${plan.tunnels.length} tunnels need ${plan.tunnels.length} pre-shared keys, got ${props.preSharedKeys.length}.`);
    if (problems.length > 0) throw new ConstructError(this, problems);

    const name = (c: string) => resourceName({ env: plan.env, site: me.site.id, component: `${plan.id}-${c}` }, 80);
    // The APIPA address of gateway instance `i` for tunnels of this remote: its own
    // tunnel on that instance, else the same-slot tunnel of the other instance.
    const apipa = (instance: number, tunnels: typeof plan.tunnels) => {
      const own = tunnels.find((t) => t.ends[end].interface === instance);
      if (own) return own.ends[end].insideIp;
      const slot = tunnels[0].awsTunnel;
      const other =
        plan.tunnels.find((t) => t.ends[end].interface === instance && t.awsTunnel === slot) ??
        plan.tunnels.find((t) => t.ends[end].interface === instance);
      return other!.ends[end].insideIp;
    };
    remotes.forEach((r) => {
      const lng = new LocalNetworkGateway(this, `Remote${r.index}`, {
        name: name(`remote-${r.index}`),
        location: gateway.location,
        resourceGroupName: gateway.resourceGroupName,
        gatewayAddress: props.peerAddresses[r.index],
        bgpSettings: { asn: far.asn, bgpPeeringAddress: r.tunnels[0].ends[farEnd].insideIp },
        tags: gateway.tags,
      });
      this.localGateways.push(lng);
      this.connections.push(
        new VirtualNetworkGatewayConnection(this, `Connection${r.index}`, {
          name: name(`conn-${r.index}`),
          location: gateway.location,
          resourceGroupName: gateway.resourceGroupName,
          type: 'IPsec',
          virtualNetworkGatewayId: gateway.gateway.id,
          localNetworkGatewayId: lng.id,
          connectionProtocol: 'IKEv2',
          enableBgp: true,
          sharedKey: props.preSharedKeys[r.tunnels[0].index],
          dpdTimeoutSeconds: 45,
          ipsecPolicy: azureIpsecPolicy(plan.ike),
          customBgpAddresses: { primary: apipa(0, r.tunnels), secondary: apipa(1, r.tunnels) },
          tags: gateway.tags,
        }),
      );
    });

    if (props.secret) {
      this.secret = new KeyVaultSecret(this, 'PreSharedKeys', {
        name: props.secret.name,
        keyVaultId: gateway.keyVault.id,
        value: props.secret.value,
        contentType: `application/json; IPsec pre-shared keys of link ${plan.id}`,
        // A year from the first write (KAF-041); a new key value rewrites the secret with its own.
        expirationDate: FIRST_VERSION_EXPIRY,
        dependsOn: [gateway.secretsWriter],
        tags: gateway.tags,
        lifecycle: { ignoreChanges: ['expiration_date'] },
      });
    }
  }
}
