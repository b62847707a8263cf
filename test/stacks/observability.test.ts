import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { TerraformStack, Testing } from 'cdktf';
import {
  cloudWatchDashboardBodies,
  cloudWatchDashboardBody,
  DASHBOARD_WIDGET_LIMIT,
  EstateDashboard,
} from '../../constructs/aws/estate-dashboard';
import { fleetEnv } from '../constructs/edge/fixtures';
import { AlertTopics } from '../../constructs/aws/alert-topics';
import { EnvironmentSchema } from '../../constructs/model/schema';
import { SiteStack } from '../../stacks/site-stack';
import { planEstate } from '../../constructs/analysis/plan';
import { siteContext } from '../../stacks/context';

const env = EnvironmentSchema.parse({
  name: 'bank',
  stage: 'prod',
  owner: 'payments',
  backend: { type: 's3', bucket: 'bank-state', region: 'eu-central-1' },
  alerts: {
    page: { email: ['oncall@example.com'], https: ['https://events.example.com/kafka'] },
    ticket: { email: ['team@example.com'] },
  },
  sites: [
    { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
    { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.40.0.0/16' },
  ],
  clusters: [
    { id: 'main', kind: 'msk', sites: ['fra'], brokers: 3 },
    { id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3 },
  ],
  topicGroups: [{ id: 'payments', rpo: '5m', rto: '30m' }],
  topics: [{ name: 'payments', cluster: 'main', partitions: 12, group: 'payments' }],
  replication: [{ id: 'dr-copy', from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '5m' }],
});

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const app = Testing.app();
const fra = Testing.synth(new SiteStack(app, siteContext(planEstate(env), env.sites[0].id)), true);
const sto = Testing.synth(new SiteStack(app, siteContext(planEstate(env), env.sites[1].id)), true);
const alarmsOf = (synth: string) => Object.values((JSON.parse(synth) as Json).resource.aws_cloudwatch_metric_alarm);
const named = (synth: string, name: string) => alarmsOf(synth).find((a) => a.alarm_name === name) as Record<string, unknown>;

describe('site stack: MSK alarms', () => {
  it('alarms on offline partitions with a runbook, paging the page topic on ALARM and OK', () => {
    expect(fra).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'bank-fra-main-offline-partitions',
      namespace: 'AWS/Kafka',
      metric_name: 'OfflinePartitionsCount',
      dimensions: { 'Cluster Name': 'bank-fra-main' },
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_description: expect.stringMatching(/^\[page\] offline partitions of cluster main\. Threshold: .*Runbook: /),
    });
    const a = named(fra, 'bank-fra-main-offline-partitions');
    expect(a.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\.Alerts_Page_.*\.arn/)]);
    expect(a.ok_actions).toEqual(a.alarm_actions);
  });

  it('sums under-replicated partitions over every broker and routes them to tickets', () => {
    const a = named(fra, 'bank-fra-main-under-replicated');
    expect(a.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\.Alerts_Ticket_.*\.arn/)]);
    expect(a.metric_query).toEqual([
      expect.objectContaining({ id: 'e1', expression: 'SUM([b1,b2,b3])', return_data: true }),
      ...[1, 2, 3].map((b) =>
        expect.objectContaining({
          id: `b${b}`,
          return_data: false,
          metric: expect.objectContaining({
            metric_name: 'UnderReplicatedPartitions',
            dimensions: { 'Cluster Name': 'bank-fra-main', 'Broker ID': String(b) },
          }),
        }),
      ),
    ]);
  });

  it('holds disk alarms at 80 and 90 %, the controller check and the auth-failure filter', () => {
    expect(named(fra, 'bank-fra-main-disk-used-ticket').threshold).toBe(80);
    expect(named(fra, 'bank-fra-main-disk-used-page').threshold).toBe(90);
    expect(named(fra, 'bank-fra-main-active-controller').metric_query).toEqual(
      expect.arrayContaining([expect.objectContaining({ expression: 'ABS(m1 - 1)' })]),
    );
    expect(fra).toHaveResourceWithProperties(CloudwatchLogMetricFilter, {
      log_group_name: '/msk/bank-fra-main/brokers',
      pattern: '"Failed authentication"',
      metric_transformation: expect.objectContaining({ name: 'bank-fra-main', namespace: 'KafkaEstate/ClientAuthentication' }),
      depends_on: [expect.stringMatching(/aws_cloudwatch_log_group/)],
    });
  });
});

describe('site stack: the DR copy', () => {
  it('alarms on replication latency in the target region below the 5m budget', () => {
    const page = named(sto, 'bank-sto-dr-copy-lag-page');
    expect(page.threshold).toBe(180);
    expect(page.threshold as number).toBeLessThan(300);
    expect(named(sto, 'bank-sto-dr-copy-lag-ticket').threshold).toBe(150);
    expect(page.metric_query).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ expression: 'm1 / 1000' }),
        expect.objectContaining({
          metric: expect.objectContaining({ metric_name: 'ReplicationLatency', dimensions: { ReplicatorName: 'bank-sto-dr-copy' } }),
        }),
      ]),
    );
  });

  it('keeps every alarm in the stack of the region its metric is published in', () => {
    expect(alarmsOf(fra).map((a) => a.alarm_name)).not.toContain('bank-sto-dr-copy-lag-page');
    expect(alarmsOf(sto).every((a) => String(a.alarm_name).startsWith('bank-sto-'))).toBe(true);
  });
});

