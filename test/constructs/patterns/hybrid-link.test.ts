import { Ec2TransitGateway } from '@cdktf/provider-aws/lib/ec2-transit-gateway';
import { Ec2TransitGatewayRouteTablePropagation } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-propagation';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { VpnConnection } from '@cdktf/provider-aws/lib/vpn-connection';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { LocalNetworkGateway } from '@cdktf/provider-azurerm/lib/local-network-gateway';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetworkGateway } from '@cdktf/provider-azurerm/lib/virtual-network-gateway';
import { VirtualNetworkGatewayConnection } from '@cdktf/provider-azurerm/lib/virtual-network-gateway-connection';
import { ComputeExternalVpnGateway } from '@cdktf/provider-google/lib/compute-external-vpn-gateway';
import { ComputeHaVpnGateway } from '@cdktf/provider-google/lib/compute-ha-vpn-gateway';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterInterface } from '@cdktf/provider-google/lib/compute-router-interface';
import { ComputeRouterPeer } from '@cdktf/provider-google/lib/compute-router-peer';
import { ComputeVpnTunnel } from '@cdktf/provider-google/lib/compute-vpn-tunnel';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { Password } from '@cdktf/provider-random/lib/password';
import { App, Testing, TerraformStack } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';
import { AwsVpnEnd, AwsVpnHub } from '../../../constructs/aws/vpn';
import { AzureVpnGateway } from '../../../constructs/azure/vpn-gateway';
import { loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { linkDeployOrder, planLinks } from '../../../constructs/analysis/links';
import type { Environment } from '../../../constructs/model/schema';
import { GcpHaVpn } from '../../../constructs/gcp/ha-vpn';
import { HybridLinkEnd } from '../../../constructs/patterns/hybrid-link';
import { RenderedFile } from '../../../constructs/rendered-file';
import { buildEstate } from '../../../stacks/estate';
import { planEstate } from '../../../constructs/analysis/plan';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'hybrid-links.yaml');

function fixtureEnv(): Environment {
  const r = loadEnvironmentFile(FIXTURE, ESTATE_CHECKS);
  if (!r.env) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.env;
}

