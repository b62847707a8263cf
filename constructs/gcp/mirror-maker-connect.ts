import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { GoogleManagedKafkaConnectCluster } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connect-cluster';
import { GoogleManagedKafkaConnector } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connector';
import type { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { resourceName } from '../model/naming';
import { MIRROR_CONNECTOR_CLASSES, mirrorConnectorConfigs, type MirrorPolicy } from '../analysis/mirror-maker';
import { ConstructError } from '../construct-error';

/** Identity keeps topic names (active-passive, migration); prefixed copies `<source alias>.<topic>` (active-active). */
export type ManagedMirrorPolicy = MirrorPolicy;

export interface ManagedKafkaMirrorMakerProps {
  /** Prefix of every resource name (`<namePrefix>-<linkId>-...`). @default - none: names start with the link id */
  readonly namePrefix?: string;
  /** Link id, unique in the site; part of every name. */
  readonly linkId: string;
  readonly region: string;
  /** The beta provider: Managed Kafka Connect is only in google-beta. */
  readonly provider: GoogleBetaProvider;
  readonly source: {
    /** Alias in MirrorMaker: the source cluster id (the prefix under the prefixed policy). */
    readonly alias: string;
    /** `bootstrap.<cluster>.<region>.managedkafka.<project>.cloud.goog:9092`, planned from names, never another stack's token. */
    readonly bootstrapServers: string;
  };
  readonly target: {
    readonly alias: string;
    /** Full id of the target Managed Kafka cluster (projects/…/clusters/…); the Connect cluster's primary cluster. */
    readonly clusterId: string;
    readonly bootstrapServers: string;
  };
  /**
   * Subnet the Connect workers get their addresses in, in `region`: the target site's, or
   * one in the source's network when the source's endpoints are in another network only.
   */
  readonly subnetId: string;
  /**
   * Subnets of the same VPC network in other regions whose endpoints the workers dial:
   * additional subnets "may be in another region, but must be in the same VPC network. The
   * Connect workers can communicate with network endpoints in either the primary or
   * additional subnets" (ConnectNetworkConfig,
   * https://cloud.google.com/ruby/docs/reference/google-cloud-managed_kafka-v1/latest/Google-Cloud-ManagedKafka-V1-ConnectNetworkConfig).
   * @default - none
   */
  readonly additionalSubnetIds?: readonly string[];
  /**
   * DNS domains of the subnet's network the workers resolve ("When using MirrorMaker2, it's
   * necessary to add the bootstrap address's dns domain name of the target cluster",
   * ConnectNetworkConfig.dns_domain_names).
   * @default - the source's bootstrap domain
   */
  readonly dnsDomainNames?: readonly string[];
  /** Resources the Connect cluster waits for, such as subnets given by planned name. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  readonly topics: string[];
  /** Consumer groups whose offsets are translated and synced. @default '.*' */
  readonly groupsRegex?: string;
  /** @default 'identity' */
  readonly replicationPolicy?: ManagedMirrorPolicy;
  /** Where the copy starts when it has no committed position. @default 'earliest' */
  readonly startingPosition?: 'earliest' | 'latest';
  /** @default 3 (the service minimum) */
  readonly vcpus?: number;
  readonly labels?: Record<string, string>;
}

export { MIRROR_CONNECTOR_CLASSES };

/** Google IAM over SASL: the Connect cluster's service agent authenticates with its own token. */
function googleIamClient(prefix: string): Record<string, string> {
  return {
    [`${prefix}.security.protocol`]: 'SASL_SSL',
    [`${prefix}.sasl.mechanism`]: 'OAUTHBEARER',
    [`${prefix}.sasl.login.callback.handler.class`]: 'com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler',
    [`${prefix}.sasl.jaas.config`]: 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
  };
}

/**
 * MirrorMaker 2 on Google Managed Kafka Connect: a Connect cluster attached to the
 * target cluster (Google requires the target to be the primary cluster) and the
 * three MirrorMaker connectors (source, checkpoints with sync.group.offsets.enabled,
 * heartbeats). Both ends use Google IAM; the service agent gets the Managed Kafka
 * client role only. The copy is asynchronous: RPO > 0 (analysis/replication-link.ts).
 */
export class ManagedKafkaMirrorMaker extends Construct {
  public readonly connectCluster: GoogleManagedKafkaConnectCluster;
  public readonly connectors: Record<keyof typeof MIRROR_CONNECTOR_CLASSES, GoogleManagedKafkaConnector>;

  constructor(scope: Construct, id: string, props: ManagedKafkaMirrorMakerProps) {
    super(scope, id);
    const vcpus = props.vcpus ?? 3;
    const policy = props.replicationPolicy ?? 'identity';
    const problems: string[] = [];
    if (props.topics.length === 0) problems.push('topics must name at least one topic to copy.');
    if (props.source.alias === props.target.alias)
      problems.push(`source and target aliases must differ, both are "${props.source.alias}".`);
    if (!Token.isUnresolved(props.source.bootstrapServers) && !/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/.test(props.source.bootstrapServers)) {
      problems.push(`source.bootstrapServers "${props.source.bootstrapServers}" is not a host:port list.`);
    }
    if (!Token.isUnresolved(vcpus) && vcpus < 3)
      problems.push(`vcpus must be at least 3 (the Managed Kafka Connect minimum), got ${vcpus}.`);
    if (problems.length > 0) throw new ConstructError(this, problems);

    const name = (component: string) => resourceName({ env: props.namePrefix ?? '', component: `${props.linkId}-${component}` });
    const project = new DataGoogleProject(this, 'Project');
    // The service agent reads the source and writes the target with Google IAM; the client role has no admin rights.
    const client = new ProjectIamMember(this, 'ServiceAgentIsKafkaClient', {
      project: project.projectId,
      role: 'roles/managedkafka.client',
      member: `serviceAccount:service-${project.number}@gcp-sa-managedkafka.iam.gserviceaccount.com`,
    });
    const sourceDomain = props.source.bootstrapServers
      .split(',')[0]
      .replace(/:\d+$/, '')
      .replace(/^bootstrap\./, '');

    this.connectCluster = new GoogleManagedKafkaConnectCluster(this, 'Resource', {
      provider: props.provider,
      connectClusterId: name('mm2'),
      location: props.region,
      kafkaCluster: props.target.clusterId,
      capacityConfig: { vcpuCount: String(vcpus), memoryBytes: String(vcpus * 4 * 1024 ** 3) },
      gcpConfig: {
        accessConfig: {
          // The source's DNS domain lets the workers resolve the source brokers' private addresses.
          networkConfigs: [
            {
              primarySubnet: props.subnetId,
              additionalSubnets: props.additionalSubnetIds ? [...props.additionalSubnetIds] : undefined,
              dnsDomainNames: props.dnsDomainNames ? [...props.dnsDomainNames] : [sourceDomain],
            },
          ],
        },
      },
      labels: props.labels,
      dependsOn: [client, ...(props.dependsOn ?? [])],
    });

    const configs = mirrorConnectorConfigs({
      sourceAlias: props.source.alias,
      targetAlias: props.target.alias,
      sourceBootstrap: props.source.bootstrapServers,
      targetBootstrap: props.target.bootstrapServers,
      clientProperties: { ...googleIamClient('source.cluster'), ...googleIamClient('target.cluster') },
      policy,
      topics: props.topics.join(','),
      groupsRegex: props.groupsRegex,
      // MirrorMaker's own default is earliest; latest skips history that predates the copy.
      startingPosition: props.startingPosition ?? 'earliest',
    });
    const connector = (kind: keyof typeof MIRROR_CONNECTOR_CLASSES) =>
      new GoogleManagedKafkaConnector(this, `${kind[0].toUpperCase()}${kind.slice(1)}Connector`, {
        provider: props.provider,
        connectorId: name(`mm2-${kind}`),
        connectCluster: this.connectCluster.connectClusterId,
        location: props.region,
        configs: configs[kind],
        taskRestartPolicy: { minimumBackoff: '60s', maximumBackoff: '1800s' },
      });
    this.connectors = { source: connector('source'), checkpoint: connector('checkpoint'), heartbeat: connector('heartbeat') };
  }
}