describe('site stack: alert routing', () => {
  it('creates a KMS-encrypted topic per severity with the declared subscriptions', () => {
    expect(fra).toHaveResourceWithProperties(SnsTopic, {
      name: 'bank-fra-alerts-page',
      kms_master_key_id: expect.stringMatching(/aws_kms_key\.Alerts_Key/),
    });
    expect(fra).toHaveResourceWithProperties(SnsTopic, { name: 'bank-fra-alerts-ticket' });
    expect(fra).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'oncall@example.com',
      topic_arn: expect.stringMatching(/Alerts_Page/),
    });
    expect(fra).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'https',
      endpoint: 'https://events.example.com/kafka',
      topic_arn: expect.stringMatching(/Alerts_Page/),
    });
    expect(fra).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'team@example.com',
      topic_arn: expect.stringMatching(/Alerts_Ticket/),
    });
    expect(fra).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      policy: expect.stringContaining('cloudwatch.amazonaws.com'),
    });
  });

  it('refuses a plain-http webhook', () => {
    expect(() =>
      Testing.synthScope(
        (s) => new AlertTopics(s, 'Alerts', { env: 'x', site: 'y', alerts: { page: { https: ['http://insecure.example.com'] } } }),
      ),
    ).toThrow(/webhooks must use https:\/\/, got http:\/\/insecure\.example\.com/);
  });
});

describe('the environment dashboard', () => {
  it('is created once, in the first AWS site, laid out by site', () => {
    expect(fra).toHaveResource(CloudwatchDashboard);
    expect(sto).not.toHaveResource(CloudwatchDashboard);
    const dash = Object.values((JSON.parse(fra) as Json).resource.aws_cloudwatch_dashboard)[0];
    expect(dash.dashboard_name).toBe('bank-kafka-estate');
    const body = JSON.parse(String(dash.dashboard_body)) as { widgets: Array<{ type: string; properties: Record<string, unknown> }> };
    const headers = body.widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown);
    expect(headers).toEqual(['## fra (eu-central-1, primary)', '## sto (eu-north-1, dr)']);
    const lag = body.widgets.find((w) => w.properties.title === 'dr-copy: replication lag') as unknown as {
      properties: { region: string; annotations: { horizontal: Array<{ value: number }> } };
    };
    expect(lag.properties.region).toBe('eu-north-1');
    expect(lag.properties.annotations.horizontal.map((h) => h.value)).toEqual([150, 180]);
    const disk = body.widgets.find((w) => w.properties.title === 'main: data disk') as unknown as {
      properties: { annotations: { horizontal: Array<{ value: number }> } };
    };
    expect(disk.properties.annotations.horizontal.map((h) => h.value)).toEqual([80, 90]);
    expect(body.widgets.some((w) => w.properties.title === 'main: bytes in/out')).toBe(true);
  });
});

describe('dashboards of a fleet past CloudWatch widget limit', () => {
  // Every edge site draws its own widget on the hub's dashboard; a body holds at most 500 widgets (CloudWatch API
  // reference, Dashboard Body Structure and Syntax), so 600 sites need a second dashboard.
  const fleet = EnvironmentSchema.parse(fleetEnv(Array.from({ length: 600 }, (_, i) => ({ id: `ship-${String(i).padStart(3, '0')}` }))));
  const plan = planEstate(fleet);
  const stack = new TerraformStack(Testing.app(), 'fleet-dashboards');
  const dashboards = new EstateDashboard(stack, 'Dashboard', { env: fleet, alarms: plan.alarms.alarms });
  const bodies = dashboards.dashboards.map((d) => JSON.parse(d.dashboardBodyInput!) as { widgets: Array<Record<string, any>> });
  const all = cloudWatchDashboardBody(fleet, plan.alarms.alarms).widgets;

  it('spreads the widgets over dashboards of at most 500, losing none', () => {
    expect(all.length).toBeGreaterThan(DASHBOARD_WIDGET_LIMIT);
    expect(bodies.length).toBeGreaterThan(1);
    for (const b of bodies) expect(b.widgets.length).toBeLessThanOrEqual(DASHBOARD_WIDGET_LIMIT);
    const titles = (ws: Array<Record<string, any>>) => ws.map((w) => w.properties.title ?? w.properties.markdown).sort();
    expect(titles(bodies.flatMap((b) => b.widgets))).toEqual(titles(all));
  });

  it('keeps the first dashboard its name and address and names the others after it', () => {
    expect(dashboards.dashboards.map((d) => d.dashboardNameInput)).toEqual(
      bodies.map((_, i) => (i === 0 ? dashboards.dashboardName : `${dashboards.dashboardName}-${i + 1}`)),
    );
    expect(dashboards.dashboard.node.id).toBe('Resource');
  });

  it('starts each dashboard at its top and moves a site that fits to the next one whole', () => {
    const small = cloudWatchDashboardBodies(fleet, plan.alarms.alarms, 7);
    small.forEach((b, i) => {
      expect(b.widgets.length).toBeLessThanOrEqual(7);
      expect(Math.min(...b.widgets.map((w) => w.y as number))).toBe(0);
      // A page opens mid-site only when that site alone filled the page before it (the hub's section holds a
      // widget per edge site); a smaller site starts on a fresh page with its heading.
      if (b.widgets[0].type !== 'text') expect(small[i - 1].widgets.length).toBe(7);
    });
    expect(small.flatMap((b) => b.widgets).length).toBe(all.length);
  });

  it('continues a site larger than a whole dashboard on the next one instead of dropping widgets', () => {
    const tiny = cloudWatchDashboardBodies(fleet, plan.alarms.alarms, 1);
    expect(tiny.length).toBe(all.length);
    expect(tiny.every((b) => b.widgets.length === 1 && b.widgets[0].y === 0)).toBe(true);
  });
});
