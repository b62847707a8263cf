import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
import { Testing } from 'cdktf';
import { azureWindow } from '../../constructs/azure/metric-alerts';
import { checkObjectivesWatched, planAlarms } from '../../constructs/analysis/alarms';
import { EnvironmentSchema } from '../../constructs/model/schema';
import { SiteStack } from '../../stacks/site-stack';
import { planEstate } from '../../constructs/analysis/plan';
import { siteContext } from '../../stacks/context';

const env = EnvironmentSchema.parse({
  name: 'iiot',
  stage: 'prod',
  owner: 'plants',
  accounts: { azure: { subscriptionId: '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b' } },
  backend: { type: 'azurerm', resourceGroupName: 'tf', storageAccountName: 'tfstate', containerName: 'tfstate' },
  alerts: { page: { email: ['oncall@example.com'], https: ['https://events.example.com/iiot'] } },
  sites: [{ id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.50.0.0/16' }],
  clusters: [{ id: 'hub', kind: 'event-hubs', sites: ['weu'] }],
  topicGroups: [{ id: 'telemetry', rpo: '0s', rto: '5m', scope: 'zone' }],
  topics: [{ name: 'readings', cluster: 'hub', partitions: 4, group: 'telemetry' }],
  producers: [{ id: 'plant', cluster: 'hub', topics: ['readings'], eventsPerSecond: 100 }],
});

describe('Event Hubs alarms', () => {
  const synth = Testing.synth(new SiteStack(Testing.app(), siteContext(planEstate(env), env.sites[0].id)), true);

  it('watches the group objective with the namespace alarms', () => {
    expect(checkObjectivesWatched(env)).toEqual([]);
    expect(planAlarms(env).alarms.map((a) => a.id)).toEqual(['hub-server-errors', 'hub-throttled', 'hub-incoming-stopped']);
  });

  it('pages on server errors, scoped to the namespace, through the page action group', () => {
    expect(synth).toHaveResourceWithProperties(MonitorMetricAlert, {
      name: 'iiot-weu-hub-server-errors',
      severity: 1,
      window_size: 'PT5M',
      scopes: [expect.stringMatching(/azurerm_eventhub_namespace\.hub_.*\.id/)],
      criteria: [
        expect.objectContaining({
          metric_namespace: 'Microsoft.EventHub/namespaces',
          metric_name: 'ServerErrors',
          aggregation: 'Total',
          operator: 'GreaterThan',
          threshold: 10,
        }),
      ],
      action: [{ action_group_id: expect.stringMatching(/azurerm_monitor_action_group\.AzureAlerts_Page_/) }],
      description: expect.stringMatching(/Runbook: /),
    });
  });

  it('tickets on throttling and on incoming messages dropping to zero', () => {
    expect(synth).toHaveResourceWithProperties(MonitorMetricAlert, {
      name: 'iiot-weu-hub-throttled',
      severity: 3,
      criteria: [expect.objectContaining({ metric_name: 'ThrottledRequests', threshold: 0 })],
    });
    expect(synth).toHaveResourceWithProperties(MonitorMetricAlert, {
      name: 'iiot-weu-hub-incoming-stopped',
      window_size: 'PT15M',
      criteria: [expect.objectContaining({ metric_name: 'IncomingMessages', operator: 'LessThanOrEqual', threshold: 0 })],
    });
  });

  it('routes to an action group per severity with email and HTTPS receivers', () => {
    expect(synth).toHaveResourceWithProperties(MonitorActionGroup, {
      name: 'iiot-weu-alerts-page',
      email_receiver: [expect.objectContaining({ email_address: 'oncall@example.com', use_common_alert_schema: true })],
      webhook_receiver: [expect.objectContaining({ service_uri: 'https://events.example.com/iiot' })],
    });
    // ticket defaults to the page targets
    expect(synth).toHaveResourceWithProperties(MonitorActionGroup, {
      name: 'iiot-weu-alerts-ticket',
      email_receiver: [expect.objectContaining({ email_address: 'oncall@example.com' })],
    });
  });

  it.each([
    [60, 'PT1M', 'PT1M'],
    [900, 'PT15M', 'PT1M'],
    [1000, 'PT15M', 'PT1M'],
    [86400, 'P1D', 'PT15M'],
    [7 * 86400, 'P1D', 'PT15M'],
  ])('a %i s window becomes %s evaluated every %s (never longer than planned)', (seconds, windowSize, frequency) => {
    expect(azureWindow(seconds)).toEqual({ windowSize, frequency });
  });
});
