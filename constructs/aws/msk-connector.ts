import { MSK_CONNECT_ASSUME_ROLE_POLICY } from './msk-connect-role';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { MskconnectConnector } from '@cdktf/provider-aws/lib/mskconnect-connector';
import { MskconnectCustomPlugin } from '@cdktf/provider-aws/lib/mskconnect-custom-plugin';
import { MskconnectWorkerConfiguration } from '@cdktf/provider-aws/lib/mskconnect-worker-configuration';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ConstructError } from '../construct-error';
import { MSK_COPY_ACTIONS } from './msk-iam';
import { policyDocument, type IamStatement } from './policy-document';

/**
 * S3 actions of an S3 sink: multipart writes of objects under its prefix, and listing
 * the bucket for its own uploads.
 * @see https://docs.confluent.io/kafka-connectors/s3-sink/current/overview.html#iam-policy-for-s3
 */
export const S3_SINK_ACTIONS = {
  bucket: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
  objects: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
} as const;

export interface MskConnectorProps {
  /** Connector name, unique in the account and region; also its role, log group and consumer group (connect-<name>). */
  readonly name: string;
  readonly cluster: {
    /** ARN of the MSK cluster; scopes every Kafka grant of the role. */
    readonly arn: string;
    /** IAM bootstrap string (port 9098). */
    readonly bootstrapServers: string;
  };
  /** Private subnets and security groups the workers run in (the cluster's). */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly direction: 'source' | 'sink';
  /** connector.class. */
  readonly connectorClass: string;
  /** Topics the sink reads or the source writes: the role may touch exactly these. */
  readonly topics: readonly string[];
  /** Sink dead-letter topic (errors.tolerance all); the role may write it. */
  readonly deadLetterTopic?: string;
  /** Connector properties of its type (analysis/connectors connectorProperties); never secret values, only `$${secretsmanager:...}` references. */
  readonly config?: Readonly<Record<string, string>>;
  /** @default 1 */
  readonly tasks?: number;
  /** Plugin archive in S3 and its SHA-512, recorded on the plugin (MSK Connect cannot check a digest itself). */
  readonly plugin: { readonly bucketArn: string; readonly fileKey: string; readonly sha512: string; readonly contentType: 'ZIP' | 'JAR' };
  /** S3 buckets (and key prefix) a sink writes to; the role may write only there. */
  readonly s3?: { readonly bucketArn: string; readonly prefix: string };
  /** Secrets Manager secret with the system's credentials, read by the config provider at start. */
  readonly secretArn?: string;
  /**
   * A system inside the network (a database): the workers' security group gets an egress
   * rule to its ranges on its port, and nowhere else beyond what the group already allows.
   */
  readonly systemNetwork?: {
    readonly securityGroupId: string;
    readonly cidrs: readonly string[];
    readonly port: number;
    readonly what: string;
  };
  /** KMS key for the worker logs (the cluster's key, which CloudWatch Logs may use). */
  readonly logKmsKeyArn: string;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** @default '3.7.x' */
  readonly kafkaConnectVersion?: string;
  readonly tags?: Record<string, string>;
}

/**
 * One connector on MSK Connect beside an MSK cluster: its custom plugin from the
 * declared S3 artifact, a worker configuration (with the Secrets Manager config provider
 * when it reads a secret), a KMS-encrypted log group for worker logs, and a role that
 * reaches exactly the cluster, its topics, its consumer group, MSK Connect's own
 * internal topics, the named bucket prefix and the named secret.
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/mkc-create-custom-plugin.html
 */
export class MskConnector extends Construct {
  public readonly plugin: MskconnectCustomPlugin;
  public readonly workerConfiguration: MskconnectWorkerConfiguration;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly connector: MskconnectConnector;

