import { dependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EventHubsNamespace } from '../azure/event-hubs-namespace';
import { StreamAnalyticsJob } from '../azure/stream-analytics-job';
import { resourceName } from '../model/naming';
import { compileQuery, sizeStreamingUnits, type QuerySpec, type ResolvedStep } from '../analysis/stream-query';
import { ConstructError } from '../construct-error';

export interface StreamingPipelineProps {
  /** Prefix of the job name (`<namePrefix>-<pipelineId>`); lowercase letters, digits and dashes. */
  readonly namePrefix: string;
  /**
   * Pipeline id: ends the job name, names the job's consumer group on the input hub and
   * the ids of its role assignments.
   */
  readonly pipelineId: string;
  /** Namespace holding the input and output hubs. */
  readonly namespace: EventHubsNamespace;
  /** The typed steps (analysis/stream-query.ts); the query text is generated from them. */
  readonly spec: QuerySpec;
  /** Streaming units. @default sized from inMBps (one V2 node, 6 SU, per 4 MB/s) */
  readonly streamingUnits?: number;
  /** Peak input MB/s, for sizing. @default 1 */
  readonly inMBps?: number;
  /** Azure region of the job, normally the namespace's. */
  readonly location: string;
  /** Existing resource group of the job. */
  readonly resourceGroupName: string;
  /** Log Analytics workspace receiving the job's logs and metrics. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Tags on the job (its inputs, outputs and grants take none in Azure). Policy KAF-020
   * needs environment, owner and data-class here.
   * @default - none (fails KAF-020)
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Field that keys a step's output partitions, so one sensor's results stay in order. */
function partitionKeyOf(s: ResolvedStep): string | undefined {
  if (s.kind === 'tumbling-window') return s.groupBy[0];
  if (s.kind === 'anomaly-detection') return s.partitionBy;
  return undefined;
}

/**
 * Stream processing over Event Hubs topics, compiled from typed steps to one Stream
 * Analytics job. Wires what a hand-built job gets wrong: its own consumer group on the
 * input hub, receive on the input and send on the outputs for the job's managed
 * identity only, and a start that waits for those grants.
 */
export class StreamingPipeline extends Construct {
  public readonly job: StreamAnalyticsJob;
  /** The generated Stream Analytics query. */
  public readonly query: string;

  constructor(scope: Construct, id: string, props: StreamingPipelineProps) {
    super(scope, id);
    const { namespace: ns, spec } = props;
    const hubs = Object.keys(ns.hubs);
    const problems: string[] = [];
    if (!hubs.includes(spec.input))
      problems.push(
        `input "${spec.input}" is no hub of the namespace (hubs: ${hubs.join(', ') || 'none'}); declare the topic on its cluster.`,
      );
    for (const s of spec.steps) {
      if (s.output !== undefined && !hubs.includes(s.output))
        problems.push(
          `step "${s.id}" writes to "${s.output}", which is no hub of the namespace (hubs: ${hubs.join(', ') || 'none'}); declare the topic on its cluster.`,
        );
    }
    if (!spec.steps.some((s) => s.output !== undefined))
      problems.push('no step has an output; the job would compute and discard everything. Give at least one step an output topic.');
    // Environment files: checkPipelines reports these first.
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.query = compileQuery(spec);
    const consumerGroup = ns.addConsumerGroup(spec.input, props.pipelineId, `Stream Analytics job of pipeline ${props.pipelineId}`);
    const outputs = spec.steps.filter((s) => s.output !== undefined);
    this.job = new StreamAnalyticsJob(this, 'Job', {
      jobName: resourceName({ env: props.namePrefix, component: props.pipelineId }),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      query: this.query,
      streamingUnits: props.streamingUnits ?? sizeStreamingUnits(props.inMBps),
      inputs: [
        { alias: spec.input, namespaceName: ns.namespace.name, hubName: ns.hub(spec.input).name, consumerGroup: consumerGroup.name },
      ],
      outputs: outputs.map((s) => ({
        alias: s.output as string,
        namespaceName: ns.namespace.name,
        hubName: ns.hub(s.output as string).name,
        partitionKey: partitionKeyOf(s),
      })),
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      tags: props.tags,
    });
    const grants = [
      ns.grant(spec.input, this.job.principalId, 'receive', props.pipelineId),
      ...[...new Set(outputs.map((s) => s.output as string))].map((o) => ns.grant(o, this.job.principalId, 'send', props.pipelineId)),
    ];
    // The job starts only once its identity may read and write; otherwise it fails on start.
    this.job.schedule.dependsOn = [...(this.job.schedule.dependsOn ?? []), ...grants.map((g) => dependable(g))];
  }
}
