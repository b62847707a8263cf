import { ComputeExternalVpnGateway } from '@cdktf/provider-google/lib/compute-external-vpn-gateway';
import { ComputeHaVpnGateway } from '@cdktf/provider-google/lib/compute-ha-vpn-gateway';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterInterface } from '@cdktf/provider-google/lib/compute-router-interface';
import { ComputeRouterPeer } from '@cdktf/provider-google/lib/compute-router-peer';
import { ComputeVpnTunnel } from '@cdktf/provider-google/lib/compute-vpn-tunnel';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { isIpv4Cidr } from '../model/cidr';
import { isPrivateAsn, remoteEndpoints, type LinkPlan } from '../analysis/links';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';

export interface GcpHaVpnProps {
  readonly env: string;
  readonly site: string;
  readonly region: string;
  /** Self link or id of the VPC network the gateway serves. */
  readonly network: string;
  /** BGP ASN of the Cloud Router (the site's ASN on every link). */
  readonly asn: number;
  /** Ranges the router advertises to every peer: the site's address space. */
  readonly advertisedRanges: string[];
}

/**
 * The site's end of every VPN: an HA VPN gateway (two interfaces, each with its own
 * public address, Google's 99.99% SLA layout) and a Cloud Router that advertises the
 * site's address space to every BGP peer.
 */
export class GcpHaVpn extends Construct {
  public readonly gateway: ComputeHaVpnGateway;
  public readonly router: ComputeRouter;
  public readonly region: string;

  constructor(scope: Construct, id: string, props: GcpHaVpnProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Token.isUnresolved(props.asn) && !isPrivateAsn(props.asn))
      problems.push(`asn ${props.asn} is not a private ASN; use 64512-65534 or 4200000000-4294967294.`);
    for (const r of props.advertisedRanges)
      if (!Token.isUnresolved(r) && !isIpv4Cidr(r)) problems.push(`advertised range "${r}" is not an IPv4 CIDR.`);
    if (problems.length > 0) throw new ConstructError(this, problems);
    this.region = props.region;
    const name = (c: string) => resourceName({ env: props.env, site: props.site, component: c });
    this.gateway = new ComputeHaVpnGateway(this, 'Resource', {
      name: name('vpn'),
      region: props.region,
      network: props.network,
      stackType: 'IPV4_ONLY',
    });
    this.router = new ComputeRouter(this, 'Router', {
      name: name('vpn-router'),
      region: props.region,
      network: props.network,
      bgp: {
        asn: props.asn,
        advertiseMode: 'CUSTOM',
        advertisedGroups: ['ALL_SUBNETS'],
        advertisedIpRanges: props.advertisedRanges.map((range) => ({ range, description: 'site address space' })),
        keepaliveInterval: 20,
      },
    });
  }

  /** Public address of HA VPN interface `i` (known after apply). */
  public interfaceAddress(i: number): string {
    return this.gateway.vpnInterfaces.get(i).ipAddress;
  }
}

export interface GcpHaVpnEndProps {
  readonly plan: LinkPlan;
  readonly end: 0 | 1;
  readonly vpn: GcpHaVpn;
  /** Far-side address per remote endpoint (core `remoteEndpoints`): per tunnel for AWS, per interface otherwise. */
  readonly peerAddresses: string[];
  /** Pre-shared key per tunnel, in plan order. */
  readonly preSharedKeys: string[];
  /** Secret Manager secret holding the keys, kept in the site's region. @default - not stored here */
  readonly secret?: { readonly name: string; readonly value: string };
}

const REDUNDANCY: Record<number, string> = { 1: 'SINGLE_IP_INTERNALLY_REDUNDANT', 2: 'TWO_IPS_REDUNDANCY', 4: 'FOUR_IPS_REDUNDANCY' };

/**
 * Google Cloud end of one link: an external VPN gateway with the far side's addresses,
 * an IKEv2 tunnel per planned tunnel on the HA VPN interface the plan gives it, and per
 * tunnel a Cloud Router interface (its inside /30) and BGP peer (the far ASN and address).
 * Cloud VPN negotiates its own strong cipher list; the far end proposes only the link's.
 */
