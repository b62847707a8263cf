import { mkdirSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { environmentFiles, loadEnvironments } from '../constructs/model/environment-file';
import { formatProblem } from '../constructs/model/problems';
import { planEstate } from '../constructs/analysis/plan';
import { ESTATE_CHECKS } from '../stacks/checks';
import { compareAddresses, parseAck, synthesizeRevision, type Acknowledgement } from './review/address-guard';
import { renderSvg, topologyDot } from './review/diagram';
import { renderReport, renderSummary, reviewEnvironment, stacksOf, type ReportInput } from './review/report';
import { readSynthOutput } from './review/synth-output';
import type { StackPlan, StackRunner } from '../constructs/analysis/plan';

/**
 * `npm run review [-- --base <git-ref> [--ack <stack>/<address>=<reason>]...]`
 *
 * Reads the synthesized plan (cdktf.out) and the validated environments, writes
 * cdktf.out/review.md and one topology SVG per environment, prints a short version.
 * Exit codes: 0 fine, 1 something is wrong (stale synth, invalid environment, unmet
 * objective, bad flag), 2 a stateful resource would be destroyed without a move or an
 * acknowledgement.
 */
export interface ReviewOptions {
  readonly root: string;
  readonly outdir: string;
  readonly files?: string[];
  readonly base?: string;
  readonly acks: Acknowledgement[];
  readonly log: (line: string) => void;
}

export function parseArgs(argv: readonly string[]): { base?: string; acks: Acknowledgement[]; errors: string[] } {
  const acks: Acknowledgement[] = [];
  const errors: string[] = [];
  let base: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') && argv[i].startsWith('--base') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--base') base = value();
    else if (flag === '--ack') {
      const v = value();
      const a = v === undefined ? '--ack needs <stack>/<address>=<reason>.' : parseAck(v);
      if (typeof a === 'string') errors.push(a);
      else acks.push(a);
    } else errors.push(`unknown argument "${argv[i]}"; use --base <git-ref> and --ack <stack>/<address>=<reason>.`);
  }
  if (argv.includes('--base') && !base) errors.push('--base needs a git ref, e.g. --base origin/main.');
  return { base, acks, errors };
}

export async function runReview(opts: ReviewOptions): Promise<number> {
  const files = opts.files ?? environmentFiles(join(opts.root, 'environments'));
  const { environments, problems } = loadEnvironments(files, ESTATE_CHECKS);
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) {
    opts.log(
      `error: the environment files have ${errors.length} problem${errors.length === 1 ? '' : 's'}; fix them and run \`npm run synth\` first.`,
    );
    for (const p of errors) opts.log(`  - ${formatProblem({ ...p, file: relative(opts.root, p.file) })}`);
    return 1;
  }
  let stacks;
  try {
    stacks = readSynthOutput(opts.outdir);
  } catch (e) {
    opts.log(`error: ${(e as Error).message}`);
    return 1;
  }
  const names = environments.map((e) => e.env.name);
  // Each environment is planned once; the report, the site-loss table and the diagram all read that plan.
  const reviews = environments.map(({ env }) => reviewEnvironment(planEstate(env), stacksOf(env, stacks, names)));
  const owned = new Set(reviews.flatMap((r) => r.stacks.map((s) => s.name)));
  const input: ReportInput = {
    reviews,
    outdir: opts.outdir,
    orphanStacks: stacks.filter((s) => !owned.has(s.name)).map((s) => s.name),
  };
  let withDiff = input;
  if (opts.base) {
    try {
      const base = synthesizeRevision(opts.base, { repo: opts.root, log: opts.log });
      withDiff = { ...input, diff: { diff: compareAddresses(base, stacks, opts.acks), baseRef: opts.base } };
    } catch (e) {
      opts.log(`error: ${(e as Error).message}`);
      return 1;
    }
  }
  mkdirSync(opts.outdir, { recursive: true });
  for (const r of reviews) {
    const dot = topologyDot(r.plan);
    writeFileSync(join(opts.outdir, `${r.env.name}.dot`), dot);
    writeFileSync(join(opts.outdir, `${r.env.name}.svg`), await renderSvg(dot));
  }
  const reportPath = join(opts.outdir, 'review.md');
  const report = renderReport(withDiff);
  writeFileSync(reportPath, report);
  writeFileSync(join(opts.outdir, 'review-comment.md'), commentVersion(report));
  for (const line of renderSummary(withDiff, relative(process.cwd(), reportPath) || reportPath)) opts.log(line);
  const code = withDiff.diff && withDiff.diff.diff.unacknowledged.length > 0 ? 2 : reviews.some((r) => r.problems.length > 0) ? 1 : 0;
  writeFileSync(join(opts.outdir, 'review.json'), JSON.stringify(machineSummary(withDiff, code), null, 2) + '\n');
  return code;
}

/** GitHub caps a comment at 65,536 characters: the PR comment drops the collapsed detail tables (they stay in review.md, in the artifact). */
export const COMMENT_LIMIT = 60_000;

export function commentVersion(report: string): string {
  const compact = report.replace(
    /<details><summary>([^<]*)<\/summary>[\s\S]*?<\/details>\n/g,
    '_$1: in review.md (cdktf-out artifact)._\n',
  );
  return compact.length <= COMMENT_LIMIT
    ? compact
    : `${compact.slice(0, COMMENT_LIMIT)}\n\n_Cut here: the full review is review.md in the cdktf-out artifact._\n`;
}

