import type { Environment } from '../model/schema';
import type { FailureScope } from './outcome';

/**
 * Failure domains nest: a zone inside a site, a site inside a region, a region inside a
 * cloud provider; an edge or on-premises site is a domain of its own. Sites that share a
 * region (or a provider) are not independent: one outage of the region takes all of
 * them. These are the domains wider than one site that an estate's sites form; a
 * domain holding a single site is that site's loss, already assessed.
 */
export interface FailureDomain {
  readonly scope: Extract<FailureScope, 'region' | 'provider'>;
  /** `aws/eu-central-1` for a region, `aws` for a provider. */
  readonly id: string;
  /** Site ids in the domain, in file order. */
  readonly sites: readonly string[];
}

/** How wide each scope is; an objective of one scope must survive every failure of its rank or below. */
export const SCOPE_RANK: Readonly<Record<FailureScope, number>> = { zone: 0, site: 1, region: 2, provider: 3 };

/** Words for a scope, as the review prints them ("must survive the loss of ..."). */
export const SCOPE_WORDS: Readonly<Record<FailureScope, string>> = {
  zone: 'a zone',
  site: 'a site',
  region: 'a region (all its sites)',
  provider: 'a cloud provider (all its sites)',
};

const CLOUDS = new Set(['aws', 'azure', 'gcp']);

/**
 * The multi-site domains of an environment: cloud regions holding two or more sites, and
 * cloud providers holding two or more sites. A provider whose sites are exactly one
 * region's is left out (the region already says it), so each set of sites appears once,
 * with its narrowest scope.
 */
export function failureDomains(env: Pick<Environment, 'sites'>): FailureDomain[] {
  const regions = new Map<string, string[]>();
  const providers = new Map<string, string[]>();
  for (const s of env.sites) {
    if (!CLOUDS.has(s.cloud)) continue;
    const r = `${s.cloud}/${s.region}`;
    regions.set(r, [...(regions.get(r) ?? []), s.id]);
    providers.set(s.cloud, [...(providers.get(s.cloud) ?? []), s.id]);
  }
  const out: FailureDomain[] = [];
  const seen = new Set<string>();
  const add = (scope: FailureDomain['scope'], id: string, sites: string[]) => {
    const key = [...sites].sort().join(' ');
    if (sites.length < 2 || seen.has(key)) return;
    seen.add(key);
    out.push({ scope, id, sites });
  };
  for (const [id, sites] of regions) add('region', id, sites);
  for (const [id, sites] of providers) add('provider', id, sites);
  return out;
}

/** The failure as outcomes word it: `region aws/eu-central-1 lost (sites fra, fra-b)`. */
export function domainFailure(d: FailureDomain): string {
  return `${d.scope} ${d.id} lost (sites ${d.sites.join(', ')})`;
}

/** The domain an outcome's failure names, when it is a multi-site one. */
export function domainOfFailure(env: Pick<Environment, 'sites'>, failure: string): FailureDomain | undefined {
  return failureDomains(env).find((d) => domainFailure(d) === failure);
}
