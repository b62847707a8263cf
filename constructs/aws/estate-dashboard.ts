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
 * A dashboard body holds "between 0 and 500 widget objects" (CloudWatch API reference, Dashboard Body Structure and
 * Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html);
 * PutDashboard refuses more, so a fleet with a widget per site needs more than one dashboard.
 */
export const DASHBOARD_WIDGET_LIMIT = 500;

/** One site's section: its heading and its widgets laid out three abreast, with y counted from the section's top. */
function siteSections(env: Environment, alarms: readonly AlarmSpec[]): Array<{ widgets: Widget[]; height: number }> {
  const sections: Array<{ widgets: Widget[]; height: number }> = [];
  // Sections in site-id order, not file order: reordering the sites list leaves the body alone.
  for (const site of byId(env.sites.filter((s) => s.cloud === 'aws'))) {
    const own = alarms.filter((a) => a.site === site.id && a.metric.kind === 'cloudwatch');
    const clusters = env.clusters.filter((c) => kindModel(c.kind)?.dashboardThroughput && c.sites[0] === site.id);
    if (own.length === 0 && clusters.length === 0) continue;
    const widgets: Widget[] = [
      { type: 'text', x: 0, y: 0, width: 24, height: 1, properties: { markdown: `## ${site.id} (${site.region}, ${site.role})` } },
    ];
    const row: Widget[] = clusters.map((c) => throughputWidget(env, site.id, c.id, site.region));
    for (const panel of PANEL_ORDER) {
      const byMetric = new Map<string, AlarmSpec[]>();
      for (const a of own.filter((x) => x.panel === panel)) {
        const key = JSON.stringify(a.metric);
        byMetric.set(key, [...(byMetric.get(key) ?? []), a]);
      }
      for (const group of byMetric.values()) row.push(alarmWidget(group, site.region));
    }
    row.forEach((w, i) => widgets.push({ ...w, x: (i % 3) * WIDTH, y: 1 + Math.floor(i / 3) * HEIGHT }));
    sections.push({ widgets, height: 1 + Math.ceil(row.length / 3) * HEIGHT });
  }
  return sections;
}

/**
 * The bodies of the environment's CloudWatch dashboards: a row per site holding AWS alarms, with throughput, lag
 * against its budget, disk headroom, links and cluster health, each alarm's thresholds drawn on its metric. Sites
 * fill a dashboard up to DASHBOARD_WIDGET_LIMIT widgets, then the next one; a site's section is split only when it is
 * larger than a dashboard on its own. Pure, so tests read it as JSON.
 */
export function cloudWatchDashboardBodies(
  env: Environment,
  alarms: readonly AlarmSpec[],
  limit: number = DASHBOARD_WIDGET_LIMIT,
): Array<{ widgets: Widget[] }> {
  const pages: Array<{ widgets: Widget[] }> = [{ widgets: [] }];
  let y = 0;
  for (const section of siteSections(env, alarms)) {
    // A section larger than a whole dashboard (no estate the product plans comes near one) continues on the next.
    for (let from = 0; from < section.widgets.length; from += limit) {
      const part = section.widgets.slice(from, from + limit);
      let page = pages[pages.length - 1];
      if (page.widgets.length > 0 && page.widgets.length + part.length > limit) {
        page = { widgets: [] };
        pages.push(page);
        y = 0;
      }
      const top = Math.min(...part.map((w) => w.y as number));
      for (const w of part) page.widgets.push({ ...w, y: (w.y as number) - top + y });
      y += Math.max(...part.map((w) => (w.y as number) + (w.height as number))) - top;
    }
  }
  return pages;
}

/** The whole environment on one body, as the first dashboard shows it while it fits. */
export function cloudWatchDashboardBody(env: Environment, alarms: readonly AlarmSpec[]): { widgets: Widget[] } {
  return { widgets: cloudWatchDashboardBodies(env, alarms, Number.MAX_SAFE_INTEGER)[0].widgets };
}

export interface EstateDashboardProps {
  readonly env: Environment;
  /** The environment's whole alarm plan; the dashboard draws the CloudWatch part. */
  readonly alarms: readonly AlarmSpec[];
}

/**
 * The environment's CloudWatch dashboards (dashboards are global to the account), laid out by site: one while the
 * sites fit in DASHBOARD_WIDGET_LIMIT widgets, then `<name>-2`, `<name>-3`... The first keeps its construct id and
 * name whatever the fleet's size, so growing past the limit adds dashboards and never replaces the first.
 */
export class EstateDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;
  public readonly dashboardName: string;
  /** Every dashboard of the environment, the first included. */
  public readonly dashboards: CloudwatchDashboard[];

  constructor(scope: Construct, id: string, props: EstateDashboardProps) {
    super(scope, id);
    this.dashboardName = resourceName({ env: props.env.name, component: 'kafka-estate' });
    this.dashboards = cloudWatchDashboardBodies(props.env, props.alarms).map(
      (body, i) =>
        new CloudwatchDashboard(this, i === 0 ? 'Resource' : `Page${i + 1}`, {
          dashboardName: i === 0 ? this.dashboardName : `${this.dashboardName}-${i + 1}`,
          dashboardBody: JSON.stringify(body),
        }),
    );
    this.dashboard = this.dashboards[0];
  }
}
