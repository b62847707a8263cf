import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import {
  checkPipelines,
  compileQuery,
  pipelineQuerySpec,
  resolveStep,
  sizeStreamingUnits,
  windowUnit,
  type QuerySpec,
} from '../../../constructs/analysis/stream-query';

const input = { input: 'sensor-readings' };
const spec = (steps: unknown[], timestamp?: string): QuerySpec => ({
  pipeline: 'plant-telemetry',
  input: 'sensor-readings',
  timestamp,
  steps: (steps as Parameters<typeof resolveStep>[0][]).map((s) => resolveStep(s, input)),
});
const filter = {
  kind: 'filter',
  id: 'spikes',
  where: { field: 'temperature', op: '>', value: 100 },
  output: 'temperature-spikes',
} as const;
const hourly = {
  kind: 'tumbling-window',
  id: 'hourly-spikes',
  from: 'spikes',
  window: '1h',
  groupBy: ['sensorId'],
  aggregates: [
    { fn: 'count', as: 'spikeCount' },
    { fn: 'avg', field: 'temperature', as: 'avgTemperature' },
  ],
  output: 'spike-stats',
} as const;
const anomalies = {
  kind: 'anomaly-detection',
  id: 'temperature-anomalies',
  field: 'temperature',
  partitionBy: 'sensorId',
  window: '1h',
  output: 'anomalies',
} as const;

describe('compileQuery: one step type at a time', () => {
  it('reads the input once, in event time, and filters temperature > 100 into temperature-spikes', () => {
    const q = compileQuery(spec([filter], 'eventTime'));
    expect(q).toContain('[sensor-readings-events] AS (\n    SELECT *\n    FROM [sensor-readings] TIMESTAMP BY [eventTime]\n)');
    expect(q).toContain('[spikes] AS (\n    SELECT *\n    FROM [sensor-readings-events]\n    WHERE [temperature] > 100\n)');
    expect(q).toContain('SELECT *\nINTO [temperature-spikes]\nFROM [spikes]');
  });
  it('uses arrival time when the schema has no timestamp', () => {
    expect(compileQuery(spec([filter]))).toContain('FROM [sensor-readings]\n)');
  });
  it('quotes strings, maps != and booleans', () => {
    const q = compileQuery(spec([{ kind: 'filter', id: 'f', where: { field: 'plantId', op: '!=', value: "o'hare" }, output: 'x' }]));
    expect(q).toContain("WHERE [plantId] <> 'o''hare'");
    expect(compileQuery(spec([{ kind: 'filter', id: 'f', where: { field: 'ok', op: '=', value: true }, output: 'x' }]))).toContain(
      'WHERE [ok] = 1',
    );
  });
  it('aggregates per sensor over a one-hour tumbling window', () => {
    const q = compileQuery(spec([filter, hourly]));
    expect(q).toContain(
      '[hourly-spikes] AS (\n    SELECT [sensorId],\n        System.Timestamp() AS [windowEnd],\n        COUNT(*) AS [spikeCount],\n        AVG([temperature]) AS [avgTemperature]\n    FROM [spikes]\n    GROUP BY [sensorId], TumblingWindow(hour, 1)\n)',
    );
    expect(q).toContain('INTO [spike-stats]\nFROM [hourly-spikes]');
  });
  it('scores spikes and dips per sensor and keeps only anomalies', () => {
    const q = compileQuery(spec([anomalies]));
    expect(q).toContain(
      "AnomalyDetection_SpikeAndDip(CAST([temperature] AS float), 95, 120, 'spikesanddips')\n            OVER (PARTITION BY [sensorId] LIMIT DURATION(hour, 1)) AS [scores]",
    );
    expect(q).toContain("WHERE CAST(GetRecordPropertyValue([scores], 'IsAnomaly') AS bigint) = 1");
    expect(q).toContain("CAST(GetRecordPropertyValue([scores], 'Score') AS float) AS [anomalyScore]");
    expect(q).toContain('INTO [anomalies]\nFROM [temperature-anomalies]');
  });
  it('omits PARTITION BY for one model over all events', () => {
    expect(
      compileQuery(spec([{ ...anomalies, partitionBy: undefined, mode: 'spikes', confidence: 80, historySize: 60, window: '2m' }])),
    ).toContain(
      "AnomalyDetection_SpikeAndDip(CAST([temperature] AS float), 80, 60, 'spikes')\n            OVER (LIMIT DURATION(minute, 2))",
    );
  });
});

