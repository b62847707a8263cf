import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route } from '@cdktf/provider-aws/lib/route';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import { VpcPeeringConnectionAccepterA } from '@cdktf/provider-aws/lib/vpc-peering-connection-accepter';
import { Construct } from 'constructs';
import { cidrsOverlap, isIpv4Cidr } from '../model/cidr';
import { ConstructError } from '../construct-error';

export interface PeeringEnd {
  readonly site: string;
  readonly region: string;
  readonly cidr: string;
  /** Name tag of the site's VPC, from model/naming.ts: the VPC is found by its planned name. */
  readonly vpcName: string;
  /** Provider of the end's region. */
  readonly provider: AwsProvider;
}

export interface RegionPeeringProps {
  readonly requester: PeeringEnd;
  readonly accepter: PeeringEnd;
}

/**
 * A VPC peering between two regions, requested from one side and accepted on the
 * other, with routes to each other's CIDR in both VPCs' main route tables.
 *
 * Peering needs the peer VPC's id, which exists only after the peer's site stack is
 * applied. Rather than reading another stack's outputs, this looks both VPCs up by
 * their planned Name tag, in a link stack of its own: the deploy-order exception is
 * "site stacks first, then link stacks", and losing a region blocks only the links
 * that touch it, never a surviving site's stack.
 */
export class RegionPeering extends Construct {
  public readonly connection: VpcPeeringConnection;

  constructor(scope: Construct, id: string, props: RegionPeeringProps) {
    super(scope, id);
    const { requester: a, accepter: b } = props;
    const problems: string[] = [];
    if (a.site === b.site) problems.push(`both ends are site "${a.site}".`);
    if (isIpv4Cidr(a.cidr) && isIpv4Cidr(b.cidr) && cidrsOverlap(a.cidr, b.cidr))
      problems.push(`${a.cidr} (${a.site}) overlaps ${b.cidr} (${b.site}); peered VPCs need distinct address spaces.`);
    if (problems.length > 0) throw new ConstructError(this, problems);

    const vpcA = new DataAwsVpc(this, 'RequesterVpc', { provider: a.provider, tags: { Name: a.vpcName } });
    const vpcB = new DataAwsVpc(this, 'AccepterVpc', { provider: b.provider, tags: { Name: b.vpcName } });
    this.connection = new VpcPeeringConnection(this, 'Resource', {
      provider: a.provider,
      vpcId: vpcA.id,
      peerVpcId: vpcB.id,
      peerRegion: b.region,
      tags: { Name: `${a.vpcName}-to-${b.site}` },
    });
    new VpcPeeringConnectionAccepterA(this, 'Accepter', {
      provider: b.provider,
      vpcPeeringConnectionId: this.connection.id,
      autoAccept: true,
      tags: { Name: `${b.vpcName}-from-${a.site}` },
    });
    new Route(this, 'RequesterRoute', {
      provider: a.provider,
      routeTableId: vpcA.mainRouteTableId,
      destinationCidrBlock: b.cidr,
      vpcPeeringConnectionId: this.connection.id,
    });
    new Route(this, 'AccepterRoute', {
      provider: b.provider,
      routeTableId: vpcB.mainRouteTableId,
      destinationCidrBlock: a.cidr,
      vpcPeeringConnectionId: this.connection.id,
    });
  }
}
