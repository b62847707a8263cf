import type { Construct } from 'constructs';
import type { ConnectorPlan } from '../constructs/analysis/connectors';
import type { ConnectorRuntime } from '../constructs/kinds/kind';
import type { Environment } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { planConnectors } from '../constructs/analysis/connectors';
import type { SiteContext } from './context';

/** Renders one planned connector into its site stack. */
type ConnectorBuilder = (scope: Construct, ctx: SiteContext, c: ConnectorPlan) => void;

/**
 * How each runtime is built: a Record over the runtimes, so a runtime added to the kinds
 * without a builder does not compile; undefined = planned but not built by this version,
 * and the check below refuses it rather than dropping it.
 */
export const CONNECTOR_BUILDERS: Readonly<Record<ConnectorRuntime, ConnectorBuilder | undefined>> = {
  'msk-connect': undefined,
  'managed-kafka-connect': undefined,
  'event-hubs-capture': undefined,
  'strimzi-connect': undefined,
};

/** Environment check: every declared connector is on a runtime this version builds. */
export function checkConnectorsBuildable(env: Environment): Problem[] {
  if (env.connectors.length === 0) return [];
  return planConnectors(env)
    .filter((c) => CONNECTOR_BUILDERS[c.runtime] === undefined)
    .map((c) => ({
      file: '',
      path: `connectors[${c.index}]`,
      message: `connector "${c.id}" is planned on ${c.runtimeLabel}, which this version does not build yet.`,
      fix: 'remove the connector for now, or run it yourself with the plan\u2019s runbook (review) as its specification.',
      severity: 'error' as const,
    }));
}

/** The connectors the plan put into this site stack, each by its runtime's builder. */
export function placeConnectors(scope: Construct, ctx: SiteContext): void {
  for (const c of ctx.plan.connectors.filter((x) => x.site === ctx.site.id && x.edgeSite === undefined))
    CONNECTOR_BUILDERS[c.runtime]?.(scope, ctx, c);
}
