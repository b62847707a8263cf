import { DataAwsMskCluster } from '@cdktf/provider-aws/lib/data-aws-msk-cluster';
import { DataAwsSecurityGroup } from '@cdktf/provider-aws/lib/data-aws-security-group';
import { DataAwsSubnets } from '@cdktf/provider-aws/lib/data-aws-subnets';
import { EventhubNamespaceDisasterRecoveryConfig } from '@cdktf/provider-azurerm/lib/eventhub-namespace-disaster-recovery-config';
import type { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { Construct } from 'constructs';
import { MirrorMakerConnect, MirrorSourceAuth } from '../aws/mirror-maker-connect';
import { MskReplicator } from '../aws/msk-replicator';
import type { MskRegionalCluster } from '../aws/msk-regional-cluster';
import type { KafkaNetwork } from '../aws/network';
import type { EventHubsNamespace } from '../azure/event-hubs-namespace';
import { managedKafkaBootstrap } from '../analysis/managed-kafka';
import type { Environment } from '../model/schema';
import { resourceName } from '../model/naming';
import { IMPLEMENTATIONS } from '../analysis/replication-implementation';
import { flowObjectives, type FlowObjectives, type ReplicationFlow } from '../analysis/replication-link';
import type { ManagedKafkaCluster } from '../gcp/managed-kafka-cluster';
import { ManagedKafkaMirrorMaker } from '../gcp/mirror-maker-connect';
import type { GcpNetwork } from '../gcp/network';

/** The target end, as built in the target site's stack. */
export type ReplicationTarget =
  | { readonly kind: 'msk'; readonly cluster: MskRegionalCluster; readonly network: KafkaNetwork; readonly region: string }
  | {
      readonly kind: 'gcp-managed';
      readonly cluster: ManagedKafkaCluster;
      readonly network: GcpNetwork;
      readonly region: string;
      /** Project both clusters live in (the environment's project). */
      readonly project: string;
      readonly betaProvider: GoogleBetaProvider;
    }
  | { readonly kind: 'event-hubs'; readonly namespace: EventHubsNamespace };

export interface ReplicationLinkProps {
  readonly env: Environment;
  /** One direction of a `replication` entry (analysis/replication-link.ts flowsOf). */
  readonly flow: ReplicationFlow;
  readonly target: ReplicationTarget;
  /** MirrorMaker 2 plugin zip for MSK Connect (s3://bucket/key.zip). Required for mm2-msk-connect. */
  readonly mirrorMakerPlugin?: string;
}

/**
 * One direction of a replication link, built in the target site's stack with the
 * implementation analysis/ picked from the two ends: MSK Replicator between MSK clusters,
 * MirrorMaker 2 on MSK Connect into MSK, MirrorMaker 2 on Managed Kafka Connect into
 * Google Managed Kafka. The source is found by its planned name (a data source in
 * the source's region, or a planned bootstrap address), never by another stack's
 * token. `objectives` is what the link promises; the runbook says how to use it.
 */
export class ReplicationLink extends Construct {
  public readonly objectives: FlowObjectives;
  public readonly flow: ReplicationFlow;
  /** The Geo-DR pairing (Event Hubs), when that is the implementation. */
  public geoDr?: EventhubNamespaceDisasterRecoveryConfig;

  constructor(scope: Construct, id: string, props: ReplicationLinkProps) {
    super(scope, id);
    const { env, flow, target } = props;
    this.flow = flow;
    this.objectives = flowObjectives(flow, env);
    const expected = expectedTargetKind(flow);
    if (expected !== target.kind) {
      throw new Error(
        `ReplicationLink ${this.node.path}: ${IMPLEMENTATIONS[flow.implementation].label} writes into a ${expected} cluster, but the target given is ${target.kind}; pass the cluster "${flow.to}" built in site "${flow.targetSite}".`,
      );
    }
    const sourceSite = env.sites.find((s) => s.id === flow.sourceSite);
    if (!sourceSite)
      throw new Error(`ReplicationLink ${this.node.path}: source site "${flow.sourceSite}" is not in environment "${env.name}".`);
    const sourceName = resourceName({ env: env.name, site: flow.sourceSite, component: flow.from });
    const topics = flow.topics.map((t) => t.source);
    const prefixed = flow.naming === 'prefixed';

    if (target.kind === 'msk') {
      if (flow.sourceKind !== 'msk') {
        throw new Error(
          `ReplicationLink ${this.node.path}: this version copies into MSK from MSK sources only (source "${flow.from}" is ${flow.sourceKind}); self-managed sources are built by the mirror links of stacks/mirror-links.ts.`,
        );
      }
      // The source cluster, subnets and security group are read in the source's region by their planned names.
      const source = new DataAwsMskCluster(this, 'SourceCluster', { clusterName: sourceName, region: sourceSite.region });
      const tags = { 'replication-link': flow.linkId };
      if (flow.implementation === 'msk-replicator') {
        const subnets = new DataAwsSubnets(this, 'SourceSubnets', {
          region: sourceSite.region,
          filter: [{ name: 'tag:Name', values: [resourceName({ env: env.name, site: flow.sourceSite, component: 'private-*' })] }],
        });
        const sg = new DataAwsSecurityGroup(this, 'SourceSecurityGroup', {
          region: sourceSite.region,
          name: resourceName({ env: env.name, site: flow.sourceSite, component: 'brokers' }),
        });
        new MskReplicator(this, 'Replicator', {
          env: env.name,
          site: flow.targetSite,
          linkId: flow.id,
          source: { clusterArn: source.arn, subnetIds: subnets.ids, securityGroupIds: [sg.id] },
          target: {
            clusterArn: target.cluster.clusterArn,
            subnetIds: target.network.subnets.map((s) => s.id),
            securityGroupIds: [target.network.securityGroup.id],
          },
          topics,
          topicNames: prefixed ? 'prefixed' : 'identical',
          startingPosition: flow.startingPosition,
          tags,
        });
      } else {
        if (!props.mirrorMakerPlugin) {
          throw new Error(
            `ReplicationLink ${this.node.path}: MirrorMaker 2 on MSK Connect needs mirrorMakerPlugin (s3://bucket/key.zip with the connect-mirror jars).`,
          );
        }
        const [bucket, ...key] = props.mirrorMakerPlugin.replace(/^s3:\/\//, '').split('/');
        new MirrorMakerConnect(this, 'MirrorMaker', {
          env: env.name,
          site: flow.targetSite,
          linkId: flow.id,
          region: target.region,
          source: { alias: flow.from, bootstrapServers: source.bootstrapBrokersSaslIam, auth: MirrorSourceAuth.iam(source.arn) },
          target: { alias: flow.to, bootstrapServers: target.cluster.bootstrapBrokersSaslIam, clusterArn: target.cluster.clusterArn },
          subnetIds: target.network.subnets.map((s) => s.id),
          securityGroupIds: [target.network.securityGroup.id],
          topics,
          replicationPolicy: prefixed ? 'prefixed' : 'identity',
          plugin: { bucketArn: `arn:aws:s3:::${bucket}`, fileKey: key.join('/') },
          logRetentionDays: env.stage === 'prod' ? 365 : 90,
          tags,
        });
      }
      return;
    }

    if (target.kind === 'event-hubs') {
      if (flow.implementation !== 'event-hubs-geo-dr') {
        throw new Error(
          `ReplicationLink ${this.node.path}: ${IMPLEMENTATIONS[flow.implementation].label} is not built by this version; use a Geo-DR pair between Event Hubs namespaces.`,
        );
      }
      // The pairing is made on the primary, named from the plan (model/naming.ts, as the
      // namespace construct names it); only the secondary's id is a token of this stack.
      this.geoDr = new EventhubNamespaceDisasterRecoveryConfig(this, 'GeoDrAlias', {
        name: geoDrAlias(env.name, flow.linkId),
        namespaceName: resourceName({ env: env.name, site: flow.sourceSite, component: flow.from }, 50),
        resourceGroupName: resourceName({ env: env.name, site: flow.sourceSite, component: 'rg' }, 90),
        partnerNamespaceId: target.namespace.namespace.id,
      });
      return;
    }

    if (flow.sourceKind !== 'gcp-managed') {
      throw new Error(
        `ReplicationLink ${this.node.path}: Managed Kafka Connect reads other Managed Kafka clusters with Google IAM; source "${flow.from}" is ${flow.sourceKind}, whose credentials google-beta cannot mount yet.`,
      );
    }
    new ManagedKafkaMirrorMaker(this, 'MirrorMaker', {
      env: env.name,
      site: flow.targetSite,
      linkId: flow.id,
      region: target.region,
      provider: target.betaProvider,
      source: { alias: flow.from, bootstrapServers: managedKafkaBootstrap(sourceName, sourceSite.region, target.project) },
      target: {
        alias: flow.to,
        clusterId: target.cluster.cluster.id,
        bootstrapServers: managedKafkaBootstrap(target.cluster.clusterName, target.region, target.project),
      },
      subnetId: target.network.subnet.id,
      topics,
      replicationPolicy: prefixed ? 'prefixed' : 'identity',
      startingPosition: flow.startingPosition,
      labels: { 'replication-link': flow.linkId },
    });
  }
}

/** The Geo-DR alias clients use: `<alias>.servicebus.windows.net` follows the active namespace. */
export function geoDrAlias(env: string, link: string): string {
  return resourceName({ env, component: `${link}-alias` }, 50);
}

/** The target kind this pattern builds for an implementation. */
function expectedTargetKind(flow: ReplicationFlow): ReplicationTarget['kind'] | 'event-hubs' {
  switch (flow.implementation) {
    case 'msk-replicator':
    case 'mm2-msk-connect':
      return 'msk';
    case 'mm2-managed-kafka-connect':
      return 'gcp-managed';
    default:
      return 'event-hubs';
  }
}
