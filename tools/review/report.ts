import { formatSeconds } from '../../constructs/model/duration';
import type { EstatePlan } from '../../constructs/analysis/plan';
import { flowProblems, partText, FLOW_PARTS } from '../../constructs/analysis/flows';
import { SCOPE_WORDS } from '../../constructs/analysis/failure-domains';
import type { Environment } from '../../constructs/model/schema';
import { describeRpo, describeRto, type ObjectiveResult, type Outcome } from '../../constructs/analysis/resilience';
import type { AddressDiff } from './address-guard';
import { objectiveAlarms, objectiveWatches, policyRecords, policyRules, sizingNotes } from './seams';
import { controlPlaneLoss, type ControlPlaneLoss } from './control-plane';
import { EDGE_ROWS_COLLAPSE, siteLossRows, siteOfOutcome, type LossRow } from './site-loss';
import { statefulKind } from './stateful';
import { deployWaves, type SynthResource, type SynthStack } from './synth-output';

/** Everything the review says about one environment; the markdown and the terminal summary are views of it. */
export interface EnvironmentReview {
  readonly env: Environment;
  /** The plan the synth rendered: deploy order and its reasons come from here. */
  readonly plan: EstatePlan;
  readonly stacks: SynthStack[];
  readonly waves: string[][];
  /** The plan's resilience outcomes and objective results, as planEstate assessed them. */
  readonly outcomes: readonly Outcome[];
  readonly objectives: readonly ObjectiveResult[];
  readonly siteLoss: LossRow[];
  /** What can still be planned and applied under each region, provider or edge-site loss. */
  readonly controlPlane: readonly ControlPlaneLoss[];
  readonly stateful: Array<SynthResource & { kind: string }>;
  /** Things that are wrong: the review exits non-zero when any environment has one. */
  readonly problems: string[];
  /** Things a reviewer should look at that do not fail the review. */
  readonly warnings: string[];
}

/** Stacks of an environment: `<env>-…`, the longest environment name winning so `dev` does not take `dev-eu`'s stacks. */
export function stacksOf(env: Environment, all: readonly SynthStack[], allEnvNames: readonly string[]): SynthStack[] {
  const owner = (stack: string) => [...allEnvNames].sort((a, b) => b.length - a.length).find((n) => stack.startsWith(`${n}-`));
  return all.filter((s) => owner(s.name) === env.name);
}

