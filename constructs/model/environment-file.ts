import { readdirSync } from 'fs';
import { extname, join } from 'path';
import { isMap, isSeq, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { allocationFileOf, readAllocations } from './allocations';
import { environmentJsonSchema, EnvironmentSchema, type Allocations, type Environment } from './schema';
import { formatPath, nearest, type EnvironmentCheck, type Problem } from './problems';
import { parseYaml, readEnvironmentText } from './yaml-reader';
import { stackNames } from './naming';

/** A validated environment and the file it came from. */
export interface LoadedEnvironment {
  readonly file: string;
  readonly env: Environment;
  /** Warnings found; errors never reach a LoadedEnvironment. */
  readonly warnings: Problem[];
}

export interface LoadResult {
  readonly environments: LoadedEnvironment[];
  readonly problems: Problem[];
}

/** Environment files in a folder: *.yaml / *.yml, sorted, schema.json excluded. */
export function environmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => ['.yaml', '.yml'].includes(extname(f)))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Reads and validates every file, collecting all problems of all files before anyone
 * synthesizes anything. Environments are returned only when no file has an error.
 * `checks` are the semantic checks run after the schema; callers pass ESTATE_CHECKS
 * (stacks/checks.ts), the one list, so what passes here is what synth can build.
 */
export function loadEnvironments(files: readonly string[], checks: readonly EnvironmentCheck[]): LoadResult {
  const environments: LoadedEnvironment[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const r = loadEnvironmentFile(file, checks);
    problems.push(...r.problems);
    if (r.env) environments.push({ file, env: r.env, warnings: r.problems.filter((p) => p.severity === 'warning') });
  }
  const names = new Map<string, string>();
  for (const { file, env } of environments) {
    const other = names.get(env.name);
    if (other)
      problems.push({
        file,
        path: 'name',
        message: `environment name "${env.name}" is also used by ${other}.`,
        fix: 'give each environment file its own name; stack ids would collide.',
      });
    names.set(env.name, file);
  }
  problems.push(...stackNameClashes(environments));
  const failed = problems.some((p) => p.severity !== 'warning');
  return { environments: failed ? [] : environments, problems };
}

/**
 * Stack names are global across the files of one run (and are the state keys): env
 * `dev-eu` with site `fra` and env `dev` with site `eu-fra` would both make `dev-eu-fra`.
 */
function stackNameClashes(environments: readonly LoadedEnvironment[]): Problem[] {
  const owners = new Map<string, { file: string; env: string; what: string }>();
  const reported = new Set<string>();
  const out: Problem[] = [];
  for (const { file, env } of environments) {
    const mine = new Set<string>();
    for (const s of stackNames(env)) {
      if (mine.has(s.name)) continue;
      mine.add(s.name);
      const other = owners.get(s.name);
      const once = `${file} ${s.path} ${other?.env}`;
      if (other && other.env !== env.name && !reported.has(once)) {
        reported.add(once);
        out.push({
          file,
          path: s.path,
          message: `stack "${s.name}" (${s.what}) is also a stack of environment "${other.env}" in ${other.file} (${other.what}); the second would overwrite the first, state included.`,
          fix: 'rename the site, fleet or environment so that <env>-<id> names differ across files.',
        });
      } else if (!other) owners.set(s.name, { file, env: env.name, what: s.what });
    }
  }
  return out;
}

export function loadEnvironmentFile(file: string, checks: readonly EnvironmentCheck[]): { env?: Environment; problems: Problem[] } {
  const read = readEnvironmentText(file);
  if ('problem' in read) return { problems: [read.problem] };
  // The committed allocations travel with the environment, so every check and plan sees them.
  const recorded = readAllocations(allocationFileOf(file));
  if (recorded.problems.length > 0) return { problems: recorded.problems };
  return parseEnvironmentText(read.text, file, checks, recorded.allocations);
}

/**
 * Validates YAML text against the schema, then runs `checks`; `file` is only used in
 * messages. `allocations` are the environment's recorded allocations (none: nothing
 * allocated yet).
 */
