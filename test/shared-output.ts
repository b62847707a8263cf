import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * A folder made once per Jest run and shared by the test files that only read it (the
 * reference estates' synth takes seconds and several files read it): the first file to
 * ask makes it while the others wait, and each caller gets its own fresh copy, which it
 * may change or remove. `make(dir)` writes the folder's content into `dir`.
 *
 * The run's folder is `TEST_RUN_DIR`, set by Jest's globalSetup (test/global-setup.js).
 * Without it (a Jest configuration without that globalSetup) every call makes its own.
 * A file that must prove something about a fresh synth (exit codes, the synth cache,
 * nothing written on bad input) does not use this: it synthesizes itself.
 */
export function sharedOutput(name: string, make: (dir: string) => void): string {
  const copy = mkdtempSync(join(tmpdir(), `${name}-`));
  const run = process.env.TEST_RUN_DIR;
  if (!run || !existsSync(run)) {
    make(copy);
    return copy;
  }
  const shared = join(run, name);
  const lock = `${shared}.lock`;
  while (!existsSync(shared)) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      // Another worker is making it (wait), or it was killed while making it (take over).
      const owner = readOwner(lock);
      if (owner !== undefined && !alive(owner)) rmSync(lock, { force: true });
      else sleep(100);
      continue;
    }
    try {
      const aside = mkdtempSync(`${shared}.tmp-`);
      make(aside);
      renameSync(aside, shared);
    } finally {
      rmSync(lock, { force: true });
    }
  }
  cpSync(shared, copy, { recursive: true });
  return copy;
}

/** The process id in a lock; undefined while it is being written or once it is gone. */
function readOwner(lock: string): number | undefined {
  try {
    const text = readFileSync(lock, 'utf8').trim();
    return text === '' ? undefined : Number(text);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Blocks this worker (a test file's synchronous top level may be what waits). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
