import { allocationKey, entriesOf, type Allocations } from '../../model/allocations';
import { stackId } from '../../model/naming';
import type { Environment, Site } from '../../model/schema';
import { kraftNodes } from '../kraft';
import { stretchedTopicClusters } from './topic-stacks';
import { stackBackend, stateHome, storeOf } from './state';
import type { S3Store, StateCopy, StateCopyTarget, StateStore } from './types';

/**
 * Copies of a stack's state in other regions, so a stack over several regions (a
 * stretched cluster's topics and ACLs) plans from any surviving region, not only from the
 * region that holds its state. Only S3 per-region stores copy: S3 Replication copies the
 * stack's key from the home store into the store of each other region of the cluster
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html); the stretched
 * kinds run on AWS. A single declared store has no second region to copy to.
 *
 * The switch is Terraform's partial backend configuration: the copy's store is written
 * as a `.tfbackend` file beside the stack, and `terraform init -reconfigure
 * -backend-config=<file>` points the stack at it
 * (https://developer.hashicorp.com/terraform/language/backend#partial-configuration).
 */

const s3 = (store: StateStore | undefined): S3Store | undefined =>
  store?.type === 's3' && store.bootstrap ? { ...store, bootstrap: store.bootstrap } : undefined;

/** The home site of a stretched cluster's topics stack: the site with the lowest node ids. */
export function stretchedTopicsHome(env: Environment, clusterId: string): string | undefined {
  const c = env.clusters.find((x) => x.id === clusterId);
  if (!c) return undefined;
  return kraftNodes(env, c)[0]?.site ?? c.sites[0];
}

/**
 * Where each multi-region stack's state is copied: for every stretched cluster's topics
 * stack with a per-region S3 home store, one copy into the store of each other region of
 * the cluster (its first site there, in node-id order). From the environment alone, so the
 * allocations and the plan agree.
 */
export function stateCopyTargets(env: Environment): Array<StateCopyTarget & { readonly from: Site; readonly to: Site }> {
  const out: Array<StateCopyTarget & { from: Site; to: Site }> = [];
  for (const c of stretchedTopicClusters(env)) {
    const homeId = stretchedTopicsHome(env, c.id);
    const home = stateHome(env, homeId);
    const from = s3(storeOf(env, home));
    if (!home || !from) continue;
    const seen = new Set([from.bootstrap]);
    const order = [...new Set(kraftNodes(env, c).map((n) => n.site))];
    for (const siteId of order) {
      const site = env.sites.find((s) => s.id === siteId);
      const to = s3(storeOf(env, site));
      if (!site || !to || seen.has(to.bootstrap)) continue;
      seen.add(to.bootstrap);
      out.push({ stack: stackId(env.name, c.id, 'topics'), site: site.id, cluster: c.id, from: home, to: site });
    }
  }
  return out;
}

/**
 * Priorities of the copies: the recorded one, else the next after every priority recorded
 * in the environment (also a released copy's are skipped until released), in key order.
 */
export function stateCopyPriorities(env: Environment, allocations: Allocations | undefined = env.allocations): Map<string, number> {
  const recorded = new Map(entriesOf(allocations, 'state-copy') as Array<[string, number]>);
  let next = Math.max(0, ...recorded.values()) + 1;
  const out = new Map<string, number>();
  const keys = stateCopyTargets(env)
    .map((t) => `${t.stack}/${t.site}`)
    .sort();
  for (const k of keys) {
    const value = recorded.get(k) ?? next++;
    out.set(allocationKey.stateCopy(...(k.split('/') as [string, string])), value);
  }
  return out;
}

/** The copies of the plan, with their stores, backends and priorities. */
export function planStateCopies(env: Environment): StateCopy[] {
  const priorities = stateCopyPriorities(env);
  return stateCopyTargets(env).flatMap((t) => {
    const from = s3(storeOf(env, t.from));
    const to = s3(storeOf(env, t.to));
    const home = stackBackend(env, t.stack, t.from);
    if (!from || !to || home.type !== 's3') return [];
    return [
      {
        stack: t.stack,
        site: t.site,
        cluster: t.cluster,
        from,
        to,
        backend: {
          ...home,
          bucket: to.bucket,
          region: to.region,
          bootstrap: to.bootstrap,
          ...(to.kmsKeyId ? { kmsKeyId: to.kmsKeyId } : {}),
        },
        priority: priorities.get(allocationKey.stateCopy(t.stack, t.site)) ?? 0,
        backendFile: `failover/${t.site}.s3.tfbackend`,
      },
    ];
  });
}

/** The `.tfbackend` text of a copy: what `-backend-config` overrides in the stack's s3 backend. */
export function tfbackendText(copy: StateCopy): string {
  const lines: Array<[string, string | boolean]> = [
    ['bucket', copy.backend.bucket],
    ['key', copy.backend.key],
    ['region', copy.backend.region ?? ''],
  ];
  // Without it the home store's key would stay in the merged configuration.
  if (copy.backend.kmsKeyId) lines.push(['kms_key_id', copy.backend.kmsKeyId]);
  return lines.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n') + '\n';
}
