import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { TerraformProvider } from 'cdktf';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { EDGE_DEFAULTS, edgeReplication, requiredDiskGiB, requiredRetentionSeconds, type EdgeTopicPlan } from '../analysis/edge';
import type { ConnectorPlan } from '../analysis/connectors';
import type { EdgeHubIdentity } from '../kinds/kind';
import { RenderedFile } from '../rendered-file';
import { HUB_CREDENTIALS_SECRET, renderBundle, siteConfigMaps, siteManifests, type EdgeSiteSpec } from './site-manifests';
import { missingRequiredFields, type StrimziManifest } from './strimzi';
import { ConstructError } from '../construct-error';

/** Strimzi kinds that hold data: deleting them deletes records, so Terraform must never plan it. */
const STATEFUL_KINDS: ReadonlySet<string> = new Set(['Kafka', 'KafkaNodePool', 'KafkaTopic']);

/** The hub an edge site pushes to and pulls from. */
export interface EdgeSiteHub {
  /** Bootstrap address the site's MirrorMaker 2 dials (host:port,...). */
  readonly bootstrap: string;
  /** Who the site is on the hub: its SCRAM user, or its service account e-mail on Managed Kafka. */
  readonly identity: string;
  /** How the site authenticates to the hub. @default scram */
  readonly auth?: EdgeHubIdentity;
}

/** A topic of an edge site: local only, pushed up to the hub, or pulled down from it. */
export type EdgeSiteTopic = EdgeTopicPlan;

export interface EdgeSiteProps {
  /** Name of the estate; with `site` it names the bundle (`edge/<estate>/<site>/bundle.yaml`) and the site's cluster. */
  readonly estate: string;
  /** The fleet the site belongs to (labels and MirrorMaker 2 cluster aliases). */
  readonly fleet: string;
  /** Site id, unique in the estate; also the prefix of its topics in the hub (`<site>.<topic>`). */
  readonly site: string;
  readonly hub: EdgeSiteHub;
  readonly topics: readonly EdgeSiteTopic[];
  /** Kafka nodes at the site (each a combined broker and controller); replication follows (1: RF 1, 3: RF 3 min ISR 2). @default 1 */
  readonly nodes?: number;
  /** How long the site must keep working cut off from the hub, seconds: retention must cover it. */
  readonly offlineWindowSeconds: number;
  /** Local retention, seconds. @default the offline window × 1.5, at least an hour */
  readonly retentionSeconds?: number;
  /** Records written at the site, MB/s: sizes the disk the retention needs. @default 0 */
  readonly ingressMBps?: number;
  /** Disk per node, GiB. @default what the retention needs at `ingressMBps` */
  readonly storageGiB?: number;
  /** Kubernetes storage class of the data volumes. @default - the cluster's default class */
  readonly storageClass?: string;
  /**
   * `direct`: Terraform applies every manifest through `kubernetes`; `pull`: the bundle is
   * only rendered, for the site's GitOps agent. @default direct when `kubernetes` is given, else pull
   */
  readonly delivery?: 'direct' | 'pull';
  /** Namespace the Strimzi operator watches at the site. @default kafka */
  readonly namespace?: string;
  /**
   * Kubernetes provider of the site cluster, reachable over the site's link. Given:
   * direct delivery, Terraform applies every manifest. Absent: pull delivery only.
   * @default - pull delivery: the bundle is only rendered
   */
  readonly kubernetes?: TerraformProvider;
  /**
   * Connectors at the site, as planned (analysis/connectors): each becomes a KafkaUser, a
   * KafkaConnect built from its verified plugin, and a KafkaConnector. @default none
   */
  readonly connectors?: readonly ConnectorPlan[];
  /** Registry the Connect images are pushed to and pulled from (host[:port]/path); required with connectors. */
  readonly connectRegistry?: string;
  /** Image of the MirrorMaker 2 workers; required when the hub authenticates service accounts (Google's login handler). */
  readonly mirrorMakerImage?: string;
  /**
   * Workload identity provider the site's certificate is federated through
   * (`projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`);
   * required when the hub authenticates service accounts.
   */
  readonly workloadIdentityProvider?: string;
  /** Hub password to put into the site's `hub-credentials` Secret (direct delivery). @default - the Secret is delivered out of band */
  readonly hubPassword?: string;
}

/**
 * What runs at an edge site, with no cloud import: the Strimzi manifests of the site
 * (KRaft Kafka, node pool, topics, users with ACLs, MirrorMaker 2 up and down) rendered
 * as one YAML bundle under `edge/<env>/<site>/bundle.yaml` in the synth output, and,
 * with direct delivery, applied over the link as `kubernetes_manifest` resources.
 * Publishing the bundle for pull delivery is the hub's job (its object store).
 */
export class EdgeSite extends Construct {
  public readonly manifests: readonly StrimziManifest[];
  /** The bundle (multi-document YAML), as written for review and for the site's GitOps agent. */
  public readonly bundle: string;
  public readonly bundlePath: string;

