// Jest transform: TypeScript to CommonJS with esbuild, type-checking left to `npm run build` (tsc, in pretest),
// as ts-jest with isolatedModules did, at a fraction of its start-up and per-file cost.
const { transformSync } = require('esbuild');
const { version } = require('esbuild/package.json');

module.exports = {
  process(source, file) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      // tsconfig.json's target: class fields and the rest are emitted as tsc emits them.
      target: 'es2022',
      sourcefile: file,
      sourcemap: 'external',
      sourcesContent: false,
    });
    return { code, map };
  },
  getCacheKey(source, file) {
    return require('crypto').createHash('sha256').update(version).update('\0').update(file).update('\0').update(source).digest('hex');
  },
};
