import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { GoogleManagedKafkaConnectCluster } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connect-cluster';
import { GoogleManagedKafkaConnector } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connector';
import type { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { Construct } from 'constructs';
import { ConstructError } from '../construct-error';

export interface ManagedKafkaConnectorProps {
  /** Connector name (`<env>-<id>`); also its Connect cluster's id. */
  readonly name: string;
  readonly region: string;
  /** Managed Kafka Connect is only in google-beta. */
  readonly provider: GoogleBetaProvider;
  /** Full id of the Managed Kafka cluster (projects/…/clusters/…), the Connect cluster's primary cluster. */
  readonly clusterId: string;
  /** Subnet the Connect workers get their addresses in (the cluster's site). */
  readonly subnetId: string;
  readonly connectorClass: string;
  readonly direction: 'source' | 'sink';
  readonly topics: readonly string[];
  /** Connector properties of its type (analysis/connectors connectorProperties); Google IAM, no secrets. */
  readonly config: Readonly<Record<string, string>>;
  readonly deadLetterTopic?: string;
  /** @default 1 */
  readonly tasks?: number;
  /** Cloud Storage bucket a sink writes to: the service agent may create objects in it and nothing else. */
  readonly bucket?: string;
  /** @default 3 (the service minimum) */
  readonly vcpus?: number;
  readonly labels?: Record<string, string>;
}

/**
 * One connector on Google Managed Kafka Connect: a Connect cluster attached to the
 * Managed Kafka cluster (its primary, which holds the connectors' state), the connector
 * with a task restart policy, and the service agent's grants: Managed Kafka client on the
 * project (as Google's Connect clusters authenticate) and object creation on exactly
 * the sink's bucket.
 * @see https://docs.cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-cloud-storage-connector
 * @see https://registry.terraform.io/providers/hashicorp/google-beta/latest/docs/resources/managed_kafka_connector
 */
export class ManagedKafkaConnector extends Construct {
  public readonly connectCluster: GoogleManagedKafkaConnectCluster;
  public readonly connector: GoogleManagedKafkaConnector;

  constructor(scope: Construct, id: string, props: ManagedKafkaConnectorProps) {
    super(scope, id);
    const vcpus = props.vcpus ?? 3;
    const problems: string[] = [];
    if (props.topics.length === 0) problems.push('topics must name at least one topic.');
    if (vcpus < 3) problems.push(`vcpus must be at least 3 (the Managed Kafka Connect minimum), got ${vcpus}.`);
    if (props.deadLetterTopic && props.direction === 'source') problems.push('a dead-letter topic is for sink connectors only.');
    if (problems.length > 0) throw new ConstructError(this, problems);

    const project = new DataGoogleProject(this, 'Project');
    const agent = `serviceAccount:service-${project.number}@gcp-sa-managedkafka.iam.gserviceaccount.com`;
    const grants = [
      new ProjectIamMember(this, 'ServiceAgentIsKafkaClient', {
        project: project.projectId,
        role: 'roles/managedkafka.client',
        member: agent,
      }),
      ...(props.bucket
        ? [
            new StorageBucketIamMember(this, 'ServiceAgentWritesBucket', {
              bucket: props.bucket,
              role: 'roles/storage.objectCreator',
              member: agent,
            }),
          ]
        : []),
    ];
    this.connectCluster = new GoogleManagedKafkaConnectCluster(this, 'ConnectCluster', {
      provider: props.provider,
      connectClusterId: props.name,
      location: props.region,
      kafkaCluster: props.clusterId,
      capacityConfig: { vcpuCount: String(vcpus), memoryBytes: String(vcpus * 4 * 1024 ** 3) },
      gcpConfig: { accessConfig: { networkConfigs: [{ primarySubnet: props.subnetId }] } },
      labels: props.labels,
      dependsOn: grants,
    });
    const errors: Record<string, string> = props.deadLetterTopic
      ? {
          'errors.tolerance': 'all',
          'errors.deadletterqueue.topic.name': props.deadLetterTopic,
          'errors.deadletterqueue.context.headers.enable': 'true',
        }
      : { 'errors.tolerance': 'none' };
    this.connector = new GoogleManagedKafkaConnector(this, 'Resource', {
      provider: props.provider,
      connectorId: props.name,
      connectCluster: this.connectCluster.connectClusterId,
      location: props.region,
      configs: {
        ...props.config,
        'connector.class': props.connectorClass,
        'tasks.max': String(props.tasks ?? 1),
        ...(props.direction === 'sink' ? { topics: props.topics.join(','), ...errors } : {}),
      },
      taskRestartPolicy: { minimumBackoff: '60s', maximumBackoff: '1800s' },
    });
  }
}
