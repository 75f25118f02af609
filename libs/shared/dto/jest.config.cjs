/** Jest config for the shared DTO library: pure TypeScript, no framework. */
module.exports = {
  displayName: 'shared-dto',
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  moduleNameMapper: { '^@hd/shared/dto$': '<rootDir>/src/index.ts' },
};