// One estate, synthesized once: every pair the product builds.
const env = fixtureEnv();
const app = Testing.app();
const stacks = new Map(buildEstate(app as App, planEstate(env)).map((s) => [s.node.id, s]));
// Full synth: cross-stack references (remote state, outputs) are wired only when the whole app synthesizes.
app.synth();
const outdir = app.outdir;
const synth = new Map([...stacks.keys()].map((id) => [id, readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')]));
const json = (id: string) => JSON.parse(synth.get(id)!);
const files = new Map(RenderedFile.all(app).map((f) => [f.path, f.content]));
const res = (id: string, type: string) => Object.values(json(id).resource?.[type] ?? {}) as any[];

describe('stacks of a linked estate', () => {
  it('puts site gateways and onprem links in site stacks, cloud-to-cloud link ends in <env>-<site>-links', () => {
    expect([...stacks.keys()]).toEqual([
      'hyb-aws-hub',
      'hyb-az-hub',
      'hyb-gcp-hub',
      'hyb-store-berlin',
      'hyb-plant-linz',
      'hyb-dc-madrid',
      'hyb-aws-hub-links',
      'hyb-az-hub-links',
      'hyb-gcp-hub-links',
    ]);
  });

  it('declares every deploy-order edge of core linkDeployOrder as a stack dependency', () => {
    for (const e of linkDeployOrder(env)) {
      expect(stacks.get(e.after)!.dependencies.map((d) => d.node.id)).toContain(e.before);
    }
    // site stacks never wait on another site
    for (const id of ['hyb-aws-hub', 'hyb-az-hub', 'hyb-gcp-hub']) expect(stacks.get(id)!.dependencies).toEqual([]);
  });

  it('reads far-side values only through remote state of the stacks it depends on', () => {
    const remote = Object.keys(json('hyb-gcp-hub-links').data.terraform_remote_state).sort();
    expect(remote).toEqual([
      'cross-stack-reference-input-hyb-aws-hub-links',
      'cross-stack-reference-input-hyb-az-hub',
      'cross-stack-reference-input-hyb-az-hub-links',
      'cross-stack-reference-input-hyb-gcp-hub',
    ]);
    expect(json('hyb-aws-hub').data?.terraform_remote_state).toBeUndefined();
  });

  it('marks the keys handed to the far stack as sensitive outputs', () => {
    const outputs = json('hyb-aws-hub-links').output as Record<string, { sensitive?: boolean }>;
    const keys = Object.entries(outputs).filter(([k]) => k.includes('random_password'));
    expect(keys.length).toBe(8);
    for (const [, o] of keys) expect(o.sensitive).toBe(true);
  });
});

describe('AWS end', () => {
  it('runs a transit gateway with the site ASN, explicit propagation and routes to linked sites', () => {
    expect(synth.get('hyb-aws-hub')).toHaveResourceWithProperties(Ec2TransitGateway, {
      amazon_side_asn: 64600,
      default_route_table_propagation: 'disable',
      vpn_ecmp_support: 'enable',
      auto_accept_shared_attachments: 'disable',
    });
    expect(synth.get('hyb-aws-hub')).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('builds one customer gateway and VPN connection per address of a two-address onprem site', () => {
    const cgws = res('hyb-aws-hub', 'aws_customer_gateway');
    // The plant's ASN is the lowest private one nothing pins or records, whatever its position among the sites.
    expect(cgws.map((c) => [c.ip_address, c.bgp_asn])).toEqual([
      ['198.51.100.20', '64512'],
      ['198.51.100.21', '64512'],
    ]);
    expect(res('hyb-aws-hub', 'aws_vpn_connection')).toHaveLength(2);
    expect(synth.get('hyb-aws-hub')).toHaveResourceWithProperties(VpnConnection, {
      type: 'ipsec.1',
      static_routes_only: false,
      tunnel1_inside_cidr: '169.254.64.24/30',
      tunnel2_inside_cidr: '169.254.64.28/30',
      tunnel1_ike_versions: ['ikev2'],
      tunnel1_phase1_encryption_algorithms: ['AES256'],
      tunnel1_phase1_integrity_algorithms: ['SHA2-256'],
      tunnel1_phase1_dh_group_numbers: [19],
      tunnel2_phase2_dh_group_numbers: [19],
      tunnel1_startup_action: 'add',
      tunnel1_log_options: { cloudwatch_log_options: expect.objectContaining({ log_enabled: true, bgp_log_enabled: true }) },
      tunnel1_preshared_key: expect.stringMatching(/^k\$\{random_password\./),
    });
    expect(synth.get('hyb-aws-hub')).toHaveResource(Ec2TransitGatewayRouteTablePropagation);
    expect(synth.get('hyb-aws-hub')).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: 'hyb-link-linz-psk',
      recovery_window_in_days: 30,
    });
  });

  it('points cloud-to-cloud connections at the far gateway addresses and uses the strongest default proposal', () => {
    const cgws = res('hyb-aws-hub-links', 'aws_customer_gateway');
    expect(cgws).toHaveLength(4); // two for Azure's instances, two for the HA VPN interfaces
    expect(cgws.map((c) => c.ip_address).every((a: string) => a.includes('terraform_remote_state'))).toBe(true);
    expect(synth.get('hyb-aws-hub-links')).toHaveResourceWithProperties(VpnConnection, {
      tunnel1_inside_cidr: '169.254.21.0/30',
      tunnel1_phase1_encryption_algorithms: ['AES256-GCM-16'],
      tunnel1_phase1_integrity_algorithms: ['SHA2-384'],
      tunnel1_phase1_dh_group_numbers: [20],
    });
  });

  it('exposes the VPN connections for tunnel alarms', () => {
    const end = stacks.get('hyb-aws-hub-links')!.node.findChild('link-aws-gcp') as HybridLinkEnd;
    expect(end.aws!.connections).toHaveLength(2);
    expect(end.aws!.connections[0]).toBeInstanceOf(VpnConnection);
  });
});

describe('Azure end', () => {
  it('runs a route-based, active-active, zone-redundant gateway with BGP and APIPA addresses per instance', () => {
    expect(synth.get('hyb-az-hub')).toHaveResourceWithProperties(VirtualNetworkGateway, {
      type: 'Vpn',
      vpn_type: 'RouteBased',
      active_active: true,
      enable_bgp: true,
      sku: 'VpnGw2AZ',
      bgp_settings: {
        asn: 65100,
        peering_addresses: [
          { ip_configuration_name: 'instance-0', apipa_addresses: ['169.254.21.2', '169.254.21.6', '169.254.21.17', '169.254.21.25'] },
          { ip_configuration_name: 'instance-1', apipa_addresses: ['169.254.21.10', '169.254.21.14', '169.254.21.21', '169.254.21.29'] },
        ],
      },
    });
    expect(synth.get('hyb-az-hub')).toHaveResourceWithProperties(Subnet, { name: 'GatewaySubnet', address_prefixes: ['10.20.255.224/27'] });
    expect(synth.get('hyb-az-hub')).toHaveResourceWithProperties(KeyVault, {
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('connects to an onprem site through a local network gateway with its BGP address, one shared key for both instances', () => {
    expect(synth.get('hyb-az-hub')).toHaveResourceWithProperties(LocalNetworkGateway, {
      gateway_address: '192.0.2.30',
      bgp_settings: { asn: 65303, bgp_peering_address: '169.254.21.26' },
    });
    expect(res('hyb-az-hub', 'random_password')).toHaveLength(1);
    expect(synth.get('hyb-az-hub')).toHaveResourceWithProperties(VirtualNetworkGatewayConnection, {
      type: 'IPsec',
      connection_protocol: 'IKEv2',
      enable_bgp: true,
      shared_key: expect.stringMatching(/^k\$\{random_password\./),
      custom_bgp_addresses: { primary: '169.254.21.25', secondary: '169.254.21.29' },
      ipsec_policy: {
        ike_encryption: 'GCMAES256',
        ike_integrity: 'SHA384',
        dh_group: 'ECP384',
        ipsec_encryption: 'GCMAES256',
        ipsec_integrity: 'GCMAES256',
        pfs_group: 'ECP384',
        sa_lifetime: 27000,
        sa_datasize: 102400000,
      },
    });
    expect(synth.get('hyb-az-hub')).toHaveResourceWithProperties(KeyVaultSecret, { name: 'hyb-link-madrid-psk' });
  });

  it('follows AWS with a local network gateway per AWS tunnel, BGP to the AWS inside address', () => {
    const lngs = res('hyb-az-hub-links', 'azurerm_local_network_gateway').filter((l) => l.name.includes('aws-azure'));
    expect(lngs.map((l) => l.bgp_settings)).toEqual([
      { asn: 64600, bgp_peering_address: '169.254.21.1' },
      { asn: 64600, bgp_peering_address: '169.254.21.5' },
      { asn: 64600, bgp_peering_address: '169.254.21.9' },
      { asn: 64600, bgp_peering_address: '169.254.21.13' },
    ]);
    expect(lngs.every((l) => String(l.gateway_address).includes('cross-stack-reference-input-hyb-aws-hub-links'))).toBe(true);
    const conns = res('hyb-az-hub-links', 'azurerm_virtual_network_gateway_connection').filter((c) => c.name.includes('aws-azure'));
    // the documented AWS layout: instance 0 and 1 pair tunnels of the same slot
    expect(conns.map((c) => c.custom_bgp_addresses)).toEqual([
      { primary: '169.254.21.2', secondary: '169.254.21.10' },
      { primary: '169.254.21.6', secondary: '169.254.21.14' },
      { primary: '169.254.21.2', secondary: '169.254.21.10' },
      { primary: '169.254.21.6', secondary: '169.254.21.14' },
    ]);
    expect(conns.every((c) => String(c.shared_key).includes('cross-stack-reference-input-hyb-aws-hub-links'))).toBe(true);
  });
});

describe('Google Cloud end', () => {
  it('runs an HA VPN gateway and a Cloud Router advertising the site range with the site ASN', () => {
    expect(synth.get('hyb-gcp-hub')).toHaveResourceWithProperties(ComputeHaVpnGateway, {
      name: 'hyb-gcp-hub-vpn',
      stack_type: 'IPV4_ONLY',
      region: 'europe-west3',
    });
    expect(synth.get('hyb-gcp-hub')).toHaveResourceWithProperties(ComputeRouter, {
      bgp: expect.objectContaining({
        asn: 65200,
        advertise_mode: 'CUSTOM',
        advertised_ip_ranges: [{ range: '10.30.0.0/16', description: 'site address space' }],
      }),
    });
  });

  it('reaches a one-address store from both HA VPN interfaces, with a BGP peer per tunnel', () => {
    expect(synth.get('hyb-gcp-hub')).toHaveResourceWithProperties(ComputeExternalVpnGateway, {
      redundancy_type: 'SINGLE_IP_INTERNALLY_REDUNDANT',
      interface: [{ id: 0, ip_address: '203.0.113.10' }],
    });
    const tunnels = res('hyb-gcp-hub', 'google_compute_vpn_tunnel');
    expect(tunnels.map((t) => [t.vpn_gateway_interface, t.peer_external_gateway_interface, t.ike_version])).toEqual([
      [0, 0, 2],
      [1, 0, 2],
    ]);
    expect(synth.get('hyb-gcp-hub')).toHaveResourceWithProperties(ComputeRouterInterface, { ip_range: '169.254.64.17/30' });
    expect(synth.get('hyb-gcp-hub')).toHaveResourceWithProperties(ComputeRouterPeer, {
      peer_asn: 65301,
      peer_ip_address: '169.254.64.18',
      ip_address: '169.254.64.17',
    });
    expect(synth.get('hyb-gcp-hub')).toHaveResourceWithProperties(SecretManagerSecret, {
      secret_id: 'hyb-link-berlin-psk',
      replication: { user_managed: { replicas: [{ location: 'europe-west3' }] } },
    });
  });

  it('follows AWS with a four-address external gateway and four tunnels, and Azure with a two-address one', () => {
    const ext = res('hyb-gcp-hub-links', 'google_compute_external_vpn_gateway');
    expect(ext.map((e) => [e.redundancy_type, e.interface.length])).toEqual([
      ['FOUR_IPS_REDUNDANCY', 4],
      ['TWO_IPS_REDUNDANCY', 2],
    ]);
    const awsTunnels = res('hyb-gcp-hub-links', 'google_compute_vpn_tunnel').filter((t) => t.name.includes('aws-gcp'));
    expect(awsTunnels.map((t) => [t.vpn_gateway_interface, t.peer_external_gateway_interface])).toEqual([
      [0, 0],
      [0, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(synth.get('hyb-gcp-hub-links')).toHaveResourceWithProperties(ComputeRouterPeer, {
      peer_asn: 65100,
      peer_ip_address: '169.254.21.17',
      ip_address: '169.254.21.18',
    });
  });

  it('exposes the tunnels for alarms', () => {
    const end = stacks.get('hyb-gcp-hub')!.node.findChild('link-berlin') as HybridLinkEnd;
    expect(end.gcp!.tunnels.map((t) => t).every((t) => t instanceof ComputeVpnTunnel)).toBe(true);
  });
});

describe('pre-shared keys', () => {
  it('are generated with letters and digits only, once per key slot, by the leader', () => {
    expect(synth.get('hyb-aws-hub-links')).toHaveResourceWithProperties(Password, { length: 48, special: false });
    expect(res('hyb-aws-hub-links', 'random_password')).toHaveLength(8);
    expect(res('hyb-gcp-hub-links', 'random_password')).toHaveLength(0);
    expect(res('hyb-az-hub-links', 'random_password')).toHaveLength(2); // leader of azure-gcp
  });
});

describe('rendered on-premises configuration', () => {
  const berlin = files.get('links/hyb/berlin.md')!;
  const linz = files.get('links/hyb/linz.md')!;

  it('is written per onprem/edge link under links/<env>/', () => {
    expect([...files.keys()].filter((p) => p.startsWith('links/')).sort()).toEqual([
      'links/hyb/berlin.md',
      'links/hyb/linz.md',
      'links/hyb/madrid.md',
    ]);
  });

  it('gives the device its ASN, addresses, inside addresses and the proposal', () => {
    expect(berlin).toContain('- BGP ASN: 65301');
    expect(berlin).toContain('- Public address: 203.0.113.10');
    expect(berlin).toContain('| 0 | 203.0.113.10 | output[0] | 169.254.64.16/30 | 169.254.64.18 | 169.254.64.17 | `tunnel-0` |');
    expect(berlin).toContain('Expect to learn: 10.30.0.0/16 (from ASN 65200)');
    expect(berlin).toContain('Phase 1 encryption: AES-256-GCM (16-byte ICV); integrity/PRF: SHA2-384; Diffie-Hellman group 20 (ECP-384)');
    expect(linz).toContain('- Public addresses: 198.51.100.20, 198.51.100.21');
    expect(linz).toContain('| 3 | 198.51.100.21 | output[3] | 169.254.64.36/30 | 169.254.64.38 | 169.254.64.37 | `tunnel-3` |');
    expect(linz).toContain('integrity: SHA2-256; PFS group 19 (ECP-256)');
  });

  it('gives an Azure-linked device one BGP address for both Azure instances', () => {
    const madrid = files.get('links/hyb/madrid.md')!;
    expect(madrid).toContain('| 0 | 192.0.2.30 | output[0] | 169.254.21.24/30 | 169.254.21.26 | 169.254.21.25 | `tunnel-0` |');
    expect(madrid).toContain('| 1 | 192.0.2.30 | output[1] | 169.254.21.28/30 | 169.254.21.26 | 169.254.21.29 | `tunnel-0` |');
    expect(madrid).toContain('Azure peers with one BGP address per device address');
    expect(berlin).not.toContain('Azure peers');
  });

  it('says where the keys and the cloud addresses are, and holds no key', () => {
    expect(berlin).toContain('gcloud secrets versions access latest --secret=hyb-link-berlin-psk');
    expect(berlin).toContain('cd cdktf.out/stacks/hyb-gcp-hub && terraform output -json link_berlin_tunnel_addresses');
    expect(linz).toContain('aws secretsmanager get-secret-value --region eu-central-1 --secret-id hyb-link-linz-psk');
    expect(files.get('links/hyb/madrid.md')).toContain('Azure Key Vault');
    for (const f of [berlin, linz]) expect(f).not.toMatch(/random_password|\$\{/);
    expect(json('hyb-gcp-hub').output.link_berlin_tunnel_addresses.value).toHaveLength(2);
  });
});

describe('construct validation', () => {
  const plans = planLinks(env);
  const byId = new Map(plans.map((p) => [p.id, p]));

  function scope() {
    return new TerraformStack(Testing.app(), 'v');
  }

  it('fails when a follower end is built without the leader keys', () => {
    const s = scope();
    const gw = new GcpHaVpn(s, 'gw', {
      env: 'hyb',
      site: 'gcp-hub',
      region: 'europe-west3',
      network: 'n',
      asn: 65200,
      advertisedRanges: ['10.30.0.0/16'],
    });
    expect(
      () => new HybridLinkEnd(s, 'l', { plan: byId.get('aws-gcp')!, end: 1, gateway: gw, peerAddresses: ['a', 'b', 'c', 'd'] }),
    ).toThrow(/gcp-hub follows on link "aws-gcp"; pass the leader's preSharedKeys/);
  });

  it('fails when the far addresses do not match the far interfaces', () => {
    const s = scope();
    const hub = new AwsVpnHub(s, 'hub', { env: 'hyb', site: 'aws-hub', asn: 64600 });
    expect(
      () =>
        new AwsVpnEnd(s, 'e', {
          plan: byId.get('linz')!,
          end: 1,
          hub,
          peerAddresses: ['198.51.100.20'],
          preSharedKeys: ['a', 'b', 'c', 'd'],
        }),
    ).toThrow(/plant-linz presents 2 addresses but 1 were given/);
  });

  it('fails on a public or Azure-reserved ASN, and a GatewaySubnet smaller than /27', () => {
    expect(() => new AwsVpnHub(scope(), 'hub', { env: 'e', site: 's', asn: 7224 })).toThrow(/asn 7224 is not a private ASN/);
    expect(() => new GcpHaVpn(scope(), 'gw', { env: 'e', site: 's', region: 'r', network: 'n', asn: 100, advertisedRanges: [] })).toThrow(
      /asn 100 is not a private ASN/,
    );
    const az = {
      env: 'e',
      site: 's',
      location: 'westeurope',
      resourceGroupName: 'rg',
      virtualNetworkName: 'v',
      apipaAddresses: [['169.254.21.2'], ['169.254.21.6']] as [string[], string[]],
    };
    expect(() => new AzureVpnGateway(scope(), 'gw', { ...az, asn: 65515, gatewaySubnetCidr: '10.0.255.224/27' })).toThrow(
      /asn 65515 must be private and not one Azure reserves/,
    );
    expect(() => new AzureVpnGateway(scope(), 'gw', { ...az, asn: 65010, gatewaySubnetCidr: '10.0.255.240/28' })).toThrow(
      /gatewaySubnetCidr "10.0.255.240\/28" must be an IPv4 CIDR of \/27 or larger/,
    );
  });

  it('fails to build an onprem end as a cloud end', () => {
    const s = scope();
    const hub = new AwsVpnHub(s, 'hub', { env: 'hyb', site: 'aws-hub', asn: 64600 });
    expect(() => new HybridLinkEnd(s, 'l', { plan: byId.get('linz')!, end: 0, gateway: hub })).toThrow(
      /plant-linz\) is onprem; only cloud ends are built/,
    );
  });
});

/**
 * Addresses of the site gateways, pinned. Replacing one gives the site new public
 * addresses (every far end's tunnels break) or a new secret store. If this fails, keep
 * the old construct id or add a `moved` block; do not update the list.
 */
describe('site gateway addresses', () => {
  const PINNED: Record<string, string[]> = {
    'hyb-aws-hub': [
      'aws_ec2_transit_gateway.VpnGateway_539132F0',
      'aws_kms_key.VpnGateway_SecretsKey_E4740B61',
      'aws_kms_key.link-linz_Aws_LogKey_07412EEE',
    ],
    'hyb-az-hub': [
      'azurerm_key_vault.VpnGateway_Secrets_B90FA2F9',
      'azurerm_public_ip.VpnGateway_PublicIp0_89C59E7A',
      'azurerm_public_ip.VpnGateway_PublicIp1_BDBE80B3',
      'azurerm_virtual_network_gateway.VpnGateway_539132F0',
    ],
    'hyb-gcp-hub': ['google_compute_ha_vpn_gateway.VpnGateway_539132F0', 'google_compute_router.VpnGateway_Router_24CC8A83'],
  };
  const GATEWAY_TYPES = new Set([
    'aws_ec2_transit_gateway',
    'aws_kms_key',
    'azurerm_virtual_network_gateway',
    'azurerm_public_ip',
    'azurerm_key_vault',
    'google_compute_ha_vpn_gateway',
    'google_compute_router',
  ]);

  it.each(Object.keys(PINNED))('%s keeps the addresses of its VPN gateway', (id) => {
    const resources = json(id).resource as Record<string, Record<string, unknown>>;
    const found = Object.entries(resources)
      .filter(([type]) => GATEWAY_TYPES.has(type))
      .flatMap(([type, byId]) => Object.keys(byId).map((k) => `${type}.${k}`))
      .sort();
    expect(found).toEqual(PINNED[id]);
  });
});
