import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { Severity } from '../analysis/alarm-thresholds';
import {
  alarmDescription,
  alarmName,
  AUTH_FAILURE_LOG_PATTERN,
  AUTH_FAILURE_NAMESPACE,
  type AlarmSpec,
  type Comparison,
} from '../analysis/alarms';
import { ConstructError } from '../construct-error';

/** CloudWatch comparison operators for the plan's neutral comparisons. */
export const CLOUDWATCH_COMPARISON: Readonly<Record<Comparison, string>> = {
  above: 'GreaterThanThreshold',
  'at-or-below': 'LessThanOrEqualToThreshold',
  below: 'LessThanThreshold',
};

const MISSING: Readonly<Record<AlarmSpec['missingData'], string>> = {
  breaching: 'breaching',
  'not-breaching': 'notBreaching',
  missing: 'missing',
};

/** A broker log group whose failed authentications become a metric. */
export interface AuthLogSource {
  /** The cluster name, which is also the metric name the auth-failure alarm reads. */
  readonly clusterName: string;
  readonly logGroupName: string;
  /** The log group resource, so the filter is created after it. */
  readonly logGroup?: ITerraformDependable;
}

export interface CloudWatchAlarmsProps {
  readonly env: string;
  /** Alarms of the plan for this site (aws only); thresholds come from analysis/alarms.ts. */
  readonly alarms: readonly AlarmSpec[];
  /** SNS topic ARN per severity. */
  readonly topicArns: Readonly<Record<Severity, string>>;
  /** Broker log groups to count failed authentications in. @default none */
  readonly authLogs?: readonly AuthLogSource[];
}

/**
 * Renders planned alarms as CloudWatch metric alarms, each notifying the topic of its
 * severity on ALARM and on OK (so the incident closes itself), with the runbook in
 * its description. Metric math alarms carry the expression as the only returned query.
 */
export class CloudWatchAlarms extends Construct {
  public readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: CloudWatchAlarmsProps) {
    super(scope, id);
    const wrong = props.alarms.filter((a) => a.cloud !== 'aws' || a.metric.kind !== 'cloudwatch');
    if (wrong.length > 0) {
      throw new ConstructError(
        this,
        `alarms ${wrong.map((a) => a.id).join(', ')} are not CloudWatch alarms. Render them with their cloud's construct.`,
      );
    }
    for (const src of props.authLogs ?? []) {
      new CloudwatchLogMetricFilter(this, `${src.clusterName}-auth-failures`, {
        name: `${src.clusterName}-failed-authentication`,
        logGroupName: src.logGroupName,
        pattern: AUTH_FAILURE_LOG_PATTERN,
        metricTransformation: { name: src.clusterName, namespace: AUTH_FAILURE_NAMESPACE, value: '1', defaultValue: '0' },
        dependsOn: src.logGroup ? [src.logGroup] : undefined,
      });
    }
    for (const a of props.alarms) {
      if (a.metric.kind !== 'cloudwatch') continue;
      const m = a.metric;
      const topic = props.topicArns[a.severity];
      const single = m.expression === undefined && m.metrics.length === 1 ? m.metrics[0] : undefined;
      const queries: CloudwatchMetricAlarmMetricQuery[] | undefined = single
        ? undefined
        : [
            { id: 'e1', expression: m.expression ?? m.metrics[0].id, label: `${a.title} (${m.unit})`, returnData: true },
            ...m.metrics.map((q) => ({
              id: q.id,
              returnData: false,
              metric: {
                namespace: q.namespace,
                metricName: q.name,
                dimensions: { ...q.dimensions },
                period: a.periodSeconds,
                stat: q.stat,
              },
            })),
          ];
      this.alarms.push(
        new CloudwatchMetricAlarm(this, a.id, {
          alarmName: alarmName(props.env, a),
          alarmDescription: alarmDescription(a).slice(0, 1024),
          comparisonOperator: CLOUDWATCH_COMPARISON[a.comparison],
          threshold: a.threshold,
          evaluationPeriods: a.evaluationPeriods,
          datapointsToAlarm: a.evaluationPeriods,
          treatMissingData: MISSING[a.missingData],
          ...(single
            ? {
                namespace: single.namespace,
                metricName: single.name,
                dimensions: { ...single.dimensions },
                statistic: single.stat,
                period: a.periodSeconds,
              }
            : { metricQuery: queries }),
          alarmActions: [topic],
          okActions: [topic],
          tags: { severity: a.severity, subject: `${a.subject.kind}/${a.subject.id}` },
        }),
      );
    }
  }
}
