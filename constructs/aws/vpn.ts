import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CustomerGateway } from '@cdktf/provider-aws/lib/customer-gateway';
import { Ec2TransitGateway } from '@cdktf/provider-aws/lib/ec2-transit-gateway';
import { Ec2TransitGatewayRouteTablePropagation } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-propagation';
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Route } from '@cdktf/provider-aws/lib/route';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { VpnConnection, type VpnConnectionConfig } from '@cdktf/provider-aws/lib/vpn-connection';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { isPrivateAsn, type IkeProposal, type LinkPlan } from '../analysis/links';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';
import { LogKey } from './log-key';

/** AWS names of the IKE proposal's algorithms (VPN tunnel options). */
export const AWS_IKE = {
  encryption: { 'aes256-gcm': 'AES256-GCM-16', aes256: 'AES256' },
  integrity: { sha256: 'SHA2-256', sha384: 'SHA2-384', sha512: 'SHA2-512' },
} as const;

export interface AwsVpnHubProps {
  readonly env: string;
  readonly site: string;
  /** BGP ASN of the transit gateway (the site's ASN on every link). */
  readonly asn: number;
  /** VPC attached to the transit gateway. @default - none: the gateway routes between links only */
  readonly vpc?: { readonly vpcId: string; readonly subnetIds: string[]; readonly routeTableId: string };
  /** Address spaces reached over links; the VPC routes them to the transit gateway. @default [] */
  readonly remoteCidrs?: string[];
}

/**
 * The site's end of every VPN: a transit gateway whose attachments propagate into its
 * route table explicitly (so a VPN's BGP routes reach the VPC and nothing is associated
 * by accident), the VPC attached in its private subnets, and a KMS key for the link
 * secrets. One per site: a site has one ASN on all its links.
 */
export class AwsVpnHub extends Construct {
  public readonly transitGateway: Ec2TransitGateway;
  public readonly secretsKey: KmsKey;
  public readonly vpcAttachment?: Ec2TransitGatewayVpcAttachment;

  constructor(scope: Construct, id: string, props: AwsVpnHubProps) {
    super(scope, id);
    // Environment files: checkLinks reports a public ASN first.
    if (!Token.isUnresolved(props.asn) && !isPrivateAsn(props.asn)) {
      throw new ConstructError(this, `asn ${props.asn} is not a private ASN; use 64512-65534 or 4200000000-4294967294.`);
    }
    const name = (c: string) => resourceName({ env: props.env, site: props.site, component: c });
    this.transitGateway = new Ec2TransitGateway(this, 'Resource', {
      description: `${name('vpn')}: hybrid links of ${props.site}`,
      amazonSideAsn: props.asn,
      vpnEcmpSupport: 'enable',
      defaultRouteTableAssociation: 'enable',
      defaultRouteTablePropagation: 'disable',
      autoAcceptSharedAttachments: 'disable',
      dnsSupport: 'enable',
      tags: { Name: name('tgw') },
    });
    this.secretsKey = new KmsKey(this, 'SecretsKey', {
      description: `${name('link-secrets')}: pre-shared keys of the hybrid links`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: { Name: name('link-secrets') },
      lifecycle: { preventDestroy: true },
    });
    if (props.vpc) {
      this.vpcAttachment = new Ec2TransitGatewayVpcAttachment(this, 'VpcAttachment', {
        transitGatewayId: this.transitGateway.id,
        vpcId: props.vpc.vpcId,
        subnetIds: props.vpc.subnetIds,
        dnsSupport: 'enable',
        tags: { Name: name('tgw-vpc') },
      });
      new Ec2TransitGatewayRouteTablePropagation(this, 'VpcPropagation', {
        transitGatewayAttachmentId: this.vpcAttachment.id,
        transitGatewayRouteTableId: this.transitGateway.associationDefaultRouteTableId,
      });
      (props.remoteCidrs ?? []).forEach((cidr) => {
        new Route(this, `To-${cidr.replace(/[./]/g, '-')}`, {
          routeTableId: props.vpc!.routeTableId,
          destinationCidrBlock: cidr,
          transitGatewayId: this.transitGateway.id,
          dependsOn: [this.vpcAttachment!],
        });
      });
    }
  }
}

export interface AwsVpnEndProps {
  readonly plan: LinkPlan;
  /** Which end of the plan is this AWS site. */
  readonly end: 0 | 1;
  readonly hub: AwsVpnHub;
  /** Public address of each far-side interface (literals for onprem, tokens for clouds). */
  readonly peerAddresses: string[];
  /** Pre-shared key per tunnel, in plan order. */
  readonly preSharedKeys: string[];
  /** Days tunnel logs are kept. @default 365 */
  readonly logRetentionDays?: number;
  /** Secret that holds the keys, for people and the far end. @default - the keys are not stored here */
  readonly secret?: { readonly name: string; readonly value: string };
}

/**
 * AWS end of one link: per far-side address a customer gateway and a site-to-site VPN
 * connection on the transit gateway (two IKEv2 tunnels with the link's inside /30s,
 * strong proposals only, BGP, tunnel and BGP logs), its attachment propagated into the
 * transit gateway route table, and the pre-shared keys in Secrets Manager.
 */
export class AwsVpnEnd extends Construct {
  public readonly customerGateways: CustomerGateway[] = [];
  /** One per far-side address; observability reads TunnelState per connection. */
  public readonly connections: VpnConnection[] = [];
  public readonly logGroup: CloudwatchLogGroup;
  public readonly secret?: SecretsmanagerSecret;
  private readonly plan: LinkPlan;
  private readonly end: 0 | 1;

