/** ts-jest in transpile-only mode (tsconfig isolatedModules): `npm test` type-checks once with tsc first. */
const os = require('os');

module.exports = {
  preset: 'ts-jest',
  // jest's default (cores - 1) runs every suite in band on a 2-core machine; the suites are CPU-bound
  // and independent, so two workers there (measured: 116 s instead of about 185 s for the whole run).
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  // Builds the schema gate's validators once (cached in build/schema-gate) before the suites run.
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
};
