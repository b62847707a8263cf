import { EventhubNamespaceDisasterRecoveryConfig } from '@cdktf/provider-azurerm/lib/eventhub-namespace-disaster-recovery-config';
import type { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { MirrorMakerConnect, MirrorSourceAuth } from '../aws/mirror-maker-connect';
import { MskReplicator } from '../aws/msk-replicator';
import { IMPLEMENTATIONS, type ReplicationImplementation } from '../analysis/replication-implementation';
import type { IEventHubsCluster, IKafkaCluster, IManagedKafkaCluster, IMskCluster, KafkaService } from '../kafka/cluster';
import { resourceName } from '../model/naming';
import { ManagedKafkaMirrorMaker } from '../gcp/mirror-maker-connect';
import { ConstructError } from '../construct-error';

/** The implementations this pattern builds (MirrorMaker 2 into Event Hubs has no managed Connect to run on). */
export type BuiltReplication = Exclude<ReplicationImplementation, 'mm2-event-hubs'>;

/** The service both ends of each implementation run on. */
const ENDS: Record<BuiltReplication, { readonly source: KafkaService; readonly target: KafkaService }> = {
  'msk-replicator': { source: 'amazon-msk', target: 'amazon-msk' },
  'mm2-msk-connect': { source: 'amazon-msk', target: 'amazon-msk' },
  'mm2-managed-kafka-connect': { source: 'google-managed-kafka', target: 'google-managed-kafka' },
  'event-hubs-geo-dr': { source: 'azure-event-hubs', target: 'azure-event-hubs' },
};

/** The implementation picked when none is given: the managed copy of the target's service. */
const DEFAULT_IMPLEMENTATION: Record<KafkaService, BuiltReplication> = {
  'amazon-msk': 'msk-replicator',
  'google-managed-kafka': 'mm2-managed-kafka-connect',
  'azure-event-hubs': 'event-hubs-geo-dr',
};

export interface ReplicationLinkProps {
  /** Link id: part of every resource name and description of the link. */
  readonly linkId: string;
  /**
   * Prefix of every resource name (`<namePrefix>-<linkId>-replicator`, ...).
   * @default - none: names start with the link id
   */
  readonly namePrefix?: string;
  /**
   * The cluster copied from: one built here, one imported (`MskRegionalCluster.fromClusterArn`),
   * or a function that imports it inside this link so the lookup lives under the link.
   */
  readonly source: IKafkaCluster | ((link: Construct) => IKafkaCluster);
  /** The cluster copied into; the copy runs next to it (its region, its network). */
  readonly target: IKafkaCluster;
  /**
   * Topic names to copy, matched exactly. Not used by Event Hubs Geo-DR, which pairs
   * whole namespaces.
   * @default - none; required by every implementation that copies events
   */
  readonly topics?: readonly string[];
  /**
   * How the copy runs.
   * @default - MSK Replicator into MSK, MirrorMaker 2 on Managed Kafka Connect into Google
   * Managed Kafka, a Geo-DR pairing into Event Hubs
   */
  readonly implementation?: BuiltReplication;
  /**
   * `identical` keeps topic names (active-passive, migration); `prefixed` writes
   * `<source alias>.<topic>` so two directions can run at once (active-active).
   * @default 'identical'
   */
  readonly topicNames?: 'identical' | 'prefixed';
  /** Where a new copy starts on each source partition. @default 'earliest' */
  readonly startingPosition?: 'earliest' | 'latest';
  /** Name of the source in MirrorMaker 2 (the prefix of prefixed copies). @default - the source's cluster name */
  readonly sourceAlias?: string;
  /** Name of the target in MirrorMaker 2. @default - the target's cluster name */
  readonly targetAlias?: string;
  /** MirrorMaker 2 plugin zip for MSK Connect, `s3://bucket/key.zip`. @default - none; required by mm2-msk-connect */
  readonly mirrorMakerPlugin?: string;
  /** Worker log retention in CloudWatch, days (MSK Connect). @default 90 */
  readonly logRetentionDays?: number;
  /** Subnet the Managed Kafka Connect workers take addresses from. @default - none; required by mm2-managed-kafka-connect */
  readonly connectSubnetId?: string;
  /**
   * Where the Managed Kafka Connect workers also reach and what they resolve, when the
   * source's endpoints are in another network than the target site's (ManagedKafkaMirrorMaker).
   * @default - the primary subnet only, resolving the source's bootstrap domain
   */
  readonly connectNetwork?: {
    readonly additionalSubnetIds?: readonly string[];
    readonly dnsDomainNames?: readonly string[];
    readonly dependsOn?: readonly ITerraformDependable[];
  };
  /** The google-beta provider (Managed Kafka Connect is only in google-beta). @default - none; required by mm2-managed-kafka-connect */
  readonly googleBetaProvider?: GoogleBetaProvider;
  /** Name of the Geo-DR alias clients use. @default `<namePrefix>-<linkId>-alias` */
  readonly aliasName?: string;
  /**
   * Tags (AWS) or labels (Google Cloud) on every resource of the link, after
   * `replication-link: <linkId>`.
   * @default - `replication-link: <linkId>` only; the provider's default tags apply
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One direction of a replication link between two clusters, built next to the target:
 * MSK Replicator between MSK clusters, MirrorMaker 2 on MSK Connect into MSK,
 * MirrorMaker 2 on Managed Kafka Connect into Google Managed Kafka, or an Event Hubs
 * Geo-DR pairing. The copy is asynchronous: whatever reports on it says RPO > 0
 * (analysis/replication-link.ts flowObjectives).
 */
export class ReplicationLink extends Construct {
  public readonly linkId: string;
  public readonly implementation: BuiltReplication;
  public readonly source: IKafkaCluster;
  public readonly target: IKafkaCluster;
  public readonly replicator?: MskReplicator;
  public readonly mirrorMaker?: MirrorMakerConnect | ManagedKafkaMirrorMaker;
  /** The Geo-DR pairing (Event Hubs), when that is the implementation. */
  public readonly geoDr?: EventhubNamespaceDisasterRecoveryConfig;

  constructor(scope: Construct, id: string, props: ReplicationLinkProps) {
    super(scope, id);
    const { target } = props;
    const implementation = props.implementation ?? DEFAULT_IMPLEMENTATION[target.service];
    this.linkId = props.linkId;
    this.implementation = implementation;
    this.target = target;
    const label = IMPLEMENTATIONS[implementation].label;
    const expected = ENDS[implementation];
    if (expected.target !== target.service)
      throw new ConstructError(
        this,
        `${label} writes into a ${expected.target} cluster, but the target given is ${target.service}; pass a ${expected.target} target or pick another implementation.`,
      );
    const source = typeof props.source === 'function' ? props.source(this) : props.source;
    this.source = source;
    if (expected.source !== source.service)
      throw new ConstructError(
        this,
        `${label} reads from a ${expected.source} cluster, but the source given is ${source.service}; pass a ${expected.source} source or pick another implementation.`,
      );
    const topics = [...(props.topics ?? [])];
    if (implementation !== 'event-hubs-geo-dr' && !Token.isUnresolved(topics) && topics.length === 0)
      throw new ConstructError(this, `topics is empty; name at least one topic to copy.`);
    const prefixed = props.topicNames === 'prefixed';
    const startingPosition = props.startingPosition ?? 'earliest';
    const tags = { 'replication-link': props.linkId, ...(props.tags ?? {}) };
    const naming = { namePrefix: props.namePrefix, linkId: props.linkId };

    if (implementation === 'msk-replicator') {
      const [s, t] = [source as IMskCluster, target as IMskCluster];
      const missing = [s.network ? undefined : 'source', t.network ? undefined : 'target'].filter(Boolean);
      if (missing.length > 0)
        throw new ConstructError(
          this,
          `MSK Replicator places interfaces in both clusters' subnets, but the ${missing.join(' and ')} has no network; import it with network: { subnetIds, securityGroupIds }.`,
        );
      this.replicator = new MskReplicator(this, 'Replicator', {
        ...naming,
        source: { clusterArn: s.clusterArn, subnetIds: [...s.network!.subnetIds], securityGroupIds: [...s.network!.securityGroupIds] },
        target: { clusterArn: t.clusterArn, subnetIds: [...t.network!.subnetIds], securityGroupIds: [...t.network!.securityGroupIds] },
        topics,
        topicNames: prefixed ? 'prefixed' : 'identical',
        startingPosition,
        tags,
      });
      return;
    }

    if (implementation === 'mm2-msk-connect') {
      const [s, t] = [source as IMskCluster, target as IMskCluster];
      const problems: string[] = [];
      if (!props.mirrorMakerPlugin)
        problems.push('MirrorMaker 2 on MSK Connect needs mirrorMakerPlugin (s3://bucket/key.zip with the connect-mirror jars).');
      else if (!Token.isUnresolved(props.mirrorMakerPlugin) && !/^s3:\/\/[^/]+\/.+/.test(props.mirrorMakerPlugin))
        problems.push(`mirrorMakerPlugin "${props.mirrorMakerPlugin}" is not an S3 object; write it as s3://bucket/key.zip.`);
      if (!s.bootstrapBrokersSaslIam)
        problems.push('the source has no bootstrapBrokersSaslIam; import it by name or pass the bootstrap string.');
      if (!t.bootstrapBrokersSaslIam)
        problems.push('the target has no bootstrapBrokersSaslIam; import it by name or pass the bootstrap string.');
      if (!t.network) problems.push('the target has no network; the workers run in its subnets, so import it with network.');
      if (!t.region) problems.push('the target has no region; the workers read secrets in it, so import it with region.');
      if (problems.length > 0) throw new ConstructError(this, problems);
      const [bucket, ...key] = props.mirrorMakerPlugin!.replace(/^s3:\/\//, '').split('/');
      this.mirrorMaker = new MirrorMakerConnect(this, 'MirrorMaker', {
        ...naming,
        region: t.region!,
        source: {
          alias: props.sourceAlias ?? s.clusterName,
          bootstrapServers: s.bootstrapBrokersSaslIam!,
          auth: MirrorSourceAuth.iam(s.clusterArn),
        },
        target: { alias: props.targetAlias ?? t.clusterName, bootstrapServers: t.bootstrapBrokersSaslIam!, clusterArn: t.clusterArn },
        subnetIds: [...t.network!.subnetIds],
        securityGroupIds: [...t.network!.securityGroupIds],
        topics,
        replicationPolicy: prefixed ? 'prefixed' : 'identity',
        plugin: { bucketArn: `arn:aws:s3:::${bucket}`, fileKey: key.join('/') },
        logRetentionDays: props.logRetentionDays,
        tags,
      });
      return;
    }

    if (implementation === 'event-hubs-geo-dr') {
      const [s, t] = [source as IEventHubsCluster, target as IEventHubsCluster];
      if (!t.namespaceId)
        throw new ConstructError(
          this,
          `the Geo-DR pairing needs the secondary's namespaceId; pass the target namespace built in this stack.`,
        );
      // The pairing is made on the primary, by name; only the secondary's id is a token.
      this.geoDr = new EventhubNamespaceDisasterRecoveryConfig(this, 'GeoDrAlias', {
        name: props.aliasName ?? resourceName({ env: props.namePrefix ?? '', component: `${props.linkId}-alias` }, 50),
        namespaceName: s.namespaceName,
        resourceGroupName: s.resourceGroupName,
        partnerNamespaceId: t.namespaceId,
      });
      return;
    }

    const [s, t] = [source as IManagedKafkaCluster, target as IManagedKafkaCluster];
    const missing = [
      props.connectSubnetId ? undefined : 'connectSubnetId',
      props.googleBetaProvider ? undefined : 'googleBetaProvider',
    ].filter(Boolean);
    if (missing.length > 0)
      throw new ConstructError(
        this,
        `MirrorMaker 2 on Managed Kafka Connect needs ${missing.join(' and ')}; pass the target site's subnet and google-beta provider.`,
      );
    this.mirrorMaker = new ManagedKafkaMirrorMaker(this, 'MirrorMaker', {
      ...naming,
      region: t.region,
      provider: props.googleBetaProvider!,
      source: { alias: props.sourceAlias ?? s.clusterName, bootstrapServers: s.bootstrapServers },
      target: { alias: props.targetAlias ?? t.clusterName, clusterId: t.clusterId, bootstrapServers: t.bootstrapServers },
      subnetId: props.connectSubnetId!,
      ...props.connectNetwork,
      topics,
      replicationPolicy: prefixed ? 'prefixed' : 'identity',
      startingPosition,
      labels: tags,
    });
  }
}

/** The Geo-DR alias clients use: `<alias>.servicebus.windows.net` follows the active namespace. */
export function geoDrAlias(env: string, link: string): string {
  return resourceName({ env, component: `${link}-alias` }, 50);
}
