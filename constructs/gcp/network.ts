import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { isIpv4Cidr, parseCidr, siteSubnetPrefix, subnet } from '../model/cidr';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';

export interface GcpNetworkProps {
  /**
   * Prefix of the network and subnet names (`<namePrefix>-kafka`, `<namePrefix>-private`);
   * lowercase letters, digits and dashes. Networks and subnetworks take no labels in
   * Google Cloud, so there is no labels prop.
   */
  readonly namePrefix: string;
  /** Region of the private subnet, such as europe-west1. */
  readonly region: string;
  /** Address space, an IPv4 CIDR such as 10.100.0.0/16; the subnet is its first /prefix+4. */
  readonly cidr: string;
}

/**
 * A custom-mode VPC for a Google Cloud site: no default subnets, no external
 * addresses and no ingress rules (Google's implied deny), one private regional subnet carved from the site CIDR with Private Google
 * Access (Google APIs without public addresses) and flow logs. Managed Kafka and
 * Managed Kafka Connect place their Private Service Connect endpoints in it.
 */
export class GcpNetwork extends Construct {
  public readonly network: ComputeNetwork;
  public readonly subnet: ComputeSubnetwork;
  public readonly subnetCidr: string;

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    // Environment files: checkSites (CIDR) and checkConstructLimits (room for the subnet) report this first.
    if (!Token.isUnresolved(props.cidr) && !isIpv4Cidr(props.cidr)) {
      throw new ConstructError(this, `cidr "${props.cidr}" is not an IPv4 CIDR; write it like 10.100.0.0/16.`);
    }
    const name = (component: string) => resourceName({ env: props.namePrefix, component });
    this.network = new ComputeNetwork(this, 'Resource', {
      name: name('kafka'),
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
    });
    // Same carving as the AWS network: four bits more than the site leaves room for later subnets.
    this.subnetCidr = subnet(props.cidr, siteSubnetPrefix(parseCidr(props.cidr).prefix), 0);
    this.subnet = new ComputeSubnetwork(this, 'Private', {
      name: name('private'),
      network: this.network.id,
      region: props.region,
      ipCidrRange: this.subnetCidr,
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
  }
}

export interface GcpSubnetInNetworkProps {
  /** Subnet name: lowercase letters, digits and dashes. */
  readonly name: string;
  /** Region of the subnet, such as us-central1. */
  readonly region: string;
  /** An IPv4 CIDR clear of every subnet of the network and of the ranges it learns. */
  readonly cidr: string;
  /**
   * The VPC network the subnet is created in, by name (VPC networks are global, so a
   * network made by another stack, even of another region, is named, not read).
   */
  readonly networkName: string;
  /**
   * Project of the network. The subnet's `subnetId` is then its planned full name.
   * @default - the provider's project; `subnetId` is the resource's id
   */
  readonly project?: string;
}

/**
 * A private subnet a stack owns in a VPC network another stack made: how a site gives its
 * services (a Managed Kafka cluster's second network config, Connect workers) addresses in
 * another site's network while keeping every resource in its own region. Private Google
 * Access and flow logs like the site subnet (GcpNetwork).
 */
export class GcpSubnetInNetwork extends Construct {
  public readonly subnet: ComputeSubnetwork;
  /** `projects/<p>/regions/<r>/subnetworks/<name>`, planned when the project is given. */
  public readonly subnetId: string;

  constructor(scope: Construct, id: string, props: GcpSubnetInNetworkProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.cidr) && !isIpv4Cidr(props.cidr)) {
      throw new ConstructError(this, `cidr "${props.cidr}" is not an IPv4 CIDR; write it like 10.110.252.0/22.`);
    }
    this.subnet = new ComputeSubnetwork(this, 'Resource', {
      name: props.name,
      network: props.project ? `projects/${props.project}/global/networks/${props.networkName}` : props.networkName,
      region: props.region,
      ipCidrRange: props.cidr,
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
    this.subnetId = props.project ? `projects/${props.project}/regions/${props.region}/subnetworks/${props.name}` : this.subnet.id;
  }
}
