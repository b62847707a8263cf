import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { statefulKind } from './stateful';
import { readSynthOutput, type SynthResource, type SynthStack } from './synth-output';

/** An acknowledged loss: `<stack>/<address>` or `<address>` (any stack), with the reason the reviewer gave. */
export interface Acknowledgement {
  readonly target: string;
  readonly reason: string;
}

/** Reasons shorter than this say nothing a reviewer can check later. */
export const MIN_ACK_REASON = 20;

export interface Danger {
  readonly stack: string;
  readonly address: string;
  readonly kind: string;
  /** `removed`, or `readdressed` when a resource of the same type appeared in the same stack. */
  readonly what: 'removed' | 'readdressed';
  /** The likely new address, when readdressed. */
  readonly newAddress?: string;
  readonly acknowledged?: string;
}

export interface StackDiff {
  readonly stack: string;
  readonly added: SynthResource[];
  readonly removed: SynthResource[];
  readonly changed: SynthResource[];
  readonly moved: Array<{ from: string; to: string }>;
}

export interface AddressDiff {
  readonly stacks: StackDiff[];
  /** Stateful resources that leave their address without a declared move. */
  readonly dangers: Danger[];
  readonly unacknowledged: Danger[];
  /** Acknowledgements that matched nothing: a stale flag should not silently pass a later change. */
  readonly unusedAcks: Acknowledgement[];
  /** Stacks whose synthesized JSON differs (added, removed or edited): the ones CI plans. */
  readonly changedStacks: string[];
}

/**
 * Compares the Terraform addresses of two syntheses, stack by stack. A stateful
 * resource whose address disappears is a destroy unless a `moved` block in the new
 * stack maps it, or the reviewer acknowledged it with a reason.
 */
export function compareAddresses(
  base: readonly SynthStack[],
  head: readonly SynthStack[],
  acks: readonly Acknowledgement[] = [],
): AddressDiff {
  const headByName = new Map(head.map((s) => [s.name, s]));
  const baseByName = new Map(base.map((s) => [s.name, s]));
  const names = [...new Set([...baseByName.keys(), ...headByName.keys()])].sort();
  const stacks: StackDiff[] = [];
  const dangers: Danger[] = [];
  const used = new Set<Acknowledgement>();
  for (const name of names) {
    const b = baseByName.get(name)?.resources ?? [];
    const h = headByName.get(name)?.resources ?? [];
    const moved = headByName.get(name)?.moved ?? [];
    const bAddr = new Map(b.map((r) => [r.address, r]));
    const hAddr = new Map(h.map((r) => [r.address, r]));
    const movedFrom = new Map(moved.map((m) => [m.from, m.to]));
    const added = h.filter((r) => !bAddr.has(r.address) && !moved.some((m) => m.to === r.address));
    const removed = b.filter((r) => !hAddr.has(r.address) && !movedFrom.has(r.address));
    const changed = h.filter((r) => bAddr.has(r.address) && bAddr.get(r.address)!.body !== r.body);
    if (added.length + removed.length + changed.length + moved.length > 0) stacks.push({ stack: name, added, removed, changed, moved });
    for (const r of removed) {
      const kind = statefulKind(r);
      if (!kind) continue;
      const sameType = added.filter((a) => a.type === r.type);
      const ack = acks.find((a) => a.target === `${name}/${r.address}` || a.target === r.address);
      if (ack) used.add(ack);
      dangers.push({
        stack: name,
        address: r.address,
        kind,
        what: sameType.length === 1 ? 'readdressed' : 'removed',
        newAddress: sameType.length === 1 ? sameType[0].address : undefined,
        acknowledged: ack?.reason,
      });
    }
  }
  const changedStacks = names.filter((n) => headByName.has(n) && baseByName.get(n)?.fingerprint !== headByName.get(n)!.fingerprint);
  return {
    stacks,
    changedStacks,
    dangers,
    unacknowledged: dangers.filter((d) => d.acknowledged === undefined),
    unusedAcks: acks.filter((a) => !used.has(a)),
  };
}

/** Parses `--ack <stack/address>=<reason>`; returns the problem in words when it is not one. */
export function parseAck(value: string): Acknowledgement | string {
  const i = value.indexOf('=');
  if (i <= 0) return `--ack "${value}" needs the form <stack>/<type>.<name>=<reason>.`;
  const target = value.slice(0, i).trim();
  const reason = value.slice(i + 1).trim();
  if (!/^([\w.-]+\/)?[a-z0-9_]+\.[\w-]+$/.test(target))
    return `--ack target "${target}" is not a Terraform address; write <stack>/<type>.<name>, e.g. dev-fra/aws_msk_cluster.main_7AD10839.`;
  if (reason.length < MIN_ACK_REASON)
    return `--ack reason for ${target} is ${reason.length} characters; say why losing it is acceptable in at least ${MIN_ACK_REASON}.`;
  return { target, reason };
}

export interface BaseSynthOptions {
  /** Repository to take the base revision from. @default the current directory's repository */
  readonly repo?: string;
  /** Called with each step, for the terminal. */
  readonly log?: (line: string) => void;
}

/**
 * Synthesizes `ref` in a temporary git worktree (node_modules linked from this
 * checkout) by running the base revision's own cdktf.json `app`, as `cdktf synth`
 * would, and reads its output. The worktree is removed afterwards, also on failure.
 */
export function synthesizeRevision(ref: string, opts: BaseSynthOptions = {}): SynthStack[] {
  const repo = git(opts.repo ?? process.cwd(), ['rev-parse', '--show-toplevel']).trim();
  const commit = git(repo, ['rev-parse', '--verify', `${ref}^{commit}`]).trim();
  const dir = mkdtempSync(join(tmpdir(), 'review-base-'));
  const tree = join(dir, 'tree');
  opts.log?.(`synthesizing base ${ref} (${commit.slice(0, 12)}) in ${tree}`);
  git(repo, ['worktree', 'add', '--detach', '--quiet', tree, commit]);
  try {
    const modules = join(repo, 'node_modules');
    if (existsSync(modules) && !existsSync(join(tree, 'node_modules'))) symlinkSync(modules, join(tree, 'node_modules'), 'dir');
    const cdktfJson = join(tree, 'cdktf.json');
    if (!existsSync(cdktfJson)) throw new Error(`base ${ref} has no cdktf.json; it cannot be synthesized.`);
    const app = (JSON.parse(readFileSync(cdktfJson, 'utf8')) as { app?: string }).app;
    if (!app) throw new Error(`base ${ref}: cdktf.json has no "app" command.`);
    const outdir = join(tree, 'cdktf.out');
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
    delete env.ENV_FILE;
    try {
      execFileSync('sh', ['-c', app], { cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      throw new Error(`synthesizing base ${ref} failed (${app}):\n${(err.stderr || err.stdout || String(e)).trim()}`, { cause: e });
    }
    return readSynthOutput(outdir);
  } finally {
    try {
      git(repo, ['worktree', 'remove', '--force', tree]);
    } catch {
      // a worktree git no longer knows is just a folder
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
