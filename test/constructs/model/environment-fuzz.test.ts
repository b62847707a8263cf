import { Testing, type App } from 'cdktf';
import * as fc from 'fast-check';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { planEstate } from '../../../constructs/analysis/plan';
import { checkEnvironmentData, parseEnvironmentText } from '../../../constructs/model/environment-file';
import { formatProblem, type Problem } from '../../../constructs/model/problems';
import type { Environment } from '../../../constructs/model/schema';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { buildEstate } from '../../../stacks/estate';
import { HOSTILE_ENVIRONMENTS } from '../../fixtures/bad-inputs/environments';
import { arbitraryEstate, mutants, SEEDS, textMutants } from './environment-arbitraries';

/**
 * Property: whatever a careless or hostile user writes, loading ends in an environment
 * or in problems with file and path, never in a trace, in bounded time and memory; and
 * an environment that passes is planned (and, for a sample, built) without an error.
 * Seeds are fixed so a failure replays; FUZZ_SEED and FUZZ_RUNS widen a local search.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 19);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Most CPU time a single mutant may take to validate and plan, ms (typical: a few ms). */
const PER_RUN_MS = 2000;
const FILE = 'fuzz.yaml';
const FILE_LEVEL = /^(file is empty\.|expected a mapping of settings at the top level)/;

function judge(problems: readonly Problem[]): string | undefined {
  for (const p of problems) {
    if (p.file !== FILE) return `problem without its file: ${formatProblem(p)}`;
    if (/could not judge this file/.test(p.message)) return `a check threw: ${formatProblem(p)}`;
    if (p.severity !== 'warning' && p.path === '' && !FILE_LEVEL.test(p.message) && !/^YAML /.test(p.message) && p.line === undefined)
      return `problem without a path or line: ${formatProblem(p)}`;
    if (p.message.trim() === '' || p.fix.trim() === '') return `problem without message or fix: ${formatProblem(p)}`;
  }
  return undefined;
}

interface Tally {
  runs: number;
  valid: number;
  slowestMs: number;
  failures: string[];
  validEnvs: Environment[];
}

function exercise(tally: Tally, load: () => { env?: Environment; problems: Problem[] }, describeInput: () => string): void {
  tally.runs++;
  // CPU time: the suite shares the machine, so wall time says more about the neighbours than about the loader.
  const started = process.cpuUsage();
  let r: { env?: Environment; problems: Problem[] };
  try {
    r = load();
  } catch (e) {
    tally.failures.push(`load threw ${(e as Error).message} for\n${describeInput()}`);
    return;
  }
  const bad = judge(r.problems);
  if (bad) tally.failures.push(`${bad}\nfor\n${describeInput()}`);
  if (r.env) {
    tally.valid++;
    try {
      planEstate(r.env);
      if (tally.validEnvs.length < 400) tally.validEnvs.push(r.env);
    } catch (e) {
      tally.failures.push(`planEstate threw ${(e as Error).message} for\n${describeInput()}`);
    }
  }
  const used = process.cpuUsage(started);
  tally.slowestMs = Math.max(tally.slowestMs, (used.user + used.system) / 1000);
}

const newTally = (): Tally => ({ runs: 0, valid: 0, slowestMs: 0, failures: [], validEnvs: [] });

describe('property: mutated reference estates', () => {
  const tally = newTally();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = process.cpuUsage();
  fc.assert(
    fc.property(mutants, ({ data }) => {
      exercise(
        tally,
        () => checkEnvironmentData(data, FILE, ESTATE_CHECKS),
        () => stringify(data).slice(0, 4000),
      );
      return true;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  const cpu = process.cpuUsage(started);
  const elapsed = (cpu.user + cpu.system) / 1000;
  const heapGrowthMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  it(`runs ${RUNS} mutants and some pass (the mutations are not all fatal)`, () => {
    expect(tally.runs).toBe(RUNS);
    expect(tally.valid).toBeGreaterThan(RUNS / 20);
  });

  it('ends every mutant in an environment or in problems with file and path; nothing throws', () => {
    expect(tally.failures.slice(0, 3)).toEqual([]);
  });

  it('takes bounded time per mutant and in all, and bounded memory', () => {
    expect(tally.slowestMs).toBeLessThan(PER_RUN_MS);
    expect(elapsed).toBeLessThan(30_000);
    expect(heapGrowthMiB).toBeLessThan(512);
  });

  it('builds a sample of the mutants that pass without a construct error', () => {
    // One App, a few distinct estates: building is what costs, so only a sample is built.
    const sample = tally.validEnvs.filter((_, i) => i % Math.max(1, Math.floor(tally.validEnvs.length / 4)) === 0).slice(0, 4);
    const failures: string[] = [];
    sample.forEach((env, i) => {
      try {
        buildEstate(Testing.app() as App, planEstate({ ...env, name: `f${i}` }));
      } catch (e) {
        failures.push(`${(e as Error).message}\nfor\n${stringify(env).slice(0, 3000)}`);
      }
    });
    expect(sample.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});

describe('property: random estates from the schema', () => {
  const tally = newTally();
  fc.assert(
    fc.property(arbitraryEstate, (data) => {
      exercise(
        tally,
        () => checkEnvironmentData(data, FILE, ESTATE_CHECKS),
        () => stringify(data).slice(0, 4000),
      );
      return true;
    }),
    { numRuns: 200, seed: SEED },
  );

  it('ends every estate in an environment or in problems with file and path', () => {
    expect(tally.failures.slice(0, 3)).toEqual([]);
    expect(tally.slowestMs).toBeLessThan(PER_RUN_MS);
  });

  it('produces valid estates too (the generator reaches the planner)', () => {
    expect(tally.valid).toBeGreaterThan(10);
  });
});

describe('property: mutated YAML text', () => {
  const tally = newTally();
  fc.assert(
    fc.property(textMutants, (text) => {
      exercise(
        tally,
        () => parseEnvironmentText(text, FILE, ESTATE_CHECKS),
        () => text.slice(0, 4000),
      );
      return true;
    }),
    { numRuns: 150, seed: SEED },
  );

  it('ends every text in an environment or in problems with the file; nothing throws', () => {
    expect(tally.failures.slice(0, 3)).toEqual([]);
    expect(tally.slowestMs).toBeLessThan(PER_RUN_MS);
  });
});

describe('the hostile corpus passes through the same property', () => {
  it('every hostile environment ends in problems with file and path', () => {
    const tally = newTally();
    for (const h of HOSTILE_ENVIRONMENTS) {
      const data = h.make();
      exercise(
        tally,
        () => checkEnvironmentData(data, FILE, ESTATE_CHECKS),
        () => h.title,
      );
    }
    expect(tally.failures).toEqual([]);
    expect(tally.valid).toBe(0);
  });

  it('the seeds themselves are valid estates', () => {
    for (const { name, data } of SEEDS)
      expect([name, checkEnvironmentData(data, FILE, ESTATE_CHECKS).env !== undefined]).toEqual([name, true]);
  });
});

// Keeps the reference files in the seeds: a new reference estate joins the fuzz by being added to environments/.
describe('seeds', () => {
  it('cover every reference estate', () => {
    const files = readdirSync(join(__dirname, '..', '..', '..', 'environments')).filter((f) => f.endsWith('.yaml'));
    expect(SEEDS.map((s) => s.name)).toEqual(expect.arrayContaining(files));
    expect(parse(readFileSync(join(__dirname, '..', '..', '..', 'environments', files[0]), 'utf8'))).toBeDefined();
  });
});
