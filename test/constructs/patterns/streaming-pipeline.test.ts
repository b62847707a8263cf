import { StreamAnalyticsJob as JobResource } from '@cdktf/provider-azurerm/lib/stream-analytics-job';
import { StreamAnalyticsOutputEventhub } from '@cdktf/provider-azurerm/lib/stream-analytics-output-eventhub';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { EventHubsNamespace } from '../../../constructs/azure/event-hubs-namespace';
import { queryAliases, StreamAnalyticsJob } from '../../../constructs/azure/stream-analytics-job';
import { resolveStep, type QuerySpec } from '../../../constructs/analysis/stream-query';
import { StreamingPipeline } from '../../../constructs/patterns/streaming-pipeline';

function build(steps: unknown[], streamingUnits?: number) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const ns = new EventHubsNamespace(stack, 'iiot', {
    namespaceName: 'auto-weu-iiot',
    location: 'westeurope',
    resourceGroupName: 'rg',
    networkAccess: 'trusted-services',
    logAnalyticsWorkspaceId: 'ws',
    hubs: ['sensor-readings', 'temperature-spikes', 'anomalies'].map((name) => ({ name, partitions: 4, retentionHours: 24 })),
  });
  const spec: QuerySpec = {
    pipeline: 'p',
    input: 'sensor-readings',
    steps: (steps as any[]).map((s) => resolveStep(s, { input: 'sensor-readings' })),
  };
  const pipeline = new StreamingPipeline(stack, 'Pipeline', {
    namePrefix: 'auto-weu',
    pipelineId: 'p',
    namespace: ns,
    spec,
    streamingUnits,
    inMBps: 9,
    location: 'westeurope',
    resourceGroupName: 'rg',
    logAnalyticsWorkspaceId: 'ws',
  });
  return { pipeline, synth: Testing.synth(stack, true) };
}
const filter = { kind: 'filter', id: 'spikes', where: { field: 'temperature', op: '>', value: 100 }, output: 'temperature-spikes' };
const anomalies = { kind: 'anomaly-detection', id: 'scored', field: 'temperature', partitionBy: 'sensorId', output: 'anomalies' };

describe('StreamingPipeline', () => {
  const { pipeline, synth } = build([filter, anomalies]);
  it('compiles the steps into the job query, sized from throughput', () => {
    expect(synth).toHaveResourceWithProperties(JobResource, {
      transformation_query: pipeline.query,
      streaming_units: 18,
      output_error_policy: 'Stop',
    });
  });
  it('keys anomaly output by sensor so one sensor stays in order', () => {
    expect(synth).toHaveResourceWithProperties(StreamAnalyticsOutputEventhub, {
      name: 'anomalies',
      partition_key: 'sensorId',
      authentication_mode: 'Msi',
    });
  });
  it('exposes the job for alerts', () => {
    expect(pipeline.job.job).toBeInstanceOf(JobResource);
  });
  it('fails a step writing to a hub the namespace does not have', () => {
    expect(() => build([{ ...filter, output: 'nowhere' }])).toThrow(
      /step "spikes" writes to "nowhere", which is no hub of the namespace \(hubs: sensor-readings, temperature-spikes, anomalies\)/,
    );
  });
  it('fails a pipeline without any output', () => {
    expect(() => build([{ ...filter, output: undefined }])).toThrow(/no step has an output/);
  });
  it('fails streaming units the service does not offer', () => {
    expect(() => build([filter], 5)).toThrow(/streamingUnits must be 1, 3 or a multiple of 6 up to 120, got 5/);
  });
});

describe('StreamAnalyticsJob query check', () => {
  it('finds what a query reads and writes, CTEs excluded', () => {
    expect(queryAliases('WITH [a] AS (SELECT * FROM [in]) SELECT * INTO [out] FROM [a]')).toEqual({ reads: ['in'], writes: ['out'] });
  });
  it('reads aliases outside string literals only: a filter value may hold "FROM [x]" or "[input]"', () => {
    const query = "-- it's a comment\nSELECT * INTO [out] FROM [in] WHERE [plantId] = 'a'' FROM [other] INTO [input]'";
    expect(queryAliases(query)).toEqual({ reads: ['in'], writes: ['out'] });
  });
  it('fails a query writing to an alias that is no output', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    expect(
      () =>
        new StreamAnalyticsJob(stack, 'Job', {
          jobName: 'e-s-j',
          location: 'westeurope',
          resourceGroupName: 'rg',
          logAnalyticsWorkspaceId: 'ws',
          query: 'SELECT * INTO [typo] FROM [in]',
          inputs: [{ alias: 'in', namespaceName: 'ns', hubName: 'in', consumerGroup: 'j' }],
          outputs: [{ alias: 'out', namespaceName: 'ns', hubName: 'out' }],
        }),
    ).toThrow(/the query writes \[typo\], which is no output \(outputs: out\).*output \[out\] is never written/);
  });
});
