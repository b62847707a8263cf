// @ts-check
/**
 * Mutation testing of the resilience core (README, "Mutation testing"). Each mutated
 * file names the tests that exercise it: a mutant runs against those only, since
 * loading every test file that reaches the plan costs seconds per mutant and quorum.ts
 * alone has over 400 mutants. `--mutate <file>` on the command line narrows both the
 * mutants and the tests to that file's.
 */

/** The agreement with the independent model (MODEL_RUNS random estates, set by `npm run mutation`). */
const MODEL = 'tools/resilience-model/agreement';

/** Mutated file (with the line ranges mutated, if not whole) -> its test files under test/. */
const TARGETS = {
  'constructs/analysis/quorum.ts': [
    'constructs/analysis/quorum',
    'constructs/analysis/claims',
    'constructs/analysis/failure-domains',
    MODEL,
  ],
  'constructs/analysis/resilience.ts': ['constructs/analysis/resilience', 'constructs/analysis/claims', MODEL],
  'constructs/analysis/zones.ts': [
    'constructs/analysis/resilience',
    'constructs/analysis/claims',
    'constructs/analysis/eventhubs-resilience',
    MODEL,
  ],
  'constructs/analysis/replication.ts': ['constructs/analysis/replication', 'constructs/analysis/claims', MODEL],
  'constructs/analysis/durability.ts': ['constructs/analysis/durability', 'constructs/analysis/claims'],
  'constructs/analysis/sizing.ts': ['constructs/analysis/sizing'],
  'constructs/analysis/edge.ts:16-72': ['constructs/analysis/edge'],
  'constructs/analysis/edge.ts:508-565': ['constructs/analysis/edge', 'constructs/analysis/claims'],
  'constructs/kinds/event-hubs/model.ts:20-49': ['constructs/analysis/eventhubs-resilience', MODEL],
  'constructs/kinds/msk-serverless/model.ts:12-18': ['constructs/analysis/resilience', 'constructs/analysis/claims', MODEL],
};

/** The files given with `--mutate`/`-m`, if any (comma-separated, as Stryker reads them). */
function mutateArgument() {
  const argv = process.argv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--mutate=')) return argv[i].slice('--mutate='.length).split(',');
    if (argv[i] === '--mutate' || argv[i] === '-m') return (argv[i + 1] ?? '').split(',');
  }
  return undefined;
}

const asked = mutateArgument();
const fileOf = (target) => target.replace(/:[\d-]+$/, '');
const chosen = asked === undefined ? Object.keys(TARGETS) : Object.keys(TARGETS).filter((t) => asked.some((a) => fileOf(a) === fileOf(t)));
if (asked !== undefined && chosen.length === 0) {
  throw new Error(`no tests are listed for ${asked.join(', ')}: add the file to TARGETS in stryker.config.mjs`);
}
const tests = [...new Set(chosen.flatMap((t) => TARGETS[t]))].sort();
/** Reports and the incremental state per run: one file's run does not overwrite another's. */
const name = asked === undefined ? 'all' : [...new Set(chosen.map((t) => fileOf(t).replace(/^.*\/(.*)\.ts$/, '$1')))].join('+');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: true,
    config: {
      roots: ['<rootDir>/constructs', '<rootDir>/tools', '<rootDir>/test'],
      testMatch: tests.map((t) => `<rootDir>/test/${t}.test.ts`),
    },
  },
  coverageAnalysis: 'perTest',
  mutate: Object.keys(TARGETS),
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'cdktf.out', 'cdktf.out.tmp*', 'coverage', 'reports', 'state'],
  disableTypeChecks: '{constructs,stacks,tools,test}/**/*.ts',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // Read with --incremental: only mutants whose code or covering tests changed run again.
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  thresholds: { high: 90, low: 80, break: null },
};
