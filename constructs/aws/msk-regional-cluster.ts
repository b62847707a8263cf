import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsMskCluster } from '@cdktf/provider-aws/lib/data-aws-msk-cluster';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskClusterPolicy } from '@cdktf/provider-aws/lib/msk-cluster-policy';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { MSK_ZONES } from '../kinds/msk/facts';
import { MSK_PARTITIONS_PER_BROKER, renderServerProperties, SAFE_SERVER_PROPERTIES } from '../analysis/durability';
import type { IMskCluster, KafkaClusterNetwork } from '../kafka/cluster';
import type { IKafkaNetwork } from './network';
import { ConstructError } from '../construct-error';
import { cloudWatchLogsKeyUse, kmsKeyPolicy } from './kms-key-policy';

export type MskClientAuth = 'iam' | 'scram';

/** An MSK cluster this app does not create, by ARN. */
export interface MskClusterAttributes {
  readonly clusterArn: string;
  /** @default - the cluster-name part of the ARN */
  readonly clusterName?: string;
  /** @default - the region part of the ARN */
  readonly region?: string;
  /** Bootstrap string for IAM clients; needed by MirrorMaker 2 links. @default - unknown */
  readonly bootstrapBrokersSaslIam?: string;
  /** Subnets and security groups of the cluster; needed when it is an MSK Replicator end. @default - unknown */
  readonly network?: KafkaClusterNetwork;
}

/** An MSK cluster this app does not create, found by name when Terraform plans. */
export interface MskClusterLookup {
  readonly clusterName: string;
  /** @default - the region of the stack's AWS provider */
  readonly region?: string;
  /** Subnets and security groups of the cluster; needed when it is an MSK Replicator end. @default - unknown */
  readonly network?: KafkaClusterNetwork;
}

export interface MskRegionalClusterProps {
  /**
   * Name of the cluster in MSK; also names its configuration, key alias and log group.
   * 1 to 64 letters, digits and dashes, starting with a letter.
   */
  readonly clusterName: string;
  /** VPC, private subnets (one per zone) and broker security groups: a KafkaNetwork or KafkaNetwork.fromNetworkAttributes. */
  readonly network: IKafkaNetwork;
  /** Brokers, a multiple of the network's zones. @default 3 */
  readonly brokers?: number;
  /** @default kafka.m7g.large */
  readonly instanceType?: string;
  /** EBS volume per broker in GiB. @default 100 */
  readonly storageGiB?: number;
  /** @default 3.9.x */
  readonly kafkaVersion?: string;
  /** SASL mechanisms clients use; unauthenticated access is never enabled. @default ['iam'] */
  readonly clientAuth?: readonly MskClientAuth[];
  /** Extra server properties; the safe durability settings cannot be overridden here. */
  readonly serverProperties?: Readonly<Record<string, string>>;
  /** Broker log retention in CloudWatch, days (ignored with `logGroup`). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Customer-managed key for data at rest (a KmsKey or `{ arn }` of a key you have). With
   * the default log group, the key also encrypts broker logs, so its policy must let
   * CloudWatch Logs of this region use it.
   * @default - a new rotating key with a 30-day deletion window and alias `alias/<clusterName>`
   */
  readonly encryptionKey?: { readonly arn: string };
  /**
   * Log group for broker logs (a CloudwatchLogGroup or `{ name }` of one you have).
   * @default - a new log group `/msk/<clusterName>/brokers` encrypted with the cluster key
   */
  readonly logGroup?: { readonly name: string };
  /**
   * Tags on every taggable resource (key, log group, cluster). Policy KAF-020 needs
   * environment, owner and data-class, here or in the provider default_tags.
   * @default - none; the provider's default_tags apply
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The cluster is the source of an MSK Replicator in another region: AWS requires
   * multi-VPC private connectivity for IAM clients and a cluster policy letting the
   * kafka.amazonaws.com service principal create its VPC connection.
   * https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-prepare-cluster.html
   * @default false
   */
  readonly crossRegionReplicatorSource?: boolean;
}

const CLUSTER_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,63}$/;

/**
 * A hardened MSK provisioned cluster in one region: its own configuration with the
 * safe durability settings, TLS everywhere, a customer-managed rotating KMS key, SASL
 * client auth only, no public access, broker logs in CloudWatch, enhanced monitoring.
 * The cluster, its configuration and its key carry prevent_destroy.
 */
