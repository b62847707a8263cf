import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { TerraformProvider } from 'cdktf';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { EdgeSitePlan } from '../analysis/edge';
import { RenderedFile } from '../rendered-file';
import { HUB_CREDENTIALS_SECRET, renderBundle, siteManifests } from './site-manifests';
import { missingRequiredFields, type StrimziManifest } from './strimzi';
import { ConstructError } from '../construct-error';

/** Strimzi kinds that hold data: deleting them deletes records, so Terraform must never plan it. */
const STATEFUL_KINDS: ReadonlySet<string> = new Set(['Kafka', 'KafkaNodePool', 'KafkaTopic']);

export interface EdgeSiteProps {
  /** The site, planned by analysis/edge (defaults applied, offline rules checked). */
  readonly plan: EdgeSitePlan;
  /** Namespace the Strimzi operator watches at the site. @default kafka */
  readonly namespace?: string;
  /**
   * Kubernetes provider of the site cluster, reachable over the site's link. Given:
   * direct delivery, Terraform applies every manifest. Absent: pull delivery only.
   * @default - pull delivery: the bundle is only rendered
   */
  readonly kubernetes?: TerraformProvider;
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
    const p = props.plan;
    const problems: string[] = [];
    if (!Token.isUnresolved(p.retentionSeconds) && p.retentionSeconds < p.offlineWindowSeconds) {
      problems.push(
        `retention ${p.retentionSeconds}s is shorter than the offline window ${p.offlineWindowSeconds}s; set retention to at least ${p.requiredRetentionSeconds}s.`,
      );
    }
    if (!Token.isUnresolved(p.storageGiB) && p.storageGiB < p.requiredStorageGiB) {
      problems.push(`storage ${p.storageGiB} GiB per node is below the ${p.requiredStorageGiB} GiB the retention needs.`);
    }
    if (p.delivery === 'direct' && !props.kubernetes)
      problems.push('direct delivery needs the kubernetes provider of the site; pass kubernetes, or plan the site with delivery pull.');
    this.manifests = siteManifests(p, { namespace: props.namespace });
    for (const m of this.manifests) {
      const missing = missingRequiredFields(m);
      if (missing.length > 0) problems.push(`${m.kind} ${m.metadata.name} lacks required fields ${missing.join(', ')}.`);
    }
    // Environment files: checkEdgeFleets (offline window, retention, disk) reports these first; the rest only code reaches.
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.bundle = renderBundle(p, this.manifests);
    this.bundlePath = `edge/${p.env}/${p.site}/bundle.yaml`;
    new RenderedFile(this, 'Bundle', { path: this.bundlePath, content: this.bundle, documents: this.manifests });

    if (props.kubernetes) {
      const namespace = props.namespace ?? 'kafka';
      if (props.hubPassword !== undefined) {
        new SecretV1(this, 'HubCredentials', {
          provider: props.kubernetes,
          metadata: { name: HUB_CREDENTIALS_SECRET, namespace },
          data: { password: props.hubPassword },
        });
      }
      for (const m of this.manifests) {
        // Ids are kind and name: the Terraform address of each resource is kept forever.
        new Manifest(this, `${m.kind}-${m.metadata.name}`, {
          provider: props.kubernetes,
          manifest: JSON.parse(JSON.stringify(m)) as Record<string, unknown>,
          lifecycle: STATEFUL_KINDS.has(m.kind) ? { preventDestroy: true } : undefined,
        });
      }
    }
  }
}
