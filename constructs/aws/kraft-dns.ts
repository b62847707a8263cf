import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import type { KraftNode } from '../analysis/kraft';
import { ConstructError } from '../construct-error';

export interface KraftDnsProps {
  /** Zone name, the same in every region (analysis/kraft.ts kraftZoneName). */
  readonly zoneName: string;
  /** The VPC of this region the zone answers in. */
  readonly vpcId: string;
  /** Every node of the cluster, all sites: records come from the plan, not from other stacks. */
  readonly nodes: readonly KraftNode[];
}

/**
 * A private hosted zone per region with a record per node of the whole cluster. Every
 * region holds its own copy built from the same plan, so name resolution in a region
 * never depends on another region being up, and no stack reads another's state.
 */
export class KraftDns extends Construct {
  public readonly zone: Route53Zone;

  constructor(scope: Construct, id: string, props: KraftDnsProps) {
    super(scope, id);
    if (props.nodes.length === 0) throw new ConstructError(this, `nodes is empty; pass the cluster's plan from analysis/kraft.ts.`);
    const foreign = props.nodes.filter((n) => !n.dns.endsWith(`.${props.zoneName}`));
    if (foreign.length > 0)
      throw new ConstructError(this, `${foreign[0].dns} is not inside zone ${props.zoneName}; plan the nodes with the same zone name.`);
    this.zone = new Route53Zone(this, 'Resource', {
      name: props.zoneName,
      comment: 'Kafka KRaft nodes, records from the plan',
      vpc: [{ vpcId: props.vpcId }],
    });
    for (const n of props.nodes) {
      new Route53Record(this, n.recordName, { zoneId: this.zone.zoneId, name: n.recordName, type: 'A', ttl: 60, records: [n.address] });
    }
  }
}
