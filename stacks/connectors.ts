import type { Construct } from 'constructs';
import { ConnectorEndpoints } from '../constructs/aws/connector-endpoints';
import { MskConnector } from '../constructs/aws/msk-connector';
import { MskRegionalCluster } from '../constructs/aws/msk-regional-cluster';
import { KafkaNetwork } from '../constructs/aws/network';
import { ManagedKafkaCluster } from '../constructs/gcp/managed-kafka-cluster';
import { ManagedKafkaConnector } from '../constructs/gcp/managed-kafka-connector';
import { DataLakeArchive } from '../constructs/azure/data-lake-archive';
import { CAPTURE_ARCHIVE_NAME, EventHubsNamespace } from '../constructs/azure/event-hubs-namespace';
import { azureStorageTarget } from '../constructs/analysis/connectors';
import { azureNetwork, azurePrivateDnsZone, azureResourceGroup } from './azure-site';
import { gcpNetwork } from './clusters';
import { googleBetaProvider } from './gcp-provider';
import { connectorProperties, planConnectors, type ConnectorPlan } from '../constructs/analysis/connectors';
import type { ConnectorRuntime } from '../constructs/kinds/kind';
import type { EstatePlan } from '../constructs/analysis/plan';
import type { Environment } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { RenderedFile } from '../constructs/rendered-file';
import { stackId } from '../constructs/model/naming';
import { siteTags, type SiteContext } from './context';
import { mirrorSecretsEndpointIn } from './mirror-links';

/** Renders one planned connector into its site stack. */
type ConnectorBuilder = (scope: Construct, ctx: SiteContext, c: ConnectorPlan) => void;

/** s3://bucket/key -> bucket ARN and key. */
function s3Object(url: string): { bucketArn: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url)!;
  return { bucketArn: `arn:aws:s3:::${m[1]}`, key: m[2] };
}

/** The MSK cluster and network an MSK Connect connector runs in: the site stack's own, or found by planned names. */
export interface MskConnectTarget {
  readonly clusterArn: string;
  readonly bootstrapServers: string;
  readonly subnetIds: readonly string[];
  /** The brokers' security group: the workers run in it (the brokers admit it, the endpoints admit it). */
  readonly securityGroupId: string;
  readonly logKmsKeyArn: string;
}

/**
 * The endpoints MSK Connect workers of the site reach S3 and Secrets Manager through. The
 * site stack builds them for every MSK Connect connector of the site, whichever stack
 * holds the connector, so sources and sinks share one set.
 */
export function placeConnectorEndpoints(scope: Construct, ctx: SiteContext): void {
  const network = scope.node.tryFindChild('Network');
  if (!(network instanceof KafkaNetwork)) throw new Error(`MSK Connect endpoints: no network in the ${ctx.site.id} site stack`);
  if (!scope.node.tryFindChild('ConnectorEndpoints'))
    new ConnectorEndpoints(scope, 'ConnectorEndpoints', {
      namePrefix: `${ctx.env.name}-${ctx.site.id}`,
      region: ctx.site.region,
      network,
      // MirrorMaker's copies into the site bring one; it admits the connector workers (mirror-links.ts).
      secretsEndpoint: !mirrorSecretsEndpointIn(ctx),
      tags: siteTags(ctx),
    });
}

/** MSK Connect beside an MSK cluster of the site stack, with the endpoints its workers need. */
function buildMskConnector(scope: Construct, ctx: SiteContext, c: ConnectorPlan): void {
  const cluster = scope.node.tryFindChild(c.cluster);
  const network = scope.node.tryFindChild('Network');
  // Validation put the connector beside an MSK cluster of this site; anything else is a product bug.
  if (!(cluster instanceof MskRegionalCluster) || !(network instanceof KafkaNetwork))
    throw new Error(`connector ${c.id}: MSK cluster ${c.cluster} is not in stack ${c.stack}`);
  placeConnectorEndpoints(scope, ctx);
  mskConnector(scope, ctx, c, {
    clusterArn: cluster.clusterArn,
    bootstrapServers: cluster.bootstrapBrokersSaslIam,
    subnetIds: network.subnetIds,
    securityGroupId: network.securityGroup.id,
    logKmsKeyArn: cluster.encryptionKeyArn,
  });
}

