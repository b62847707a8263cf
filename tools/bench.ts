import { resolve } from 'path';
import { measure } from './bench/process-tree';
import { readmeBlock, runBench, writeReadme } from './bench/run';

/**
 * npm run bench [-- --quick] [-- --write-readme] [-- --no-test]: wall time and peak memory
 * (whole process tree) of what users type — `npm run synth` after an environment or a
 * construct edit, `npx cdktf synth` — against the cdktf template way (ts-node, alone and
 * through the cdktf CLI), fleets of 10 to 5,000 sites and `npm test`, side by side in one
 * run. Prints a table, then one JSON line last; --write-readme also replaces the README's
 * bench block with them. BENCH_RUNS and BENCH_FLEET (comma-separated sizes) override.
 */
const ROOT = resolve(__dirname, '..', '..');
const args = new Set(process.argv.slice(2));

async function main(): Promise<void> {
  const quick = args.has('--quick');
  const result = await runBench({
    root: ROOT,
    quick,
    runs: process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined,
    fleets: process.env.BENCH_FLEET ? process.env.BENCH_FLEET.split(',').map(Number) : undefined,
    test: !args.has('--no-test'),
    measure,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const j = result.json;
  console.log(result.table);
  console.log(
    `\nload average ${result.load.before.map((x) => x.toFixed(1)).join('/')} before, ${result.load.after.map((x) => x.toFixed(1)).join('/')} after; ` +
      `environment edit vs template: ${j.speedup_yaml_edit}x time, ${j.memory_ratio_yaml_edit}x memory (goals >= 10x, >= 5x); ` +
      `construct edit: ${j.speedup_code_edit}x (goal >= 4x)`,
  );
  if (args.has('--write-readme')) {
    writeReadme(resolve(ROOT, 'README.md'), readmeBlock(result, new Date()));
    console.log('README.md: bench block rewritten from this run.');
  }
  console.log(JSON.stringify(j));
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
