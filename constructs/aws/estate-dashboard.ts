import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import type { AlarmSpec } from '../analysis/alarms';
import { mskClusterName } from '../kinds/msk/alarms';
import { kindModel } from '../kinds/registry';
import type { Environment } from '../model/schema';
import { byId, resourceName } from '../model/naming';

/** Panels in the order a person reads a site: is data flowing, is the copy behind, is a disk filling, are links up, is the cluster healthy. */
export const PANEL_ORDER: ReadonlyArray<AlarmSpec['panel']> = ['throughput', 'lag', 'disk', 'link', 'pipeline', 'health'];

const WIDTH = 8;
const HEIGHT = 6;

type Widget = Record<string, unknown>;

/** One metric widget for the alarms that share a metric: their thresholds are drawn as lines. */
function alarmWidget(alarms: AlarmSpec[], region: string): Widget {
  const a = alarms[0];
  // Only reachable from code: cloudWatchDashboardBody passes CloudWatch alarms only; the guard narrows the type.
  if (a.metric.kind !== 'cloudwatch')
    throw new Error(
      `alarm ${a.id} watches a ${a.metric.kind} metric; a CloudWatch dashboard draws CloudWatch alarms only, so filter them first.`,
    );
  const m = a.metric;
  const metrics: unknown[] = [];
  if (m.expression !== undefined) metrics.push([{ expression: m.expression, label: `${a.title} (${m.unit})`, id: 'e1' }]);
  for (const q of m.metrics) {
    const dims = Object.entries(q.dimensions).flat();
    metrics.push([q.namespace, q.name, ...dims, { id: q.id, stat: q.stat, visible: m.expression === undefined }]);
  }
  return {
    type: 'metric',
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: `${a.subject.id}: ${a.title.replace(/ (above|for) .*$/, '')}`,
      view: 'timeSeries',
      region,
      period: a.periodSeconds,
      metrics,
      annotations: { horizontal: alarms.map((x) => ({ label: `${x.severity}: ${x.why}`.slice(0, 120), value: x.threshold })) },
    },
  };
}

function throughputWidget(env: Environment, site: string, cluster: string, region: string): Widget {
  const name = mskClusterName(env.name, site, cluster);
  return {
    type: 'metric',
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: `${cluster}: bytes in/out`,
      view: 'timeSeries',
      region,
      period: 60,
      metrics: (['BytesInPerSec', 'BytesOutPerSec'] as const).map((metric, i) => [
        {
          expression: `SUM(SEARCH('{AWS/Kafka,"Cluster Name","Broker ID"} MetricName="${metric}" "Cluster Name"="${name}"', 'Average', 60))`,
          label: metric,
          id: `t${i}`,
        },
      ]),
    },
  };
}

/**
 * The body of the environment's CloudWatch dashboard: a row per site holding AWS
 * alarms, with throughput, lag against its budget, disk headroom, links and cluster
 * health, each alarm's thresholds drawn on its metric. Pure, so tests read it as JSON.
 */
export function cloudWatchDashboardBody(env: Environment, alarms: readonly AlarmSpec[]): { widgets: Widget[] } {
  const widgets: Widget[] = [];
  let y = 0;
  // Sections in site-id order, not file order: reordering the sites list leaves the body alone.
  for (const site of byId(env.sites.filter((s) => s.cloud === 'aws'))) {
    const own = alarms.filter((a) => a.site === site.id && a.metric.kind === 'cloudwatch');
    const clusters = env.clusters.filter((c) => kindModel(c.kind)?.dashboardThroughput && c.sites[0] === site.id);
    if (own.length === 0 && clusters.length === 0) continue;
    widgets.push({ type: 'text', x: 0, y, width: 24, height: 1, properties: { markdown: `## ${site.id} (${site.region}, ${site.role})` } });
    y += 1;
    const row: Widget[] = clusters.map((c) => throughputWidget(env, site.id, c.id, site.region));
    for (const panel of PANEL_ORDER) {
      const byMetric = new Map<string, AlarmSpec[]>();
      for (const a of own.filter((x) => x.panel === panel)) {
        const key = JSON.stringify(a.metric);
        byMetric.set(key, [...(byMetric.get(key) ?? []), a]);
      }
      for (const group of byMetric.values()) row.push(alarmWidget(group, site.region));
    }
    row.forEach((w, i) => {
      widgets.push({ ...w, x: (i % 3) * WIDTH, y: y + Math.floor(i / 3) * HEIGHT });
    });
    y += Math.ceil(row.length / 3) * HEIGHT;
  }
  return { widgets };
}

export interface EstateDashboardProps {
  readonly env: Environment;
  /** The environment's whole alarm plan; the dashboard draws the CloudWatch part. */
  readonly alarms: readonly AlarmSpec[];
}

/** One CloudWatch dashboard per environment (dashboards are global to the account), laid out by site. */
export class EstateDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: EstateDashboardProps) {
    super(scope, id);
    this.dashboardName = resourceName({ env: props.env.name, component: 'kafka-estate' });
    this.dashboard = new CloudwatchDashboard(this, 'Resource', {
      dashboardName: this.dashboardName,
      dashboardBody: JSON.stringify(cloudWatchDashboardBody(props.env, props.alarms)),
    });
  }
}