describe('compileQuery: the automotive combination', () => {
  const q = compileQuery(spec([filter, hourly, anomalies], 'eventTime'));
  it('has every expression once, in declaration order, and one INTO per output', () => {
    const order = [
      '[sensor-readings-events] AS',
      '[spikes] AS',
      '[hourly-spikes] AS',
      '[temperature-anomalies-scored] AS',
      '[temperature-anomalies] AS',
    ].map((s) => q.indexOf(s));
    expect(order.every((v, i) => v >= 0 && (i === 0 || v > order[i - 1]))).toBe(true);
    expect(q.match(/\bINTO \[/g)).toHaveLength(3);
  });
  it('is deterministic', () => {
    expect(compileQuery(spec([filter, hourly, anomalies], 'eventTime'))).toBe(q);
  });
  it('matches the reviewed text', () => {
    expect(q).toMatchSnapshot();
  });
});

describe('sizing and windows', () => {
  it('sizes streaming units: 3 up to 1 MB/s, then 6 per 4 MB/s, at most 120', () => {
    expect(sizeStreamingUnits(undefined)).toBe(3);
    expect(sizeStreamingUnits(1)).toBe(3);
    expect(sizeStreamingUnits(1.8)).toBe(6);
    expect(sizeStreamingUnits(9)).toBe(18);
    expect(sizeStreamingUnits(1000)).toBe(120);
  });
  it('picks the largest whole unit', () => {
    expect(windowUnit('1h')).toEqual({ unit: 'hour', length: 1 });
    expect(windowUnit('90m')).toEqual({ unit: 'minute', length: 90 });
    expect(windowUnit('1w')).toEqual({ unit: 'day', length: 7 });
  });
});

function env(pipeline: Record<string, unknown>, extra: Record<string, unknown> = {}): Environment {
  return EnvironmentSchema.parse({
    name: 'auto',
    stage: 'dev',
    owner: 'iiot',
    sites: [{ id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.60.0.0/16' }],
    clusters: [
      { id: 'iiot', kind: 'event-hubs', sites: ['weu'] },
      { id: 'other', kind: 'event-hubs', sites: ['weu'] },
    ],
    eventSchemas: [
      {
        id: 'reading',
        timestamp: 'eventTime',
        fields: { sensorId: 'string', eventTime: 'datetime', temperature: 'number', plantId: 'string' },
      },
    ],
    topics: [
      { name: 'sensor-readings', cluster: 'iiot', partitions: 8, schema: 'reading' },
      { name: 'temperature-spikes', cluster: 'iiot', partitions: 4 },
      { name: 'spike-stats', cluster: 'iiot', partitions: 4 },
      { name: 'anomalies', cluster: 'iiot', partitions: 4 },
      { name: 'elsewhere', cluster: 'other', partitions: 4 },
    ],
    pipelines: [{ id: 'plant-telemetry', cluster: 'iiot', input: 'sensor-readings', steps: [filter, hourly, anomalies], ...pipeline }],
    ...extra,
  });
}
const errors = (e: Environment) =>
  checkPipelines(e)
    .filter((p) => p.severity !== 'warning')
    .map((p) => `${p.path}: ${p.message} Fix: ${p.fix}`);

describe('checkPipelines', () => {
  it('accepts the automotive pipeline and builds its spec from the schema', () => {
    const e = env({});
    expect(errors(e)).toEqual([]);
    expect(pipelineQuerySpec(e, e.pipelines[0])).toMatchObject({ input: 'sensor-readings', timestamp: 'eventTime' });
  });
  it('rejects a step writing to an undeclared output, with the path and the fix', () => {
    expect(errors(env({ steps: [{ ...filter, output: 'temperature-spike' }] }))).toEqual([
      'pipelines[0].steps[0].output: unknown output topic of cluster "iiot" "temperature-spike". Fix: did you mean "temperature-spikes"? Known: sensor-readings, temperature-spikes, spike-stats, anomalies.',
    ]);
    expect(errors(env({ steps: [{ ...filter, output: 'elsewhere' }] }))[0]).toMatch(
      /declare topic "elsewhere" on cluster "iiot" \(an event hub\) before writing to it/,
    );
  });
  it('rejects an undeclared input', () => {
    expect(errors(env({ input: 'readings' }))[0]).toMatch(/^pipelines\[0\]\.input: unknown topic of cluster "iiot" "readings"/);
  });
  it('rejects a field the schema does not declare, naming the nearest', () => {
    expect(errors(env({ steps: [{ ...filter, where: { field: 'temprature', op: '>', value: 100 } }] }))[0]).toMatch(
      /^pipelines\[0\]\.steps\[0\]\.where\.field: unknown field of the stream "sensor-readings" "temprature"\. Fix: did you mean "temperature"\?/,
    );
  });
  it('rejects fields that the source step no longer carries', () => {
    const after = {
      kind: 'filter',
      id: 'hot-plants',
      from: 'hourly-spikes',
      where: { field: 'plantId', op: '=', value: 'x' },
      output: 'anomalies',
    };
    expect(errors(env({ steps: [filter, hourly, after] }))[0]).toMatch(
      /steps\[2\]\.where\.field: unknown field of the stream "hourly-spikes" "plantId".*Known: sensorId, windowEnd, spikeCount, avgTemperature/,
    );
  });
  it('rejects arithmetic on a string field', () => {
    expect(errors(env({ steps: [{ ...anomalies, field: 'plantId' }] }))[0]).toMatch(
      /steps\[0\]\.field: field "plantId" is string; this needs a number/,
    );
    expect(errors(env({ steps: [{ ...hourly, from: undefined, aggregates: [{ fn: 'avg', field: 'sensorId', as: 'x' }] }] }))[0]).toMatch(
      /aggregates\[0\]\.field: field "sensorId" is string/,
    );
  });
  it('rejects insane windows', () => {
    expect(errors(env({ steps: [filter, { ...hourly, window: '8d' }] }))[0]).toMatch(
      /steps\[1\]\.window: tumbling window of 8d is longer than the 7 days/,
    );
    expect(errors(env({ steps: [filter, { ...hourly, window: '500ms' }] }))[0]).toMatch(
      /steps\[1\]\.window: tumbling window of 500ms is under a second/,
    );
    expect(errors(env({ steps: [{ ...anomalies, window: '30d' }] }))[0]).toMatch(/anomaly history \(LIMIT DURATION\) of 30d/);
  });
  it('rejects model parameters out of range', () => {
    expect(errors(env({ steps: [{ ...anomalies, confidence: 120 }] }))[0]).toMatch(/confidence is a percentage from 1 to 100, got 120/);
    expect(errors(env({ steps: [{ ...anomalies, historySize: 1 }] }))[0]).toMatch(/historySize 1 leaves the model nothing/);
  });
  it('rejects a reference to a later or unknown step', () => {
    expect(errors(env({ steps: [hourly, filter] }))[0]).toMatch(
      /steps\[0\]\.from: unknown step or input "spikes".*read the pipeline input or a step declared before this one/,
    );
  });
  it('rejects duplicate step ids and ids that shadow topics', () => {
    expect(errors(env({ steps: [filter, { ...filter, output: 'anomalies' }] }))[0]).toMatch(
      /steps\[1\]\.id: step id "spikes" is already used/,
    );
    expect(errors(env({ steps: [{ ...filter, id: 'anomalies' }] }))[0]).toMatch(/steps\[0\]\.id: step id "anomalies" is already used/);
  });
  it('rejects writing back into the input and two steps into one topic', () => {
    expect(errors(env({ steps: [{ ...filter, output: 'sensor-readings' }] }))[0]).toMatch(/writes back into its own input/);
    expect(errors(env({ steps: [filter, { ...anomalies, output: 'temperature-spikes' }] }))[0]).toMatch(/already written by step 0/);
  });
  it('rejects a count with a field and an avg without one', () => {
    const bad = errors(
      env({
        steps: [
          filter,
          {
            ...hourly,
            aggregates: [
              { fn: 'count', field: 'temperature', as: 'n' },
              { fn: 'avg', as: 'a' },
            ],
          },
        ],
      }),
    );
    expect(bad).toContainEqual(expect.stringMatching(/aggregates\[0\]\.field: count counts events/));
    expect(bad).toContainEqual(expect.stringMatching(/aggregates\[1\]\.field: avg needs the field/));
  });
  it('rejects a pipeline on a non-event-hubs cluster and a topic without schema', () => {
    const e = env({}, { clusters: [{ id: 'iiot', kind: 'msk', sites: ['weu'] }] });
    expect(errors(e)[0]).toMatch(/pipelines\[0\]\.cluster: pipelines run on Azure Stream Analytics.*is msk/);
    const noSchema = env({ input: 'spike-stats', steps: [{ ...filter, output: 'anomalies' }] });
    expect(errors(noSchema)[0]).toMatch(
      /^topics\[2\]\.schema: topic "spike-stats" is read by pipeline "plant-telemetry" but declares no event schema/,
    );
  });
  it('rejects streaming units the service does not offer', () => {
    expect(errors(env({ streamingUnits: 5 }))[0]).toMatch(/streamingUnits: .*got 5\. Fix: use 6/);
  });
  it('warns about a step whose result nobody uses', () => {
    const w = checkPipelines(env({ steps: [{ ...filter, output: undefined }, anomalies] })).find((p) => p.severity === 'warning');
    expect(w?.path).toBe('pipelines[0].steps[0].output');
  });
});
