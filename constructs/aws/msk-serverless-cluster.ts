import { MskServerlessCluster as MskServerlessClusterResource } from '@cdktf/provider-aws/lib/msk-serverless-cluster';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { IKafkaNetwork } from './network';
import { ConstructError } from '../construct-error';

export interface MskServerlessClusterProps {
  /** Name of the cluster in MSK, 1 to 64 letters, digits and dashes, starting with a letter; also its Name tag. */
  readonly clusterName: string;
  /** VPC, private subnets (one per zone) and the security group admitting IAM clients (9098). */
  readonly network: IKafkaNetwork;
  /**
   * Tags on the cluster (Name is always the cluster name). Policy KAF-020 needs
   * environment, owner and data-class, here or in the provider default_tags.
   * @default - Name only; the provider's default_tags apply
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An MSK Serverless cluster in the site's private subnets: IAM client authentication
 * only (the service offers nothing else), TLS always on, replication factor 3 and
 * min.insync.replicas 2 fixed by the service. Encryption at rest uses an AWS-owned key;
 * MSK Serverless accepts no customer-managed key, which is why the product reports it
 * and leaves kind: msk to estates that need one. prevent_destroy: deleting the cluster
 * deletes every topic.
 */
export class MskServerlessCluster extends Construct {
  public readonly cluster: MskServerlessClusterResource;
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: MskServerlessClusterProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Token.isUnresolved(props.clusterName) && !/^[a-zA-Z][a-zA-Z0-9-]{0,63}$/.test(props.clusterName))
      problems.push(`clusterName "${props.clusterName}" must be 1-64 letters, digits and dashes, starting with a letter.`);
    if (!Token.isUnresolved(props.network.subnetIds) && props.network.subnetIds.length < 2) {
      problems.push(
        `MSK Serverless needs subnets in at least 2 zones, the network has ${props.network.subnetIds.length}; use a KafkaNetwork with zones >= 2.`,
      );
    }
    if (problems.length > 0) throw new ConstructError(this, problems);
    this.clusterName = props.clusterName;
    // Name first, then the given tags (the placement's component tag, which the topics stack finds the cluster by).
    const tags: Record<string, string> = { Name: this.clusterName, ...(props.tags ?? {}) };
    tags.Name = this.clusterName;
    this.cluster = new MskServerlessClusterResource(this, 'Resource', {
      clusterName: this.clusterName,
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      vpcConfig: [{ subnetIds: [...props.network.subnetIds], securityGroupIds: [...props.network.securityGroupIds] }],
      tags,
      lifecycle: { preventDestroy: true },
    });
  }

  /** Bootstrap string for IAM clients (port 9098). */
  public get bootstrapBrokersSaslIam(): string {
    return this.cluster.bootstrapBrokersSaslIam;
  }

  public get clusterArn(): string {
    return this.cluster.arn;
  }
}
