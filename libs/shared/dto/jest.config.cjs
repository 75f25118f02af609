/** Jest config for the shared DTO library (request classes): pure TypeScript, no framework. */
module.exports = {
  displayName: 'shared-dto',
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  moduleNameMapper: require('../../../tools/jest/module-name-mapper.cjs'),
};
