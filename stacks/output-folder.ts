import { randomBytes } from 'crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { basename, dirname, join } from 'path';

/**
 * The synthesized output is written to a temporary folder beside cdktf.out and swapped
 * in only when the run succeeds, so a failed run never leaves half an output. Two runs
 * in one checkout (two terminals, CI steps in parallel) must not touch each other's
 * temporary folders: each is named after its run's process id plus a random part, and
 * a leftover is removed only when the process that made it is gone.
 */

const TEMP = '.tmp-';
const ASIDE = '.old-';

/** A fresh temporary folder for this run, next to `outdir`. */
export function stageOutput(outdir: string): string {
  removeLeftovers(outdir);
  const tmp = `${outdir}${TEMP}${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(tmp, { recursive: true });
  return tmp;
}

/**
 * Replaces `outdir` with `tmp`. The previous output is first moved aside, then removed;
 * when another run swaps its output in between, the move is retried, so both runs end
 * with a complete output (the later one's) and neither fails.
 */
export function publishOutput(tmp: string, outdir: string): void {
  for (let attempt = 0; ; attempt++) {
    const aside = `${outdir}${ASIDE}${process.pid}-${randomBytes(4).toString('hex')}`;
    let moved = false;
    try {
      renameSync(outdir, aside);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      renameSync(tmp, outdir);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 20) throw e;
    } finally {
      if (moved) rmSync(aside, { recursive: true, force: true });
    }
  }
}

/** Removes this run's temporary folder (after a failure). */
export function discardOutput(tmp: string): void {
  rmSync(tmp, { recursive: true, force: true });
}

/** Temporary and set-aside folders of runs that were killed; those of live runs stay. */
export function removeLeftovers(outdir: string): void {
  const parent = dirname(outdir);
  const base = basename(outdir);
  if (!existsSync(parent)) return;
  for (const f of readdirSync(parent)) {
    const rest = f.startsWith(base + TEMP)
      ? f.slice(base.length + TEMP.length)
      : f.startsWith(base + ASIDE)
        ? f.slice(base.length + ASIDE.length)
        : undefined;
    if (rest === undefined) continue;
    const pid = Number(/^(\d+)(-|$)/.exec(rest)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) continue;
    rmSync(join(parent, f), { recursive: true, force: true });
  }
}

/** True when a process with this id runs (signal 0 only checks; EPERM means it runs as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What each environment wrote into the output: written by every synth, read by the next one. */
export const ENVIRONMENT_INDEX = 'environments.json';

/** Stack names and rendered files (paths relative to the output folder) per environment. */
export type EnvironmentIndex = Record<string, { readonly stacks: readonly string[]; readonly files: readonly string[] }>;

/** What the review writes into the output folder (tools/review.ts); a synth keeps it (see carryOver). */
export function isReviewOutput(name: string): boolean {
  return /^review(-comment)?\.(md|json)$/.test(name) || /\.(dot|svg)$/.test(name);
}

export interface CarriedOver {
  /** Environments whose stacks and files came from the previous output (not synthesized by this run). */
  readonly environments: readonly string[];
  /** Review files kept from the previous output (built from the previous synth: `npm run review` rebuilds them). */
  readonly reviewFiles: readonly string[];
}

/**
 * Copies what this run does not rebuild from the previous output (`outdir`) into this run's
 * folder (`tmp`) before the swap, so a synth replaces only its own part:
 * - with `only` (ENV_FILE), the stacks, rendered files, manifest entries and policy report of
 *   every other environment the previous output held, so the review of all environments still
 *   finds their stacks;
 * - always, the review's files (review.md, the diagrams), which `npx cdktf synth` would
 *   otherwise delete with the old folder; the caller says they are from the previous synth.
 * `index` is this run's own part; the merged index is written into `tmp`.
 */
export function carryOver(outdir: string, tmp: string, index: EnvironmentIndex, only: boolean): CarriedOver {
  const reviewFiles = existsSync(outdir) ? readdirSync(outdir).filter((f) => isReviewOutput(f) && !existsSync(join(tmp, f))) : [];
  for (const f of reviewFiles) cpSync(join(outdir, f), join(tmp, f));
  const merged: Record<string, EnvironmentIndex[string]> = { ...index };
  const environments: string[] = [];
  const previous = only ? readJson<EnvironmentIndex>(join(outdir, ENVIRONMENT_INDEX)) : undefined;
  if (previous) {
    const manifest = readJson<{ stacks: Record<string, unknown> }>(join(tmp, 'manifest.json'));
    const oldManifest = readJson<{ stacks: Record<string, unknown> }>(join(outdir, 'manifest.json'));
    const policy = readJson<{ stacks: Array<{ stack: string }> }>(join(tmp, 'policy.json'));
    const oldPolicy = readJson<{ stacks: Array<{ stack: string }> }>(join(outdir, 'policy.json'));
    const mine = new Set(Object.values(index).flatMap((e) => e.stacks));
    for (const [name, part] of Object.entries(previous)) {
      // A stack name this run produced belongs to this run, whatever the old index said.
      if (name in index || part.stacks.some((s) => mine.has(s))) continue;
      const stacks = part.stacks.filter((s) => existsSync(join(outdir, 'stacks', s)));
      for (const s of stacks) {
        cpSync(join(outdir, 'stacks', s), join(tmp, 'stacks', s), { recursive: true });
        if (manifest && oldManifest?.stacks[s]) manifest.stacks[s] = oldManifest.stacks[s];
        const report = oldPolicy?.stacks.find((r) => r.stack === s);
        if (policy && report) policy.stacks.push(report);
      }
      for (const f of part.files.filter((x) => existsSync(join(outdir, x)) && !existsSync(join(tmp, x))))
        cpSync(join(outdir, f), join(tmp, f), { recursive: true });
      merged[name] = { stacks, files: part.files };
      environments.push(name);
    }
    if (manifest) writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    if (policy) writeFileSync(join(tmp, 'policy.json'), JSON.stringify(policy, null, 2) + '\n');
  }
  writeFileSync(join(tmp, ENVIRONMENT_INDEX), JSON.stringify(sortedIndex(merged), null, 2) + '\n');
  return { environments: environments.sort(), reviewFiles };
}

function sortedIndex(index: EnvironmentIndex): EnvironmentIndex {
  return Object.fromEntries(
    Object.keys(index)
      .sort()
      .map((k) => [k, index[k]]),
  );
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // A damaged previous output is not kept: the synth replaces it.
    return undefined;
  }
}
