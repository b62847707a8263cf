import { MskServerlessCluster as MskServerlessClusterResource } from '@cdktf/provider-aws/lib/msk-serverless-cluster';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { resourceName } from '../model/naming';
import type { IKafkaNetwork } from './network';
import { ConstructError } from '../construct-error';

export interface MskServerlessClusterProps {
  readonly env: string;
  readonly site: string;
  /** Cluster id from the environment; part of the cluster name. */
  readonly clusterId: string;
  /** VPC, private subnets (one per zone) and the security group admitting IAM clients (9098). */
  readonly network: IKafkaNetwork;
  /** Tags on the cluster (Name and component are always set). @default - none beyond those; the provider's default_tags apply */
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
    if (!Token.isUnresolved(props.network.subnetIds) && props.network.subnetIds.length < 2) {
      throw new ConstructError(
        this,
        `MSK Serverless needs subnets in at least 2 zones, the network has ${props.network.subnetIds.length}; use a KafkaNetwork with zones >= 2.`,
      );
    }
    this.clusterName = resourceName({ env: props.env, site: props.site, component: props.clusterId }, 64);
    this.cluster = new MskServerlessClusterResource(this, 'Resource', {
      clusterName: this.clusterName,
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      vpcConfig: [{ subnetIds: [...props.network.subnetIds], securityGroupIds: [...props.network.securityGroupIds] }],
      // Found by this tag from the topics stack, which may not read this stack's tokens.
      tags: { ...(props.tags ?? {}), Name: this.clusterName, component: props.clusterId },
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
