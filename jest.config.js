/** ts-jest with isolatedModules: transpile only, `npm run build` (pretest) type-checks. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 60000,
  // Both cores: CI runs on a 2-core machine, where jest's default (cores - 1) leaves one idle.
  maxWorkers: '100%',
};