export function reviewEnvironment(plan: EstatePlan, stacks: SynthStack[]): EnvironmentReview {
  const { env } = plan;
  const problems: string[] = [];
  const warnings: string[] = [];
  // The synthesized manifest must hold the planned stacks and dependencies; a difference means cdktf.out is stale.
  for (const s of stacks) {
    const planned = plan.stacks.find((p) => p.id === s.name);
    const unplanned = s.dependencies.filter((d) => !planned?.dependsOn.some((p) => p.stack === d));
    if (!planned) problems.push(`stack ${s.name} is not in the plan of ${env.name}; run \`npm run synth\` again.`);
    else if (unplanned.length > 0)
      problems.push(`stack ${s.name} depends on ${unplanned.join(', ')}, which the plan does not; run \`npm run synth\` again.`);
  }
  let waves: string[][] = [];
  try {
    waves = deployWaves(stacks);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (stacks.length === 0)
    problems.push(
      `no synthesized stacks for environment "${env.name}"; run \`npm run synth\` again (cdktf.out is older than environments/).`,
    );
  for (const site of env.sites) {
    if (stacks.length > 0 && !stacks.some((s) => s.name === `${env.name}-${site.id}` || s.name.startsWith(`${env.name}-${site.id}-`))) {
      problems.push(`site "${site.id}" has no stack in cdktf.out; run \`npm run synth\` again.`);
    }
  }
  const { outcomes, objectives } = plan.resilience;
  for (const o of objectives) {
    if (o.topics.length > 0 && !o.met)
      problems.push(`topic group "${o.group.id}" does not meet its declared RPO ${o.group.rpo} / RTO ${o.group.rto}.`);
  }
  const stateful = stacks.flatMap((s) =>
    s.resources.flatMap((r) => {
      const kind = statefulKind(r);
      return kind ? [{ ...r, kind }] : [];
    }),
  );
  // A fleet repeats one flow per site: the same finding is reported once with how many flows share it.
  const byFinding = new Map<string, { first: string; severity?: string; count: number }>();
  for (const p of flowProblems(plan.flows)) {
    const key = `${p.severity}:${p.message.replace(/^flow "[^"]*"/, 'flow')} Fix: ${p.fix}`;
    const known = byFinding.get(key);
    if (known) known.count++;
    else byFinding.set(key, { first: `${p.message} Fix: ${p.fix}`, severity: p.severity, count: 1 });
  }
  for (const f of byFinding.values())
    (f.severity === 'warning' ? warnings : problems).push(f.count > 3 ? `${f.first} (The same for ${f.count - 1} more flows.)` : f.first);
  for (const r of stateful.filter((r) => !r.preventDestroy)) {
    warnings.push(`${r.stack}/${r.address} (${r.kind}) has no prevent_destroy.`);
  }
  const controlPlane = controlPlaneLoss(plan, stacks);
  return { env, plan, stacks, waves, outcomes, objectives, siteLoss: siteLossRows(plan), controlPlane, stateful, problems, warnings };
}

/** Past this many outcomes (a 1,000-site fleet has thousands) the detail table stops; the site-loss table folds them. */
export const MAX_OUTCOME_ROWS = 200;

/** Flow rows shown; a large fleet repeats the same few flows per site, and every flow is checked at synth regardless. */
export const MAX_FLOW_ROWS = 60;

/** Policy detail rows shown before the rest is left to cdktf.out/policy.json (the per-rule counts above it stay complete). */
export const MAX_POLICY_ROWS = 50;

/** The first few names and how many more, so one cell stays readable. */
function list(names: readonly string[], max = 6): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Escapes a markdown table cell. */
export function cell(s: string | number): string {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function table(head: string[], rows: Array<Array<string | number>>): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function stackSection(r: EnvironmentReview): string[] {
  const wave = new Map(r.waves.flatMap((w, i) => w.map((s) => [s, i + 1] as const)));
  // Why a stack waits, as the plan decided it (analysis/plan StackPlan.dependsOn).
  const why = new Map(r.plan.stacks.flatMap((s) => s.dependsOn.map((d) => [`${d.stack}>${s.id}`, d.reason] as const)));
  const rows = [...r.stacks]
    .sort((a, b) => (wave.get(a.name) ?? 0) - (wave.get(b.name) ?? 0) || a.name.localeCompare(b.name))
    .map((s) => [
      wave.get(s.name) ?? '?',
      `\`${s.name}\``,
      s.dependencies.length
        ? s.dependencies.map((d) => `\`${d}\`${why.has(`${d}>${s.name}`) ? ` (${why.get(`${d}>${s.name}`)})` : ''}`).join(', ')
        : '—',
      s.resources.length,
      s.backend,
    ]);
  const counts = new Map<string, number>();
  for (const s of r.stacks) for (const res of s.resources) counts.set(res.type, (counts.get(res.type) ?? 0) + 1);
  const out = [
    '### Stacks and deploy order',
    '',
    'Deploy in wave order; stacks of one wave are independent (`npx cdktf deploy` follows the same order).',
    '',
    ...table(['wave', 'stack', 'after', 'resources', 'backend'], rows),
    '',
    '<details><summary>Resources by type</summary>',
    '',
    ...table(
      ['type', 'count'],
      [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    ),
    '',
    '</details>',
    '',
    '### Stateful resources',
    '',
  ];
  if (r.stateful.length === 0) return [...out, 'None.', ''];
  return [
    ...out,
    ...table(
      ['stack', 'address', 'holds', 'prevent_destroy'],
      r.stateful.map((s) => [`\`${s.stack}\``, `\`${s.address}\``, s.kind, s.preventDestroy ? 'yes' : '**NO**']),
    ),
    '',
  ];
}

function resilienceSection(r: EnvironmentReview): string[] {
  const out = ['### Resilience: declared vs achieved', ''];
  const groups = r.objectives.filter((o) => o.topics.length > 0);
  if (groups.length === 0) out.push('No topic group declares an objective.', '');
  else {
    out.push(
      ...table(
        ['group', 'must survive', 'declared RPO / RTO', 'achieved RPO', 'achieved RTO', 'met', 'why'],
        groups.map((o) => {
          const w = o.worst;
          const why = w
            ? [...new Set([`${w.rpo.failure}: ${w.rpo.reason}`, `${w.rto.failure}: ${w.rto.reason}`])].join('; ')
            : 'no resilience model covers these topics';
          const alarms = objectiveAlarms(r.plan, o.group.id);
          return [
            `${o.group.id} (${o.topics.join(', ')})`,
            SCOPE_WORDS[o.scope],
            `${o.group.rpo} / ${o.group.rto}`,
            w ? describeRpo(w.rpo) : '—',
            w ? describeRto(w.rto) : '—',
            o.met ? 'yes' : '**NO**',
            alarms?.length ? `${why}. Watched by: ${list(alarms)}` : why,
          ];
        }),
      ),
      '',
    );
  }
  const watches = objectiveWatches(r.plan);
  if (watches.length > 0) {
    out.push(
      'Objectives and the alarms that watch them (analysis/alarms):',
      '',
      ...table(
        ['objective', 'declared at', 'watched by', 'gap'],
        watches
          .slice(0, MAX_OUTCOME_ROWS)
          .map((w) => [w.objective, `\`${w.path}\``, w.alarms.length ? list(w.alarms) : '**nothing**', w.gap ?? '—']),
      ),
      ...(watches.length > MAX_OUTCOME_ROWS ? ['', `…and ${watches.length - MAX_OUTCOME_ROWS} more objectives.`] : []),
      '',
    );
  }
  const grouped = new Set(r.objectives.flatMap((o) => o.topics));
  const loose = r.env.topics.filter((t) => !t.group || !grouped.has(t.name)).map((t) => t.name);
  if (loose.length > 0) out.push(`Topics without an objective (best effort): ${loose.map((t) => `\`${t}\``).join(', ')}.`, '');
  if (r.outcomes.length > 0) {
    out.push(
      '<details><summary>Every topic under every single failure</summary>',
      '',
      ...table(
        ['topic', 'cluster', 'failure', 'RPO', 'RTO', 'writes', 'mechanism'],
        r.outcomes
          .slice(0, MAX_OUTCOME_ROWS)
          .map((o) => [o.topic, o.cluster, o.failure, describeRpo(o), describeRto(o), o.writesContinue ? 'continue' : 'stop', o.mechanism]),
      ),
      ...(r.outcomes.length > MAX_OUTCOME_ROWS
        ? ['', `…and ${r.outcomes.length - MAX_OUTCOME_ROWS} more outcomes (the site-loss table below folds them per fleet).`]
        : []),
      '',
      '</details>',
      '',
    );
  }
  return out;
}

function siteLossSection(r: EnvironmentReview): string[] {
  return [
    '### When a site or a link is lost',
    '',
    ...table(
      ['lost', 'controller quorum', 'writes', 'possible data loss', 'flows that stop or degrade', 'runbook'],
      r.siteLoss.map((l) => [l.lost, l.quorum, l.writes, l.dataLoss, l.flows, l.runbook]),
    ),
    '',
    ...controlPlaneSection(r),
  ];
}

/** The control plane under each loss (control-plane.ts), and where each stack runs. */
function controlPlaneSection(r: EnvironmentReview): string[] {
  const runner = (s: EnvironmentReview['plan']['stacks'][number]) =>
    s.runner.kind === 'hosted'
      ? ['hosted (`ubuntu-latest`)', 'cloud control-plane APIs only']
      : [`\`[self-hosted, ${s.runner.label}]\``, s.runner.why];
  return [
    '### The control plane when a region is lost',
    '',
    'Each stack needs its state store, the providers it configures and the states it reads when Terraform plans; a stack whose needs all survive can be planned and applied.',
    '',
    ...table(
      ['lost', 'can be planned and applied', 'cannot, and why', 'what to run'],
      r.controlPlane.map((c) => [
        c.lost,
        c.plannable.length
          ? list(
              c.plannable.map((s) => `\`${s}\``),
              20,
            )
          : 'none',
        c.blocked.length
          ? c.blocked
              .slice(0, 40)
              .map((b) => `\`${b.stack}\`: ${b.why.join('; ')}`)
              .join('<br>') + (c.blocked.length > 40 ? `<br>and ${c.blocked.length - 40} more` : '')
          : 'none',
        c.runbook,
      ]),
    ),
    '',
    '### Where each stack runs',
    '',
    'Stacks that write a private data plane run on a self-hosted runner inside (or admitted to) the site network, labelled `<env>-<site>`; the rest run on hosted runners.',
    '',
    ...table(
      ['stack', 'runner', 'why'],
      r.plan.stacks.map((s) => [`\`${s.id}\``, ...runner(s)]),
    ),
    '',
  ];
}

/**
 * Table rows whose cells (the first, a site id, aside) are the same fold into one row
 * naming how many sites share it, for the items `foldable` allows.
 */
function foldRows<T>(
  items: readonly T[],
  row: (t: T) => Array<string | number>,
  foldable: (t: T) => boolean,
): Array<Array<string | number>> {
  const groups = new Map<string, Array<Array<string | number>>>();
  const out: Array<Array<string | number>> = [];
  for (const item of items) {
    const cells = row(item);
    if (!foldable(item)) {
      out.push(cells);
      continue;
    }
    const key = cells.slice(1).join('\u0000');
    if (!groups.has(key)) {
      groups.set(key, []);
      out.push(cells); // placeholder, replaced below
    }
    groups.get(key)!.push(cells);
  }
  return out.map((cells) => {
    const g = groups.get(cells.slice(1).join('\u0000'));
    if (!g || g[0] !== cells || g.length === 1) return cells;
    const names = g.map((c) => String(c[0]));
    return [`any of ${g.length} sites (${names.slice(0, 3).join(', ')}${g.length > 3 ? ', …' : ''})`, ...cells.slice(1)];
  });
}

/** 4215 s -> "≈ 1.2h", 833 s -> "≈ 14m": catch-up times are estimates, not settings. */
function roughDuration(seconds: number): string {
  return seconds < 3600 ? `≈ ${Math.ceil(seconds / 60)}m` : `≈ ${(seconds / 3600).toFixed(1)}h`;
}

/**
 * Every path the estate needs and its five parts (analysis/flows.ts): what the estate
 * builds, and what another party must provide (named after "provided by").
 */
function flowSection(r: EnvironmentReview): string[] {
  const flows = r.plan.flows;
  if (flows.length === 0) return [];
  const outside = flows.filter((f) => FLOW_PARTS.some((p) => f.parts[p].outside)).length;
  return [
    '### Flows',
    '',
    `${flows.length} path${flows.length === 1 ? '' : 's'} the estate needs at run and deploy time, each with a network, a name, an identity, an authorization and a trust; ` +
      `the built parts are proven in the synthesized output, ${outside} flow${outside === 1 ? '' : 's'} rely on a part provided outside the estate.`,
    '',
    '<details><summary>Flows and their parts</summary>',
    '',
    ...table(
      ['flow', 'when', ...FLOW_PARTS],
      flows
        .slice(0, MAX_FLOW_ROWS)
        .map((f) => [f.id, f.when, ...FLOW_PARTS.map((p) => `${f.parts[p].doubt ? '⚠ ' : ''}${partText(f.parts[p])}`)]),
    ),
    ...(flows.length > MAX_FLOW_ROWS ? ['', `…and ${flows.length - MAX_FLOW_ROWS} more flows (every one is checked at synth).`] : []),
    '',
    '</details>',
    '',
  ];
}

/**
 * Every connector (analysis/connectors.ts): where it runs, what it moves, how far it
 * may lag before it pages, what watches it, what its site's loss does to it and its
 * runbook.
 */
function connectorSection(r: EnvironmentReview): string[] {
  const connectors = r.plan.connectors;
  if (connectors.length === 0) return [];
  return [
    '### Connectors',
    '',
    ...table(
      ['connector', 'runs on', 'moves', 'stack', 'lag budget', 'alarms', 'when its site is lost', 'runbook'],
      connectors.map((c) => [
        c.id,
        `${c.runtimeLabel} beside ${c.edgeSite ? `edge site ${c.edgeSite}` : c.cluster}`,
        c.direction === 'source' ? `${c.system.url} -> ${c.topics.join(', ')}` : `${c.topics.join(', ')} -> ${c.system.url}`,
        c.stack,
        c.lagBudgetSeconds === undefined ? 'n/a (source)' : roughDuration(c.lagBudgetSeconds),
        connectorAlarms(c),
        `stops with ${c.site}; ${c.direction === 'sink' ? 'unwritten records wait in the topics' : 'the system keeps its changes'} and it resumes from its offsets`,
        c.runbook,
      ]),
    ),
    '',
  ];
}

/**
 * What watches a connector in a cloud: its own alarms (by signal), the alarms it shares and
 * how many signals only its runbook watches.
 */
function connectorAlarms(c: EnvironmentReview['plan']['connectors'][number]): string {
  const own = c.watch.alarms.map((a) => (a.id.startsWith(`${c.id}-`) ? a.id.slice(c.id.length + 1) : a.id));
  return [
    own.join(', ') || 'none in a cloud',
    ...(c.watch.shared.length > 0 ? [`shares ${c.watch.shared.join(', ')}`] : []),
    ...(c.watch.manual.length > 0 ? [`${c.watch.manual.length} watched at the site or by hand (runbook)`] : []),
  ].join('; ');
}

function sizingSection(r: EnvironmentReview): string[] {
  if (r.env.clusters.length === 0 && (r.env.edgeFleets ?? []).length === 0) return [];
  const rows = r.plan.clusters.map((c) => {
    const { brokers, instanceType, partitions, partitionsPerBroker: perBroker, partitionLimit: limit, storageGiB } = c.sizing;
    const notes = [...sizingNotes(r.plan, c)];
    const throughput = r.env.clusters.find((k) => k.id === c.id)?.throughput;
    if (throughput) notes.push(`peak ${throughput.inMBps} MB/s in, ${throughput.outMBps} MB/s out`);
    return [
      c.id,
      c.kind,
      c.sites.join(', '),
      brokers ?? 'service-managed',
      instanceType ?? '—',
      partitions,
      perBroker === undefined
        ? '—'
        : limit
          ? `${perBroker} / ${limit} (${Math.round((perBroker / limit) * 100)}%)`
          : `${perBroker} (no published limit)`,
      brokers ? `${storageGiB} GiB` : '—',
      notes.join('; ') || '—',
    ];
  });
  const edge = r.plan.edgeSites;
  return [
    '### Sizing',
    '',
    ...table(
      [
        'cluster',
        'kind',
        'sites',
        'brokers',
        'instance',
        'partitions',
        'partitions per broker (replicas incl.) / limit',
        'disk per broker',
        'notes',
      ],
      rows,
    ),
    '',
    ...(edge.length
      ? [
          'Edge sites (analysis/edge: retention covers the offline window × margin, disk = ingress × retention × RF / nodes × headroom):',
          '',
          ...table(
            [
              'site',
              'fleet',
              'nodes',
              'RF / minISR',
              'offline window',
              'retention (needed)',
              'disk per node GiB (needed)',
              'catch-up after the window',
            ],
            foldRows(
              edge,
              (p) => [
                p.site,
                p.fleet,
                p.nodes,
                `${p.replicationFactor} / ${p.minInsyncReplicas}`,
                formatSeconds(p.offlineWindowSeconds),
                `${formatSeconds(p.retentionSeconds)} (${formatSeconds(p.requiredRetentionSeconds)})${p.retentionSeconds < p.requiredRetentionSeconds ? ' **SHORT**' : ''}`,
                `${p.storageGiB} (${p.requiredStorageGiB})${p.storageGiB < p.requiredStorageGiB ? ' **SHORT**' : ''}`,
                p.catchUpSeconds === undefined ? 'no uplink declared' : roughDuration(p.catchUpSeconds),
              ],
              (p) => (r.env.edgeFleets ?? []).find((f) => f.id === p.fleet)!.sites.length > EDGE_ROWS_COLLAPSE,
            ),
          ),
          '',
        ]
      : []),
  ];
}

/**
 * What a bank's security reviewer asks of an estate: which scanner checks and controls the
 * rules that judged its resources cover, and every scanner finding the product explains
 * (the same entries main.ts writes to cdktf.out/.checkov.baseline and .trivyignore.yaml).
 */
function scannerSection(r: EnvironmentReview, outdir: string): string[] {
  const records = policyRecords(
    outdir,
    r.stacks.map((s) => s.name),
  );
  if (!records) return [];
  const catalogue = new Map(policyRules(outdir).map((rule) => [rule.id, rule]));
  const findings = records.flatMap((p) => p.findings);
  const covered = [...new Set(records.flatMap((p) => p.covered ?? []))].sort();
  const ids = (id: string, scanner: string) =>
    (catalogue.get(id)?.scanners ?? [])
      .filter((s) => s.scanner === scanner)
      .map((s) => (s.relation === 'extends' ? `${s.id} (extends)` : s.id))
      .join(', ') || '—';
  const skips = records.flatMap((p) => p.scannerSkips ?? []);
  const groups = [...new Set(skips.map((s) => `${s.scanner}\u0000${s.id}\u0000${s.reason}\u0000${s.from}`))].sort();
  return [
    '### Scanner coverage',
    '',
    `The ${covered.length} rules that judged this estate's resources, the Checkov and Trivy checks each mirrors or extends, and the controls it serves (docs/compliance.md). A rule without scanner ids covers what neither scanner sees.`,
    '',
    ...table(
      ['rule', 'Checkov', 'Trivy', 'controls', 'open', 'suppressed'],
      covered.map((id) => [
        id,
        ids(id, 'checkov'),
        ids(id, 'trivy'),
        (catalogue.get(id)?.controls ?? []).join(', ') || '—',
        findings.filter((f) => f.rule === id && !f.suppressedBy).length,
        findings.filter((f) => f.rule === id && f.suppressedBy).length,
      ]),
    ),
    '',
    ...(groups.length
      ? [
          `Scanner findings explained (${skips.length}), written to cdktf.out/.checkov.baseline and cdktf.out/.trivyignore.yaml so the scanners report only what is not:`,
          '',
          ...table(
            ['scanner', 'check', 'resources', 'reason', 'from'],
            groups.map((g) => {
              const [scanner, id, reason, from] = g.split('\u0000');
              const n = skips.filter((s) => s.scanner === scanner && s.id === id && s.reason === reason && s.from === from).length;
              return [
                scanner,
                id,
                n,
                reason,
                from === 'waiver' ? 'product waiver (constructs/policy/scanner-waivers.ts)' : `${from} suppression`,
              ];
            }),
          ),
          '',
        ]
      : ['No scanner finding is waived for this estate.', '']),
  ];
}

function policySection(r: EnvironmentReview, outdir: string): string[] {
  const records = policyRecords(
    outdir,
    r.stacks.map((s) => s.name),
  );
  if (!records) return ['### Policy', '', '_No cdktf.out/policy.json: synthesize with a build that runs the policy suite._', ''];
  const findings = records.flatMap((p) => p.findings);
  const suppressions = records.flatMap((p) => p.suppressions.map((u) => ({ ...u, stack: p.stack })));
  const rules = Math.max(0, ...records.map((p) => p.rules));
  const out = [
    '### Policy',
    '',
    `${rules} rules over ${records.reduce((n, p) => n + p.elements, 0)} elements in ${records.length} stacks: ${findings.filter((f) => !f.suppressedBy).length} open findings, ${findings.filter((f) => f.suppressedBy).length} suppressed.`,
    '',
  ];
  if (findings.length) {
    const rules = [...new Set(findings.map((f) => f.rule))].sort();
    out.push(
      ...table(
        ['rule', 'open', 'suppressed', 'suppression reasons'],
        rules.map((id) => {
          const mine = findings.filter((f) => f.rule === id);
          const reasons = [...new Set(mine.flatMap((f) => (f.suppressedBy ? [f.suppressedBy.reason] : [])))];
          return [id, mine.filter((f) => !f.suppressedBy).length, mine.filter((f) => f.suppressedBy).length, reasons.join('; ') || '—'];
        }),
      ),
      '',
      ...table(
        ['rule', 'status', 'resource', 'finding', 'suppression reason'],
        findings
          .slice(0, MAX_POLICY_ROWS)
          .map((f) => [
            f.rule,
            f.suppressedBy ? 'suppressed' : f.severity,
            `\`${f.stack}/${f.address}\``,
            f.message,
            f.suppressedBy ? `${f.suppressedBy.reason} (${f.suppressedBy.source})` : '—',
          ]),
      ),
      ...(findings.length > MAX_POLICY_ROWS
        ? ['', `…and ${findings.length - MAX_POLICY_ROWS} more findings in cdktf.out/policy.json.`]
        : []),
      '',
    );
  }
  if (suppressions.length) {
    out.push(
      'Suppressions declared:',
      '',
      ...table(
        ['rule', 'scope', 'reason', 'declared in', 'findings waived'],
        suppressions.slice(0, MAX_POLICY_ROWS).map((u) => [u.rule, `\`${u.scope}\``, u.reason, u.source, u.matched]),
      ),
      ...(suppressions.length > MAX_POLICY_ROWS
        ? ['', `…and ${suppressions.length - MAX_POLICY_ROWS} more suppressions in cdktf.out/policy.json.`]
        : []),
      '',
    );
  }
  return out;
}

export function addressSection(diff: AddressDiff, baseRef: string): string[] {
  const out = [`## Address changes against \`${baseRef}\``, ''];
  if (diff.unacknowledged.length > 0) {
    out.push(
      '### DANGER: stateful resources would be destroyed',
      '',
      'Terraform would destroy and recreate these (or just destroy them). Declare a `moved` block (`resource.moveFromId(...)` / `moveTo(...)`) for a rename, restore the construct id, or acknowledge with `--ack <stack>/<address>=<reason>`.',
      '',
      ...table(
        ['stack', 'address', 'holds', 'what', 'new address'],
        diff.unacknowledged.map((d) => [`\`${d.stack}\``, `\`${d.address}\``, d.kind, d.what, d.newAddress ? `\`${d.newAddress}\`` : '—']),
      ),
      '',
    );
  }
  const acked = diff.dangers.filter((d) => d.acknowledged !== undefined);
  if (acked.length > 0) {
    out.push(
      '### Acknowledged losses of stateful resources',
      '',
      ...table(
        ['stack', 'address', 'holds', 'reason given'],
        acked.map((d) => [`\`${d.stack}\``, `\`${d.address}\``, d.kind, d.acknowledged ?? '']),
      ),
      '',
    );
  }
  if (diff.unusedAcks.length > 0)
    out.push(`Acknowledgements that matched nothing: ${diff.unusedAcks.map((a) => `\`${a.target}\``).join(', ')}.`, '');
  if (diff.stacks.length === 0) return [...out, 'No address changes.', ''];
  out.push(
    ...table(
      ['stack', 'added', 'removed', 'changed', 'moved'],
      diff.stacks.map((s) => [`\`${s.stack}\``, s.added.length, s.removed.length, s.changed.length, s.moved.length]),
    ),
    '',
    '<details><summary>Addresses</summary>',
    '',
  );
  for (const s of diff.stacks) {
    out.push(`**${s.stack}**`, '');
    for (const r of s.added) out.push(`- \`+ ${r.address}\``);
    for (const r of s.removed) out.push(`- \`- ${r.address}\``);
    for (const r of s.changed) out.push(`- \`~ ${r.address}\``);
    for (const m of s.moved) out.push(`- \`${m.from} → ${m.to}\` (moved)`);
    out.push('');
  }
  return [...out, '</details>', ''];
}

