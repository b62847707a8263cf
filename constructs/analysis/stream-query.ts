import { durationSeconds } from '../model/duration';
import type { Environment, EventFieldTypeName, Pipeline, PipelineStep } from '../model/schema';
import { nearest, type Problem } from '../model/problems';
import { kindModel } from '../kinds/registry';

/**
 * Stream processing steps compiled to an Azure Stream Analytics query (compatibility
 * level 1.2). Generation and validation are plain functions: the StreamingPipeline
 * pattern only places the job, and the review shows the same text the job runs.
 *
 * Each step becomes a common table expression named after its id; a step with an
 * output also gets `SELECT * INTO [output] FROM [step]`. The input is read once, in a
 * CTE that applies TIMESTAMP BY, so every step sees the same event time.
 */

export type FieldType = EventFieldTypeName;
export type Fields = Readonly<Record<string, FieldType>>;

export const ANOMALY_DEFAULTS = { mode: 'spikesanddips', confidence: 95, historySize: 120, window: '1h' } as const;

/** Longest window Stream Analytics accepts for windows and LIMIT DURATION (7 days). */
export const MAX_WINDOW_SECONDS = 7 * 86400;
/** Shortest window this product accepts: sub-second windows on plant telemetry are a typo. */
export const MIN_WINDOW_SECONDS = 1;

/** Stream Analytics streaming units the provider accepts (V1 scale: 6 = one V2 node). */
export const STREAMING_UNIT_STEPS: readonly number[] = [1, 3, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 6)];
/**
 * Input MB/s one V2 node (6 SU) is planned for. Microsoft's scaling guide measures per
 * job and uses 4 MB/s per SU V2 as its worked example; the product takes that as the
 * planning figure until a load test of the real query says otherwise.
 */
export const MBPS_PER_STREAMING_NODE = 4;

/** Streaming units for an input rate: one V2 node (6 SU) per 4 MB/s, 3 SU below 1 MB/s. */
export function sizeStreamingUnits(inMBps: number | undefined): number {
  if (inMBps === undefined || inMBps <= 1) return 3;
  const nodes = Math.ceil(inMBps / MBPS_PER_STREAMING_NODE);
  return Math.min(120, nodes * 6);
}

/** Stream Analytics time units for a window, largest whole unit first. */
export function windowUnit(d: string): { unit: 'day' | 'hour' | 'minute' | 'second' | 'millisecond'; length: number } {
  const s = durationSeconds(d);
  for (const [unit, size] of [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ] as const) {
    if (s >= size && s % size === 0) return { unit, length: s / size };
  }
  return { unit: 'millisecond', length: Math.round(s * 1000) };
}

const q = (name: string) => `[${name.replace(/]/g, ']]')}]`;

function literal(v: number | string | boolean): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return `'${v.replace(/'/g, "''")}'`;
}

/** A step with its defaults applied and its source resolved. */
export type ResolvedStep =
  | (Extract<PipelineStep, { kind: 'filter' }> & { readonly source: string })
  | (Extract<PipelineStep, { kind: 'tumbling-window' }> & { readonly source: string; readonly groupBy: string[] })
  | (Extract<PipelineStep, { kind: 'anomaly-detection' }> & {
      readonly source: string;
      readonly mode: 'spikes' | 'dips' | 'spikesanddips';
      readonly confidence: number;
      readonly historySize: number;
      readonly window: string;
    });

export interface QuerySpec {
  readonly pipeline: string;
  /** Input alias (the topic read). */
  readonly input: string;
  /** Event-time field; undefined means arrival time (EventEnqueuedUtcTime). */
  readonly timestamp?: string;
  readonly steps: readonly ResolvedStep[];
}

/** Name of the CTE that reads the input once with its event time. */
export function inputStream(pipeline: Pick<Pipeline, 'input'>): string {
  return `${pipeline.input}-events`;
}

