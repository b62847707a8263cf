import { MSK_CONNECT_ASSUME_ROLE_POLICY } from './msk-connect-role';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { MskconnectConnector } from '@cdktf/provider-aws/lib/mskconnect-connector';
import { MskconnectCustomPlugin } from '@cdktf/provider-aws/lib/mskconnect-custom-plugin';
import { MskconnectWorkerConfiguration } from '@cdktf/provider-aws/lib/mskconnect-worker-configuration';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { resourceName } from '../model/naming';
import { MSK_COPY_ACTIONS, mskChildArns } from './msk-iam';
import { policyDocument, type IamStatement } from './policy-document';
import { MIRROR_CONNECTOR_CLASSES, mirrorConnectorConfigs, type MirrorPolicy } from '../analysis/mirror-maker';
import { ConstructError } from '../construct-error';
import { LogKey } from './log-key';

/**
 * How MirrorMaker 2 authenticates to the source cluster. The target is always MSK
 * with IAM (MSK Connect's own client auth); the source can be any Kafka.
 */
export class MirrorSourceAuth {
  /** MSK source with IAM: the connector's role is granted read on `clusterArn`. */
  public static iam(clusterArn: string): MirrorSourceAuth {
    return new MirrorSourceAuth('iam', clusterArn, undefined);
  }

  /**
   * SASL/SCRAM-SHA-512 over TLS (self-managed or edge Kafka). The secret holds
   * `username` and `password`; it is read at connector start through the Secrets
   * Manager config provider, so no password is ever in the Terraform plan.
   * The plugin zip must carry the msk-config-providers jar.
   * @param secretArn the secret's ARN, which IAM needs (a name makes the whole policy
   *   malformed); `arn:...:secret:<name>-??????` matches the 6 characters Secrets Manager appends.
   * @param secretId what the config provider looks up: the name or full ARN. @default secretArn
   * @see https://github.com/aws-samples/msk-config-providers
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
   */
  public static scram(secretArn: string, secretId: string = secretArn, ca?: MirrorSourceCa): MirrorSourceAuth {
    for (const arn of [secretArn, ...(ca ? [ca.secretArn] : [])])
      if (!Token.isUnresolved(arn) && !/^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(arn))
        throw new Error(
          `MirrorSourceAuth.scram: "${arn}" is not a Secrets Manager secret ARN; IAM rejects a policy whose resource is a name. Give arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-??????.`,
        );
    return new MirrorSourceAuth('scram', undefined, secretArn, secretId, ca);
  }

  private constructor(
    public readonly mechanism: 'iam' | 'scram',
    public readonly clusterArn: string | undefined,
    public readonly secretArn: string | undefined,
    public readonly secretId?: string,
    public readonly ca?: MirrorSourceCa,
  ) {}

  /** `source.cluster.*` client settings. */
  public clientProperties(region: string): Record<string, string> {
    if (this.mechanism === 'iam') {
      return {
        'source.cluster.security.protocol': 'SASL_SSL',
        'source.cluster.sasl.mechanism': 'AWS_MSK_IAM',
        'source.cluster.sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
        'source.cluster.sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
      };
    }
    // `$${` is Terraform's escape for a literal `${`: the placeholder reaches MSK Connect unresolved.
    const secret = (key: string) => `$\${secretsmanager:${this.secretId}:${key}}`;
    return {
      'source.cluster.security.protocol': 'SASL_SSL',
      'source.cluster.sasl.mechanism': 'SCRAM-SHA-512',
      'source.cluster.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${secret('username')}" password="${secret('password')}";`,
      // The workers' JVM trusts public roots only: a source whose certificates a private CA
      // issues is validated against that CA, given in PEM (KIP-651, ssl.truststore.type=PEM).
      ...(this.ca
        ? {
            'source.cluster.ssl.truststore.type': 'PEM',
            'source.cluster.ssl.truststore.certificates': `$\${secretsmanager:${this.ca.secretId}:${this.ca.key}}`,
          }
        : {}),
      // The provider reads the secret in the connector's own region.
      'config.providers.secretsmanager.param.region': region,
    };
  }
}

/**
 * The CA that issued a SASL_SSL source's certificates, as a Secrets Manager secret whose
 * JSON key `key` holds the PEM certificates (read through the config provider).
 */
export interface MirrorSourceCa {
  readonly secretArn: string;
  readonly secretId: string;
  readonly key: string;
}

/** Identity keeps topic names (active-passive DR); prefixed names copies `<source>.<topic>` (active-active, no loops). */
export type MirrorReplicationPolicy = MirrorPolicy;

