import type { EdgeSitePlan } from '../core/edge';

/**
 * The hub side of an edge fleet, implemented per cloud (constructs/aws, gcp, azure):
 * where bundles are published for pull delivery and where each site's identity and
 * credential live. The hub never dials a site.
 */
export interface EdgeHubSite {
  /** The site's identity on the hub (username or service account). */
  readonly identity: string;
  /** Name of the secret in the cloud secret store holding the site's hub credential. */
  readonly secretName: string;
  /** Object-store URL of the bundle the site's GitOps agent pulls; undefined for direct delivery. */
  readonly bundleUrl?: string;
}

export interface EdgeHub {
  /** Adds one site: its credential, its secret, and (pull delivery) its published bundle. Construct id = site id. */
  addSite(plan: EdgeSitePlan, bundle: string): EdgeHubSite;
}

/** Object key of a site's bundle in the hub's bucket or container. */
export function bundleKey(plan: EdgeSitePlan): string {
  return `${plan.fleet}/${plan.site}/bundle.yaml`;
}
