/** TypeScript transpiled by esbuild, file by file: `npm run build` (pretest, tsc) type-checks. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/esbuild-transform.js' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // A folder per run for output the test files share (test/shared-output.ts).
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 60000,
  // Both cores: CI runs on a 2-core machine, where jest's default (cores - 1) leaves one idle.
  maxWorkers: '100%',
};