/** `runs-on` of a stack's jobs: a hosted runner, or the self-hosted runner labelled after its site. */
export function runsOn(r: StackRunner): string[] {
  return r.kind === 'hosted' ? ['ubuntu-latest'] : ['self-hosted', r.label];
}

/** A runner label as GitHub secret names allow it: letters, digits and underscores. */
export function secretSuffix(label: string): string {
  return label.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export interface DeployPhase {
  readonly runsOn: string[];
  /** `hosted`, or the site runner's label. */
  readonly label: string;
  /** The label as secret names allow it (letters, digits, underscores): KUBE_TOKEN_<secretSuffix>. */
  readonly secretSuffix: string;
  /** In wave order. */
  readonly stacks: string[];
}

/**
 * Deploy phases of one environment: runs of stacks that share a runner, in an order that
 * applies every stack after the stacks it depends on. The hosted stacks whose dependencies
 * are done go first, then each site runner's ready stacks, and again until all are placed.
 * The deploy workflow runs the phases one by one, each on its runner.
 */
export function deployPhases(stacks: readonly Pick<StackPlan, 'id' | 'runner' | 'dependsOn'>[], waves: readonly string[][]): DeployPhase[] {
  const order = new Map(waves.flat().map((s, i) => [s, i]));
  const pending = new Map(stacks.map((s) => [s.id, s]));
  const out: DeployPhase[] = [];
  const labelOf = (s: Pick<StackPlan, 'runner'>) => (s.runner.kind === 'hosted' ? 'hosted' : s.runner.label);
  while (pending.size > 0) {
    const before = pending.size;
    const labels = ['hosted', ...new Set([...pending.values()].map(labelOf).filter((l) => l !== 'hosted'))];
    for (const label of labels) {
      // This runner's stacks, as long as their dependencies are done: a phase may hold several waves.
      const phase: string[] = [];
      for (;;) {
        const ready = [...pending.values()].filter((s) => labelOf(s) === label && s.dependsOn.every((d) => !pending.has(d.stack)));
        if (ready.length === 0) break;
        for (const s of ready) {
          pending.delete(s.id);
          phase.push(s.id);
        }
      }
      if (phase.length === 0) continue;
      out.push({
        runsOn: runsOn(stacks.find((s) => s.id === phase[0])!.runner),
        label,
        secretSuffix: secretSuffix(label),
        stacks: phase.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      });
    }
    if (pending.size === before) throw new Error(`stack dependencies form a cycle: ${[...pending.keys()].join(', ')}.`);
  }
  return out;
}

/**
 * review.json, for CI: environments in deploy order (dev stages first), the stacks to
 * plan (changed against the base, or all without one) and the dangers.
 */
export function machineSummary(input: ReportInput, exitCode: number) {
  const stageRank = (s: string) => (s === 'dev' ? 0 : 1);
  return {
    exitCode,
    environments: [...input.reviews]
      .sort((a, b) => stageRank(a.env.stage) - stageRank(b.env.stage) || a.env.name.localeCompare(b.env.name))
      .map((r) => ({ name: r.env.name, stage: r.env.stage, waves: r.waves, problems: r.problems, warnings: r.warnings })),
    changedStacks: input.diff ? input.diff.diff.changedStacks : input.reviews.flatMap((r) => r.waves.flat()),
    // Where each stack plans and applies: the workflows turn this into runs-on.
    runners: Object.fromEntries(input.reviews.flatMap((r) => r.plan.stacks.map((s) => [s.id, runsOn(s.runner)]))),
    // The suffix of a self-hosted stack's secrets (KUBE_TOKEN_<suffix>), as secret names allow.
    runnerSecrets: Object.fromEntries(
      input.reviews.flatMap((r) =>
        r.plan.stacks.flatMap((s) => (s.runner.kind === 'hosted' ? [] : [[s.id, secretSuffix(s.runner.label)]])),
      ),
    ),
    // The stacks whose Kafka provider logs in with SCRAM: the secrets the runner reads (tools/ci/kafka-login.sh).
    kafkaLogins: Object.fromEntries(
      input.reviews.flatMap((r) => r.plan.stacks.flatMap((s) => (s.kafkaLogin ? [[s.id, s.kafkaLogin]] : []))),
    ),
    deployPhases: [...input.reviews]
      .sort((a, b) => stageRank(a.env.stage) - stageRank(b.env.stage) || a.env.name.localeCompare(b.env.name))
      .flatMap((r) => deployPhases(r.plan.stacks, r.waves).map((p) => ({ environment: r.env.name, ...p }))),
    dangers: input.diff?.diff.dangers ?? [],
  };
}

if (require.main === module) {
  const root = resolve(__dirname, __dirname.endsWith(join('dist', 'tools')) ? '../..' : '..');
  const args = parseArgs(process.argv.slice(2));
  if (args.errors.length > 0) {
    for (const e of args.errors) console.error(`error: ${e}`);
    process.exitCode = 1;
  } else {
    runReview({
      root,
      outdir: resolve(process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out')),
      files: process.env.ENV_FILE ? process.env.ENV_FILE.split(',').map((f) => resolve(f.trim())) : undefined,
      base: args.base,
      acks: args.acks,
      log: (l) => console.log(l),
    }).then(
      (code) => (process.exitCode = code),
      (e: unknown) => {
        console.error(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        process.exitCode = 1;
      },
    );
  }
}
