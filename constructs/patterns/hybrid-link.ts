import { Password } from '@cdktf/provider-random/lib/password';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsVpnEnd, AwsVpnHub } from '../aws/vpn';
import { AzureVpnEnd, AzureVpnGateway } from '../azure/vpn-gateway';
import { renderOnPremConfig, type SecretLocation } from '../analysis/link-config';
import { isCloud, pskSecretName, remoteEndpoints, tunnelKeySlots, type LinkPlan } from '../analysis/links';
import { GcpHaVpn, GcpHaVpnEnd } from '../gcp/ha-vpn';
import { RenderedFile } from '../rendered-file';
import { ConstructError } from '../construct-error';

/** A site's VPN gateway on any cloud: the thing every link of the site attaches to. */
export type SiteVpnGateway = AwsVpnHub | AzureVpnGateway | GcpHaVpn;

/** Public address of each interface a site's gateway presents (known after apply). */
export function gatewayAddresses(gw: SiteVpnGateway): string[] {
  if (gw instanceof AzureVpnGateway) return gw.publicIps.map((ip) => ip.ipAddress);
  if (gw instanceof GcpHaVpn) return [0, 1].map((i) => gw.interfaceAddress(i));
  throw new ConstructError(
    gw,
    'an AWS transit gateway has no address of its own; read the tunnel addresses of its VPN connections (AwsVpnEnd.tunnelAddresses).',
  );
}

export interface HybridLinkEndProps {
  readonly plan: LinkPlan;
  /** Which end of the plan this construct builds. */
  readonly end: 0 | 1;
  /** The site's gateway (AwsVpnHub, AzureVpnGateway or GcpHaVpn), in this stack or this site's site stack. */
  readonly gateway: SiteVpnGateway;
  /**
   * Far-side addresses: per far interface for an AWS end; per remote endpoint (core
   * `remoteEndpoints`) for Azure and Google Cloud ends. Literals for onprem/edge, tokens
   * of the far stack for clouds (the one allowed cross-site reference).
   * @default the onprem/edge end's declared public addresses
   */
  readonly peerAddresses?: string[];
  /**
   * Pre-shared key per tunnel, from the leader end.
   * @default generated here (random provider), one per key slot
   */
  readonly preSharedKeys?: string[];
  /** Where people read the keys on the other cloud, for the rendered configuration. @default this end's store */
  readonly cloudProject?: string;
  /** Days tunnel logs are kept (AWS). @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * One cloud end of a hybrid link (IPsec IKEv2 + BGP), built in the stack of its site:
 * AWS (customer gateways + VPN connections on the transit gateway), Azure (local network
 * gateways + connections with a custom IPsec policy) or Google Cloud (external VPN
 * gateway + HA VPN tunnels + Cloud Router interfaces and BGP peers). The leader end
 * generates the pre-shared keys; every cloud end stores them in its own secret store.
 * When the far end is an onprem/edge site, it also renders that site's configuration
 * under cdktf.out/links/<env>/<link>.md and outputs the cloud's tunnel addresses.
 */
export class HybridLinkEnd extends Construct {
  /** Pre-shared key per tunnel (tokens). */
  public readonly preSharedKeys: string[];
  public readonly aws?: AwsVpnEnd;
  public readonly azure?: AzureVpnEnd;
  public readonly gcp?: GcpHaVpnEnd;
  public readonly config?: RenderedFile;
  public readonly secretLocation: SecretLocation;
  private readonly plan: LinkPlan;
  private readonly end: 0 | 1;
  private readonly siteGateway: SiteVpnGateway;

