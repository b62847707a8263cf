import type { Environment, Site } from '../constructs/model/schema';
import { standardTags } from '../constructs/model/naming';

/** What every construct in a site stack needs to know about where it is. */
export interface SiteContext {
  readonly env: Environment;
  readonly site: Site;
}

export function siteTags(ctx: SiteContext): Record<string, string> {
  return standardTags({
    env: ctx.env.name,
    site: ctx.site.id,
    owner: ctx.env.owner,
    extra: { ...(ctx.env.tags ?? {}), ...(ctx.site.tags ?? {}) },
  });
}
