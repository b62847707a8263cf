import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { Construct } from 'constructs';
import type { Severity } from '../analysis/alarm-thresholds';
import { alarmDescription, alarmName, type AlarmSpec, type Comparison } from '../analysis/alarms';
import type { Alerts, AlertTargets } from '../model/schema';
import { ConstructError } from '../construct-error';

export const GCP_COMPARISON: Readonly<Record<Comparison, string>> = {
  above: 'COMPARISON_GT',
  'at-or-below': 'COMPARISON_LE',
  below: 'COMPARISON_LT',
};
export const GCP_SEVERITY: Readonly<Record<Severity, string>> = { page: 'CRITICAL', ticket: 'WARNING' };

/** Cloud Monitoring refuses absence conditions shorter than 2 minutes. */
export const MIN_ABSENCE_SECONDS = 120;

export interface GcpAlertPoliciesProps {
  readonly env: string;
  readonly site: string;
  /** Where alerts go per severity; `ticket` defaults to the page targets. */
  readonly alerts: Alerts;
  /** Alarms of the plan for this site (gcp only). */
  readonly alarms: readonly AlarmSpec[];
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Notification channels per severity (email, HTTPS webhook) and a Cloud Monitoring
 * alert policy per planned alarm. Silence ("nothing arrives") is an absence condition,
 * everything else a threshold condition, with the runbook as the policy documentation.
 */
export class GcpAlertPolicies extends Construct {
  public readonly channels: Record<Severity, MonitoringNotificationChannel[]>;
  public readonly policies: MonitoringAlertPolicy[] = [];

  constructor(scope: Construct, id: string, props: GcpAlertPoliciesProps) {
    super(scope, id);
    const targets: Record<Severity, AlertTargets> = { page: props.alerts.page, ticket: props.alerts.ticket ?? props.alerts.page };
    const problems: string[] = [];
    const insecure = Object.values(targets)
      .flatMap((t) => t.https ?? [])
      .filter((u) => !u.startsWith('https://'));
    if (insecure.length > 0) problems.push(`webhooks must use https://, got ${insecure.join(', ')}.`);
    const wrong = props.alarms.filter((a) => a.metric.kind !== 'cloud-monitoring');
    if (wrong.length > 0)
      problems.push(
        `alarms ${wrong.map((a) => a.id).join(', ')} are not Cloud Monitoring alarms; render them with their cloud's construct.`,
      );
    if (problems.length > 0) throw new ConstructError(this, problems);

    const channels = (severity: Severity): MonitoringNotificationChannel[] => [
      ...(targets[severity].email ?? []).map(
        (address, i) =>
          new MonitoringNotificationChannel(this, `${severity}-email-${i}`, {
            type: 'email',
            displayName: `${props.env} ${props.site} ${severity}: ${address}`,
            labels: { email_address: address },
          }),
      ),
      ...(targets[severity].https ?? []).map(
        (url, i) =>
          new MonitoringNotificationChannel(this, `${severity}-https-${i}`, {
            type: 'webhook_tokenauth',
            displayName: `${props.env} ${props.site} ${severity}: webhook ${i}`,
            labels: { url },
          }),
      ),
    ];
    this.channels = { page: channels('page'), ticket: channels('ticket') };

    for (const a of props.alarms) {
      if (a.metric.kind !== 'cloud-monitoring') continue;
      const m = a.metric;
      const window = a.periodSeconds * a.evaluationPeriods;
      const aggregations = [{ alignmentPeriod: `${a.periodSeconds}s`, perSeriesAligner: m.aligner, crossSeriesReducer: m.reducer }];
      const silence = a.comparison === 'at-or-below' && a.threshold === 0 && a.missingData === 'breaching';
      this.policies.push(
        new MonitoringAlertPolicy(this, a.id, {
          displayName: alarmName(props.env, a),
          combiner: 'OR',
          severity: GCP_SEVERITY[a.severity],
          notificationChannels: this.channels[a.severity].map((c) => c.id),
          documentation: { content: alarmDescription(a), mimeType: 'text/markdown' },
          conditions: [
            silence
              ? {
                  displayName: a.title,
                  conditionAbsent: { filter: m.filter, duration: `${Math.max(MIN_ABSENCE_SECONDS, window)}s`, aggregations },
                }
              : {
                  displayName: a.title,
                  conditionThreshold: {
                    filter: m.filter,
                    comparison: GCP_COMPARISON[a.comparison],
                    thresholdValue: a.threshold,
                    duration: `${window - a.periodSeconds}s`,
                    aggregations,
                    evaluationMissingData:
                      a.missingData === 'breaching' ? 'EVALUATION_MISSING_DATA_ACTIVE' : 'EVALUATION_MISSING_DATA_INACTIVE',
                  },
                },
          ],
          userLabels: { ...(props.labels ?? {}), severity: a.severity },
        }),
      );
    }
  }
}