/** One MSK Connect connector of the plan in its target cluster and network. */
export function mskConnector(scope: Construct, ctx: SiteContext, c: ConnectorPlan, target: MskConnectTarget): MskConnector {
  const plugin = s3Object(c.plugin!.location);
  const declared = ctx.env.connectors[c.index];
  return new MskConnector(scope, `connector-${c.id}`, {
    name: `${ctx.env.name}-${c.id}`,
    cluster: { arn: target.clusterArn, bootstrapServers: target.bootstrapServers },
    subnetIds: target.subnetIds,
    securityGroupIds: [target.securityGroupId],
    direction: c.direction,
    connectorClass: c.class!,
    topics: c.topics,
    deadLetterTopic: c.deadLetterTopic,
    // `$${` is Terraform's escape for a literal `${`: the placeholder reaches the config provider unresolved.
    config: connectorProperties(c, {
      region: ctx.site.region,
      secret: (key) => `$\${secretsmanager:${c.secret}:${key}}`,
      extra: declared.config,
    }),
    tasks: c.tasks,
    plugin: {
      bucketArn: plugin.bucketArn,
      fileKey: plugin.key,
      sha512: c.plugin!.sha512,
      contentType: plugin.key.endsWith('.jar') ? 'JAR' : 'ZIP',
    },
    s3: c.type === 's3-sink' ? { bucketArn: `arn:aws:s3:::${c.system.host}`, prefix: c.system.path.replace(/^\//, '') } : undefined,
    secretArn: c.secret,
    systemNetwork:
      c.system.cidrs && c.system.port !== undefined
        ? {
            securityGroupId: target.securityGroupId,
            cidrs: c.system.cidrs,
            port: c.system.port,
            what: `${c.system.host} (${c.system.kind})`,
          }
        : undefined,
    logKmsKeyArn: target.logKmsKeyArn,
    logRetentionDays: ctx.env.stage === 'prod' ? 365 : 90,
    tags: { ...siteTags(ctx), connector: c.id },
  });
}

/** Managed Kafka Connect beside a Managed Kafka cluster of the site. */
function buildManagedKafkaConnector(scope: Construct, ctx: SiteContext, c: ConnectorPlan): void {
  const cluster = scope.node.tryFindChild(c.cluster);
  if (!(cluster instanceof ManagedKafkaCluster))
    throw new Error(`connector ${c.id}: Managed Kafka cluster ${c.cluster} is not in stack ${c.stack}`);
  new ManagedKafkaConnector(scope, `connector-${c.id}`, {
    name: `${ctx.env.name}-${c.id}`,
    region: ctx.site.region,
    provider: googleBetaProvider(scope, ctx),
    clusterId: cluster.cluster.id,
    subnetId: gcpNetwork(scope, ctx).subnet.id,
    connectorClass: c.class!,
    direction: c.direction,
    topics: c.topics,
    deadLetterTopic: c.deadLetterTopic,
    config: connectorProperties(c, { extra: ctx.env.connectors[c.index].config }),
    tasks: c.tasks,
    bucket: c.type === 'gcs-sink' ? c.system.host : undefined,
    labels: { connector: c.id },
  });
}

/**
 * Event Hubs Capture for a sink to Azure storage beside an Event Hubs namespace: the
 * Data Lake account and container it writes (private endpoint for readers, trusted-service
 * access for Capture), and capture_description on each named hub. Files land under the
 * URL's folder, one per partition and window.
 */
function buildEventHubsCapture(scope: Construct, ctx: SiteContext, c: ConnectorPlan): void {
  const ns = scope.node.tryFindChild(c.cluster);
  // Validation put the connector beside an Event Hubs namespace of this site and checked its URL.
  if (!(ns instanceof EventHubsNamespace))
    throw new Error(`connector ${c.id}: Event Hubs namespace ${c.cluster} is not in stack ${c.stack}`);
  const target = azureStorageTarget(c.system.url)!;
  const net = azureNetwork(scope, ctx);
  const rg = azureResourceGroup(scope, ctx);
  const archive = new DataLakeArchive(scope, `connector-${c.id}`, {
    accountName: target.account,
    containerName: target.container,
    location: ctx.site.region,
    resourceGroupName: rg.name,
    writerPrincipalId: ns.principalId,
    privateEndpoint: {
      subnetId: net.endpoints.id,
      privateDnsZoneId: azurePrivateDnsZone(scope, ctx, 'BlobZone', 'privatelink.blob.core.windows.net').id,
    },
    tags: { ...siteTags(ctx), connector: c.id },
  });
  for (const t of c.topics)
    ns.capture(t, {
      storageAccountId: archive.account.id,
      containerName: archive.container.name,
      archiveNameFormat: target.folder ? `${target.folder}/${CAPTURE_ARCHIVE_NAME}` : CAPTURE_ARCHIVE_NAME,
    });
}

/**
 * How each runtime is built: a Record over the runtimes, so a runtime added to the kinds
 * without a builder does not compile; 'edge-site' = part of an edge site's bundle;
 * undefined = planned but not built by this version, and the check below refuses it
 * rather than dropping it.
 */
export const CONNECTOR_BUILDERS: Readonly<Record<ConnectorRuntime, ConnectorBuilder | 'edge-site' | undefined>> = {
  'msk-connect': buildMskConnector,
  'managed-kafka-connect': buildManagedKafkaConnector,
  'event-hubs-capture': buildEventHubsCapture,
  // Rendered into the site's bundle by EdgeSite (KafkaUser, KafkaConnect, KafkaConnector).
  'strimzi-connect': 'edge-site',
};

/** Environment check: every declared connector is on a runtime this version builds. */
export function checkConnectorsBuildable(env: Environment): Problem[] {
  if (env.connectors.length === 0) return [];
  return planConnectors(env)
    .filter((c) => CONNECTOR_BUILDERS[c.runtime] === undefined)
    .map((c) => ({
      file: '',
      path: `connectors[${c.index}]`,
      message: `connector "${c.id}" is planned on ${c.runtimeLabel}, which this version does not build yet.`,
      fix: 'remove the connector for now, or run it yourself with the plan\u2019s runbook (review) as its specification.',
      severity: 'error' as const,
    }));
}

/**
 * The connectors the plan put into this site stack, each by its runtime's builder, and
 * their runbooks; the shared MSK Connect endpoints also for connectors the plan put into
 * the site's connectors stack.
 */
export function placeConnectors(scope: Construct, ctx: SiteContext): void {
  const here = stackId(ctx.env.name, ctx.site.id);
  for (const c of ctx.plan.connectors.filter((x) => x.site === ctx.site.id && x.edgeSite === undefined)) {
    const builder = CONNECTOR_BUILDERS[c.runtime];
    if (typeof builder !== 'function') continue;
    if (c.stack !== here) {
      if (c.runtime === 'msk-connect') placeConnectorEndpoints(scope, ctx);
      continue;
    }
    builder(scope, ctx, c);
    placeConnectorRunbook(scope, ctx.plan, c);
  }
}

/** The runbook of one connector, written beside what it runs on (an edge site's: in the stack that renders its bundle). */
export function placeConnectorRunbook(scope: Construct, plan: EstatePlan, c: ConnectorPlan): void {
  const runbook = plan.files.find((f) => f.path === c.runbook)!;
  new RenderedFile(scope, `runbook-connector-${c.id}`, { path: runbook.path, content: runbook.content! });
}
