import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { StreamAnalyticsJob as StreamAnalyticsJobResource } from '@cdktf/provider-azurerm/lib/stream-analytics-job';
import { StreamAnalyticsJobSchedule } from '@cdktf/provider-azurerm/lib/stream-analytics-job-schedule';
import { StreamAnalyticsOutputEventhub } from '@cdktf/provider-azurerm/lib/stream-analytics-output-eventhub';
import { StreamAnalyticsStreamInputEventhubV2 } from '@cdktf/provider-azurerm/lib/stream-analytics-stream-input-eventhub-v2';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { STREAMING_UNIT_STEPS } from '../analysis/stream-query';
import { ConstructError } from '../construct-error';

export interface EventHubInput {
  /** Alias the query reads (`FROM [alias]`). */
  readonly alias: string;
  readonly namespaceName: string;
  readonly hubName: string;
  /** Consumer group of the job; never $Default, which other readers share. */
  readonly consumerGroup: string;
}

export interface EventHubOutput {
  /** Alias the query writes (`INTO [alias]`). */
  readonly alias: string;
  readonly namespaceName: string;
  readonly hubName: string;
  /** Record field used as the partition key, so one sensor's results stay in order. @default none (round robin) */
  readonly partitionKey?: string;
}

export interface StreamAnalyticsJobProps {
  /** Name of the job, 3 to 63 letters, digits, dashes and underscores. */
  readonly jobName: string;
  /** Azure region of the job. */
  readonly location: string;
  /** Existing resource group of the job. */
  readonly resourceGroupName: string;
  /** Stream Analytics query; every alias it reads is an input and every alias it writes an output. */
  readonly query: string;
  /** 1, 3, 6 and multiples of 6 up to 120 (6 = one V2 node). @default 3 */
  readonly streamingUnits?: number;
  readonly inputs: readonly EventHubInput[];
  readonly outputs: readonly EventHubOutput[];
  /** Log Analytics workspace receiving the job's logs and metrics. */
  readonly logAnalyticsWorkspaceId: string;
  /** Resources (role assignments) the job must wait for before it starts. @default none */
  readonly startAfter?: ITerraformDependable[];
  /** Tags on the job. Policy KAF-020 needs environment, owner and data-class here. @default - none (fails KAF-020) */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Aliases a query reads (`FROM`/`JOIN`) and writes (`INTO`), CTE names excluded. */
export function queryAliases(query: string): { reads: string[]; writes: string[] } {
  // String literals ('...' with '' for a quote) may hold anything, "[input]" or "FROM [x]" included.
  const body = query.replace(/^--.*$/gm, '').replace(/'(?:[^']|'')*'/g, "''");
  const ctes = new Set([...body.matchAll(/\[([^\]]+)\]\s+AS\s*\(/g)].map((m) => m[1]));
  const reads = [...body.matchAll(/\b(?:FROM|JOIN)\s+\[([^\]]+)\]/gi)].map((m) => m[1]).filter((a) => !ctes.has(a));
  const writes = [...body.matchAll(/\bINTO\s+\[([^\]]+)\]/gi)].map((m) => m[1]);
  return { reads: [...new Set(reads)], writes: [...new Set(writes)] };
}

/**
 * An Azure Stream Analytics job at compatibility level 1.2 with a system-assigned
 * identity: Event Hubs inputs and outputs authenticate with it (no SAS keys), late and
 * out-of-order events are adjusted rather than dropped, output errors stop the job
 * rather than drop results, and the job starts once its inputs, outputs and role
 * assignments exist.
 */
export class StreamAnalyticsJob extends Construct {
  public readonly job: StreamAnalyticsJobResource;
  public readonly jobName: string;
  public readonly inputs: StreamAnalyticsStreamInputEventhubV2[];
  public readonly outputs: StreamAnalyticsOutputEventhub[];
  public readonly diagnostics: MonitorDiagnosticSetting;
  public readonly schedule: StreamAnalyticsJobSchedule;

