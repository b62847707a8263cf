import { stackId } from '../../model/naming';
import { REGION_PLACEHOLDER, type Environment, type Site, type SiteBackend } from '../../model/schema';
import { edgeSitePlans } from '../edge';
import { isCloud } from '../links';
import type { StackBackend, StateStore } from './types';

/**
 * Where Terraform state lives. By default (`backend: { type: per-region }`) every stack
 * keeps its state in a store in the region of its home site, so losing a region blocks
 * plan and apply of that region's stacks only, and a stack on Azure or Google Cloud
 * needs neither AWS credentials nor AWS up to plan. A site may name its own store
 * (`sites[].backend`); a single s3/azurerm/gcs store for the whole environment is still
 * accepted, and the review's control-plane table shows what losing its region blocks.
 *
 * Backends, from Terraform's documentation:
 * - s3: `use_lockfile` (S3-native locking, Terraform >= 1.10), `encrypt`, versioning recommended
 *   (https://developer.hashicorp.com/terraform/language/backend/s3);
 * - azurerm: blob lease locking, `use_azuread_auth` (https://developer.hashicorp.com/terraform/language/backend/azurerm);
 * - gcs: native locking, object versioning recommended (https://developer.hashicorp.com/terraform/language/backend/gcs).
 */

/** Terraform version every stack requires: S3-native locking (`use_lockfile`) arrived in Terraform 1.10. */
export const REQUIRED_TERRAFORM = '>= 1.10.0';

/**
 * The site whose failure domain holds a stack's state: the stack's own site; for an edge
 * or on-premises site (no cloud store of its own) the site of the hub it replicates with,
 * else the far end of its first link, else the first cloud site; for a stack over several
 * sites (a stretched cluster's topics, a peering) the site it names first.
 */
export function stateHome(env: Environment, site: string | undefined): Site | undefined {
  const s = env.sites.find((x) => x.id === site);
  if (s && isCloud(s.cloud)) return s;
  const cloudSite = (id: string | undefined) => env.sites.find((x) => x.id === id && isCloud(x.cloud));
  if (s) {
    const hubCluster = edgeSitePlans(env).find((e) => e.site === s.id)?.hubCluster;
    const hub = cloudSite(env.clusters.find((c) => c.id === hubCluster)?.sites[0]);
    if (hub) return hub;
    const far = env.links.find((l) => l.between.includes(s.id))?.between.find((x) => x !== s.id);
    if (cloudSite(far)) return cloudSite(far);
  }
  return env.sites.find((x) => isCloud(x.cloud));
}

const fill = (template: string, region: string) => template.split(REGION_PLACEHOLDER).join(region);

/** The store a site's stacks use, without a stack's key; undefined for local state. */
export function storeOf(env: Environment, site: Site | undefined): StateStore | undefined {
  const own: SiteBackend | undefined = site?.backend;
  const b = own ?? env.backend;
  switch (b?.type) {
    case undefined:
    case 'local':
      return undefined;
    case 's3':
      return { cloud: 'aws', region: b.region, type: 's3', bucket: b.bucket, keyPrefix: b.keyPrefix ?? env.name, kmsKeyId: b.kmsKeyId };
    case 'azurerm':
      // A single declared container: its region is not in the file; a site's own is in the site's region.
      return {
        cloud: 'azure',
        region: own ? site?.region : undefined,
        type: 'azurerm',
        resourceGroupName: b.resourceGroupName,
        storageAccountName: b.storageAccountName,
        containerName: b.containerName,
      };
    case 'gcs':
      return { cloud: 'gcp', region: own ? site?.region : undefined, type: 'gcs', bucket: b.bucket, prefix: b.prefix ?? env.name };
    case 'per-region': {
      if (!site) return undefined;
      const { region } = site;
      if (site.cloud === 'aws' && b.aws)
        return {
          cloud: 'aws',
          region,
          type: 's3',
          bucket: fill(b.aws.bucket, region),
          keyPrefix: b.aws.keyPrefix ?? env.name,
          // State holds every generated secret: without a key named in the file, the bootstrap creates one.
          kmsKeyId: b.aws.kmsKeyId ?? stateKeyAlias(env.name),
          ...(b.aws.kmsKeyId ? {} : { ownKey: true as const }),
          bootstrap: bootstrapStackId(env.name, 'aws', region),
        };
      if (site.cloud === 'azure' && b.azure)
        return {
          cloud: 'azure',
          region,
          type: 'azurerm',
          resourceGroupName: fill(b.azure.resourceGroupName, region),
          storageAccountName: fill(b.azure.storageAccountName, region),
          containerName: b.azure.containerName,
          bootstrap: bootstrapStackId(env.name, 'azure', region),
        };
      if (site.cloud === 'gcp' && b.gcp)
        return {
          cloud: 'gcp',
          region,
          type: 'gcs',
          bucket: fill(b.gcp.bucket, region),
          prefix: b.gcp.prefix ?? env.name,
          bootstrap: bootstrapStackId(env.name, 'gcp', region),
        };
      return undefined;
    }
  }
}

/**
 * Alias of the key a bootstrap stack creates for its region's state when the file names
 * none; the backends name it by alias, which KMS resolves in the caller's account and region.
 */
export function stateKeyAlias(env: string): string {
  return `alias/${env}-tfstate`;
}

/** `<env>-bootstrap-<cloud>-<region>`: the stack that creates one region's state store. */
export function bootstrapStackId(env: string, cloud: string, region: string): string {
  return stackId(env, 'bootstrap', `${cloud}-${region}`);
}

/** A stack's backend: its home's store with the stack's own key (keys are the same in every store). */
export function stackBackend(env: Environment, id: string, home: Site | undefined): StackBackend {
  const store = storeOf(env, home);
  if (!store) return { type: 'local', path: `../../../state/${id}.tfstate` };
  switch (store.type) {
    case 's3': {
      const { keyPrefix, kmsKeyId, ownKey: _ownKey, ...rest } = store;
      return { ...rest, ...(kmsKeyId ? { kmsKeyId } : {}), key: `${keyPrefix}/${id}.tfstate` };
    }
    case 'azurerm':
      return { ...store, key: `${env.name}/${id}.tfstate` };
    case 'gcs':
      return { ...store, prefix: `${store.prefix}/${id}` };
  }
}

/**
 * The stores the bootstrap stacks create: one per cloud and region that a per-region
 * backend puts state in, each with the first site of that region (its provider's home).
 */
export function bootstrapStores(
  env: Environment,
  homes: readonly (Site | undefined)[],
): Array<{ id: string; site: Site; store: StateStore }> {
  const out = new Map<string, { id: string; site: Site; store: StateStore }>();
  for (const home of homes) {
    const store = storeOf(env, home);
    if (!home || !store?.bootstrap || out.has(store.bootstrap)) continue;
    const first = env.sites.find((s) => s.cloud === home.cloud && s.region === home.region && !s.backend) ?? home;
    out.set(store.bootstrap, { id: store.bootstrap, site: first, store });
  }
  return [...out.values()];
}

/** A store in words, for the review and dependency reasons. */
export function describeStore(s: StateStore | StackBackend): string {
  switch (s.type) {
    case 'local':
      return 'local state';
    case 's3':
      return `s3://${s.bucket} (${s.region})`;
    case 'azurerm':
      return `azurerm ${s.storageAccountName}/${s.containerName}${s.region ? ` (${s.region})` : ''}`;
    case 'gcs':
      return `gs://${s.bucket}${s.region ? ` (${s.region})` : ''}`;
  }
}