  constructor(scope: Construct, id: string, props: HybridLinkEndProps) {
    super(scope, id);
    const { plan, end, gateway } = props;
    this.plan = plan;
    this.end = end;
    this.siteGateway = gateway;
    const me = plan.ends[end];
    const far = plan.ends[1 - end];
    if (!isCloud(me.site.cloud))
      throw new ConstructError(
        this,
        `end ${end} of link "${plan.id}" (${me.site.id}) is ${me.site.cloud}; only cloud ends are built, onprem/edge ends get a rendered configuration.`,
      );
    if (!props.preSharedKeys && plan.leader !== end)
      throw new ConstructError(
        this,
        `${me.site.id} follows on link "${plan.id}"; pass the leader's preSharedKeys so both ends use the same keys.`,
      );
    const peerAddresses = props.peerAddresses ?? [...far.publicIps];
    this.preSharedKeys = props.preSharedKeys ?? generateKeys(this, plan);
    const secretName = pskSecretName(plan.env, plan.id);
    const value = Fn.jsonencode(Object.fromEntries(tunnelKeySlots(plan).map((slot, i) => [`tunnel-${slot}`, this.preSharedKeys[i]])));
    const secret = { name: secretName, value };

    if (gateway instanceof AwsVpnHub) {
      this.aws = new AwsVpnEnd(this, 'Aws', {
        plan,
        end,
        hub: gateway,
        peerAddresses,
        preSharedKeys: this.preSharedKeys,
        secret,
        logRetentionDays: props.logRetentionDays,
      });
      this.secretLocation = {
        store: `AWS Secrets Manager (${me.site.region})`,
        name: secretName,
        readCommand: `aws secretsmanager get-secret-value --region ${me.site.region} --secret-id ${secretName} --query SecretString --output text`,
      };
    } else if (gateway instanceof AzureVpnGateway) {
      this.azure = new AzureVpnEnd(this, 'Azure', { plan, end, gateway, peerAddresses, preSharedKeys: this.preSharedKeys, secret });
      this.secretLocation = {
        store: `Azure Key Vault of site ${me.site.id}`,
        name: secretName,
        readCommand: `az keyvault secret show --vault-name <vault of ${me.site.id}> --name ${secretName} --query value -o tsv`,
      };
    } else {
      this.gcp = new GcpHaVpnEnd(this, 'Gcp', { plan, end, vpn: gateway, peerAddresses, preSharedKeys: this.preSharedKeys, secret });
      this.secretLocation = {
        store: `Google Secret Manager (${me.site.region})`,
        name: secretName,
        readCommand: `gcloud secrets versions access latest --secret=${secretName}${props.cloudProject ? ` --project=${props.cloudProject}` : ''}`,
      };
    }

    if (!isCloud(far.site.cloud)) {
      const output = `link_${plan.id.replace(/-/g, '_')}_tunnel_addresses`;
      new TerraformOutput(this, 'TunnelAddresses', {
        staticId: true,
        description: `Cloud outside address per tunnel of link ${plan.id}, for ${far.site.id}'s VPN device`,
        value: this.tunnelAddresses(),
      }).overrideLogicalId(output);
      this.config = new RenderedFile(this, 'OnPremConfig', {
        path: `links/${plan.env}/${plan.id}.md`,
        content: renderOnPremConfig({
          plan,
          end: (1 - end) as 0 | 1,
          secret: this.secretLocation,
          addressesOutput: { stack: TerraformStack.of(this).node.id, output },
        }),
      });
    }
  }

  /** Outside address of this end for each tunnel, in plan order (known after apply). */
  public tunnelAddresses(): string[] {
    if (this.aws) return this.aws.tunnelAddresses();
    const addresses = gatewayAddresses(this.siteGateway);
    return this.plan.tunnels.map((t) => addresses[t.ends[this.end].interface]);
  }

  /**
   * This end's addresses as the far end's remote endpoints (core `remoteEndpoints` of the
   * far end): what the follower passes as peerAddresses.
   */
  public addressesForFarEnd(): string[] {
    const perTunnel = this.tunnelAddresses();
    return remoteEndpoints(this.plan, (1 - this.end) as 0 | 1).map((r) => perTunnel[r.tunnels[0].index]);
  }
}

/** One random key per key slot (Azure shares one per far address), mapped to tunnels. */
function generateKeys(scope: Construct, plan: LinkPlan): string[] {
  const stack = TerraformStack.of(scope);
  if (!stack.node.tryFindChild('random')) new RandomProvider(stack, 'random');
  const slots = tunnelKeySlots(plan);
  const keys = new Map<number, string>();
  for (const slot of new Set(slots)) {
    // Letters and digits only (AWS allows no others); the leading letter because AWS
    // refuses keys that start with 0.
    const pw = new Password(scope, `PreSharedKey${slot}`, { length: 48, special: false, minUpper: 4, minLower: 4, minNumeric: 4 });
    keys.set(slot, `k${pw.result}`);
  }
  return slots.map((s) => keys.get(s)!);
}
