import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import type { Construct } from 'constructs';
import { gcpLabelPart } from '../constructs/model/limits';
import { siteTags, type SiteContext } from './context';

/** Google labels: lowercase keys and values of letters, digits, dashes and underscores (checkTags refuses what would not survive this). */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [gcpLabelPart(k), gcpLabelPart(v)]));
}

function providerSettings(ctx: SiteContext) {
  return { project: ctx.env.accounts?.gcp?.projectId, region: ctx.site.region };
}

// cdktf snake-cases the keys of provider maps (data-class would become data_class), so the labels go in as an override.
function withLabels<P extends GoogleProvider | GoogleBetaProvider>(p: P, ctx: SiteContext): P {
  p.addOverride('default_labels', gcpLabels(siteTags(ctx)));
  return p;
}

/** The site's Google provider, created once per stack: its region, the environment's project, the standard tags as labels. */
export function googleProvider(scope: Construct, ctx: SiteContext): GoogleProvider {
  const existing = scope.node.tryFindChild('google');
  return existing instanceof GoogleProvider ? existing : withLabels(new GoogleProvider(scope, 'google', providerSettings(ctx)), ctx);
}

/** The beta provider, only in stacks that hold beta resources (Managed Kafka Connect). */
export function googleBetaProvider(scope: Construct, ctx: SiteContext): GoogleBetaProvider {
  const existing = scope.node.tryFindChild('google-beta');
  return existing instanceof GoogleBetaProvider
    ? existing
    : withLabels(new GoogleBetaProvider(scope, 'google-beta', providerSettings(ctx)), ctx);
}
