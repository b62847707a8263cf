'use strict';
/**
 * `npm run synth` (and `npx cdktf synth`, whose app in cdktf.json is that script): bundles
 * main.ts with esbuild only when one of the bundle's inputs changed since the last bundle,
 * then runs the bundle in this process with `--cache`, so main reuses the output of every
 * environment whose inputs did not change (stacks/synth-cache.ts).
 *
 * The inputs are what esbuild read for the last bundle (its metafile), tsconfig.json and
 * package.json, the esbuild version and options, and the bundle itself; each is compared
 * by content, never by time, so a checkout or a touched file never fools it. `SYNTH_CACHE=off`
 * bundles again and synthesizes every environment. Plain JavaScript: it runs before
 * anything is compiled. Type errors are caught by `npm test`, `npm run build` and CI (tsc).
 */
const { createHash } = require('crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('fs');
const { join, resolve } = require('path');

const BUNDLE = join('dist', 'main.js');
const STAMP = join('dist', 'main.inputs.json');
/** Read besides the sources: they change how esbuild compiles or what resolves at run time. */
const ALWAYS = ['tsconfig.json', 'package.json'];

/** esbuild's options for the bundle of `root`; node_modules stay external (loaded at run time, as with tsc). */
function bundleOptions(root) {
  return {
    absWorkingDir: root,
    entryPoints: ['main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // cdktf reads class names (constructs' ids of nothing, but its error messages and the policy's): kept as tsc keeps them.
    keepNames: true,
    logLevel: 'warning',
    outfile: BUNDLE,
    metafile: true,
    write: false,
    // Not an esbuild option: the version of lazyProviders below, part of the inputs' digest.
    lazyProviders: 1,
  };
}

/**
 * The bundle with each provider module (`@cdktf/provider-*`) loaded when the synth first
 * uses one of its classes, not when the bundle starts: an estate on one cloud never loads
 * the other clouds' classes (a synth of dev alone: about 30% less CPU and 27% less memory).
 * esbuild writes every external import as `var import_x = require("x");` at the top level;
 * those of provider packages become a stand-in that requires the module on first access.
 * Loading a provider module only defines classes, so when it is loaded changes nothing else.
 */
function lazyProviders(code) {
  const helper =
    'var __lazyRequire = (path) => { let mod; const load = () => (mod ??= require(path)); return new Proxy({}, { ' +
    'get: (_, key) => load()[key], has: (_, key) => key in load(), ownKeys: () => Reflect.ownKeys(load()), ' +
    'getOwnPropertyDescriptor: (_, key) => { const d = Object.getOwnPropertyDescriptor(load(), key); return d && { ...d, configurable: true }; } }); };\n';
  const lazy = code.replace(/^var (import_[\w$]+) = require\(("@cdktf\/provider-[^"]+")\);$/gm, 'var $1 = __lazyRequire($2);');
  if (lazy === code) return code;
  // First thing in the file, after the directive that must stay first.
  const strict = /^"use strict";\n/.exec(lazy)?.[0] ?? '';
  return strict + helper + lazy.slice(strict.length);
}

/** One digest of the files (relative to root; a missing file counts as missing), the bundle, esbuild's version and options. */
function inputsDigest(root, files) {
  const hash = createHash('sha256');
  const options = { ...bundleOptions(root), absWorkingDir: undefined };
  hash.update(`esbuild ${require('esbuild/package.json').version}\n${JSON.stringify(options)}\n`);
  for (const f of [...files, BUNDLE]) {
    const path = join(root, f);
    hash.update(`${f}\n`);
    hash.update(existsSync(path) ? readFileSync(path) : '(missing)');
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** True when the bundle was made from exactly the files there are now. */
function bundleIsCurrent(root) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp) || !existsSync(join(root, BUNDLE))) return false;
  try {
    const { inputs, digest } = JSON.parse(readFileSync(stamp, 'utf8'));
    return Array.isArray(inputs) && inputsDigest(root, inputs) === digest;
  } catch {
    return false;
  }
}

/** Bundles main.ts and records what the bundle was made from. */
function bundle(root) {
  const esbuild = require('esbuild');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const options = bundleOptions(root);
  delete options.lazyProviders;
  const result = esbuild.buildSync(options);
  const [output] = result.outputFiles;
  writeFileSync(output.path, lazyProviders(output.text));
  const inputs = [...new Set([...ALWAYS, ...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'))])].sort();
  // Written aside and renamed: a stamp never describes half a bundle.
  const aside = join(root, `${STAMP}.tmp-${process.pid}`);
  writeFileSync(aside, JSON.stringify({ inputs, digest: inputsDigest(root, inputs) }, null, 2) + '\n');
  renameSync(aside, join(root, STAMP));
}

function run() {
  const root = resolve(__dirname, '..');
  const off = process.env.SYNTH_CACHE === 'off';
  if (off || !bundleIsCurrent(root)) {
    try {
      bundle(root);
    } catch (e) {
      // esbuild has printed what it could not compile, with file and line.
      console.error(
        `error: main.ts could not be bundled; nothing was synthesized.\n  - ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      );
      process.exitCode = 1;
      return;
    }
  }
  if (!off) process.argv.push('--cache');
  require(join(root, BUNDLE));
}

// `--bundle-only` (the end of `npm run build`): writes the bundle when it is not current and synthesizes nothing,
// so `dist/main.js` is always the app `npm run synth` runs, never a tsc output older than the sources.
if (require.main === module) {
  if (process.argv.includes('--bundle-only')) {
    const root = resolve(__dirname, '..');
    if (!bundleIsCurrent(root)) bundle(root);
  } else run();
}

module.exports = { bundle, bundleIsCurrent, bundleOptions, lazyProviders, BUNDLE, STAMP };
