import type { Environment } from './schema';

/**
 * A problem found in an environment (or a construct's input): where it is, what is
 * wrong and what would be right. Checks return problems; callers decide to throw.
 */
export interface Problem {
  /** File the problem is in; empty when the input did not come from a file. */
  readonly file: string;
  /** Path inside the file, e.g. `clusters[0].brokers`; empty for the whole file. */
  readonly path: string;
  /** What is wrong, with the value received. */
  readonly message: string;
  /** What would be right. */
  readonly fix: string;
  /** Errors stop synthesis; warnings are reported and synthesis goes on. */
  readonly severity?: 'error' | 'warning';
  /** Line in the file, when known. */
  readonly line?: number;
}

/**
 * A semantic check over a schema-valid environment: a plain function that returns
 * problems. The one list the app, the tests and the review run is ESTATE_CHECKS
 * (stacks/checks.ts); loading takes it as an argument so model/ imports no check.
 */
export type EnvironmentCheck = (env: Environment) => Problem[];

/** Formats a path array (`['clusters', 0, 'brokers']`) as `clusters[0].brokers`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function formatProblem(p: Problem): string {
  const file = p.file && p.line ? `${p.file}:${p.line}` : p.file;
  const where = [file, p.path].filter((s) => s !== '').join(': ');
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  return visible(`${where ? where + ': ' : ''}${tag}${p.message}${p.fix ? ` Fix: ${p.fix}` : ''}`);
}

/** Control characters a value brought in (YAML escapes allow them) shown as \uXXXX, so a terminal prints them harmlessly. */
function visible(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c < 0xa0) ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity !== 'warning');
}

/** Thrown with every problem at once, never only the first. */
export class EstateValidationError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} found:\n` + problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'EstateValidationError';
  }
}

/** Throws an EstateValidationError when any problem is an error. */
export function throwIfErrors(problems: readonly Problem[]): void {
  const errors = errorsOf(problems);
  if (errors.length > 0) throw new EstateValidationError(errors);
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