export class MskRegionalCluster extends Construct implements IMskCluster {
  /** An existing cluster by ARN: nothing is created. */
  public static fromClusterArn(scope: Construct, id: string, attrs: MskClusterAttributes): IMskCluster {
    const c = new Construct(scope, id);
    // arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>
    const parts = Token.isUnresolved(attrs.clusterArn) ? undefined : attrs.clusterArn.split(':');
    if (parts && (parts.length < 6 || parts[2] !== 'kafka' || !parts[5].startsWith('cluster/'))) {
      throw new ConstructError(
        c,
        `"${attrs.clusterArn}" is not an MSK cluster ARN; expected arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>.`,
        'MskRegionalCluster.fromClusterArn',
      );
    }
    const clusterName = attrs.clusterName ?? parts?.[5].split('/')[1];
    if (clusterName === undefined)
      throw new ConstructError(c, `the ARN is a token; pass clusterName as well.`, 'MskRegionalCluster.fromClusterArn');
    return {
      service: 'amazon-msk',
      clusterArn: attrs.clusterArn,
      clusterName,
      region: attrs.region ?? parts?.[3],
      bootstrapBrokersSaslIam: attrs.bootstrapBrokersSaslIam,
      network: attrs.network,
    };
  }

  /**
   * An existing cluster by name, read when Terraform plans (a `aws_msk_cluster` data
   * source, in `region` when given): its ARN and IAM bootstrap brokers come from the lookup.
   */
  public static fromClusterName(scope: Construct, id: string, lookup: MskClusterLookup): IMskCluster {
    const data = new DataAwsMskCluster(scope, id, { clusterName: lookup.clusterName, region: lookup.region });
    return {
      service: 'amazon-msk',
      clusterArn: data.arn,
      clusterName: lookup.clusterName,
      region: lookup.region,
      bootstrapBrokersSaslIam: data.bootstrapBrokersSaslIam,
      network: lookup.network,
    };
  }

  public readonly service = 'amazon-msk' as const;
  public readonly cluster: MskCluster;
  public readonly configuration: MskConfiguration;
  /** The key this construct created; undefined when `encryptionKey` was given. */
  public readonly key?: KmsKey;
  /** ARN of the key encrypting data at rest. */
  public readonly encryptionKeyArn: string;
  /** The log group this construct created; undefined when `logGroup` was given. */
  public readonly logGroup?: CloudwatchLogGroup;
  /** Name of the broker log group (a literal when this construct created it). */
  public readonly logGroupName: string;
  public readonly clusterName: string;
  public readonly network: KafkaClusterNetwork;