export function resolveStep(step: PipelineStep, pipeline: Pick<Pipeline, 'input'>): ResolvedStep {
  const source = step.from === undefined || step.from === pipeline.input ? inputStream(pipeline) : step.from;
  switch (step.kind) {
    case 'filter':
      return { ...step, source };
    case 'tumbling-window':
      return { ...step, source, groupBy: step.groupBy ?? [] };
    case 'anomaly-detection':
      return {
        ...step,
        source,
        mode: step.mode ?? ANOMALY_DEFAULTS.mode,
        confidence: step.confidence ?? ANOMALY_DEFAULTS.confidence,
        historySize: step.historySize ?? ANOMALY_DEFAULTS.historySize,
        window: step.window ?? ANOMALY_DEFAULTS.window,
      };
  }
}

/** The query text of one step's CTE body(ies): name and SELECT. */
export function compileStep(s: ResolvedStep): Array<[string, string]> {
  switch (s.kind) {
    case 'filter':
      return [
        [
          s.id,
          `SELECT *\n    FROM ${q(s.source)}\n    WHERE ${q(s.where.field)} ${s.where.op === '!=' ? '<>' : s.where.op} ${literal(s.where.value)}`,
        ],
      ];
    case 'tumbling-window': {
      const w = windowUnit(s.window);
      const cols = [
        ...s.groupBy.map(q),
        `System.Timestamp() AS [windowEnd]`,
        ...s.aggregates.map((a) => `${a.fn.toUpperCase()}(${a.fn === 'count' ? '*' : q(a.field as string)}) AS ${q(a.as)}`),
      ];
      const group = [...s.groupBy.map(q), `TumblingWindow(${w.unit}, ${w.length})`];
      return [[s.id, `SELECT ${cols.join(',\n        ')}\n    FROM ${q(s.source)}\n    GROUP BY ${group.join(', ')}`]];
    }
    case 'anomaly-detection': {
      const w = windowUnit(s.window);
      const scored = `${s.id}-scored`;
      const over = `OVER (${s.partitionBy ? `PARTITION BY ${q(s.partitionBy)} ` : ''}LIMIT DURATION(${w.unit}, ${w.length}))`;
      const keep = [...(s.partitionBy ? [q(s.partitionBy)] : []), `System.Timestamp() AS [eventTime]`, q(s.field)];
      return [
        [
          scored,
          `SELECT ${keep.join(', ')},\n        AnomalyDetection_SpikeAndDip(CAST(${q(s.field)} AS float), ${s.confidence}, ${s.historySize}, '${s.mode}')\n            ${over} AS [scores]\n    FROM ${q(s.source)}`,
        ],
        [
          s.id,
          `SELECT ${[...(s.partitionBy ? [q(s.partitionBy)] : []), '[eventTime]', q(s.field)].join(', ')},\n        CAST(GetRecordPropertyValue([scores], 'Score') AS float) AS [anomalyScore]\n    FROM ${q(scored)}\n    WHERE CAST(GetRecordPropertyValue([scores], 'IsAnomaly') AS bigint) = 1`,
        ],
      ];
    }
  }
}

/**
 * The whole Stream Analytics query. Deterministic: the same steps give the same text,
 * so a plan shows a query change only when the environment changed.
 */
export function compileQuery(spec: QuerySpec): string {
  const read = `SELECT *\n    FROM ${q(spec.input)}${spec.timestamp ? ` TIMESTAMP BY ${q(spec.timestamp)}` : ''}`;
  const ctes: Array<[string, string]> = [[inputStream({ input: spec.input }), read], ...spec.steps.flatMap(compileStep)];
  const withClause = `WITH\n${ctes.map(([name, body]) => `${q(name)} AS (\n    ${body}\n)`).join(',\n')}`;
  const outputs = spec.steps.filter((s) => s.output !== undefined).map((s) => `SELECT *\nINTO ${q(s.output as string)}\nFROM ${q(s.id)}`);
  return `-- Generated by kafka-estate from pipeline "${spec.pipeline}"; change the steps in the environment file, not this text.\n${withClause}\n\n${outputs.join('\n\n')}\n`;
}