  constructor(scope: Construct, id: string, props: EdgeSiteProps) {
    super(scope, id);
    const nodes = props.nodes ?? EDGE_DEFAULTS.nodes;
    const { replicationFactor, minInsyncReplicas } = edgeReplication(nodes);
    const offlineWindowSeconds = props.offlineWindowSeconds;
    const requiredRetention = requiredRetentionSeconds(offlineWindowSeconds);
    const retentionSeconds = props.retentionSeconds ?? Math.max(requiredRetention, 3600);
    const requiredStorageGiB = requiredDiskGiB({ ingressMBps: props.ingressMBps ?? 0, retentionSeconds, replicationFactor, nodes });
    const p: EdgeSiteSpec = {
      env: props.estate,
      fleet: props.fleet,
      site: props.site,
      hubAuth: props.hub.auth ?? 'scram',
      hubBootstrap: props.hub.bootstrap,
      hubIdentity: props.hub.identity,
      nodes,
      replicationFactor,
      minInsyncReplicas,
      retentionSeconds,
      storageClass: props.storageClass,
      storageGiB: props.storageGiB ?? requiredStorageGiB,
      topics: props.topics,
      connectors: props.connectors,
      connectRegistry: props.connectRegistry,
      mirrorMakerImage: props.mirrorMakerImage,
      workloadIdentityProvider: props.workloadIdentityProvider,
    };
    const delivery = props.delivery ?? (props.kubernetes ? 'direct' : 'pull');
    const problems: string[] = [];
    if (!Token.isUnresolved(p.retentionSeconds) && p.retentionSeconds < offlineWindowSeconds) {
      problems.push(
        `retention ${p.retentionSeconds}s is shorter than the offline window ${offlineWindowSeconds}s; set retention to at least ${requiredRetention}s.`,
      );
    }
    if (!Token.isUnresolved(p.storageGiB) && p.storageGiB < requiredStorageGiB) {
      problems.push(`storage ${p.storageGiB} GiB per node is below the ${requiredStorageGiB} GiB the retention needs.`);
    }
    if ((props.connectors?.length ?? 0) > 0 && !props.connectRegistry)
      problems.push('connectors need connectRegistry: Strimzi pushes the Connect image it builds there and the site pulls it.');
    for (const c of props.connectors ?? [])
      if (!c.plugin) problems.push(`connector ${c.id} has no plugin: Strimzi builds its image from a declared artifact and its SHA-512.`);
    if (p.hubAuth === 'service-account' && !props.mirrorMakerImage)
      problems.push("a service-account hub needs mirrorMakerImage: an image with Google's OAUTHBEARER login handler on its classpath.");
    if (p.hubAuth === 'service-account' && !props.workloadIdentityProvider)
      problems.push("a service-account hub needs workloadIdentityProvider: the site's credential configuration names it.");
    if (delivery === 'direct' && !props.kubernetes)
      problems.push('direct delivery needs the kubernetes provider of the site; pass kubernetes, or plan the site with delivery pull.');
    this.manifests = siteManifests(p, { namespace: props.namespace });
    for (const m of this.manifests) {
      const missing = missingRequiredFields(m);
      if (missing.length > 0) problems.push(`${m.kind} ${m.metadata.name} lacks required fields ${missing.join(', ')}.`);
    }
    // Environment files: checkEdgeFleets (offline window, retention, disk) reports these first; the rest only code reaches.
    if (problems.length > 0) throw new ConstructError(this, problems);

    // The ConfigMap goes last so the Strimzi documents keep their positions in the bundle.
    const documents = [...this.manifests, ...siteConfigMaps(p, { namespace: props.namespace })];
    this.bundle = renderBundle(p, documents);
    this.bundlePath = `edge/${p.env}/${p.site}/bundle.yaml`;
    new RenderedFile(this, 'Bundle', { path: this.bundlePath, content: this.bundle, documents });

    if (props.kubernetes) {
      const namespace = props.namespace ?? 'kafka';
      if (props.hubPassword !== undefined) {
        new SecretV1(this, 'HubCredentials', {
          provider: props.kubernetes,
          metadata: { name: HUB_CREDENTIALS_SECRET, namespace },
          data: { password: props.hubPassword },
        });
      }
      for (const m of documents) {
        // Ids are kind and name: the Terraform address of each resource is kept forever.
        new Manifest(this, `${m.kind}-${m.metadata.name}`, {
          provider: props.kubernetes,
          // `$${` is Terraform's escape for a literal `${`: config-provider placeholders reach the site unresolved.
          manifest: JSON.parse(JSON.stringify(m).replace(/\$\{/g, '$$${')) as Record<string, unknown>,
          lifecycle: STATEFUL_KINDS.has(m.kind) ? { preventDestroy: true } : undefined,
        });
      }
    }
  }
}
