import { createHash } from 'crypto';
import type { EdgeSitePlan } from '../analysis/edge';

/**
 * A site bundle as the hub publishes it: the file main.ts writes under cdktf.out, and
 * its digests. Objects upload from that file instead of carrying the YAML inline, so a
 * 1,000-site fleet stack does not hold (and resolve, and write) megabytes of manifests
 * twice; the digest still makes a changed bundle a changed object in the plan.
 */
export interface PublishedBundle {
  /** Path relative to the synth output folder, e.g. `edge/retail/ship-1/bundle.yaml`. */
  readonly path: string;
  /** Path as Terraform sees it from the stack's working directory (cdktf.out/stacks/<stack>). */
  readonly source: string;
  readonly md5Hex: string;
  readonly md5Base64: string;
}

export function publishedBundle(path: string, content: string): PublishedBundle {
  const md5 = createHash('md5').update(content).digest();
  return { path, source: `../../${path}`, md5Hex: md5.toString('hex'), md5Base64: md5.toString('base64') };
}

/**
 * The hub side of an edge fleet, implemented per cloud (constructs/aws, gcp, azure):
 * where bundles are published for pull delivery and where each site's identity and
 * credential live. The hub never dials a site.
 */
export interface EdgeHubSite {
  /** The site's identity on the hub (username or service account). */
  readonly identity: string;
  /** Name of the secret in the cloud secret store holding the site's hub credential; undefined when the site holds none from the hub (federated). */
  readonly secretName?: string;
  /** Object-store URL of the bundle the site's GitOps agent pulls; undefined for direct delivery. */
  readonly bundleUrl?: string;
}

export interface EdgeHub {
  /** Adds one site: its credential, its secret, and (pull delivery) its published bundle. Construct id = site id. */
  addSite(plan: EdgeSitePlan, bundle?: PublishedBundle): EdgeHubSite;
}

/** Object key of a site's bundle in the hub's bucket or container. */
export function bundleKey(plan: EdgeSitePlan): string {
  return `${plan.fleet}/${plan.site}/bundle.yaml`;
}