  constructor(scope: Construct, id: string, props: StreamAnalyticsJobProps) {
    super(scope, id);
    const streamingUnits = props.streamingUnits ?? 3;
    const problems: string[] = [];
    // Stream Analytics job names: 3-63 characters, letters, digits, hyphens and underscores (learn.microsoft.com resource-name-rules, Microsoft.StreamAnalytics).
    if (!Token.isUnresolved(props.jobName) && !/^[a-zA-Z0-9_-]{3,63}$/.test(props.jobName))
      problems.push(`jobName "${props.jobName}" must be 3-63 letters, digits, dashes and underscores.`);
    if (!Token.isUnresolved(streamingUnits) && !STREAMING_UNIT_STEPS.includes(streamingUnits)) {
      problems.push(`streamingUnits must be 1, 3 or a multiple of 6 up to 120, got ${streamingUnits}.`);
    }
    if (!Token.isUnresolved(props.query)) {
      const { reads, writes } = queryAliases(props.query);
      const inAliases = props.inputs.map((i) => i.alias);
      const outAliases = props.outputs.map((o) => o.alias);
      for (const r of reads)
        if (!inAliases.includes(r))
          problems.push(
            `the query reads [${r}], which is no input (inputs: ${inAliases.join(', ') || 'none'}); add the input or fix the query.`,
          );
      for (const w of writes)
        if (!outAliases.includes(w))
          problems.push(
            `the query writes [${w}], which is no output (outputs: ${outAliases.join(', ') || 'none'}); add the output or fix the query.`,
          );
      for (const a of outAliases)
        if (!writes.includes(a)) problems.push(`output [${a}] is never written by the query; remove it or add SELECT ... INTO [${a}].`);
      if (writes.length === 0) problems.push('the query writes no output (no INTO); a job without outputs only costs money.');
    }
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.jobName = props.jobName;
    this.job = new StreamAnalyticsJobResource(this, 'Resource', {
      name: this.jobName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      compatibilityLevel: '1.2',
      skuName: 'Standard',
      streamingUnits,
      transformationQuery: props.query,
      identity: { type: 'SystemAssigned' },
      eventsOutOfOrderPolicy: 'Adjust',
      eventsOutOfOrderMaxDelayInSeconds: 10,
      eventsLateArrivalMaxDelayInSeconds: 60,
      outputErrorPolicy: 'Stop',
      dataLocale: 'en-US',
      tags: props.tags ? { ...props.tags } : undefined,
    });
    const serialization = { type: 'Json', encoding: 'UTF8' };
    this.inputs = props.inputs.map(
      (i) =>
        new StreamAnalyticsStreamInputEventhubV2(this, `Input-${i.alias}`, {
          name: i.alias,
          streamAnalyticsJobId: this.job.id,
          servicebusNamespace: i.namespaceName,
          eventhubName: i.hubName,
          eventhubConsumerGroupName: i.consumerGroup,
          authenticationMode: 'Msi',
          serialization,
        }),
    );
    this.outputs = props.outputs.map(
      (o) =>
        new StreamAnalyticsOutputEventhub(this, `Output-${o.alias}`, {
          name: o.alias,
          streamAnalyticsJobName: this.job.name,
          resourceGroupName: props.resourceGroupName,
          servicebusNamespace: o.namespaceName,
          eventhubName: o.hubName,
          partitionKey: o.partitionKey,
          authenticationMode: 'Msi',
          serialization: { ...serialization, format: 'LineSeparated' },
        }),
    );
    this.diagnostics = new MonitorDiagnosticSetting(this, 'Diagnostics', {
      name: 'to-log-analytics',
      targetResourceId: this.job.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: [{ categoryGroup: 'allLogs' }],
      enabledMetric: [{ category: 'AllMetrics' }],
    });
    this.schedule = new StreamAnalyticsJobSchedule(this, 'Start', {
      streamAnalyticsJobId: this.job.id,
      startMode: 'JobStartTime',
      dependsOn: [...this.inputs, ...this.outputs, ...(props.startAfter ?? [])],
    });
  }

  /** Entra ID object id of the job's managed identity. */
  public get principalId(): string {
    return this.job.identity.principalId;
  }
}
