import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ManagedKafkaCluster as ManagedKafkaClusterResource } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { MANAGED_KAFKA_MIN_VCPUS } from '../kinds/gcp-managed/facts';
import { ConstructError } from '../construct-error';

export interface ManagedKafkaClusterProps {
  /**
   * Cluster id in Google Cloud, 1 to 63 lowercase letters, digits and dashes, starting
   * with a letter; also names the key ring and key.
   */
  readonly clusterName: string;
  /** Region of the cluster, such as europe-west1. */
  readonly region: string;
  /**
   * Subnet (self link or id) the cluster's Private Service Connect endpoints are placed in:
   * a GcpNetwork's `subnet.id` or a subnet the team already has.
   */
  readonly subnetId: string;
  /**
   * Subnets in other VPC networks where the cluster also places its Private Service Connect
   * endpoints, so those networks reach it. Each "must be located in the same region as the
   * Kafka cluster" and "multiple subnets from the same parent network must not be specified"
   * (NetworkConfig.subnet,
   * https://cloud.google.com/python/docs/reference/google-cloud-managedkafka/latest/google.cloud.managedkafka_v1.types.NetworkConfig).
   * @default - none: the endpoints are in the network of `subnetId` only
   */
  readonly additionalSubnetIds?: readonly string[];
  /** Resources the cluster waits for, such as additional subnets given by planned name. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** vCPUs for the whole cluster; at least 3. @default 3 */
  readonly vcpus?: number;
  /** Memory for the whole cluster in GiB, 1 to 8 per vCPU. @default 4 GiB per vCPU */
  readonly memoryGiB?: number;
  /** Key rotation period in days (ignored with `encryptionKey`). @default 90 */
  readonly keyRotationDays?: number;
  /**
   * An existing Cloud KMS key (`projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>`)
   * in the cluster's region. The Managed Kafka service agent is granted
   * encrypter/decrypter on it (an additive IAM member).
   * @default - a new key ring `<clusterName>` and rotating key `<clusterName>-data`
   */
  readonly encryptionKey?: { readonly id: string };
  /**
   * Labels on every labelable resource (key, cluster). Policy KAF-020 needs environment,
   * owner and data-class, here or in the provider default_labels.
   * @default - none; the provider's default_labels apply
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ManagedKafkaTopicProps {
  readonly name: string;
  readonly partitions: number;
  /** @default 3 */
  readonly replicationFactor?: number;
  readonly configs?: Record<string, string>;
}

/**
 * A Google Cloud Managed Service for Apache Kafka cluster: regional, brokers over three
 * zones, encrypted with its own customer-managed key (rotating, in a key ring of the
 * cluster's region), reachable only through Private Service Connect endpoints in the
 * site's private subnet, clients authenticated by Google IAM (SASL OAUTHBEARER).
 * The cluster, its key ring and key, and every topic carry prevent_destroy.
 */
