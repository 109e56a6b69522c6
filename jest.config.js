/** ts-jest in transpile-only mode (tsconfig isolatedModules): `npm test` type-checks once with tsc first. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
};