export function parseEnvironmentText(
  text: string,
  file: string,
  checks: readonly EnvironmentCheck[],
  allocations?: Allocations,
): { env?: Environment; problems: Problem[] } {
  const parsedYaml = parseYaml(text, file);
  if ('problems' in parsedYaml) return { problems: parsedYaml.problems };
  const { doc, lineCounter, data } = parsedYaml;
  return checkEnvironmentData(data, file, checks, (path) => lineOf(doc, lineCounter, path), allocations);
}

/**
 * Validates data read from a file (the schema, then `checks`); `lineAt` finds the line
 * of a path in the file. The property tests call it directly with mutated data.
 */
export function checkEnvironmentData(
  data: unknown,
  file: string,
  checks: readonly EnvironmentCheck[],
  lineAt: (path: ReadonlyArray<PropertyKey>) => number | undefined = () => undefined,
  allocations?: Allocations,
): { env?: Environment; problems: Problem[] } {
  if (data === null || data === undefined || (typeof data === 'string' && data.trim() === '')) {
    return {
      problems: [
        {
          file,
          path: '',
          message: 'file is empty.',
          fix: 'describe the environment: name, stage, owner, sites (see environments/dev.yaml).',
        },
      ],
    };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      problems: [
        {
          file,
          path: '',
          message: `expected a mapping of settings at the top level, got ${Array.isArray(data) ? 'a list' : typeof data}.`,
          fix: 'start the file with name:, stage:, owner:, sites:.',
        },
      ],
    };
  }
  const at = lineAt;
  const parsed = EnvironmentSchema.safeParse(data);
  const semantic = (env: Environment) => runChecks(env, checks).map((p) => ({ ...p, file, line: p.line ?? at(pathParts(p.path)) }));
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => issueToProblems(issue, data, file, at));
    // Unknown keys alone do not hide the rest: the semantic checks still run on the file
    // without them, so one round of fixes sees every problem (the README's promise).
    const stripped = withoutUnknownKeys(data, parsed.error.issues);
    return { problems: stripped ? [...problems, ...semantic(stripped)] : problems };
  }
  const env: Environment = allocations && Object.keys(allocations).length > 0 ? { ...parsed.data, allocations } : parsed.data;
  const problems = semantic(env);
  const failed = problems.some((p) => p.severity !== 'warning');
  return { env: failed ? undefined : env, problems };
}

/**
 * Runs each check apart, so one that fails on input it did not expect becomes a problem
 * naming the check instead of a stack trace that hides every other problem.
 */
function runChecks(env: Environment, checks: readonly EnvironmentCheck[]): Problem[] {
  return checks.flatMap((check): Problem[] => {
    try {
      return check(env);
    } catch (e) {
      return [
        {
          file: '',
          path: '',
          message: `the check ${check.name || '(unnamed)'} could not judge this file: ${e instanceof Error ? e.message : String(e)}.`,
          fix: "this is a gap in the product's validation; report it with the file. Fixing the other problems may avoid it.",
        },
      ];
    }
  });
}

/**
 * The data with every unknown key removed, when unknown keys are the only schema
 * problems and the rest then passes the schema; otherwise undefined.
 */
function withoutUnknownKeys(data: unknown, issues: readonly ZodIssue[]): Environment | undefined {
  if (!issues.every((i) => i.code === 'unrecognized_keys')) return undefined;
  const copy = structuredClone(data);
  for (const issue of issues) {
    const holder = valueAt(copy, issue.path as PropertyKey[]);
    if (holder && typeof holder === 'object' && issue.code === 'unrecognized_keys')
      for (const key of issue.keys) delete (holder as Record<string, unknown>)[key];
  }
  const again = EnvironmentSchema.safeParse(copy);
  return again.success ? again.data : undefined;
}

type ZodIssue = z.core.$ZodIssue;

