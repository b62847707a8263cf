import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
import { Construct } from 'constructs';
import type { AlarmSpec } from '../analysis/alarms';
import type { Environment } from '../model/schema';
import { byId, resourceName } from '../model/naming';

/** Panels in reading order, as on the CloudWatch dashboard. */
const PANEL_ORDER: ReadonlyArray<AlarmSpec['panel']> = ['throughput', 'lag', 'disk', 'link', 'pipeline', 'health'];
const COLUMNS = 12;
const WIDTH = 4;
const HEIGHT = 4;

/**
 * The environment's Cloud Monitoring dashboard: a header per Google Cloud site, then one
 * chart per alarmed metric with the alarms' thresholds drawn on it. Pure JSON.
 */
export function cloudMonitoringDashboard(env: Environment, alarms: readonly AlarmSpec[]): Record<string, unknown> {
  const tiles: Array<Record<string, unknown>> = [];
  let y = 0;
  // Sections in site-id order, not file order: reordering the sites list leaves the dashboard alone.
  for (const site of byId(env.sites)) {
    const own = alarms.filter((a) => a.site === site.id && a.metric.kind === 'cloud-monitoring');
    if (own.length === 0) continue;
    tiles.push({
      xPos: 0,
      yPos: y,
      width: COLUMNS,
      height: 1,
      widget: { title: `${site.id} (${site.region}, ${site.role})`, text: { content: `Alarms of ${site.id}`, format: 'MARKDOWN' } },
    });
    y += 1;
    const charts: Array<Record<string, unknown>> = [];
    for (const panel of PANEL_ORDER) {
      const byMetric = new Map<string, AlarmSpec[]>();
      for (const a of own.filter((x) => x.panel === panel))
        byMetric.set(JSON.stringify(a.metric), [...(byMetric.get(JSON.stringify(a.metric)) ?? []), a]);
      for (const group of byMetric.values()) {
        const a = group[0];
        if (a.metric.kind !== 'cloud-monitoring') continue;
        charts.push({
          title: `${a.subject.id}: ${a.title}`,
          xyChart: {
            dataSets: [
              {
                plotType: 'LINE',
                timeSeriesQuery: {
                  timeSeriesFilter: {
                    filter: a.metric.filter,
                    aggregation: {
                      alignmentPeriod: `${a.periodSeconds}s`,
                      perSeriesAligner: a.metric.aligner,
                      ...(a.metric.reducer ? { crossSeriesReducer: a.metric.reducer } : {}),
                    },
                  },
                },
              },
            ],
            thresholds: group.map((x) => ({ label: x.severity, value: x.threshold })),
          },
        });
      }
    }
    charts.forEach((widget, i) =>
      tiles.push({ xPos: (i % 3) * WIDTH, yPos: y + Math.floor(i / 3) * HEIGHT, width: WIDTH, height: HEIGHT, widget }),
    );
    y += Math.ceil(charts.length / 3) * HEIGHT;
  }
  return { displayName: resourceName({ env: env.name, component: 'kafka-estate' }), mosaicLayout: { columns: COLUMNS, tiles } };
}

export interface CloudMonitoringEstateDashboardProps {
  readonly env: Environment;
  readonly alarms: readonly AlarmSpec[];
}

/** One Cloud Monitoring dashboard per environment (dashboards belong to the project, not a region). */
export class CloudMonitoringEstateDashboard extends Construct {
  public readonly dashboard: MonitoringDashboard;

  constructor(scope: Construct, id: string, props: CloudMonitoringEstateDashboardProps) {
    super(scope, id);
    this.dashboard = new MonitoringDashboard(this, 'Resource', {
      dashboardJson: JSON.stringify(cloudMonitoringDashboard(props.env, props.alarms)),
    });
  }
}
