import { createHash, randomBytes } from 'crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { dirname, join, relative, sep } from 'path';

/**
 * The output of each environment, kept from the last synth that built it, and reused when
 * nothing it is made from changed: `npm run synth` after an edit to one environment file
 * builds that environment only. An entry is found by a key, a digest of every input of
 * the environment's synthesis:
 * - the program: every file of the checkout the running process loaded (the bundle, or
 *   each compiled file), the versions of the packages it loads at run time (cdktf, the
 *   providers, yaml, zod...) and the Node.js version;
 * - the environment file and its allocations file, as bytes, and the allocations the
 *   plan ends with (what synth would record);
 * - the settings cdktf reads from the process environment (context, HCL output...).
 * Anything else changes no output: the other environments are planned and checked on
 * every run (their cross-file checks included) but never rendered into this one's stacks.
 * A test synthesizes with a partly reused output and compares it with a full synth byte
 * for byte, and changes each input to see the entry refused.
 */

/** What cdktf reads from the process environment while it synthesizes (the output folder aside, which is where, not what). */
export const CDKTF_SETTINGS = [
  'CDKTF_CONTEXT_JSON',
  'CDKTF_TARGET_STACK_ID',
  'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS',
  'SYNTH_HCL_OUTPUT',
  'TERRAFORM_BINARY_NAME',
] as const;

export interface EnvironmentInputs {
  /** programDigest() of the running process. */
  readonly program: string;
  /** The environment file's path, relative to the checkout (it names problems). */
  readonly file: string;
  readonly text: string | Buffer;
  /** The allocations file's bytes ('' when there is none). */
  readonly allocations: string | Buffer;
  /** The allocations the plan ends with, rendered as synth would record them. */
  readonly allocationsAfter: string;
  readonly settings: Readonly<Record<string, string | undefined>>;
}

/** The key of one environment's output: a digest of every input, each named, in a fixed order. */
export function environmentKey(inputs: EnvironmentInputs): string {
  const hash = createHash('sha256');
  const part = (name: string, value: string | Buffer) => {
    hash.update(`${name} ${Buffer.byteLength(value)}\n`);
    hash.update(value);
    hash.update('\n');
  };
  part('program', inputs.program);
  part('file', inputs.file);
  part('text', inputs.text);
  part('allocations', inputs.allocations);
  part('allocations-after', inputs.allocationsAfter);
  for (const name of Object.keys(inputs.settings).sort()) part(`setting ${name}`, inputs.settings[name] ?? '(unset)');
  return hash.digest('hex');
}

/**
 * A digest of the program this process runs: the checkout's files it loaded (node_modules
 * aside), the versions of the packages the checkout depends on, and the Node.js version.
 */
export function programDigest(root: string, loaded: readonly string[] = Object.keys(require.cache)): string {
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\n`);
  const own = loaded
    .filter((f) => f.startsWith(root + sep) && !f.includes(`${sep}node_modules${sep}`))
    .map((f) => relative(root, f))
    .sort();
  for (const f of own) {
    hash.update(`${f}\n`);
    hash.update(readFileSync(join(root, f)));
    hash.update('\n');
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies ?? {}).sort()) {
    const file = join(root, 'node_modules', dep, 'package.json');
    const version = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version : undefined;
    hash.update(`${dep}@${version ?? '(missing)'}\n`);
  }
  return hash.digest('hex');
}

/** One environment's part of the output, as a full synth writes it. */
export interface CachedEnvironment {
  readonly key: string;
  /** Its stacks, in the order the synth builds them. */
  readonly stacks: readonly string[];
  /** Its rendered files (paths relative to the output folder). */
  readonly files: readonly string[];
  /** Its stacks' entries in manifest.json. */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** Its stacks' policy records, in stack order (what policy.json and the scanners' files are made from). */
  readonly policy: readonly unknown[];
  /** The SHA-256 of every file kept, by path: an entry whose files differ (damaged, edited by hand) is not used. */
  readonly digests?: Readonly<Record<string, string>>;
}

const ENTRY = 'entry.json';
const OUTPUT = 'out';

/** The entries of one checkout, one per environment name (the last output built for it). */
export class SynthCache {
  constructor(public readonly dir: string) {}

  /** The environment's entry when it was made with exactly this key and is complete. */
  public read(environment: string, key: string): CachedEnvironment | undefined {
    const file = join(this.folder(environment), ENTRY);
    if (!existsSync(file)) return undefined;
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as CachedEnvironment;
      if (entry.key !== key) return undefined;
      const out = join(this.folder(environment), OUTPUT);
      const kept = filesUnder(out, [...entry.stacks.map((s) => join('stacks', s)), ...entry.files]);
      const digests = entry.digests ?? {};
      const intact = kept.length === Object.keys(digests).length && kept.every((p) => digests[p] === sha256(readFileSync(join(out, p))));
      return intact ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Copies an entry's stacks and files into an output folder. */
  public restore(environment: string, entry: CachedEnvironment, outdir: string): void {
    const from = join(this.folder(environment), OUTPUT);
    for (const p of [...entry.stacks.map((s) => join('stacks', s)), ...entry.files]) {
      mkdirSync(dirname(join(outdir, p)), { recursive: true });
      cpSync(join(from, p), join(outdir, p), { recursive: true });
    }
  }

  /**
   * Keeps an environment's part of a published output. Written into a folder of its own
   * and renamed into place, so a reader finds the whole previous entry, the whole new
   * one, or none (then it synthesizes).
   */
  public write(environment: string, entry: CachedEnvironment, outdir: string): void {
    const staging = join(this.dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      for (const p of [...entry.stacks.map((s) => join('stacks', s)), ...entry.files]) {
        mkdirSync(dirname(join(staging, OUTPUT, p)), { recursive: true });
        cpSync(join(outdir, p), join(staging, OUTPUT, p), { recursive: true });
      }
      const out = join(staging, OUTPUT);
      const paths = filesUnder(out, [...entry.stacks.map((s) => join('stacks', s)), ...entry.files]);
      const digests = Object.fromEntries(paths.map((p) => [p, sha256(readFileSync(join(out, p)))]));
      writeFileSync(join(staging, ENTRY), JSON.stringify({ ...entry, digests }) + '\n');
      rmSync(this.folder(environment), { recursive: true, force: true });
      renameSync(staging, this.folder(environment));
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  private folder(environment: string): string {
    return join(this.dir, encodeURIComponent(environment));
  }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The files at or below each path (relative to `dir`), sorted; a missing path has none. */
function filesUnder(dir: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const full = join(dir, p);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) for (const name of readdirSync(full)) walk(join(p, name));
    else out.push(p);
  };
  for (const p of paths) walk(p);
  return [...new Set(out)].sort();
}
