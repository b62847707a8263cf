import type { Construct } from 'constructs';
import { MskRegionalCluster } from '../constructs/aws/msk-regional-cluster';
import { KafkaNetwork, kafkaNetworkNames } from '../constructs/aws/network';
import { EventHubsNamespace } from '../constructs/azure/event-hubs-namespace';
import type { Environment } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { IMPLEMENTATIONS } from '../constructs/analysis/replication-implementation';
import { replicationFlows, type ReplicationFlow } from '../constructs/analysis/replication-link';
import { runbookPath } from '../constructs/analysis/replication-runbook';
import { ManagedKafkaCluster } from '../constructs/gcp/managed-kafka-cluster';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { geoDrAlias, ReplicationLink, type BuiltReplication, type ReplicationLinkProps } from '../constructs/patterns/replication-link';
import { DataAwsSecurityGroup } from '@cdktf/provider-aws/lib/data-aws-security-group';
import { DataAwsSubnets } from '@cdktf/provider-aws/lib/data-aws-subnets';
import type { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import type { IKafkaCluster } from '../constructs/kafka/cluster';
import {
  CONNECT_PRIMARY_SUBNET_PREFIX,
  managedKafkaBootstrap,
  managedKafkaDomain,
  reachSubnet,
  subnetPath,
} from '../constructs/kinds/gcp-managed/facts';
import { resourceName } from '../constructs/model/naming';
import { kindModel } from '../constructs/kinds/registry';
import { RenderedFile } from '../constructs/rendered-file';
import { gcpNetwork, gcpSubnetIn } from './clusters';
import type { SiteContext } from './context';
import { googleBetaProvider } from './gcp-provider';
import { builtByMirrorLinks } from './mirror-links';

/**
 * Flows built elsewhere: a stretched source copied into MSK is built by
 * stacks/mirror-links.ts, which also copies the source's private DNS zone.
 */
function builtElsewhere(f: ReplicationFlow): boolean {
  return builtByMirrorLinks(f.sourceKind, f.targetKind);
}

/** Why this version cannot build a flow, or undefined when it can; the ends' kinds say which pairs are built. */
export function unbuildable(f: ReplicationFlow): string | undefined {
  if (builtElsewhere(f)) return undefined;
  const source = kindModel(f.sourceKind)?.replicationEnd;
  switch (f.implementation) {
    case 'msk-replicator':
      return undefined;
    case 'mm2-msk-connect':
      return source?.mirrorSource === 'msk-iam' && kindModel(f.targetKind)?.replicationEnd.mskConnectTarget
        ? undefined
        : `MirrorMaker 2 on MSK Connect from a ${f.sourceKind} cluster into ${f.targetKind} is not built by this version`;
    case 'mm2-managed-kafka-connect':
      return source?.mirrorSource === 'managed-kafka-iam'
        ? undefined
        : `Managed Kafka Connect reads only Managed Kafka sources with Google IAM in this version (google-beta cannot mount other credentials); the source is ${f.sourceKind}`;
    case 'event-hubs-geo-dr':
      return undefined;
    case 'mm2-event-hubs':
      return 'MirrorMaker 2 into the Event Hubs Kafka endpoint has no managed Connect service to run on and is not built by this version';
  }
}

/** Environment check: every replication flow can be synthesized, with what it needs. */
export function checkReplicationBuildable(env: Environment): Problem[] {
  const out: Problem[] = [];
  for (const f of replicationFlows(env)) {
    const why = unbuildable(f);
    if (why) {
      out.push({
        file: '',
        path: `replication[${f.index}]`,
        message: `${f.from} -> ${f.to} (${IMPLEMENTATIONS[f.implementation].label}): ${why}.`,
        fix: 'replicate between MSK clusters (MSK Replicator), Managed Kafka clusters (Managed Kafka Connect) or Event Hubs namespaces (Geo-DR), or from a self-managed cluster into MSK.',
      });
    }
    if (
      !why &&
      f.implementation === 'mm2-managed-kafka-connect' &&
      f.sourceSite !== f.targetSite &&
      !reachSubnet(env, f.sourceSite, f.targetSite)
    ) {
      const site = env.sites.findIndex((s) => s.id === f.targetSite);
      out.push({
        file: '',
        path: `sites[${site}].cidr`,
        message: `the copy ${f.from} -> ${f.to} runs on Connect workers in the ${f.sourceSite} network, on a /${CONNECT_PRIMARY_SUBNET_PREFIX} taken from the end of site "${f.targetSite}"'s range ${env.sites[site].cidr}, which is too small to hold it clear of the site's own subnet.`,
        fix: `give site "${f.targetSite}" a /${CONNECT_PRIMARY_SUBNET_PREFIX - 1} or larger range (a /16 leaves room to grow).`,
      });
    }
    const r = env.replication[f.index];
    if (f.implementation === 'mm2-msk-connect' && !builtElsewhere(f) && !r.mirrorMakerPlugin) {
      out.push({
        file: '',
        path: `replication[${f.index}].mirrorMakerPlugin`,
        message: `the copy ${f.from} -> ${f.to} runs MirrorMaker 2 on MSK Connect, which needs its plugin zip.`,
        fix: 'add mirrorMakerPlugin: s3://bucket/connect-mirror.zip.',
      });
    }
  }
  return out;
}

/** The target end of a flow, as built in this site's stack. */
function targetOf(scope: Construct, ctx: SiteContext, f: ReplicationFlow): Target | undefined {
  const cluster = scope.node.tryFindChild(f.to);
  if (cluster instanceof MskRegionalCluster) {
    const network = scope.node.tryFindChild('Network');
    if (network instanceof KafkaNetwork)
      return {
        cluster: {
          service: 'amazon-msk',
          clusterName: cluster.clusterName,
          clusterArn: cluster.clusterArn,
          region: ctx.site.region,
          bootstrapBrokersSaslIam: cluster.bootstrapBrokersSaslIam,
          network: { subnetIds: network.subnetIds, securityGroupIds: network.securityGroupIds },
        },
      };
  }
  if (cluster instanceof EventHubsNamespace)
    return {
      cluster: {
        service: 'azure-event-hubs',
        namespaceName: cluster.namespace.name,
        resourceGroupName: cluster.namespace.resourceGroupName,
        namespaceId: cluster.namespace.id,
      },
    };
  if (cluster instanceof ManagedKafkaCluster) {
    const project = ctx.env.accounts?.gcp?.projectId ?? projectOf(scope);
    // From another site the workers sit in the source's network (kinds/gcp-managed/facts.ts reachSubnet).
    const reach = f.sourceSite === ctx.site.id ? undefined : reachSubnet(ctx.env, f.sourceSite, ctx.site.id);
    const subnet = reach ? gcpSubnetIn(scope, ctx, f.sourceSite) : undefined;
    const sourceName = resourceName({ env: ctx.env.name, site: f.sourceSite, component: f.from });
    return {
      cluster: {
        service: 'google-managed-kafka',
        clusterName: cluster.clusterName,
        clusterId: cluster.cluster.id,
        region: ctx.site.region,
        bootstrapServers: managedKafkaBootstrap(cluster.clusterName, ctx.site.region, project),
      },
      project,
      connectSubnetId: subnet ? subnet.subnetId : gcpNetwork(scope, ctx).subnet.id,
      connectNetwork:
        reach && subnet
          ? {
              additionalSubnetIds: [subnetPath(project, reach.sourceRegion, reach.sourceSubnet)],
              // Both clusters' endpoints are in the workers' network: both domains resolve there.
              dnsDomainNames: [
                managedKafkaDomain(sourceName, reach.sourceRegion, project),
                managedKafkaDomain(cluster.clusterName, ctx.site.region, project),
              ],
              dependsOn: [subnet.subnet],
            }
          : undefined,
      googleBetaProvider: googleBetaProvider(scope, ctx),
    };
  }
  return undefined;
}

interface Target {
  readonly cluster: IKafkaCluster;
  readonly project?: string;
  readonly connectSubnetId?: string;
  readonly connectNetwork?: ReplicationLinkProps['connectNetwork'];
  readonly googleBetaProvider?: GoogleBetaProvider;
}

/**
 * The source end of a flow, found by its planned names in its own region (data sources
 * under the link), never by another stack's token.
 */
function sourceOf(env: Environment, f: ReplicationFlow, target: Target): IKafkaCluster | ((link: Construct) => IKafkaCluster) {
  const sourceSite = env.sites.find((s) => s.id === f.sourceSite)!;
  const named = (component: string, max?: number) => resourceName({ env: env.name, site: f.sourceSite, component }, max);
  switch (target.cluster.service) {
    case 'azure-event-hubs':
      return { service: 'azure-event-hubs', namespaceName: named(f.from, 50), resourceGroupName: named('rg', 90) };
    case 'google-managed-kafka':
      return {
        service: 'google-managed-kafka',
        clusterName: named(f.from),
        clusterId: `projects/${target.project!}/locations/${sourceSite.region}/clusters/${named(f.from)}`,
        region: sourceSite.region,
        bootstrapServers: managedKafkaBootstrap(named(f.from), sourceSite.region, target.project!),
      };
    case 'amazon-msk':
      return (link) => {
        const cluster = MskRegionalCluster.fromClusterName(link, 'SourceCluster', {
          clusterName: named(f.from),
          region: sourceSite.region,
        });
        if (f.implementation !== 'msk-replicator') return cluster;
        const names = kafkaNetworkNames(`${env.name}-${f.sourceSite}`);
        const subnets = new DataAwsSubnets(link, 'SourceSubnets', {
          region: sourceSite.region,
          filter: [{ name: 'tag:Name', values: names.privateSubnets }],
        });
        const sg = new DataAwsSecurityGroup(link, 'SourceSecurityGroup', { region: sourceSite.region, name: names.brokersSecurityGroup });
        return { ...cluster, network: { subnetIds: subnets.ids, securityGroupIds: [sg.id] } };
      };
  }
}

/** The stack's project id when the environment does not name one (a token of this stack only). */
function projectOf(scope: Construct): string {
  const existing = scope.node.tryFindChild('Project');
  return (existing instanceof DataGoogleProject ? existing : new DataGoogleProject(scope, 'Project')).projectId;
}

/**
 * Replication into this site: each flow whose target lives here becomes a
 * ReplicationLink (construct id `replication-<flow id>`, a Terraform address), and each
 * link's runbook is written once, by the stack of its forward target, to
 * runbooks/<env>/<link>.md.
 */
export function placeReplicationLinks(scope: Construct, ctx: SiteContext): void {
  const { env, plan } = ctx;
  for (const f of plan.replication.filter((x) => x.targetSite === ctx.site.id)) {
    if (f.direction === 'forward') {
      const runbook = plan.files.find((x) => x.purpose === 'runbook' && x.path === runbookPath(env, f.linkId))!;
      new RenderedFile(scope, `runbook-${f.linkId}`, { path: runbook.path, content: runbook.content! });
    }
    if (builtElsewhere(f) || unbuildable(f)) continue;
    const target = targetOf(scope, ctx, f);
    if (!target) continue;
    // The YAML adapter: names, aliases and tags from the plan, ends by their planned names.
    new ReplicationLink(scope, `replication-${f.id}`, {
      linkId: f.id,
      namePrefix: `${env.name}-${f.targetSite}`,
      source: sourceOf(env, f, target),
      target: target.cluster,
      topics: f.topics.map((t) => t.source),
      implementation: f.implementation as BuiltReplication,
      topicNames: f.naming === 'prefixed' ? 'prefixed' : 'identical',
      startingPosition: f.startingPosition,
      sourceAlias: f.from,
      targetAlias: f.to,
      mirrorMakerPlugin: env.replication[f.index].mirrorMakerPlugin,
      logRetentionDays: 365,
      connectSubnetId: target.connectSubnetId,
      connectNetwork: target.connectNetwork,
      googleBetaProvider: target.googleBetaProvider,
      aliasName: geoDrAlias(env.name, f.linkId),
      tags: { 'replication-link': f.linkId },
    });
  }
}
