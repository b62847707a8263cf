import { formatSeconds } from '../model/duration';
import type { Environment } from '../model/schema';
import { IMPLEMENTATIONS } from './replication-implementation';
import { flowObjectives, flowStacks, linkId, type ReplicationFlow } from './replication-link';

/**
 * The failover/failback runbook of one replication link, as markdown. Its steps keep
 * Terraform state consistent: they name the file and the stack to change, apply stacks
 * in an order where no stack depends on a lost region, never destroy a cluster, key or
 * topic (prevent_destroy stays on) and never edit state by hand.
 */
export function runbookPath(env: Environment, link: string): string {
  return `runbooks/${env.name}/${link}.md`;
}

const STATE_RULES = [
  'Never run `cdktf destroy`, `terraform state rm`, `terraform apply -target` or `-replace` for this procedure, and never remove a `prevent_destroy`: clusters, keys, namespaces and topics carry it so a wrong plan fails instead of deleting data.',
  'Change the estate only through the environment file and `npx cdktf deploy <stack>` from one commit, so state and code stay in step.',
  'If a plan shows a cluster, key, namespace or topic to destroy or replace, stop: the only resources this runbook removes are copy machinery (replicator, connectors, Geo-DR pairing).',
];

function table(rows: Array<[string, string]>): string {
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n');
}

function numbered(steps: string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
}

function summary(env: Environment, f: ReplicationFlow): string {
  const o = flowObjectives(f, env);
  const stacks = flowStacks(env, f);
  return [
    `### ${f.from} -> ${f.to}${f.direction === 'reverse' ? ' (reverse direction)' : ''}`,
    '',
    table([
      ['source', `cluster \`${f.from}\` (${f.sourceKind}) in site \`${f.sourceSite}\`, stack \`${stacks.source}\``],
      ['target', `cluster \`${f.to}\` (${f.targetKind}) in site \`${f.targetSite}\`, stack \`${stacks.target}\` (holds the copy)`],
      ['implementation', `${IMPLEMENTATIONS[f.implementation].label}: ${IMPLEMENTATIONS[f.implementation].mechanism}`],
      ['topics', f.topics.map((t) => (t.source === t.target ? `\`${t.source}\`` : `\`${t.source}\` -> \`${t.target}\``)).join(', ')],
      ['topic names', f.naming === 'identical' ? 'identical on both ends' : 'prefixed with the source alias on the target (no loops)'],
      ['starting position', IMPLEMENTATIONS[f.implementation].eventsCopied ? f.startingPosition : 'n/a (no events copied)'],
      ['RPO', o.rpo],
      ['RTO', o.rto],
      ['consumer offsets', `${o.offsetsFollow ? 'follow' : 'do not follow'}: ${o.offsets}`],
    ]),
  ].join('\n');
}

function lagLoss(f: ReplicationFlow): string {
  return f.maxLagSeconds === undefined
    ? `Records not yet copied to \`${f.to}\` are lost; no maxLag is declared, so how many is unknown.`
    : `Records produced in the last ${formatSeconds(f.maxLagSeconds)} (the lag budget) may not have reached \`${f.to}\`.`;
}

function failoverSteps(env: Environment, f: ReplicationFlow, file: string): string[] {
  const stacks = flowStacks(env, f);
  const facts = IMPLEMENTATIONS[f.implementation];
  if (f.implementation === 'event-hubs-geo-dr') {
    return [
      `Confirm the primary namespace of \`${f.from}\` is lost (Azure status, namespace metrics) and decide. Events still on the primary are not on the secondary: this pair copies metadata only.`,
      `Fail the alias over from the secondary side: \`az eventhubs georecovery-alias fail-over --alias <alias> --namespace-name <secondary namespace> --resource-group <secondary resource group>\` (names are in stack \`${stacks.target}\`, resource \`azurerm_eventhub_namespace_disaster_recovery_config\`).`,
      'Clients keep the alias host name; producers resume on the secondary at once. Consumers start from their `auto.offset.reset` policy because offsets are not copied.',
      `Do not plan or apply \`${stacks.target}\` until the failback below: the pairing resource in its state now describes a broken pair.`,
    ];
  }
  return [
    `Confirm the source \`${f.from}\` is lost (lag alarm of link \`${f.linkId}\`, broker metrics, provider status) and decide. ${lagLoss(f)}`,
    `If the source still answers (a planned switchover): stop producers on \`${f.from}\`, wait until the replication lag of \`${f.linkId}\` is 0, and nothing is lost.`,
    `Move consumers first: point them at \`${f.to}\`${f.naming === 'prefixed' ? ` and subscribe to the prefixed copies (${f.topics.map((t) => `\`${t.target}\``).join(', ')})` : ''}. ${facts.offsetsFollow ? `Committed offsets were translated (${facts.offsets}); expect a few duplicates since the last checkpoint, never a gap beyond the RPO.` : 'Offsets are not copied: consumers restart from their reset policy.'}`,
    `Then move producers to \`${f.to}\` (${facts.clientSwitch}).`,
    `No Terraform change is needed to fail over. Do not plan or apply \`${stacks.source}\` while its region is down; \`${stacks.target}\` reads the source cluster by its planned name, so plan it only once the source answers again. Leave ${file} unchanged until failback.`,
  ];
}

