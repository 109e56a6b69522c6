/** ts-jest in transpile-only mode (tsconfig isolatedModules): `npm test` type-checks once with tsc first. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  // Builds the schema gate's validators once (cached in build/schema-gate) before the suites run.
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
};
