import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ManagedKafkaCluster as ManagedKafkaClusterResource } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { MANAGED_KAFKA_MIN_VCPUS } from '../analysis/managed-kafka';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';

export interface ManagedKafkaClusterProps {
  readonly env: string;
  readonly site: string;
  /** Cluster id from the environment; part of the cluster name. */
  readonly clusterId: string;
  readonly region: string;
  /** Subnet (self link or id) the cluster's Private Service Connect endpoints are placed in. */
  readonly subnetId: string;
  /** vCPUs for the whole cluster; at least 3. @default 3 */
  readonly vcpus?: number;
  /** Memory for the whole cluster in GiB, 1 to 8 per vCPU. @default 4 GiB per vCPU */
  readonly memoryGiB?: number;
  /** Key rotation period in days. @default 90 */
  readonly keyRotationDays?: number;
  readonly labels?: Record<string, string>;
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
  public readonly key: KmsCryptoKey;
  public readonly keyRing: KmsKeyRing;
  /** The cluster id in Google Cloud: `<env>-<site>-<cluster>`. */
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
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.region = props.region;
    this.clusterName = resourceName({ env: props.env, site: props.site, component: props.clusterId });
    const protect = { preventDestroy: true };
    const project = new DataGoogleProject(this, 'Project');

    // Key rings cannot be deleted in Cloud KMS; prevent_destroy makes Terraform say so at plan time.
    this.keyRing = new KmsKeyRing(this, 'KeyRing', { name: this.clusterName, location: props.region, lifecycle: protect });
    this.key = new KmsCryptoKey(this, 'Key', {
      name: `${this.clusterName}-data`,
      keyRing: this.keyRing.id,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: `${rotationDays * 86400}s`,
      labels: props.labels,
      lifecycle: protect,
    });
    // The Managed Kafka service agent encrypts the brokers' disks with the key.
    const agent = new KmsCryptoKeyIamMember(this, 'ServiceAgentUsesKey', {
      cryptoKeyId: this.key.id,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:service-${project.number}@gcp-sa-managedkafka.iam.gserviceaccount.com`,
    });

    this.cluster = new ManagedKafkaClusterResource(this, 'Resource', {
      clusterId: this.clusterName,
      location: props.region,
      capacityConfig: { vcpuCount: String(vcpus), memoryBytes: String(memoryGiB * 1024 ** 3) },
      gcpConfig: {
        kmsKey: this.key.id,
        accessConfig: { networkConfigs: [{ subnet: props.subnetId }] },
      },
      // New brokers take partitions when the cluster grows, so added capacity is used.
      rebalanceConfig: { mode: 'AUTO_REBALANCE_ON_SCALE_UP' },
      labels: props.labels,
      dependsOn: [agent],
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
