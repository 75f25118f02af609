/**
 * HTTP integration tests: each file starts the built API (dist/apps/api/main.js) as a real
 * process on a fresh SQLite database and drives it over HTTP with supertest.
 */
module.exports = {
  displayName: 'api-e2e',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: require('../../tools/jest/module-name-mapper.cjs'),
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] },
  testTimeout: 30_000,
};