  constructor(scope: Construct, id: string, props: AwsVpnEndProps) {
    super(scope, id);
    const { plan, end } = props;
    this.plan = plan;
    this.end = end;
    const me = plan.ends[end];
    const far = plan.ends[1 - end];
    const problems: string[] = [];
    if (me.site.cloud !== 'aws') problems.push(`end ${end} of link "${plan.id}" is on ${me.site.cloud}, not aws.`);
    if (props.peerAddresses.length !== far.interfaces)
      problems.push(`${far.site.id} presents ${far.interfaces} addresses but ${props.peerAddresses.length} were given.`);
    if (props.preSharedKeys.length !== plan.tunnels.length)
      problems.push(`${plan.tunnels.length} tunnels need ${plan.tunnels.length} pre-shared keys, got ${props.preSharedKeys.length}.`);
    if (problems.length > 0) throw new ConstructError(this, problems);

    const name = (c: string) => resourceName({ env: plan.env, site: me.site.id, component: `${plan.id}-${c}` });
    // Tunnel and BGP logs name peer addresses and negotiation failures: under a customer key (KAF-038).
    const logKey = new LogKey(this, 'LogKey', { name: name('vpn-logs'), description: `${name('vpn')}: tunnel and BGP logs` });
    this.logGroup = new CloudwatchLogGroup(this, 'Logs', {
      name: `/kafka-estate/${plan.env}/vpn/${plan.id}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: logKey.arn,
    });
    const ike = (tunnel: 1 | 2, p: IkeProposal, insideCidr: string, psk: string): Partial<VpnConnectionConfig> => {
      const enc = [AWS_IKE.encryption[p.encryption]];
      const integ = [AWS_IKE.integrity[p.integrity]];
      const logs = {
        cloudwatchLogOptions: {
          logEnabled: true,
          logGroupArn: this.logGroup.arn,
          logOutputFormat: 'json',
          bgpLogEnabled: true,
          bgpLogGroupArn: this.logGroup.arn,
          bgpLogOutputFormat: 'json',
        },
      };
      return {
        [`tunnel${tunnel}InsideCidr`]: insideCidr,
        [`tunnel${tunnel}PresharedKey`]: psk,
        [`tunnel${tunnel}IkeVersions`]: ['ikev2'],
        [`tunnel${tunnel}Phase1EncryptionAlgorithms`]: enc,
        [`tunnel${tunnel}Phase1IntegrityAlgorithms`]: integ,
        [`tunnel${tunnel}Phase1DhGroupNumbers`]: [p.dhGroup],
        [`tunnel${tunnel}Phase2EncryptionAlgorithms`]: enc,
        [`tunnel${tunnel}Phase2IntegrityAlgorithms`]: integ,
        [`tunnel${tunnel}Phase2DhGroupNumbers`]: [p.dhGroup],
        // Cloud peers and routers behind NAT start the negotiation themselves; AWS answers.
        [`tunnel${tunnel}StartupAction`]: 'add',
        [`tunnel${tunnel}DpdTimeoutAction`]: 'restart',
        [`tunnel${tunnel}LogOptions`]: logs,
      };
    };

    props.peerAddresses.forEach((address, p) => {
      const gw = new CustomerGateway(this, `CustomerGateway${p}`, {
        type: 'ipsec.1',
        ...(far.asn > 65535 ? { bgpAsnExtended: String(far.asn) } : { bgpAsn: String(far.asn) }),
        ipAddress: address,
        deviceName: `${far.site.id}-${p}`,
        tags: { Name: name(`cgw-${p}`) },
      });
      this.customerGateways.push(gw);
      const tunnels = plan.tunnels.filter((t) => t.ends[end].interface === p);
      const [t1, t2] = [tunnels.find((t) => t.awsTunnel === 0)!, tunnels.find((t) => t.awsTunnel === 1)!];
      const conn = new VpnConnection(this, `Connection${p}`, {
        type: 'ipsec.1',
        customerGatewayId: gw.id,
        transitGatewayId: props.hub.transitGateway.id,
        staticRoutesOnly: false,
        ...ike(1, plan.ike, t1.insideCidr, props.preSharedKeys[t1.index]),
        ...ike(2, plan.ike, t2.insideCidr, props.preSharedKeys[t2.index]),
        tags: { Name: name(`vpn-${p}`), link: plan.id },
      } as VpnConnectionConfig);
      this.connections.push(conn);
      new Ec2TransitGatewayRouteTablePropagation(this, `Propagation${p}`, {
        transitGatewayAttachmentId: conn.transitGatewayAttachmentId,
        transitGatewayRouteTableId: props.hub.transitGateway.associationDefaultRouteTableId,
      });
    });

    if (props.secret) {
      this.secret = new SecretsmanagerSecret(this, 'PreSharedKeys', {
        name: props.secret.name,
        description: `IPsec pre-shared keys of link ${plan.id}, one per tunnel`,
        kmsKeyId: props.hub.secretsKey.arn,
        recoveryWindowInDays: 30,
      });
      new SecretsmanagerSecretVersion(this, 'PreSharedKeysValue', { secretId: this.secret.id, secretString: props.secret.value });
    }
  }

  /** Outside address of each tunnel, in plan order (known after apply). */
  public tunnelAddresses(): string[] {
    return this.plan.tunnels.map((t) => {
      const conn = this.connections[t.ends[this.end].interface];
      return t.awsTunnel === 0 ? conn.tunnel1Address : conn.tunnel2Address;
    });
  }
}

/** JSON of the keys as stored in a secret: `{"tunnel-0": "...", ...}`. */
export function keysJson(keys: readonly string[]): string {
  return Fn.jsonencode(Object.fromEntries(keys.map((k, i) => [`tunnel-${i}`, k])));
}
