/** Jest for the shared domain library: pure TypeScript, no framework. */
module.exports = {
  displayName: 'shared-domain',
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  moduleNameMapper: require('../../../tools/jest/module-name-mapper.cjs'),
};
