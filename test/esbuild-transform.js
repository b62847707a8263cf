// Jest transform: TypeScript to CommonJS with esbuild, type-checking left to `npm run build` (tsc, in pretest),
// as ts-jest with isolatedModules did, at a fraction of its start-up and per-file cost.
const { transformSync } = require('esbuild');
const { createHash } = require('crypto');
const { readFileSync } = require('fs');
const { version } = require('esbuild/package.json');

// A change to esbuild or to this file invalidates Jest's cache of transformed files.
const self = createHash('sha256').update(version).update(readFileSync(__filename)).digest('hex');

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
    return { code, map };
  },
  getCacheKey(source, file) {
    return createHash('sha256').update(self).update('\0').update(file).update('\0').update(source).digest('hex');
  },
};