  constructor(scope: Construct, id: string, props: MskRegionalClusterProps) {
    super(scope, id);
    const brokers = props.brokers ?? 3;
    const instanceType = props.instanceType ?? 'kafka.m7g.large';
    const storageGiB = props.storageGiB ?? 100;
    const clientAuth = props.clientAuth ?? ['iam'];
    const logRetentionDays = props.logRetentionDays ?? 365;
    const problems: string[] = [];
    if (!Token.isUnresolved(props.clusterName) && !CLUSTER_NAME.test(props.clusterName)) {
      problems.push(
        `clusterName "${props.clusterName}" is not a valid MSK cluster name; use 1 to 64 letters, digits and dashes, starting with a letter.`,
      );
    }
    if (!Token.isUnresolved(logRetentionDays) && (!Number.isInteger(logRetentionDays) || logRetentionDays < 1)) {
      problems.push(`logRetentionDays must be a whole number of days of at least 1, got ${logRetentionDays}.`);
    }
    if (!Token.isUnresolved(brokers) && (brokers < MSK_ZONES || brokers % MSK_ZONES !== 0)) {
      problems.push(`brokers must be a positive multiple of ${MSK_ZONES} (one per zone), got ${brokers}.`);
    }
    if (!Token.isUnresolved(instanceType) && !(instanceType in MSK_PARTITIONS_PER_BROKER)) {
      problems.push(
        `instanceType "${instanceType}" is not an MSK broker type; use one of ${Object.keys(MSK_PARTITIONS_PER_BROKER).join(', ')}.`,
      );
    }
    if (!Token.isUnresolved(storageGiB) && (storageGiB < 1 || storageGiB > 16384)) {
      problems.push(`storageGiB must be 1 to 16384, got ${storageGiB}.`);
    }
    if (clientAuth.length === 0) problems.push('clientAuth must name at least one of iam, scram; unauthenticated clients are not allowed.');
    const overridden = Object.keys(props.serverProperties ?? {}).filter((k) => k in SAFE_SERVER_PROPERTIES);
    if (overridden.length > 0) problems.push(`serverProperties may not override the durability settings ${overridden.join(', ')}.`);
    // Environment files: checkClusters (brokers, instance type) and the schema (storage range) report these first.
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.clusterName = props.clusterName;
    const tags = props.tags;
    const protect = { preventDestroy: true };
    this.key = props.encryptionKey ? undefined : this.createKey(tags);
    this.encryptionKeyArn = props.encryptionKey?.arn ?? this.key!.arn;

    this.logGroup = props.logGroup
      ? undefined
      : new CloudwatchLogGroup(this, 'BrokerLogs', {
          name: `/msk/${this.clusterName}/brokers`,
          retentionInDays: logRetentionDays,
          kmsKeyId: this.encryptionKeyArn,
          tags,
        });
    this.logGroupName = props.logGroup?.name ?? `/msk/${this.clusterName}/brokers`;
    this.network = { subnetIds: props.network.subnetIds, securityGroupIds: props.network.securityGroupIds };

    this.configuration = new MskConfiguration(this, 'Configuration', {
      name: this.clusterName,
      description: 'Safe durability settings (unclean election off, no auto topics, RF 3, min ISR 2)',
      kafkaVersions: props.kafkaVersion ? [props.kafkaVersion] : ['3.9.x'],
      serverProperties: renderServerProperties({ ...(props.serverProperties ?? {}), ...SAFE_SERVER_PROPERTIES }),
      lifecycle: protect,
    });

    this.cluster = new MskCluster(this, 'Resource', {
      clusterName: this.clusterName,
      kafkaVersion: props.kafkaVersion ?? '3.9.x',
      numberOfBrokerNodes: brokers,
      enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      brokerNodeGroupInfo: {
        instanceType,
        clientSubnets: [...props.network.subnetIds],
        securityGroups: [...props.network.securityGroupIds],
        storageInfo: { ebsStorageInfo: { volumeSize: storageGiB } },
        connectivityInfo: {
          publicAccess: { type: 'DISABLED' },
          ...(props.crossRegionReplicatorSource ? { vpcConnectivity: { clientAuthentication: { sasl: { iam: true } } } } : {}),
        },
      },
      clientAuthentication: {
        unauthenticated: false,
        sasl: { iam: clientAuth.includes('iam'), scram: clientAuth.includes('scram') },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: this.encryptionKeyArn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      configurationInfo: { arn: this.configuration.arn, revision: Token.asNumber(this.configuration.latestRevision) },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: props.logGroup?.name ?? this.logGroup!.name } } },
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } },
      tags,
      lifecycle: protect,
    });
    if (props.crossRegionReplicatorSource) {
      if (!clientAuth.includes('iam'))
        throw new Error(`MskRegionalCluster ${this.node.path}: a cross-region MSK Replicator source needs IAM client auth.`);
      new MskClusterPolicy(this, 'ReplicatorPolicy', {
        clusterArn: this.cluster.arn,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'MskReplicator',
              Effect: 'Allow',
              Principal: { Service: ['kafka.amazonaws.com'] },
              Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
              Resource: this.cluster.arn,
            },
          ],
        }),
      });
    }
  }

  /** The cluster's own key, usable by CloudWatch Logs of this account and region. */
  private createKey(tags: Readonly<Record<string, string>> | undefined): KmsKey {
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');
    const keyAccount = { partition: partition.partition, accountId: account.accountId };

    // The key encrypts both the broker volumes and the broker logs, so CloudWatch Logs
    // must be allowed to use it in this region and account.
    const key = new KmsKey(this, 'Key', {
      description: `MSK cluster ${this.clusterName}: data at rest and broker logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: kmsKeyPolicy(keyAccount, cloudWatchLogsKeyUse(keyAccount, region.region)),
      tags,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'KeyAlias', { name: `alias/${this.clusterName}`, targetKeyId: key.keyId });
    return key;
  }

  /** Bootstrap string for IAM clients (host:9098,...). */
  public get bootstrapBrokersSaslIam(): string {
    return this.cluster.bootstrapBrokersSaslIam;
  }

  public get clusterArn(): string {
    return this.cluster.arn;
  }
}
