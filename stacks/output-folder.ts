import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'fs';
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