function failbackSteps(env: Environment, f: ReplicationFlow, file: string): string[] {
  const stacks = flowStacks(env, f);
  const entry = `replication[${f.index}]`;
  if (f.implementation === 'event-hubs-geo-dr') {
    return [
      `A Geo-DR failover is one-way: Azure pairs only with an empty secondary, and the old primary's event hubs carry prevent_destroy, so it cannot be re-paired as it is.`,
      `In ${file}, add a new empty namespace (a new event-hubs cluster entry in a second region) and point \`${entry}\` from the promoted namespace \`${f.to}\` to it (swap \`from\`/\`to\`, set \`to\` to the new namespace, keep \`id: ${f.linkId}\`).`,
      `\`npm run synth\`, then \`npx cdktf diff ${stacks.target}\`: the only destroy is the old pairing resource (already broken; the provider drops it from state). Deploy \`${stacks.target}\`, then the stack of the new namespace.`,
      `Retire the old primary namespace deliberately, in its own reviewed change, once nothing reads from it.`,
    ];
  }
  const mm2 = f.implementation !== 'msk-replicator';
  return [
    `When \`${f.from}\` is healthy again, reverse the copy in ${file}: add \`reversed: true\` to \`${entry}\` (id \`${f.linkId}\`; \`from\`, \`to\` and the topics stay as they are, so the runbook and the lag alarm keep their names). Do not add a second entry in the opposite direction: identical names both ways loop, and validation rejects it.`,
    `\`npm run synth\`, then \`npx cdktf diff ${stacks.target}\` and \`npx cdktf diff ${stacks.source}\`. The target stack drops only the forward copy; the source stack gains the reverse copy. Any cluster, key or topic in a destroy or replace line: stop.`,
    `Deploy \`${stacks.target}\` first (the forward copy stops, so nothing flows both ways), then \`${stacks.source}\` (the reverse copy starts at ${f.startingPosition}).`,
    mm2
      ? `MirrorMaker 2 does not mark copies: starting at earliest, the reverse copy also carries the records that came from \`${f.from}\` before the failover, so \`${f.from}\` holds them twice. Consumers must be idempotent, or accept the duplicates.`
      : `MSK Replicator marks every copied record (\`__mskmr\` header) and does not copy records back to the cluster they came from, so \`${f.from}\` gets only what was written on \`${f.to}\` during the failover.`,
    `Records that were on \`${f.from}\` but never copied (at most the lag budget before the failure) exist only there: reconcile them from the producing application before switching back.`,
    `When the reverse lag is 0: stop producers on \`${f.to}\`, wait for lag 0, move consumers and then producers back to \`${f.from}\`.`,
    `In ${file}, remove \`reversed\` from \`${entry}\` and set \`startingPosition: latest\`: both ends are in sync, so the re-created forward copy misses nothing and copies no history twice. Deploy \`${stacks.source}\` first (removes the reverse copy), then \`${stacks.target}\`.`,
  ];
}