  constructor(scope: Construct, id: string, props: MskConnectorProps) {
    super(scope, id);
    const tasks = props.tasks ?? 1;
    const problems: string[] = [];
    if (props.topics.length === 0) problems.push('topics must name at least one topic.');
    if (!/^[0-9a-fA-F]{128}$/.test(props.plugin.sha512))
      problems.push(`plugin.sha512 must be 128 hex digits, got "${props.plugin.sha512}".`);
    if (props.subnetIds.length === 0 || props.securityGroupIds.length === 0)
      problems.push('subnetIds and securityGroupIds must not be empty: the workers run inside the VPC.');
    if (props.deadLetterTopic && props.direction === 'source') problems.push('a dead-letter topic is for sink connectors only.');
    const secretLike = Object.keys(props.config ?? {}).filter(
      (k) => /(password|secret|token|key)$/i.test(k) && !/^\$?\$\{/.test(props.config![k]),
    );
    if (secretLike.length > 0) problems.push(`config ${secretLike.join(', ')} look like secrets given as values; put them in the secret.`);
    if (
      props.secretArn &&
      !Token.isUnresolved(props.secretArn) &&
      !/^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(props.secretArn)
    )
      problems.push(`secretArn "${props.secretArn}" is not a Secrets Manager secret ARN.`);
    if (!Token.isUnresolved(tasks) && (tasks < 1 || tasks > 100)) problems.push(`tasks must be 1 to 100, got ${tasks}.`);
    for (const cidr of props.systemNetwork?.cidrs ?? [])
      if (!Token.isUnresolved(cidr) && (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || cidr.endsWith('/0')))
        problems.push(`systemNetwork.cidrs "${cidr}" must be an IPv4 range narrower than /0.`);
    if (props.systemNetwork && props.systemNetwork.cidrs.length === 0) problems.push('systemNetwork.cidrs must name at least one range.');
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.plugin = new MskconnectCustomPlugin(this, 'Plugin', {
      name: props.name,
      contentType: props.plugin.contentType,
      // The digest travels with the plugin: whoever uploads or audits it compares the archive against it.
      description: `sha512:${props.plugin.sha512.toLowerCase()}`,
      location: { s3: { bucketArn: props.plugin.bucketArn, fileKey: props.plugin.fileKey } },
      tags: { ...props.tags, 'plugin-sha512-prefix': props.plugin.sha512.slice(0, 32).toLowerCase() },
    });

    this.workerConfiguration = new MskconnectWorkerConfiguration(this, 'WorkerConfiguration', {
      name: props.name,
      description: `Workers of connector ${props.name}`,
      propertiesFileContent: renderProperties({
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        ...(props.secretArn
          ? {
              // https://github.com/aws-samples/msk-config-providers
              'config.providers': 'secretsmanager',
              'config.providers.secretsmanager.class': 'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
              'config.providers.secretsmanager.param.region': Token.isUnresolved(props.secretArn)
                ? Fn.element(Fn.split(':', props.secretArn), 3)
                : props.secretArn.split(':')[3],
            }
          : {}),
      }),
    });

    this.logGroup = new CloudwatchLogGroup(this, 'Logs', {
      name: `/msk-connect/${props.name}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.logKmsKeyArn,
      tags: props.tags,
    });

    this.role = new IamRole(this, 'Role', {
      name: props.name,
      description: `MSK Connect connector ${props.name}`,
      assumeRolePolicy: MSK_CONNECT_ASSUME_ROLE_POLICY,
      tags: props.tags,
    });
    new IamRolePolicy(this, 'RolePolicy', {
      role: this.role.name,
      name: 'least-privilege',
      policy: policyDocument(this, 'RolePolicyDocument', this.statements(props)).json,
    });

    props.systemNetwork?.cidrs.forEach(
      (cidr, i) =>
        new VpcSecurityGroupEgressRule(this, `SystemEgress${i}`, {
          securityGroupId: props.systemNetwork!.securityGroupId,
          ipProtocol: 'tcp',
          fromPort: props.systemNetwork!.port,
          toPort: props.systemNetwork!.port,
          cidrIpv4: cidr,
          description: `connector ${props.name} workers to ${props.systemNetwork!.what}`,
          tags: props.tags,
        }),
    );

    const errors: Record<string, string> = props.deadLetterTopic
      ? {
          'errors.tolerance': 'all',
          'errors.deadletterqueue.topic.name': props.deadLetterTopic,
          'errors.deadletterqueue.context.headers.enable': 'true',
          'errors.log.enable': 'true',
        }
      : { 'errors.tolerance': 'none' };
    this.connector = new MskconnectConnector(this, 'Resource', {
      name: props.name,
      kafkaconnectVersion: props.kafkaConnectVersion ?? '3.7.x',
      connectorConfiguration: {
        // MSK Connect restarts a connector that uses a config provider frequently unless
        // config.action.reload is none; a rotated secret is read at the next update instead.
        // https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-config-provider.html
        ...(props.secretArn ? { 'config.action.reload': 'none' } : {}),
        ...(props.config ?? {}),
        'connector.class': props.connectorClass,
        'tasks.max': String(tasks),
        ...(props.direction === 'sink' ? { topics: props.topics.join(','), ...errors } : {}),
      },
      capacity: { provisionedCapacity: { workerCount: Math.max(1, Math.min(tasks, 10)), mcuCount: 1 } },
      kafkaCluster: {
        apacheKafkaCluster: {
          bootstrapServers: props.cluster.bootstrapServers,
          vpc: { subnets: [...props.subnetIds], securityGroups: [...props.securityGroupIds] },
        },
      },
      kafkaClusterClientAuthentication: { authenticationType: 'IAM' },
      kafkaClusterEncryptionInTransit: { encryptionType: 'TLS' },
      plugin: [{ customPlugin: { arn: this.plugin.arn, revision: Token.asNumber(this.plugin.latestRevision) } }],
      workerConfiguration: { arn: this.workerConfiguration.arn, revision: Token.asNumber(this.workerConfiguration.latestRevision) },
      logDelivery: { workerLogDelivery: { cloudwatchLogs: { enabled: true, logGroup: this.logGroup.name } } },
      serviceExecutionRoleArn: this.role.arn,
      tags: props.tags,
    });
  }

  /** Exactly what the connector touches: its cluster, its topics and group, MSK Connect's internal topics, its bucket prefix, its secret. */
  private statements(props: MskConnectorProps): IamStatement[] {
    const child = (kind: 'topic' | 'group', name: string) => `${Fn.replace(props.cluster.arn, ':cluster/', `:${kind}/`)}/${name}`;
    const topicActions =
      props.direction === 'sink' ? MSK_COPY_ACTIONS.readTopics : ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'];
    const out: IamStatement[] = [
      { Sid: 'Cluster', Effect: 'Allow', Action: [...MSK_COPY_ACTIONS.cluster], Resource: [props.cluster.arn] },
      { Sid: 'Topics', Effect: 'Allow', Action: [...topicActions], Resource: props.topics.map((t) => child('topic', t)) },
      // MSK Connect keeps source offsets in __amazon_msk_connect_* topics and runs sinks in group connect-<name>.
      {
        Sid: 'ConnectInternalTopics',
        Effect: 'Allow',
        Action: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData', 'kafka-cluster:ReadData'],
        Resource: [child('topic', '__amazon_msk_connect_*')],
      },
      {
        Sid: 'Groups',
        Effect: 'Allow',
        Action: [...MSK_COPY_ACTIONS.groups],
        Resource: [child('group', '__amazon_msk_connect_*'), child('group', `connect-${props.name}`)],
      },
    ];
    if (props.deadLetterTopic)
      out.push({
        Sid: 'DeadLetterTopic',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        Resource: [child('topic', props.deadLetterTopic)],
      });
    if (props.s3)
      out.push(
        { Sid: 'SinkBucket', Effect: 'Allow', Action: [...S3_SINK_ACTIONS.bucket], Resource: [props.s3.bucketArn] },
        {
          Sid: 'SinkObjects',
          Effect: 'Allow',
          Action: [...S3_SINK_ACTIONS.objects],
          Resource: [`${props.s3.bucketArn}/${props.s3.prefix}*`],
        },
      );
    if (props.secretArn)
      out.push({ Sid: 'SystemSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [props.secretArn] });
    return out;
  }
}

function renderProperties(p: Record<string, string>): string {
  return (
    Object.keys(p)
      .sort()
      .map((k) => `${k}=${p[k]}`)
      .join('\n') + '\n'
  );
}
