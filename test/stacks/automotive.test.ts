import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StreamAnalyticsJob } from '@cdktf/provider-azurerm/lib/stream-analytics-job';
import { StreamAnalyticsStreamInputEventhubV2 } from '@cdktf/provider-azurerm/lib/stream-analytics-stream-input-eventhub-v2';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { evaluateObjectives } from '../../constructs/analysis/resilience';
import { envOf, estateStacks, problemsOf, synthJson } from '../helpers';

const data = () => parse(readFileSync(join(__dirname, '../../environments/automotive.yaml'), 'utf8'));
const env = envOf(data());
const stacks = estateStacks(env);
const { synth, json } = synthJson(stacks.get('automotive-weu')!);

describe('environments/automotive.yaml', () => {
  it('is one prod site stack in West Europe with the subscription from the file, and the plant fleet’s stack', () => {
    expect([...stacks.keys()]).toEqual(['automotive-bootstrap-azure-westeurope', 'automotive-weu', 'automotive-plants']);
    expect(synth).toHaveProviderWithProperties(AzurermProvider, { subscription_id: env.accounts!.azure!.subscriptionId });
  });
  it('has a premium, zone-redundant-region namespace with CMK; SAS keys only for the edge site (no rule in the site stack)', () => {
    expect(synth).toHaveResourceWithProperties(EventhubNamespace, {
      sku: 'Premium',
      capacity: 1,
      location: 'westeurope',
      // The Leipzig plant's send-only rule lives in automotive-plants (test/stacks/edge-event-hubs.test.ts).
      local_authentication_enabled: true,
      public_network_access_enabled: false,
    });
    expect(json.resource.azurerm_eventhub_namespace_authorization_rule).toBeUndefined();
    expect(json.resource.azurerm_eventhub_authorization_rule).toBeUndefined();
    expect(Object.keys(json.resource.azurerm_eventhub_namespace_customer_managed_key)).toHaveLength(1);
  });
  it('has a temperature-spikes hub and a consumer group per consuming application and pipeline', () => {
    expect(synth).toHaveResourceWithProperties(Eventhub, { name: 'temperature-spikes', partition_count: 8 });
    for (const g of ['quality-dashboard', 'maintenance-planner', 'plant-telemetry'])
      expect(synth).toHaveResourceWithProperties(EventhubConsumerGroup, { name: g });
  });
  it('runs a Stream Analytics job whose query filters, aggregates hourly and detects anomalies', () => {
    expect(synth).toHaveResourceWithProperties(StreamAnalyticsJob, {
      compatibility_level: '1.2',
      identity: { type: 'SystemAssigned' },
      streaming_units: 6,
      transformation_query: expect.stringContaining('WHERE [temperature] > 100'),
    });
    const query: string = (Object.values(json.resource.azurerm_stream_analytics_job)[0] as any).transformation_query;
    expect(query).toContain('TumblingWindow(hour, 1)');
    expect(query).toContain('AnomalyDetection_SpikeAndDip');
    expect(synth).toHaveResourceWithProperties(StreamAnalyticsStreamInputEventhubV2, {
      authentication_mode: 'Msi',
      eventhub_consumer_group_name: expect.stringContaining('plant-telemetry'),
    });
  });
  const dataRoles = Object.values(json.resource.azurerm_role_assignment as Record<string, any>).filter((r) =>
    r.role_definition_name.startsWith('Azure Event Hubs'),
  );
  it('grants the job receive on the input and send on each output, nothing wider', () => {
    const job = dataRoles.filter((r) => String(r.principal_id).includes('stream_analytics_job'));
    expect(job.map((r) => r.role_definition_name).sort()).toEqual([
      'Azure Event Hubs Data Receiver',
      'Azure Event Hubs Data Sender',
      'Azure Event Hubs Data Sender',
      'Azure Event Hubs Data Sender',
    ]);
    expect(dataRoles.every((r) => /azurerm_eventhub\./.test(r.scope))).toBe(true);
  });
  it('gives each plant send on sensor-readings only and each application receive on its topics only', () => {
    expect(synth).toHaveResourceWithProperties(RoleAssignment, {
      principal_id: '0b6f1a2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
      role_definition_name: 'Azure Event Hubs Data Sender',
      scope: expect.stringContaining('Hub-sensor-readings'),
    });
    const plants = dataRoles.filter((r) => ['0b6f1a2c', '1c7a2b3d', '2d8b3c4e'].some((p) => String(r.principal_id).startsWith(p)));
    expect(plants).toHaveLength(3);
    const dashboard = dataRoles.filter((r) => String(r.principal_id).startsWith('3e9c4d5f'));
    expect(dashboard.map((r) => r.role_definition_name)).toEqual(['Azure Event Hubs Data Receiver', 'Azure Event Hubs Data Receiver']);
  });
  it('meets its zone objective and says the region is not covered', () => {
    expect(evaluateObjectives(env).every((r) => r.met)).toBe(true);
  });
  it('rejects a pipeline that writes to an undeclared output, with path and fix', () => {
    const d = data();
    d.pipelines[0].steps[0].output = 'temperature-spike';
    const p = problemsOf(d).find((x) => x.path === 'pipelines[0].steps[0].output');
    expect(p?.message).toBe('unknown output topic of cluster "iiot" "temperature-spike".');
    expect(p?.fix).toMatch(/did you mean "temperature-spikes"\?/);
  });
});