export class GcpHaVpnEnd extends Construct {
  public readonly externalGateway: ComputeExternalVpnGateway;
  /** One per planned tunnel; observability alerts on their status. */
  public readonly tunnels: ComputeVpnTunnel[] = [];
  public readonly peers: ComputeRouterPeer[] = [];
  public readonly secret?: SecretManagerSecret;

  constructor(scope: Construct, id: string, props: GcpHaVpnEndProps) {
    super(scope, id);
    const { plan, end, vpn } = props;
    const me = plan.ends[end];
    const farEnd = (1 - end) as 0 | 1;
    const far = plan.ends[farEnd];
    const remotes = remoteEndpoints(plan, end);
    const problems: string[] = [];
    if (me.site.cloud !== 'gcp') problems.push(`end ${end} of link "${plan.id}" is on ${me.site.cloud}, not gcp.`);
    if (!REDUNDANCY[remotes.length])
      problems.push(`an external VPN gateway has 1, 2 or 4 interfaces; ${far.site.id} has ${remotes.length}.`);
    if (props.peerAddresses.length !== remotes.length)
      problems.push(`${far.site.id} has ${remotes.length} addresses on this link but ${props.peerAddresses.length} were given.`);
    if (props.preSharedKeys.length !== plan.tunnels.length)
      problems.push(`${plan.tunnels.length} tunnels need ${plan.tunnels.length} pre-shared keys, got ${props.preSharedKeys.length}.`);
    if (problems.length > 0) throw new ConstructError(this, problems);

    const name = (c: string) => resourceName({ env: plan.env, site: me.site.id, component: `${plan.id}-${c}` });
    this.externalGateway = new ComputeExternalVpnGateway(this, 'Peer', {
      name: name('peer'),
      description: `${far.site.id} (${far.site.cloud}) end of link ${plan.id}`,
      redundancyType: REDUNDANCY[remotes.length],
      interface: remotes.map((r) => ({ id: r.index, ipAddress: props.peerAddresses[r.index] })),
    });
    const remoteOf = (tunnel: number) => remotes.find((r) => r.tunnels.some((t) => t.index === tunnel))!.index;
    for (const t of plan.tunnels) {
      const tunnel = new ComputeVpnTunnel(this, `Tunnel${t.index}`, {
        name: name(`tunnel-${t.index}`),
        region: vpn.region,
        vpnGateway: vpn.gateway.id,
        vpnGatewayInterface: t.ends[end].interface,
        peerExternalGateway: this.externalGateway.id,
        peerExternalGatewayInterface: remoteOf(t.index),
        sharedSecret: props.preSharedKeys[t.index],
        router: vpn.router.id,
        ikeVersion: 2,
      });
      this.tunnels.push(tunnel);
      const iface = new ComputeRouterInterface(this, `Interface${t.index}`, {
        name: name(`if-${t.index}`),
        region: vpn.region,
        router: vpn.router.name,
        ipRange: `${t.ends[end].insideIp}/30`,
        vpnTunnel: tunnel.name,
      });
      this.peers.push(
        new ComputeRouterPeer(this, `Peer${t.index}`, {
          name: name(`bgp-${t.index}`),
          region: vpn.region,
          router: vpn.router.name,
          interface: iface.name,
          ipAddress: t.ends[end].insideIp,
          peerIpAddress: t.ends[farEnd].insideIp,
          peerAsn: far.asn,
          advertisedRoutePriority: 100,
        }),
      );
    }

    if (props.secret) {
      this.secret = new SecretManagerSecret(this, 'PreSharedKeys', {
        secretId: props.secret.name,
        // Keys stay in the site's region (data residency of the estate).
        replication: { userManaged: { replicas: [{ location: vpn.region }] } },
        deletionProtection: true,
        labels: { link: plan.id },
      });
      new SecretManagerSecretVersion(this, 'PreSharedKeysValue', { secret: this.secret.id, secretData: props.secret.value });
    }
  }
}
