import type { EstatePlan, SitePlan } from '../constructs/analysis/plan';
import type { Environment, Site } from '../constructs/model/schema';
import { standardTags } from '../constructs/model/naming';

/** What every construct in a site stack needs to know about where it is. */
export interface SiteContext {
  readonly env: Environment;
  readonly site: Site;
  /** The decided estate this site is part of: stacks render it, never recompute it. */
  readonly plan: EstatePlan;
}

/** The plan's entry for the context's site (allocations, stacks, alert targets). */
export function sitePlan(ctx: SiteContext): SitePlan {
  return ctx.plan.sites.find((s) => s.id === ctx.site.id)!;
}

/** A site's context in a plan. */
export function siteContext(plan: EstatePlan, siteId: string): SiteContext {
  return { env: plan.env, plan, site: plan.env.sites.find((s) => s.id === siteId)! };
}

export function siteTags(ctx: Pick<SiteContext, 'env' | 'site'>): Record<string, string> {
  return standardTags({
    env: ctx.env.name,
    site: ctx.site.id,
    owner: ctx.env.owner,
    extra: { ...(ctx.env.tags ?? {}), ...(ctx.site.tags ?? {}) },
  });
}
