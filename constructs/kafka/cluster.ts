/**
 * A Kafka cluster as another construct sees it: enough to replicate into or out of it,
 * whether this app built it (MskRegionalCluster, ManagedKafkaCluster, EventHubsNamespace)
 * or a team already runs it (MskRegionalCluster.fromClusterArn / fromClusterName).
 */
export type IKafkaCluster = IMskCluster | IManagedKafkaCluster | IEventHubsCluster;

/** Which service runs a cluster; it decides how a ReplicationLink copies between two of them. */
export type KafkaService = IKafkaCluster['service'];

/** Where a cluster's brokers are reachable from, as replicators and connectors need it. */
export interface KafkaClusterNetwork {
  /** Subnets a replicator or connector may place its interfaces in, inside the cluster's VPC. */
  readonly subnetIds: readonly string[];
  /** Security groups that admit those interfaces to the brokers. */
  readonly securityGroupIds: readonly string[];
}

/** An Amazon MSK provisioned cluster. */
export interface IMskCluster {
  readonly service: 'amazon-msk';
  readonly clusterName: string;
  readonly clusterArn: string;
  /** Region of the cluster. @default - the region of the stack's AWS provider */
  readonly region?: string;
  /** Bootstrap string for IAM clients (port 9098); undefined when not known to this app. */
  readonly bootstrapBrokersSaslIam?: string;
  /** The cluster's subnets and security groups; undefined when not known to this app. */
  readonly network?: KafkaClusterNetwork;
}

/** A Google Cloud Managed Service for Apache Kafka cluster. */
export interface IManagedKafkaCluster {
  readonly service: 'google-managed-kafka';
  /** The cluster id in Google Cloud (the last part of its resource name). */
  readonly clusterName: string;
  /** Full resource id, projects/<project>/locations/<region>/clusters/<name>. */
  readonly clusterId: string;
  readonly region: string;
  /** Bootstrap address (SASL, port 9092). */
  readonly bootstrapServers: string;
}

/** An Azure Event Hubs namespace (its Kafka endpoint). */
export interface IEventHubsCluster {
  readonly service: 'azure-event-hubs';
  readonly namespaceName: string;
  readonly resourceGroupName: string;
  /** Azure resource id of the namespace; a Geo-DR secondary needs it. @default - unknown */
  readonly namespaceId?: string;
}