export interface MirrorMakerConnectProps {
  /** Prefix of every resource name (`<namePrefix>-<linkId>-...`). @default - none: names start with the link id */
  readonly namePrefix?: string;
  /** Name of the link, unique in the site; part of every resource name. */
  readonly linkId: string;
  /** AWS region of the site; the Secrets Manager provider reads there. */
  readonly region: string;
  readonly source: {
    /** Cluster alias in MirrorMaker (prefix under the prefixed policy). */
    readonly alias: string;
    /** host:port,... of the source's TLS listener; planned DNS names, never another stack's token. */
    readonly bootstrapServers: string;
    readonly auth: MirrorSourceAuth;
  };
  readonly target: {
    readonly alias: string;
    /** IAM bootstrap string of the target MSK cluster (port 9098). */
    readonly bootstrapServers: string;
    /** ARN of the target MSK cluster; scopes the connector's role. */
    readonly clusterArn: string;
  };
  /** Subnets and security groups the workers run in (the target's VPC); they must reach both clusters. */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** Topic names to copy. Give this or `topicsRegex`. */
  readonly topics?: string[];
  /** Java regex of topics to copy, for fleets whose topic list grows. */
  readonly topicsRegex?: string;
  /** Consumer groups whose offsets are translated and synced. @default '.*' */
  readonly groupsRegex?: string;
  /** @default 'identity' */
  readonly replicationPolicy?: MirrorReplicationPolicy;
  /** MirrorMaker 2 plugin zip in S3 (connect-mirror jars, plus the config-provider jar for SCRAM sources). */
  readonly plugin: { readonly bucketArn: string; readonly fileKey: string; readonly objectVersion?: string };
  /** @default '3.7.x' */
  readonly kafkaConnectVersion?: string;
  /** Autoscaled workers per connector. @default { minWorkers: 1, maxWorkers: 4, mcuPerWorker: 1 } */
  readonly capacity?: { readonly minWorkers: number; readonly maxWorkers: number; readonly mcuPerWorker?: number };
  /** Worker log retention in CloudWatch, days. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Customer-managed KMS key for the worker logs; its policy must admit CloudWatch Logs of
   * this account and region. @default - a key of the connector's own (KAF-038)
   */
  readonly logKmsKeyArn?: string;
  readonly tags?: Record<string, string>;
}

export { MIRROR_CONNECTOR_CLASSES };

const MSK_CONNECT_VERSIONS = ['2.7.1', '3.7.x'];

/**
 * MirrorMaker 2 on MSK Connect, from any Kafka into an MSK cluster: one custom plugin,
 * one worker configuration and the three MirrorMaker connectors (source,
 * checkpoints with `sync.group.offsets.enabled`, heartbeats), each with its worker
 * logs in CloudWatch and a role that reaches only the two clusters. The copy is
 * asynchronous: whatever reports on it must say RPO > 0 (analysis/replication.ts).
 */
export class MirrorMakerConnect extends Construct {
  public readonly plugin: MskconnectCustomPlugin;
  public readonly workerConfiguration: MskconnectWorkerConfiguration;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly connectors: Record<keyof typeof MIRROR_CONNECTOR_CLASSES, MskconnectConnector>;

