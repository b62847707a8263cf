// Jest transform: TypeScript to CommonJS with esbuild, type-checking left to `npm run build` (tsc, in pretest),
// as ts-jest with isolatedModules did, at a fraction of its start-up and per-file cost.
const { transformSync } = require('esbuild');
const { createHash } = require('crypto');
const { readFileSync } = require('fs');
const { version } = require('esbuild/package.json');

// A change to esbuild or to this file invalidates Jest's cache of transformed files.
const self = createHash('sha256').update(version).update(readFileSync(__filename)).digest('hex');

/**
 * Each provider module (`@cdktf/provider-*`) is required when a test first uses one of its
 * classes, as `npm run synth`'s bundle does (tools/synth.js): Jest loads every module again
 * for each test file, and a file that builds AWS stacks alone never needs the other clouds'
 * classes (the providers were 0.4 of the 0.9 s it took to load stacks/estate.ts). Loading
 * a provider module only defines classes, so when it is loaded changes nothing else.
 * esbuild writes a named import as `var import_x = require("x");` at the top level; those
 * of provider packages become a stand-in that requires the module on first access. The
 * stand-in is a function declaration appended at the end (hoisted), so no line moves and
 * the source map stays right.
 */
const PROVIDER_IMPORT = /^var (import_[\w$]+) = require\(("@cdktf\/provider-[^"]+")\);$/gm;
const LAZY_REQUIRE =
  '\nfunction __lazyRequire(path) { let mod; const load = () => (mod ??= require(path)); return new Proxy({}, { ' +
  'get: (_, key) => load()[key], has: (_, key) => key in load(), ownKeys: () => Reflect.ownKeys(load()), ' +
  'getOwnPropertyDescriptor: (_, key) => { const d = Object.getOwnPropertyDescriptor(load(), key); return d && { ...d, configurable: true }; } }); }\n';

function lazyProviders(code) {
  const lazy = code.replace(PROVIDER_IMPORT, 'var $1 = __lazyRequire($2);');
  if (lazy === code) return code;
  // Before the source map comment, which must stay last.
  const map = lazy.lastIndexOf('\n//# sourceMappingURL=');
  return map < 0 ? lazy + LAZY_REQUIRE : lazy.slice(0, map) + LAZY_REQUIRE + lazy.slice(map);
}

module.exports = {
  process(source, file) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      // tsconfig.json's target: class fields and the rest are emitted as tsc emits them.
      target: 'es2022',
      // import() becomes require(), as tsc's commonjs output does: Jest's module sandbox runs no native dynamic import.
      supported: { 'dynamic-import': false },
      sourcefile: file,
      sourcemap: 'external',
      sourcesContent: false,
    });
    return { code: lazyProviders(code), map };
  },
  getCacheKey(source, file) {
    return createHash('sha256').update(self).update('\0').update(file).update('\0').update(source).digest('hex');
  },
  lazyProviders,
};
