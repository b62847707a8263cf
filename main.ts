import { App } from 'cdktf';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { environmentFiles, loadEnvironments } from './constructs/model/environment-file';
import { formatProblem, type Problem } from './constructs/model/problems';
import {
  blocking,
  checkovBaseline,
  enforcePolicy,
  formatFinding,
  policyReport,
  ruleCatalogue,
  trivyIgnore,
  unusedSuppressions,
} from './constructs/policy';
import { ConstructError } from './constructs/construct-error';
import { RenderedFile } from './constructs/rendered-file';
import { describeBackend, stackPlanOf } from './stacks/backend';
import { ESTATE_CHECKS } from './stacks/checks';
import { buildEstate } from './stacks/estate';
import { skipCreationStacks } from './stacks/creation-stacks';
import { collectBetweenStacks } from './stacks/heap';
import { renderOnce } from './stacks/render-once';
import { planEstate, type EstatePlan } from './constructs/analysis/plan';
import { flowProblems, unprovenFlows } from './constructs/analysis/flows';
import { allocationFileOf, changedKeys, renderAllocations } from './constructs/model/allocations';
import { carryOver, discardOutput, publishOutput, stageOutput, type CarriedOver, type EnvironmentIndex } from './stacks/output-folder';
import { CDKTF_SETTINGS, environmentKey, programDigest, SynthCache, type CachedEnvironment } from './stacks/synth-cache';

/**
 * Reads environments/ (or ENV_FILE), validates every file before building anything,
 * plans each environment once, then synthesizes one App into a temporary folder and swaps it in, so a failed run
 * never leaves a half-written cdktf.out.
 */