function issueToProblems(
  issue: ZodIssue,
  data: unknown,
  file: string,
  at: (p: ReadonlyArray<PropertyKey>) => number | undefined,
): Problem[] {
  const path = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') {
    const valid = validKeysAt(path, data);
    return issue.keys.map((key) => {
      const guess = nearest(key, valid);
      const full = [...path, key];
      return {
        file,
        path: formatPath(full),
        line: at(full),
        message: `unknown key "${key}".`,
        fix: guess ? `did you mean "${guess}"? Valid keys here: ${valid.join(', ')}.` : `remove it; valid keys here: ${valid.join(', ')}.`,
      };
    });
  }
  const value = valueAt(data, path);
  let message: string;
  let fix: string;
  const key = String(path[path.length - 1]);
  if (issue.code === 'invalid_type' && value === undefined) {
    message = 'is required but missing.';
    fix = `add ${key} (${issue.expected}).`;
  } else if (issue.code === 'invalid_value' && value === undefined) {
    message = 'is required but missing.';
    fix = `add ${key}: one of ${issue.values.map(String).join(', ')}.`;
  } else if (issue.code === 'invalid_value') {
    message = `${shown(value)} is not allowed.`;
    fix = `use one of: ${issue.values.map((v) => String(v)).join(', ')}.`;
    const guess = typeof value === 'string' ? nearest(value, issue.values.map(String)) : undefined;
    if (guess) fix = `did you mean "${guess}"? Allowed: ${issue.values.map(String).join(', ')}.`;
  } else if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    message = value === undefined ? 'is required but missing.' : `${shown(value)} is not a known variant.`;
    fix = `set ${key} to one of: ${options.join(', ')}.`;
  } else {
    message = `${value === undefined ? 'value' : shown(value)} ${issue.message.replace(/^Invalid input: /, '')}`.trim();
    fix = fixFor(issue);
  }
  return [{ file, path: formatPath(path), line: at(path), message: message.endsWith('.') ? message : `${message}.`, fix }];
}

/** A value as the user wrote it; JSON would print Infinity and NaN as null. */
function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function fixFor(issue: ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `use a value of at least ${String(issue.minimum)}.`;
    case 'too_big':
      return `use a value of at most ${String(issue.maximum)}.`;
    case 'invalid_type':
      return `write a ${issue.expected}.`;
    case 'invalid_format':
      return 'see the description of the field in environments/schema.json.';
    default:
      return 'see environments/schema.json.';
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

let jsonSchema: Record<string, unknown> | undefined;

type JsonSchemaNode = {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  const?: unknown;
  additionalProperties?: unknown;
};

/** Keys the schema allows at `path`, found by walking the JSON Schema alongside the data. */
export function validKeysAt(path: readonly PropertyKey[], data: unknown): string[] {
  jsonSchema ??= environmentJsonSchema();
  let node = jsonSchema as JsonSchemaNode | undefined;
  let cur: unknown = data;
  const pick = (n: JsonSchemaNode | undefined, value: unknown): JsonSchemaNode | undefined => {
    const branches = n?.anyOf ?? n?.oneOf;
    if (!branches) return n;
    return (
      branches.find((b) =>
        Object.entries(b.properties ?? {}).every(
          ([k, s]) => s.const === undefined || (value as Record<string, unknown> | undefined)?.[k] === s.const,
        ),
      ) ?? branches[0]
    );
  };
  for (const p of path) {
    node = pick(node, cur);
    node = typeof p === 'number' ? node?.items : node?.properties?.[String(p)];
    cur = (cur as Record<PropertyKey, unknown> | undefined)?.[p];
  }
  node = pick(node, cur);
  return Object.keys(node?.properties ?? {}).filter((k) => k !== '$schema');
}

function pathParts(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** Line of the node at `path`, or of its nearest existing parent. */
function lineOf(doc: Document, lc: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
    // keys of a map: the pair's key carries the position
    if (n > 0) {
      const parent = doc.getIn(path.slice(0, n - 1) as unknown[], true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => (it.key as { value?: unknown })?.value === path[n - 1]);
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range) return lc.linePos(range[0]).line;
      } else if (isSeq(parent)) continue;
    }
  }
  return undefined;
}
