import type { Construct } from 'constructs';
import { MskRegionalCluster } from '../constructs/aws/msk-regional-cluster';
import { KafkaNetwork } from '../constructs/aws/network';
import { EventHubsNamespace } from '../constructs/azure/event-hubs-namespace';
import type { Environment } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { IMPLEMENTATIONS } from '../constructs/analysis/replication-implementation';
import { replicationFlows, type ReplicationFlow } from '../constructs/analysis/replication-link';
import { runbookPath } from '../constructs/analysis/replication-runbook';
import { ManagedKafkaCluster } from '../constructs/gcp/managed-kafka-cluster';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { ReplicationLink, type ReplicationTarget } from '../constructs/patterns/replication-link';
import { RenderedFile } from '../constructs/rendered-file';
import { gcpNetwork } from './clusters';
import type { SiteContext } from './context';
import { googleBetaProvider } from './gcp-provider';

/**
 * Flows built elsewhere: a self-managed (stretched) source copied into MSK is built
 * by stacks/mirror-links.ts, which also copies the source's private DNS zone.
 */
function builtByMirrorLinks(f: ReplicationFlow): boolean {
  return f.sourceKind === 'self-managed' && f.targetKind === 'msk';
}

/** Why this version cannot build a flow, or undefined when it can. */
export function unbuildable(f: ReplicationFlow): string | undefined {
  if (builtByMirrorLinks(f)) return undefined;
  switch (f.implementation) {
    case 'msk-replicator':
      return undefined;
    case 'mm2-msk-connect':
      return f.sourceKind === 'msk' && f.targetKind === 'msk'
        ? undefined
        : `MirrorMaker 2 on MSK Connect from a ${f.sourceKind} cluster into ${f.targetKind} is not built by this version`;
    case 'mm2-managed-kafka-connect':
      return f.sourceKind === 'gcp-managed'
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
    const r = env.replication[f.index];
    if (f.implementation === 'mm2-msk-connect' && !builtByMirrorLinks(f) && !r.mirrorMakerPlugin) {
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

function targetOf(scope: Construct, ctx: SiteContext, f: ReplicationFlow): ReplicationTarget | undefined {
  const cluster = scope.node.tryFindChild(f.to);
  if (cluster instanceof MskRegionalCluster) {
    const network = scope.node.tryFindChild('Network');
    if (network instanceof KafkaNetwork) return { kind: 'msk', cluster, network, region: ctx.site.region };
  }
  if (cluster instanceof EventHubsNamespace) return { kind: 'event-hubs', namespace: cluster };
  if (cluster instanceof ManagedKafkaCluster) {
    const project = ctx.env.accounts?.gcp?.projectId ?? projectOf(scope);
    return {
      kind: 'gcp-managed',
      cluster,
      network: gcpNetwork(scope, ctx),
      region: ctx.site.region,
      project,
      betaProvider: googleBetaProvider(scope, ctx),
    };
  }
  return undefined;
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
    if (builtByMirrorLinks(f) || unbuildable(f)) continue;
    const target = targetOf(scope, ctx, f);
    if (!target) continue;
    new ReplicationLink(scope, `replication-${f.id}`, {
      env,
      flow: f,
      target,
      mirrorMakerPlugin: env.replication[f.index].mirrorMakerPlugin,
    });
  }
}