  constructor(scope: Construct, id: string, props: MirrorMakerConnectProps) {
    super(scope, id);
    const policy = props.replicationPolicy ?? 'identity';
    const version = props.kafkaConnectVersion ?? '3.7.x';
    const capacity = props.capacity ?? { minWorkers: 1, maxWorkers: 4, mcuPerWorker: 1 };
    const logRetentionDays = props.logRetentionDays ?? 365;
    const problems: string[] = [];
    if ((props.topics === undefined || props.topics.length === 0) === (props.topicsRegex === undefined)) {
      problems.push('give exactly one of topics (a non-empty list) or topicsRegex.');
    }
    if (props.source.alias === props.target.alias)
      problems.push(`source and target aliases must differ, both are "${props.source.alias}".`);
    if (!Token.isUnresolved(props.source.bootstrapServers) && !/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/.test(props.source.bootstrapServers)) {
      problems.push(
        `source.bootstrapServers "${props.source.bootstrapServers}" is not a host:port list; write it like b0.core.internal:9094,b1.core.internal:9094.`,
      );
    }
    if (!MSK_CONNECT_VERSIONS.includes(version))
      problems.push(`kafkaConnectVersion "${version}" is not offered by MSK Connect; use one of ${MSK_CONNECT_VERSIONS.join(', ')}.`);
    if (
      !Token.isUnresolved(capacity.minWorkers) &&
      (capacity.minWorkers < 1 || capacity.maxWorkers < capacity.minWorkers || capacity.maxWorkers > 10)
    ) {
      problems.push(`capacity must have 1 <= minWorkers <= maxWorkers <= 10, got ${capacity.minWorkers}..${capacity.maxWorkers}.`);
    }
    if (props.subnetIds.length === 0 || props.securityGroupIds.length === 0)
      problems.push('subnetIds and securityGroupIds must not be empty: the workers run inside the VPC, never on public endpoints.');
    if (!Token.isUnresolved(logRetentionDays) && logRetentionDays < 1)
      problems.push(`logRetentionDays must be at least 1, got ${logRetentionDays}; logs are always kept for a bounded time.`);
    if (problems.length > 0) throw new ConstructError(this, problems);

    const name = (component: string) => resourceName({ env: props.namePrefix ?? '', component: `${props.linkId}-${component}` });

    this.plugin = new MskconnectCustomPlugin(this, 'Plugin', {
      name: name('mm2-plugin'),
      contentType: 'ZIP',
      description: 'Apache Kafka MirrorMaker 2 connectors',
      location: { s3: { bucketArn: props.plugin.bucketArn, fileKey: props.plugin.fileKey, objectVersion: props.plugin.objectVersion } },
      tags: props.tags,
    });

    const scram = props.source.auth.mechanism === 'scram';
    this.workerConfiguration = new MskconnectWorkerConfiguration(this, 'WorkerConfiguration', {
      name: name('mm2-workers'),
      description: 'MirrorMaker 2 workers: records copied as bytes',
      propertiesFileContent: renderProperties({
        'key.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
        'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
        ...(scram
          ? {
              'config.providers': 'secretsmanager',
              'config.providers.secretsmanager.class': 'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
              'config.providers.secretsmanager.param.region': props.region,
            }
          : {}),
      }),
    });

    this.logGroup = new CloudwatchLogGroup(this, 'Logs', {
      name: `/msk-connect/${name('mm2')}`,
      retentionInDays: logRetentionDays,
      kmsKeyId:
        props.logKmsKeyArn ??
        new LogKey(this, 'LogKey', {
          name: name('mm2-logs'),
          description: `MirrorMaker 2 ${props.source.alias} -> ${props.target.alias}: worker logs`,
          tags: props.tags,
        }).arn,
      tags: props.tags,
    });

    this.role = new IamRole(this, 'Role', {
      name: name('mm2'),
      description: `MirrorMaker 2 ${props.source.alias} -> ${props.target.alias}`,
      assumeRolePolicy: MSK_CONNECT_ASSUME_ROLE_POLICY,
      tags: props.tags,
    });
    new IamRolePolicy(this, 'RolePolicy', {
      role: this.role.name,
      name: 'clusters',
      policy: policyDocument(this, 'RolePolicyDocument', this.statements(props)).json,
    });

    const configs = mirrorConnectorConfigs({
      sourceAlias: props.source.alias,
      targetAlias: props.target.alias,
      sourceBootstrap: props.source.bootstrapServers,
      targetBootstrap: props.target.bootstrapServers,
      clientProperties: {
        ...props.source.auth.clientProperties(props.region),
        'target.cluster.security.protocol': 'SASL_SSL',
        'target.cluster.sasl.mechanism': 'AWS_MSK_IAM',
        'target.cluster.sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
        'target.cluster.sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
      },
      policy,
      topics: props.topicsRegex ?? (props.topics ?? []).join(','),
      groupsRegex: props.groupsRegex,
    });

    const connector = (kind: keyof typeof MIRROR_CONNECTOR_CLASSES) =>
      new MskconnectConnector(this, `${kind[0].toUpperCase()}${kind.slice(1)}Connector`, {
        name: name(`mm2-${kind}`),
        kafkaconnectVersion: version,
        connectorConfiguration: configs[kind],
        capacity: {
          autoscaling: {
            minWorkerCount: capacity.minWorkers,
            maxWorkerCount: capacity.maxWorkers,
            mcuCount: capacity.mcuPerWorker ?? 1,
            scaleInPolicy: { cpuUtilizationPercentage: 20 },
            scaleOutPolicy: { cpuUtilizationPercentage: 80 },
          },
        },
        kafkaCluster: {
          apacheKafkaCluster: {
            bootstrapServers: props.target.bootstrapServers,
            vpc: { subnets: props.subnetIds, securityGroups: props.securityGroupIds },
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
    this.connectors = { source: connector('source'), checkpoint: connector('checkpoint'), heartbeat: connector('heartbeat') };
  }

  /** The role reaches the target cluster's topics and groups, the source's (IAM) or its secret (SCRAM), nothing else. */
  private statements(props: MirrorMakerConnectProps): IamStatement[] {
    const under = mskChildArns;
    const out: IamStatement[] = [
      {
        Sid: 'TargetCluster',
        Effect: 'Allow',
        Action: [...MSK_COPY_ACTIONS.cluster],
        Resource: [props.target.clusterArn],
      },
      {
        Sid: 'TargetTopics',
        Effect: 'Allow',
        Action: [...MSK_COPY_ACTIONS.writeTopics],
        Resource: [under(props.target.clusterArn, 'topic')],
      },
      {
        Sid: 'TargetGroups',
        Effect: 'Allow',
        Action: [...MSK_COPY_ACTIONS.groups],
        Resource: [under(props.target.clusterArn, 'group')],
      },
    ];
    const auth = props.source.auth;
    if (auth.mechanism === 'iam' && auth.clusterArn) {
      out.push(
        { Sid: 'SourceCluster', Effect: 'Allow', Action: [...MSK_COPY_ACTIONS.cluster], Resource: [auth.clusterArn] },
        {
          Sid: 'SourceTopics',
          Effect: 'Allow',
          Action: [...MSK_COPY_ACTIONS.readTopics],
          Resource: [under(auth.clusterArn, 'topic')],
        },
        { Sid: 'SourceGroups', Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup'], Resource: [under(auth.clusterArn, 'group')] },
      );
    }
    if (auth.mechanism === 'scram' && auth.secretArn) {
      out.push({
        Sid: 'SourceSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [auth.secretArn, ...(auth.ca ? [auth.ca.secretArn] : [])],
      });
    }
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
