import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
import { Construct } from 'constructs';
import type { Severity } from '../analysis/alarm-thresholds';
import { alarmDescription, alarmName, type AlarmSpec, type Comparison } from '../analysis/alarms';
import type { Alerts, AlertTargets } from '../model/schema';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';

/** Azure Monitor operators for the plan's neutral comparisons. */
export const AZURE_OPERATOR: Readonly<Record<Comparison, string>> = {
  above: 'GreaterThan',
  'at-or-below': 'LessThanOrEqual',
  below: 'LessThan',
};

/** Azure alert severities: 1 (Error) pages, 3 (Informational) is a ticket. */
export const AZURE_SEVERITY: Readonly<Record<Severity, number>> = { page: 1, ticket: 3 };

/** Window sizes a metric alert accepts, in seconds. */
const WINDOWS: ReadonlyArray<[number, string]> = [
  [60, 'PT1M'],
  [300, 'PT5M'],
  [900, 'PT15M'],
  [1800, 'PT30M'],
  [3600, 'PT1H'],
  [21600, 'PT6H'],
  [43200, 'PT12H'],
  [86400, 'P1D'],
];

/**
 * The window an alert aggregates over: the longest accepted window not longer than the
 * plan's (periods x period), so a silence alarm fires early rather than late.
 */
export function azureWindow(seconds: number): { windowSize: string; frequency: string } {
  const fit = [...WINDOWS].reverse().find(([s]) => s <= seconds) ?? WINDOWS[0];
  // Evaluating every minute is allowed up to 1-hour windows; longer windows are checked every 15 minutes.
  return { windowSize: fit[1], frequency: fit[0] <= 3600 ? 'PT1M' : 'PT15M' };
}

export interface AzureAlertsProps {
  readonly env: string;
  readonly site: string;
  readonly resourceGroupName: string;
  /** Where alerts go per severity; `ticket` defaults to the page targets. */
  readonly alerts: Alerts;
  /** Alarms of the plan for this site (azure only). */
  readonly alarms: readonly AlarmSpec[];
  /** Resource id per planned resource name (the namespace an alarm's metric belongs to). */
  readonly scopes: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An action group per severity (email and HTTPS webhook receivers, common alert
 * schema) and an Azure Monitor metric alert per planned alarm, auto-mitigated so the
 * incident closes when the metric recovers.
 */
export class AzureAlerts extends Construct {
  public readonly actionGroups: Record<Severity, MonitorActionGroup>;
  public readonly alerts: MonitorMetricAlert[] = [];

  constructor(scope: Construct, id: string, props: AzureAlertsProps) {
    super(scope, id);
    const problems: string[] = [];
    const targets: Record<Severity, AlertTargets> = { page: props.alerts.page, ticket: props.alerts.ticket ?? props.alerts.page };
    const insecure = Object.values(targets)
      .flatMap((t) => t.https ?? [])
      .filter((u) => !u.startsWith('https://'));
    if (insecure.length > 0) problems.push(`webhooks must use https://, got ${insecure.join(', ')}.`);
    for (const a of props.alarms) {
      if (a.metric.kind !== 'azure-monitor')
        problems.push(`alarm ${a.id} is not an Azure Monitor alarm; render it with its cloud's construct.`);
      else if (props.scopes[a.metric.resource.name] === undefined)
        problems.push(
          `alarm ${a.id} watches ${a.metric.resource.name}, which is not in this stack; place the resource in site ${a.site} first.`,
        );
    }
    if (problems.length > 0) throw new ConstructError(this, problems);

    const group = (severity: Severity): MonitorActionGroup => {
      const t = targets[severity];
      return new MonitorActionGroup(this, severity === 'page' ? 'Page' : 'Ticket', {
        name: resourceName({ env: props.env, site: props.site, component: `alerts-${severity}` }),
        resourceGroupName: props.resourceGroupName,
        // Short names are what SMS and email subjects show: at most 12 characters.
        shortName: `${props.env}-${severity}`.slice(0, 12),
        emailReceiver: (t.email ?? []).map((address, i) => ({ name: `email-${i}`, emailAddress: address, useCommonAlertSchema: true })),
        webhookReceiver: (t.https ?? []).map((uri, i) => ({ name: `https-${i}`, serviceUri: uri, useCommonAlertSchema: true })),
        tags: props.tags ? { ...props.tags } : undefined,
      });
    };
    this.actionGroups = { page: group('page'), ticket: group('ticket') };

    for (const a of props.alarms) {
      if (a.metric.kind !== 'azure-monitor') continue;
      const m = a.metric;
      const { windowSize, frequency } = azureWindow(a.periodSeconds * a.evaluationPeriods);
      this.alerts.push(
        new MonitorMetricAlert(this, a.id, {
          name: alarmName(props.env, a),
          resourceGroupName: props.resourceGroupName,
          scopes: [props.scopes[m.resource.name]],
          description: alarmDescription(a).slice(0, 2048),
          severity: AZURE_SEVERITY[a.severity],
          windowSize,
          frequency,
          autoMitigate: true,
          criteria: [
            {
              metricNamespace: m.namespace,
              metricName: m.name,
              aggregation: m.aggregation,
              operator: AZURE_OPERATOR[a.comparison],
              threshold: a.threshold,
              dimension: Object.entries(m.dimensions ?? {}).map(([name, value]) => ({
                name,
                operator: 'Include',
                values: typeof value === 'string' ? [value] : [...value],
              })),
            },
          ],
          action: [{ actionGroupId: this.actionGroups[a.severity].id }],
          tags: { ...(props.tags ?? {}), severity: a.severity },
        }),
      );
    }
  }
}