/** Fields a step's records carry, given the fields of its source. */
export function stepFields(s: ResolvedStep, source: Fields): Fields {
  switch (s.kind) {
    case 'filter':
      return source;
    case 'tumbling-window':
      return {
        ...Object.fromEntries(s.groupBy.filter((g) => g in source).map((g) => [g, source[g]])),
        windowEnd: 'datetime',
        ...Object.fromEntries(
          s.aggregates.map((a) => [a.as, a.fn === 'count' ? 'integer' : a.fn === 'avg' ? 'number' : (source[a.field ?? ''] ?? 'number')]),
        ),
      };
    case 'anomaly-detection':
      return {
        ...(s.partitionBy && s.partitionBy in source ? { [s.partitionBy]: source[s.partitionBy] } : {}),
        eventTime: 'datetime',
        [s.field]: source[s.field] ?? 'number',
        anomalyScore: 'number',
      };
  }
}

const NUMERIC: readonly FieldType[] = ['number', 'integer'];

/** The QuerySpec of a pipeline from the environment (defaults applied). */
export function pipelineQuerySpec(env: Environment, p: Pipeline): QuerySpec {
  const topic = env.topics.find((t) => t.cluster === p.cluster && t.name === p.input);
  const schema = env.eventSchemas.find((s) => s.id === topic?.schema);
  return { pipeline: p.id, input: p.input, timestamp: schema?.timestamp, steps: p.steps.map((s) => resolveStep(s, p)) };
}

function problem(path: string, message: string, fix: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: '', path, message, fix, severity };
}

function unknown(path: string, what: string, value: string, known: readonly string[], declare: string): Problem {
  const guess = nearest(value, known);
  return problem(
    path,
    `unknown ${what} "${value}".`,
    guess ? `did you mean "${guess}"? Known: ${known.join(', ')}.` : `${declare} Known: ${known.join(', ') || 'none'}.`,
  );
}

/**
 * Environment check for pipelines: the cluster's kind takes pipelines (Event Hubs), the input and
 * every output are topics declared on it, every field a step names is declared in the
 * schema of the stream it reads (with a numeric type where arithmetic needs one), step
 * references point to earlier steps, windows are 1s to 7 days, model parameters are in
 * their documented ranges.
 */