export interface ReportInput {
  readonly reviews: EnvironmentReview[];
  readonly outdir: string;
  readonly diff?: { diff: AddressDiff; baseRef: string };
  /** Stacks in cdktf.out that belong to no environment file. */
  readonly orphanStacks?: string[];
}

export function renderReport(input: ReportInput): string {
  const lines = ['# Plan review', ''];
  const problems = input.reviews.flatMap((r) => r.problems.map((p) => `${r.env.name}: ${p}`));
  if (input.diff) lines.push(...addressSection(input.diff.diff, input.diff.baseRef));
  lines.push(
    ...table(
      ['environment', 'stage', 'stacks', 'resources', 'objectives met', 'diagram'],
      input.reviews.map((r) => {
        const withTopics = r.objectives.filter((o) => o.topics.length > 0);
        return [
          `[${r.env.name}](#environment-${r.env.name})`,
          r.env.stage,
          r.stacks.length,
          r.stacks.reduce((n, s) => n + s.resources.length, 0),
          withTopics.length ? `${withTopics.filter((o) => o.met).length} of ${withTopics.length}` : '—',
          `[${r.env.name}.svg](./${r.env.name}.svg)`,
        ];
      }),
    ),
    '',
  );
  if (problems.length) lines.push('**Problems**', '', ...problems.map((p) => `- ${p}`), '');
  if (input.orphanStacks?.length)
    lines.push(`Stacks in cdktf.out without an environment file: ${input.orphanStacks.map((s) => `\`${s}\``).join(', ')}.`, '');
  for (const r of input.reviews) {
    lines.push(
      `## Environment ${r.env.name}`,
      '',
      `Stage ${r.env.stage}, owner ${r.env.owner}. Topology: [${r.env.name}.svg](./${r.env.name}.svg)`,
      '',
    );
    if (r.warnings.length) lines.push(...r.warnings.map((w) => `> ⚠ ${w}`), '');
    lines.push(
      ...stackSection(r),
      ...flowSection(r),
      ...connectorSection(r),
      ...resilienceSection(r),
      ...siteLossSection(r),
      ...sizingSection(r),
      ...policySection(r, input.outdir),
      ...scannerSection(r, input.outdir),
    );
  }
  const rules = policyRules(input.outdir);
  if (rules.length) {
    lines.push(
      '## Policy rules checked',
      '',
      `Every synthesized resource, backend and edge manifest was checked against these ${rules.length} rules (constructs/policy; why and fix in cdktf.out/policy.json).`,
      '',
    );
    lines.push(
      ...table(
        ['rule', 'severity', 'checks'],
        rules.map((r) => [r.id, r.suppressible ? r.severity : `${r.severity}, no waiver`, r.title]),
      ),
      '',
    );
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

/** The terminal's short version: one line per environment, then problems and dangers. */
export function renderSummary(input: ReportInput, reportPath: string): string[] {
  const out: string[] = [];
  for (const r of input.reviews) {
    const groups = r.objectives.filter((o) => o.topics.length > 0);
    const unprotected = r.stateful.filter((s) => !s.preventDestroy).length;
    const stopping = [
      ...new Set(
        r.outcomes
          .filter((o) => !o.writesContinue)
          .map(siteOfOutcome)
          .filter((x): x is string => x !== undefined),
      ),
    ];
    out.push(
      `${r.env.name}: ${r.stacks.length} stacks in ${r.waves.length} wave${r.waves.length === 1 ? '' : 's'}, ` +
        `${r.stacks.reduce((n, s) => n + s.resources.length, 0)} resources, ${r.stateful.length} stateful${unprotected ? ` (${unprotected} unprotected)` : ''}; ` +
        (groups.length ? `objectives ${groups.filter((o) => o.met).length}/${groups.length} met; ` : 'no objectives declared; ') +
        (stopping.length === 0
          ? 'writes survive the loss of any one site'
          : stopping.length <= 3
            ? `writes stop if ${stopping.join(' or ')} is lost`
            : `writes stop if any of ${stopping.length} sites is lost (${stopping.slice(0, 3).join(', ')}, …)`),
    );
    for (const p of r.problems) out.push(`  ✗ ${p}`);
  }
  if (input.diff) {
    const d = input.diff.diff;
    const count = (k: 'added' | 'removed' | 'changed') => d.stacks.reduce((n, s) => n + s[k].length, 0);
    out.push(
      `against ${input.diff.baseRef}: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed, ${d.stacks.reduce((n, s) => n + s.moved.length, 0)} moved`,
    );
    for (const x of d.unacknowledged)
      out.push(
        `  DANGER ${x.stack}/${x.address} (${x.kind}) ${x.what === 'readdressed' ? `would be replaced by ${x.newAddress}` : 'would be destroyed'}`,
      );
    for (const x of d.dangers.filter((y) => y.acknowledged)) out.push(`  acknowledged ${x.stack}/${x.address}: ${x.acknowledged}`);
  }
  out.push(`full report: ${reportPath}`);
  return out;
}