export class ManagedKafkaCluster extends Construct {
  public readonly cluster: ManagedKafkaClusterResource;
  /** The key this construct made; undefined with `encryptionKey`. */
  public readonly key?: KmsCryptoKey;
  public readonly keyRing?: KmsKeyRing;
  /** Id of the key the brokers' disks are encrypted with. */
  public readonly keyId: string;
  /** The cluster id in Google Cloud. */
  public readonly clusterName: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: ManagedKafkaClusterProps) {
    super(scope, id);
    const vcpus = props.vcpus ?? MANAGED_KAFKA_MIN_VCPUS;
    const memoryGiB = props.memoryGiB ?? vcpus * 4;
    const rotationDays = props.keyRotationDays ?? 90;
    const problems: string[] = [];
    if (!Token.isUnresolved(vcpus) && (!Number.isInteger(vcpus) || vcpus < MANAGED_KAFKA_MIN_VCPUS)) {
      problems.push(`vcpus must be a whole number of at least ${MANAGED_KAFKA_MIN_VCPUS}, got ${vcpus}.`);
    }
    if (!Token.isUnresolved(memoryGiB) && !Token.isUnresolved(vcpus) && (memoryGiB < vcpus || memoryGiB > vcpus * 8)) {
      problems.push(`memoryGiB must be 1 to 8 GiB per vCPU (${vcpus} to ${vcpus * 8} for ${vcpus} vCPUs), got ${memoryGiB}.`);
    }
    if (!Token.isUnresolved(rotationDays) && (rotationDays < 1 || rotationDays > 365)) {
      problems.push(`keyRotationDays must be 1 to 365, got ${rotationDays}; keys always rotate.`);
    }
    // Managed Kafka cluster ids: lowercase letters, digits and hyphens, starting with a
    // letter, at most 63 characters (the API's cluster_id rule, RFC 1035 labels).
    if (!Token.isUnresolved(props.clusterName) && !/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(props.clusterName)) {
      problems.push(
        `clusterName "${props.clusterName}" must be 1-63 lowercase letters, digits and dashes, starting with a letter and not ending with a dash.`,
      );
    }
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.region = props.region;
    this.clusterName = props.clusterName;
    const protect = { preventDestroy: true };
    const labels = props.labels ? { ...props.labels } : undefined;
    const project = new DataGoogleProject(this, 'Project');

    if (props.encryptionKey) {
      this.keyId = props.encryptionKey.id;
    } else {
      // Key rings cannot be deleted in Cloud KMS; prevent_destroy makes Terraform say so at plan time.
      this.keyRing = new KmsKeyRing(this, 'KeyRing', { name: this.clusterName, location: props.region, lifecycle: protect });
      this.key = new KmsCryptoKey(this, 'Key', {
        name: `${this.clusterName}-data`,
        keyRing: this.keyRing.id,
        purpose: 'ENCRYPT_DECRYPT',
        rotationPeriod: `${rotationDays * 86400}s`,
        labels,
        lifecycle: protect,
      });
      this.keyId = this.key.id;
    }
    // The Managed Kafka service agent encrypts the brokers' disks with the key.
    const agent = new KmsCryptoKeyIamMember(this, 'ServiceAgentUsesKey', {
      cryptoKeyId: this.keyId,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:service-${project.number}@gcp-sa-managedkafka.iam.gserviceaccount.com`,
    });

    this.cluster = new ManagedKafkaClusterResource(this, 'Resource', {
      clusterId: this.clusterName,
      location: props.region,
      capacityConfig: { vcpuCount: String(vcpus), memoryBytes: String(memoryGiB * 1024 ** 3) },
      gcpConfig: {
        kmsKey: this.keyId,
        accessConfig: {
          networkConfigs: [props.subnetId, ...(props.additionalSubnetIds ?? [])].map((subnet) => ({ subnet })),
        },
      },
      // New brokers take partitions when the cluster grows, so added capacity is used.
      rebalanceConfig: { mode: 'AUTO_REBALANCE_ON_SCALE_UP' },
      labels,
      dependsOn: [agent, ...(props.dependsOn ?? [])],
      lifecycle: protect,
    });
  }

  /** A topic of the cluster. Its construct id is the topic name: part of the Terraform address, kept forever. */
  public addTopic(props: ManagedKafkaTopicProps): ManagedKafkaTopic {
    if (!/^[a-zA-Z0-9._-]{1,255}$/.test(props.name)) {
      throw new ConstructError(this, `topic name "${props.name}" must be 1-255 letters, digits, dots, dashes or underscores.`);
    }
    return new ManagedKafkaTopic(this, `topic-${props.name}`, {
      topicId: props.name,
      cluster: this.cluster.clusterId,
      location: this.region,
      partitionCount: props.partitions,
      replicationFactor: props.replicationFactor ?? 3,
      configs: props.configs,
      lifecycle: { preventDestroy: true },
    });
  }
}