export function checkPipelines(env: Environment): Problem[] {
  const out: Problem[] = [];
  const ids = new Map<string, number>();
  env.pipelines.forEach((p, i) => {
    const at = `pipelines[${i}]`;
    if (ids.has(p.id))
      out.push(
        problem(
          `${at}.id`,
          `duplicate pipeline id "${p.id}" (already pipelines[${ids.get(p.id)}]).`,
          'give each pipeline a unique id; it names the Stream Analytics job.',
        ),
      );
    ids.set(p.id, i);
    const cluster = env.clusters.find((c) => c.id === p.cluster);
    if (!cluster) {
      out.push(
        unknown(
          `${at}.cluster`,
          'cluster',
          p.cluster,
          env.clusters.map((c) => c.id),
          'declare it in clusters.',
        ),
      );
      return;
    }
    if (!kindModel(cluster.kind)?.pipelines) {
      out.push(
        problem(
          `${at}.cluster`,
          `pipelines run on Azure Stream Analytics, which reads Event Hubs; cluster "${p.cluster}" is ${cluster.kind}.`,
          'point the pipeline at an event-hubs cluster (replicate the topic there if it lives elsewhere).',
        ),
      );
      return;
    }
    if (p.streamingUnits !== undefined && !STREAMING_UNIT_STEPS.includes(p.streamingUnits)) {
      out.push(
        problem(
          `${at}.streamingUnits`,
          `Stream Analytics accepts 1, 3, 6 and multiples of 6 up to 120 streaming units, got ${p.streamingUnits}.`,
          `use ${STREAMING_UNIT_STEPS.find((u) => u >= p.streamingUnits!) ?? 120}.`,
        ),
      );
    }
    const topicNames = env.topics.filter((t) => t.cluster === p.cluster).map((t) => t.name);
    const input = env.topics.find((t) => t.cluster === p.cluster && t.name === p.input);
    if (!input) {
      out.push(
        unknown(
          `${at}.input`,
          `topic of cluster "${p.cluster}"`,
          p.input,
          topicNames,
          `declare topic "${p.input}" on cluster "${p.cluster}".`,
        ),
      );
      return;
    }
    const schema = env.eventSchemas.find((s) => s.id === input.schema);
    if (!schema) {
      const ti = env.topics.indexOf(input);
      out.push(
        input.schema === undefined
          ? problem(
              `topics[${ti}].schema`,
              `topic "${input.name}" is read by pipeline "${p.id}" but declares no event schema, so the fields its steps use cannot be checked.`,
              'add schema: <id> naming an entry of eventSchemas.',
            )
          : unknown(
              `topics[${ti}].schema`,
              'event schema',
              input.schema,
              env.eventSchemas.map((s) => s.id),
              'declare it in eventSchemas.',
            ),
      );
      return;
    }
    if (schema.timestamp !== undefined) {
      const si = env.eventSchemas.indexOf(schema);
      if (!(schema.timestamp in schema.fields))
        out.push(
          unknown(
            `eventSchemas[${si}].timestamp`,
            `field of schema "${schema.id}"`,
            schema.timestamp,
            Object.keys(schema.fields),
            'declare it in fields as datetime.',
          ),
        );
      else if (schema.fields[schema.timestamp] !== 'datetime')
        out.push(
          problem(
            `eventSchemas[${si}].timestamp`,
            `timestamp field "${schema.timestamp}" is ${schema.fields[schema.timestamp]}, not datetime.`,
            'declare it as datetime, or name a datetime field.',
          ),
        );
    }

    const streams = new Map<string, Fields>([[inputStream(p), schema.fields]]);
    const outputs = new Map<string, number>();
    const reserved = new Set([...topicNames, inputStream(p)]);
    p.steps.forEach((raw, j) => {
      const sp = `${at}.steps[${j}]`;
      const s = resolveStep(raw, p);
      if (streams.has(s.id) || reserved.has(s.id) || streams.has(`${s.id}-scored`)) {
        out.push(
          problem(
            `${sp}.id`,
            `step id "${s.id}" is already used by a step, a topic or the input stream.`,
            'give each step an id no topic or other step uses; it names a query expression.',
          ),
        );
      }
      const source = streams.get(s.source);
      if (!source) {
        const known = [p.input, ...p.steps.slice(0, j).map((x) => x.id)];
        out.push(
          unknown(`${sp}.from`, 'step or input', raw.from ?? '', known, 'read the pipeline input or a step declared before this one.'),
        );
      }
      const fields = source ?? {};
      const need = (path: string, field: string, numeric: boolean) => {
        if (!source) return;
        if (!(field in fields)) {
          out.push(
            unknown(
              path,
              `field of the stream "${raw.from ?? p.input}"`,
              field,
              Object.keys(fields),
              `declare "${field}" in schema "${schema.id}" or use a field the stream carries.`,
            ),
          );
        } else if (numeric && !NUMERIC.includes(fields[field])) {
          out.push(problem(path, `field "${field}" is ${fields[field]}; this needs a number.`, 'use a number or integer field.'));
        }
      };
      switch (s.kind) {
        case 'filter':
          need(`${sp}.where.field`, s.where.field, ['>', '>=', '<', '<='].includes(s.where.op));
          if (source && s.where.field in fields && typeof s.where.value === 'number' && !NUMERIC.includes(fields[s.where.field])) {
            out.push(
              problem(
                `${sp}.where.value`,
                `compares ${fields[s.where.field]} field "${s.where.field}" with the number ${s.where.value}.`,
                "compare with a value of the field's type.",
              ),
            );
          }
          break;
        case 'tumbling-window': {
          s.groupBy.forEach((g, k) => need(`${sp}.groupBy[${k}]`, g, false));
          const seenAs = new Set<string>(s.groupBy);
          s.aggregates.forEach((a, k) => {
            if (a.fn === 'count' && a.field !== undefined)
              out.push(
                problem(
                  `${sp}.aggregates[${k}].field`,
                  'count counts events; a field means nothing here.',
                  'remove field from the count aggregate.',
                ),
              );
            if (a.fn !== 'count') {
              if (a.field === undefined)
                out.push(
                  problem(
                    `${sp}.aggregates[${k}].field`,
                    `${a.fn} needs the field it aggregates.`,
                    `add field: <numeric field> to the ${a.fn} aggregate.`,
                  ),
                );
              else need(`${sp}.aggregates[${k}].field`, a.field, true);
            }
            if (seenAs.has(a.as) || a.as === 'windowEnd')
              out.push(
                problem(
                  `${sp}.aggregates[${k}].as`,
                  `output column "${a.as}" is used twice in step "${s.id}".`,
                  'give each aggregate its own name.',
                ),
              );
            seenAs.add(a.as);
          });
          out.push(...checkWindow(`${sp}.window`, s.window, 'tumbling window'));
          break;
        }
        case 'anomaly-detection':
          need(`${sp}.field`, s.field, true);
          if (s.partitionBy !== undefined) need(`${sp}.partitionBy`, s.partitionBy, false);
          if (s.confidence < 1 || s.confidence > 100)
            out.push(
              problem(
                `${sp}.confidence`,
                `confidence is a percentage from 1 to 100, got ${s.confidence}.`,
                'start between 70 and 90 and tune it on test data (95 is the default).',
              ),
            );
          if (s.historySize < 2)
            out.push(
              problem(
                `${sp}.historySize`,
                `historySize ${s.historySize} leaves the model nothing to learn from.`,
                'use the number of events in a stretch of normal behaviour, e.g. 120.',
              ),
            );
          out.push(...checkWindow(`${sp}.window`, s.window, 'anomaly history (LIMIT DURATION)'));
          break;
      }
      streams.set(s.id, stepFields(s, fields));
      if (raw.output !== undefined) {
        if (!topicNames.includes(raw.output)) {
          out.push(
            unknown(
              `${sp}.output`,
              `output topic of cluster "${p.cluster}"`,
              raw.output,
              topicNames,
              `declare topic "${raw.output}" on cluster "${p.cluster}" (an event hub) before writing to it.`,
            ),
          );
        } else if (raw.output === p.input) {
          out.push(
            problem(
              `${sp}.output`,
              `step "${s.id}" writes back into its own input "${p.input}": every output would be read again, forever.`,
              'write to another topic.',
            ),
          );
        } else if (outputs.has(raw.output)) {
          out.push(
            problem(
              `${sp}.output`,
              `topic "${raw.output}" is already written by step ${outputs.get(raw.output)} of this pipeline; two record shapes in one topic break its readers.`,
              'give each step its own output topic.',
            ),
          );
        }
        outputs.set(raw.output, j);
      }
    });
    const read = new Set(p.steps.map((s) => resolveStep(s, p).source));
    p.steps.forEach((s, j) => {
      if (s.output === undefined && !read.has(s.id)) {
        out.push(
          problem(
            `${at}.steps[${j}].output`,
            `step "${s.id}" has no output and no later step reads it, so its work is thrown away.`,
            'add output: <topic>, read it from a later step, or remove it.',
            'warning',
          ),
        );
      }
    });
  });
  return out;
}

function checkWindow(path: string, d: string, what: string): Problem[] {
  const s = durationSeconds(d);
  if (s < MIN_WINDOW_SECONDS)
    return [
      problem(path, `${what} of ${d} is under a second.`, 'use a window of at least 1s (plant telemetry windows are minutes to hours).'),
    ];
  if (s > MAX_WINDOW_SECONDS)
    return [
      problem(
        path,
        `${what} of ${d} is longer than the 7 days Stream Analytics allows.`,
        'use at most 7d; aggregate longer periods downstream.',
      ),
    ];
  if (s % 1 !== 0)
    return [problem(path, `${what} of ${d} is not a whole number of seconds.`, 'use whole seconds, minutes, hours or days.')];
  return [];
}