function migrationSteps(env: Environment, f: ReplicationFlow, file: string): string[] {
  const stacks = flowStacks(env, f);
  return [
    `The copy starts at ${f.startingPosition}; wait until the replication lag of \`${f.linkId}\` is ${f.maxLagSeconds === undefined ? 'near 0' : `below its budget (${formatSeconds(f.maxLagSeconds)})`} and steady.`,
    `Move consumers group by group: stop the group on \`${f.from}\`, check its translated offsets on \`${f.to}\` (\`kafka-consumer-groups --describe --group <group>\` against the target), start it against \`${f.to}\`. ${IMPLEMENTATIONS[f.implementation].offsets}.`,
    `Move producers: stop them on \`${f.from}\`, wait for lag 0, start them against \`${f.to}\`. From here \`${f.to}\` is the system of record.`,
    `Stop the copy: remove \`replication[${f.index}]\` from ${file}, \`npm run synth\`, \`npx cdktf diff ${stacks.target}\` (only the copy machinery is destroyed), deploy \`${stacks.target}\`.`,
    `The old cluster \`${f.from}\` stays, protected by prevent_destroy. Retiring it is a separate, reviewed change once nothing reads from it.`,
    `Rollback before producers moved: point consumers back at \`${f.from}\`; their offsets there were never changed.`,
  ];
}

/** The runbook of one link: every flow of the entry (two for active-active). */
export function renderRunbook(env: Environment, flows: readonly ReplicationFlow[], file = `environments/${env.name}.yaml`): string {
  if (flows.length === 0) throw new Error('renderRunbook needs at least one flow of the link');
  const first = flows[0];
  const r = env.replication[first.index];
  const out: string[] = [
    `# Runbook: replication link \`${linkId(r)}\` (${env.name})`,
    '',
    `Mode **${r.mode}**: ${
      r.mode === 'active-active'
        ? "both clusters take writes; each copies the other's topics under prefixed names, so nothing loops."
        : r.mode === 'migration'
          ? `copy \`${r.from}\` into \`${r.to}\`, then cut consumers over with translated offsets, then producers.`
          : `\`${r.from}\` takes writes, \`${r.to}\` holds a copy with identical topic names for failover.`
    }`,
    '',
    ...(r.reversed
      ? [
          '**Failback in progress** (`reversed: true`): the copy currently runs `' +
            r.to +
            '` -> `' +
            r.from +
            '`, built in the stack of `' +
            r.from +
            '`. The steps below describe the link in its normal direction.',
          '',
        ]
      : []),
    'Generated from the environment file; do not edit it here.',
    '',
    '## What this link promises',
    '',
    ...flows.flatMap((f) => [summary(env, f), '']),
    '## Terraform state rules',
    '',
    ...STATE_RULES.map((s) => `- ${s}`),
    '',
    '## First deploy',
    '',
    r.mode === 'active-active'
      ? `Each side finds the other's cluster by its planned name, so apply \`${flowStacks(env, first).source}\` and \`${flowStacks(env, first).target}\` without this entry first, then add the entry and apply both again.`
      : `Apply \`${flowStacks(env, first).source}\` (the source cluster) before \`${flowStacks(env, first).target}\`, which finds it by its planned name.`,
    '',
  ];
  if (r.mode === 'migration') {
    out.push('## Cutover', '', numbered(migrationSteps(env, first, file)), '');
  } else if (r.mode === 'active-active') {
    for (const f of flows) {
      out.push(
        `## Failover: \`${f.from}\` lost`,
        '',
        numbered([
          `Confirm \`${f.from}\` is lost and decide. ${lagLoss(f)}`,
          `Move \`${f.from}\`'s producers and consumers to \`${f.to}\`. Consumers of the copies read ${f.topics.map((t) => `\`${t.target}\``).join(', ')} on \`${f.to}\`; ${IMPLEMENTATIONS[f.implementation].offsets}.`,
          `No Terraform change: both copies stay declared. Do not plan or apply \`${flowStacks(env, f).source}\` while its region is down.`,
          `Failback: when \`${f.from}\` returns, the copy into it resumes from its stored position and catches up; once its lag is 0, move the clients back. No file change, no stack to apply.`,
        ]),
        '',
      );
    }
  } else {
    out.push(
      '## Failover',
      '',
      numbered(failoverSteps(env, first, file)),
      '',
      '## Failback',
      '',
      numbered(failbackSteps(env, first, file)),
      '',
    );
  }
  return out.join('\n');
}