function main(): number {
  const started = process.hrtime.bigint();
  skipCreationStacks();
  const root = resolve(__dirname, __dirname.endsWith('dist') ? '..' : '.');
  const files = process.env.ENV_FILE ? envFileList(process.env.ENV_FILE) : environmentFiles(join(root, 'environments'));
  if (files.length === 0) {
    console.error(`error: no environment files in ${join(root, 'environments')}; add one (see README) or set ENV_FILE.`);
    return 1;
  }

  const { environments, problems } = guarded(files, ESTATE_CHECKS);
  const shown = (p: Problem) => ({ ...p, file: relative(process.cwd(), p.file) || p.file });
  const warnings = problems.filter((p) => p.severity === 'warning');
  const errors = problems.filter((p) => p.severity !== 'warning');
  for (const w of warnings) console.warn(`  ! ${formatProblem(shown(w))}`);
  if (errors.length > 0) {
    console.error(`error: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the environment files; nothing was synthesized.`);
    for (const p of errors) console.error(`  - ${formatProblem(shown(p))}`);
    return 1;
  }

  // Allocations are recorded like a lockfile: a new entry is written after a good synth;
  // in frozen mode (CI) any entry synth would add is an error, as `npm ci` treats a stale lockfile.
  const frozen = process.env.ALLOCATIONS === 'frozen' || process.argv.includes('--frozen');
  const plans = environments.map(({ env }) => planEstate(env));
  // Every path the estate needs has its five parts, or nothing is synthesized.
  const flowIssues = plans.flatMap((plan, i) => flowProblems(plan.flows, environments[i].file));
  for (const w of flowIssues.filter((p) => p.severity === 'warning')) console.warn(`  ! ${formatProblem(shown(w))}`);
  const flowErrors = flowIssues.filter((p) => p.severity !== 'warning');
  if (flowErrors.length > 0) {
    console.error(`error: ${flowErrors.length} flow${flowErrors.length === 1 ? '' : 's'} miss a part; nothing was synthesized.`);
    for (const p of flowErrors) console.error(`  - ${formatProblem(shown(p))}`);
    return 1;
  }
  const toRecord = environments
    .map(({ file, env }, i) => ({ file: allocationFileOf(file), env, after: plans[i].allocations }))
    .filter((r) => changedKeys(r.env.allocations, r.after).length > 0);
  if (frozen && toRecord.length > 0) {
    console.error('error: allocations are frozen and synth would record new values; nothing was synthesized.');
    for (const r of toRecord)
      console.error(`  - ${relative(process.cwd(), r.file) || r.file}: ${changedKeys(r.env.allocations, r.after).join(', ')}`);
    console.error('    run `npm run synth` locally and commit the allocation files.');
    return 1;
  }

  const outdir = resolve(process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out'));
  // `npm run synth` (tools/synth.js) asks for the cache: an environment whose inputs did not change is not built again.
  const cache = process.argv.includes('--cache')
    ? new SynthCache(resolve(process.env.SYNTH_CACHE_DIR ?? join(root, 'dist', 'synth-cache')))
    : undefined;
  const keys = cache ? environmentKeys(root, environments, plans) : [];
  const reused: (CachedEnvironment | undefined)[] = plans.map((plan, i) => cache?.read(plan.env.name, keys[i]));
  const tmp = stageOutput(outdir);
  const rows: string[][] = [];
  let app: App | undefined;
  let kept: CarriedOver | undefined;
  let fresh: EnvironmentPart[] | undefined;
  try {
    app = new App({ outdir: tmp });
    // load -> checks -> plan -> build -> policy -> write: each environment is planned once and its stacks render that plan.
    const built = plans.map((plan, i) => ({ env: plan.env, plan, stacks: reused[i] ? [] : buildEstate(app!, plan), reused: reused[i] }));
    enforcePolicy(app, plans);
    renderOnce(app);
    const collect = collectBetweenStacks(app);
    // cdktf writes manifest.json: the reused stacks' entries are in it as a full synth writes them.
    for (const r of reused) if (r) Object.assign(app.manifest.stacks, r.manifest);
    app.synth();
    collect();
    // What the plan says each flow is built from must be in what was synthesized (a reused output was proven when it was built).
    // Each stack's resources are counted for the table from the JSON read here, not read once more.
    const resourceCounts = new Map<string, number>();
    const unproven = plans.flatMap((plan, i) => {
      if (reused[i]) return [];
      const stacks = readStacks(tmp, plan.stacks);
      for (const [id, json] of stacks) resourceCounts.set(id, resourcesIn(json));
      return unprovenFlows(plan.flows, stacks, environments[i].file);
    });
    if (unproven.length > 0) throw new Error(unproven.map((p) => formatProblem(shown(p))).join('\n'));
    for (const [i, r] of reused.entries()) if (r) cache!.restore(plans[i].env.name, r, tmp);
    const records = policyReport(app);
    const envOfStack = new Map(built.flatMap(({ env, stacks }) => stacks.map((s) => [s.node.id, env.name] as const)));
    // In the order of a full synth: environment by environment, each stack's record where the environment's stacks are.
    const report = reused.some(Boolean)
      ? [
          ...built.flatMap(({ env, reused: r }) =>
            r ? (r.policy as typeof records) : records.filter((x) => envOfStack.get(x.stack) === env.name),
          ),
          ...records.filter((x) => !envOfStack.has(x.stack)),
        ]
      : records;
    writeFileSync(join(tmp, 'policy.json'), JSON.stringify({ rules: ruleCatalogue(), stacks: report }, null, 2) + '\n');
    // What the scanners a bank runs read as their own suppressions: `checkov --baseline` and `trivy config --ignorefile`.
    writeFileSync(join(tmp, '.checkov.baseline'), checkovBaseline(report));
    writeFileSync(join(tmp, '.trivyignore.yaml'), trivyIgnore(report));
    const findings = report.flatMap((r) => r.findings);
    for (const f of findings.filter((f) => f.severity === 'warning' && !f.suppressedBy)) console.warn(`  ! ${formatFinding(f)}`);
    const waived = findings.filter((f) => f.suppressedBy);
    if (waived.length > 0) {
      const byRule = [...new Set(waived.map((f) => f.rule))].sort().map((id) => `${id} ×${waived.filter((f) => f.rule === id).length}`);
      console.warn(
        `  ! ${waived.length} policy finding${waived.length === 1 ? '' : 's'} suppressed with a reason (${byRule.join(', ')}); see policy.json in the output.`,
      );
    }
    for (const s of unusedSuppressions(report))
      console.warn(`  ! suppression of ${s.rule} at ${s.scope} (${s.source}) waived nothing; remove it or fix its scope.`);
    const index: Record<string, { stacks: string[]; files: string[] }> = Object.fromEntries(
      built.map(({ env, stacks, reused: r }) => [
        env.name,
        r ? { stacks: [...r.stacks], files: [...r.files] } : { stacks: stacks.map((s) => s.node.id), files: [] as string[] },
      ]),
    );
    for (const f of RenderedFile.all(app)) {
      const target = join(tmp, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content);
      const owner = envOfStack.get(f.node.scopes[1]?.node.id ?? '');
      if (owner) index[owner].files.push(f.path);
    }
    // ENV_FILE replaces only its environments' part of the output; the review's files are kept.
    fresh = built
      .filter((b) => !b.reused)
      .map(({ env }) => ({ env: env.name, ...index[env.name], policy: report.filter((x) => envOfStack.get(x.stack) === env.name) }));
    kept = carryOver(outdir, tmp, index as EnvironmentIndex, process.env.ENV_FILE !== undefined && process.env.ENV_FILE !== '');
    for (const { env, plan } of built) {
      for (const name of index[env.name].stacks) {
        rows.push([
          env.name,
          name,
          String(resourceCounts.get(name) ?? countResources(join(tmp, 'stacks', name, 'cdk.tf.json'))),
          describeBackend(stackPlanOf(plan, name).backend),
        ]);
      }
    }
  } catch (e) {
    discardOutput(tmp);
    const findings = app ? blocking(policyReport(app).flatMap((r) => r.findings)) : [];
    if (findings.length > 0) {
      console.error(`error: ${findings.length} policy finding${findings.length === 1 ? '' : 's'}; nothing was written.`);
      for (const f of findings) console.error(`  - ${formatFinding(f)}`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    console.error(`error: synthesis failed; nothing was written.\n  - ${message.split('\n').join('\n    ')}`);
    // The checks should have reported this with file and path before anything was built.
    if (e instanceof ConstructError)
      console.error('  A construct rejected what the environment checks let through: a missing check. Please report it with the file.');
    return 1;
  }
  publishOutput(tmp, outdir);
  if (cache && fresh) keep(cache, outdir, fresh, plans, keys);
  for (const r of toRecord) {
    // Written aside and renamed, so a second synth running at the same time never reads half a file.
    const aside = `${r.file}.tmp-${process.pid}`;
    writeFileSync(aside, renderAllocations(r.after));
    renameSync(aside, r.file);
    console.log(
      `recorded ${changedKeys(r.env.allocations, r.after).join(', ')} in ${relative(process.cwd(), r.file) || r.file}; commit it.`,
    );
  }

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  printTable(['environment', 'stack', 'resources', 'backend'], rows);
  console.log(
    `\n${rows.length} stacks from ${environments.length} environment${environments.length === 1 ? '' : 's'} in ${relative(process.cwd(), outdir) || outdir} (synth ${ms.toFixed(0)} ms)`,
  );
  const reusedNames = plans.filter((_, i) => reused[i]).map((p) => p.env.name);
  if (reusedNames.length > 0)
    console.log(
      `reused the output of ${reusedNames.join(', ')}: nothing it is made from changed since it was built (SYNTH_CACHE=off builds everything).`,
    );
  if (kept && kept.environments.length > 0)
    console.log(`kept the stacks of ${kept.environments.join(', ')} from the previous output (ENV_FILE synthesizes only its own).`);
  if (kept && kept.reviewFiles.length > 0)
    console.log('kept review.md and the diagrams of the previous synth; `npm run review` rebuilds them for this one.');
  return 0;
}

/** One environment's part of this run's output, as the cache keeps it. */
interface EnvironmentPart {
  readonly env: string;
  readonly stacks: readonly string[];
  readonly files: readonly string[];
  readonly policy: readonly unknown[];
}

/** Each environment's cache key: the program, its files, the allocations its plan ends with, cdktf's settings. */
function environmentKeys(root: string, environments: readonly { file: string }[], plans: readonly EstatePlan[]): string[] {
  const program = programDigest(root);
  const settings = Object.fromEntries(CDKTF_SETTINGS.map((name) => [name, process.env[name]]));
  return plans.map((plan, i) => {
    const file = environments[i].file;
    const allocations = allocationFileOf(file);
    return environmentKey({
      program,
      file: relative(root, file),
      text: readFileSync(file),
      allocations: existsSync(allocations) ? readFileSync(allocations) : '',
      allocationsAfter: renderAllocations(plan.allocations),
      settings,
    });
  });
}

/** Keeps the environments this run built, from the published output; a failure to keep one only costs a rebuild next time. */
function keep(
  cache: SynthCache,
  outdir: string,
  parts: readonly EnvironmentPart[],
  plans: readonly EstatePlan[],
  keys: readonly string[],
): void {
  for (const part of parts) {
    const i = plans.findIndex((p) => p.env.name === part.env);
    try {
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
      cache.write(
        part.env,
        {
          key: keys[i],
          stacks: part.stacks,
          files: part.files,
          manifest: Object.fromEntries(part.stacks.map((s) => [s, manifest.stacks[s]])),
          policy: part.policy,
        },
        outdir,
      );
    } catch (e) {
      console.warn(
        `  ! could not keep the output of ${part.env} for the next synth (${e instanceof Error ? e.message : String(e)}); it will be built again.`,
      );
    }
  }
}

/** The synthesized JSON of a plan's stacks, by stack id. */
function readStacks(outdir: string, stacks: ReadonlyArray<{ readonly id: string }>): Map<string, object> {
  const out = new Map<string, object>();
  for (const s of stacks) {
    const file = join(outdir, 'stacks', s.id, 'cdk.tf.json');
    if (existsSync(file)) out.set(s.id, JSON.parse(readFileSync(file, 'utf8')) as object);
  }
  return out;
}

function countResources(file: string): number {
  return existsSync(file) ? resourcesIn(JSON.parse(readFileSync(file, 'utf8')) as object) : 0;
}

function resourcesIn(json: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

/**
 * ENV_FILE names one file, or several separated by commas. A path that exists as
 * written is taken whole, so a file whose name holds a comma still works.
 */
function envFileList(value: string): string[] {
  if (existsSync(value.trim())) return [resolve(value.trim())];
  return value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '')
    .map((f) => resolve(f));
}

/** Loading never ends in a stack trace: what it did not foresee becomes one problem naming the files. */
function guarded(files: readonly string[], checks: Parameters<typeof loadEnvironments>[1]): ReturnType<typeof loadEnvironments> {
  try {
    return loadEnvironments(files, checks);
  } catch (e) {
    return {
      environments: [],
      problems: [
        {
          file: files.join(', '),
          path: '',
          message: `could not be read and checked: ${e instanceof Error ? e.message : String(e)}.`,
          fix: "this is a gap in the product's validation; report it with the file.",
        },
      ],
    };
  }
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`error: synthesis stopped on an internal error; nothing was written.\n  - ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
