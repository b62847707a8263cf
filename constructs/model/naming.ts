/**
 * The one place names and tags are made. Every resource name and tag set in the
 * product comes from here, so a platform team can find any resource by its estate,
 * environment, site and component.
 */
export interface NameParts {
  readonly env: string;
  readonly site?: string;
  readonly component: string;
}

/** Lowercase, dash separated, cloud safe. Names longer than `max` keep a stable hash suffix. */
export function resourceName(parts: NameParts, max = 63): string {
  const raw = [parts.env, parts.site, parts.component]
    .filter((s): s is string => !!s)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (raw.length <= max) return raw;
  const hash = shortHash(raw);
  return `${raw.slice(0, max - hash.length - 1).replace(/-$/, '')}-${hash}`;
}

/** The bucket a bootstrap stack creates beside a state bucket for its access logs. */
export function stateAccessLogBucket(stateBucket: string): string {
  return `${stateBucket}-access-logs`;
}

/** Names for services that allow no dashes (storage accounts, some buckets). */
export function compactName(parts: NameParts, max = 24): string {
  return resourceName(parts, 200).replace(/-/g, '').slice(0, max);
}

/** What stack names are made of. */
export interface StackNameParts {
  readonly name: string;
  readonly sites: ReadonlyArray<{ readonly id: string }>;
  readonly edgeFleets: ReadonlyArray<{ readonly id: string }>;
  readonly clusters: ReadonlyArray<{ readonly id: string; readonly sites: readonly string[] }>;
}

/**
 * Every stack name an environment may produce (site, topics, links, fleet, ACL, a
 * stretched cluster's topics and peering stacks), with the path of the id each comes from. A superset: a name is
 * listed even when its stack turns out empty, so ids that could clash later are
 * refused now. Stack names are also state keys, so a clash would share state.
 */
export function stackNames(env: StackNameParts): Array<{ name: string; path: string; what: string }> {
  const out: Array<{ name: string; path: string; what: string }> = [];
  env.sites.forEach((s, i) => {
    out.push({ name: `${env.name}-${s.id}`, path: `sites[${i}].id`, what: `the stack of site ${s.id}` });
    out.push({ name: `${env.name}-${s.id}-topics`, path: `sites[${i}].id`, what: `the topics stack of site ${s.id}` });
    out.push({ name: `${env.name}-${s.id}-links`, path: `sites[${i}].id`, what: `the links stack of site ${s.id}` });
  });
  env.edgeFleets.forEach((f, i) => {
    out.push({ name: `${env.name}-${f.id}`, path: `edgeFleets[${i}].id`, what: `the stack of fleet ${f.id}` });
    out.push({ name: `${env.name}-${f.id}-acls`, path: `edgeFleets[${i}].id`, what: `the ACL stack of fleet ${f.id}` });
  });
  const pairs = new Set<string>();
  env.clusters.forEach((c, i) => {
    // Only a cluster over several sites (one the product runs nodes for) has its own topics stack and is peered.
    if (c.sites.length < 2) return;
    out.push({ name: `${env.name}-${c.id}-topics`, path: `clusters[${i}].id`, what: `the topics stack of cluster ${c.id}` });
    for (const a of c.sites)
      for (const b of c.sites) {
        if (a >= b || pairs.has(`${a} ${b}`)) continue;
        pairs.add(`${a} ${b}`);
        out.push({ name: `${env.name}-${a}-${b}-peering`, path: `clusters[${i}].sites`, what: `the peering stack of ${a} and ${b}` });
      }
  });
  return out;
}

/** Hub name of a site topic: the MirrorMaker 2 default replication policy prefixes the source alias. */
export function hubTopicName(site: string, topic: string): string {
  return `${site}.${topic}`;
}

/** The stack id of a site: `<env>-<site>` (DESIGN.md decision 1). */
export function stackId(env: string, site: string, suffix?: string): string {
  return suffix ? `${env}-${site}-${suffix}` : `${env}-${site}`;
}

export type DataClass = 'public' | 'internal' | 'confidential' | 'restricted';

export interface TagParts {
  readonly env: string;
  readonly site?: string;
  readonly owner: string;
  readonly dataClass?: DataClass;
  readonly component?: string;
  readonly extra?: Readonly<Record<string, string>>;
}

/** Tags every resource carries: environment, site, owner, data class (DESIGN.md security defaults). */
export function standardTags(t: TagParts): Record<string, string> {
  return {
    ...(t.extra ?? {}),
    environment: t.env,
    ...(t.site ? { site: t.site } : {}),
    owner: t.owner,
    'data-class': t.dataClass ?? 'internal',
    'managed-by': 'kafka-estate',
    ...(t.component ? { component: t.component } : {}),
  };
}

export const REQUIRED_TAG_KEYS = ['environment', 'owner', 'data-class'] as const;

/** FNV-1a, 32 bit, base36: short, stable, dependency free. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).slice(0, 6);
}

/**
 * Orders things by id (code-point order, independent of locale): what is drawn or listed
 * per site or cluster follows identity, so reordering a list in the file changes nothing.
 */
export function byId<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
