import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { MSK_ZONES } from '../model/defaults';
import { MSK_PARTITIONS_PER_BROKER, renderServerProperties, SAFE_SERVER_PROPERTIES } from '../analysis/durability';
import { resourceName } from '../model/naming';
import type { KafkaNetwork } from './network';

export type MskClientAuth = 'iam' | 'scram';

export interface MskRegionalClusterProps {
  readonly env: string;
  readonly site: string;
  /** Cluster id from the environment; part of the cluster name. */
  readonly clusterId: string;
  readonly network: KafkaNetwork;
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
  /** Broker log retention in CloudWatch, days. @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * A hardened MSK provisioned cluster in one region: its own configuration with the
 * safe durability settings, TLS everywhere, a customer-managed rotating KMS key, SASL
 * client auth only, no public access, broker logs in CloudWatch, enhanced monitoring.
 * The cluster, its configuration and its key carry prevent_destroy.
 */
export class MskRegionalCluster extends Construct {
  public readonly cluster: MskCluster;
  public readonly configuration: MskConfiguration;
  public readonly key: KmsKey;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: MskRegionalClusterProps) {
    super(scope, id);
    const brokers = props.brokers ?? 3;
    const instanceType = props.instanceType ?? 'kafka.m7g.large';
    const storageGiB = props.storageGiB ?? 100;
    const clientAuth = props.clientAuth ?? ['iam'];
    const logRetentionDays = props.logRetentionDays ?? 90;
    const problems: string[] = [];
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
    if (problems.length > 0) throw new Error(`MskRegionalCluster ${this.node.path}: ${problems.join(' ')}`);

    this.clusterName = resourceName({ env: props.env, site: props.site, component: props.clusterId });
    const protect = { preventDestroy: true };
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');

    // The key encrypts both the broker volumes and the broker logs, so CloudWatch Logs
    // must be allowed to use it in this region and account.
    this.key = new KmsKey(this, 'Key', {
      description: `MSK cluster ${this.clusterName}: data at rest and broker logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition.partition}:iam::${account.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'CloudWatchLogsUse',
            Effect: 'Allow',
            Principal: { Service: `logs.${region.region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': `arn:${partition.partition}:logs:${region.region}:${account.accountId}:log-group:*`,
              },
            },
          },
        ],
      }),
      lifecycle: protect,
    });
    new KmsAlias(this, 'KeyAlias', { name: `alias/${this.clusterName}`, targetKeyId: this.key.keyId });

    this.logGroup = new CloudwatchLogGroup(this, 'BrokerLogs', {
      name: `/msk/${this.clusterName}/brokers`,
      retentionInDays: logRetentionDays,
      kmsKeyId: this.key.arn,
    });

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
        clientSubnets: props.network.subnets.map((s) => s.id),
        securityGroups: [props.network.securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: storageGiB } },
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
      },
      clientAuthentication: {
        unauthenticated: false,
        sasl: { iam: clientAuth.includes('iam'), scram: clientAuth.includes('scram') },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: this.key.arn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      configurationInfo: { arn: this.configuration.arn, revision: Token.asNumber(this.configuration.latestRevision) },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: this.logGroup.name } } },
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } },
      lifecycle: protect,
    });
  }

  /** Bootstrap string for IAM clients (host:9098,...). */
  public get bootstrapBrokersSaslIam(): string {
    return this.cluster.bootstrapBrokersSaslIam;
  }

  public get clusterArn(): string {
    return this.cluster.arn;
  }
}
