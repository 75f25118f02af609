/** Jest for the web app: jest-preset-angular, zoneless, jsdom, TZ=UTC (set by `npm test`). */
module.exports = {
  displayName: 'web',
  preset: 'jest-preset-angular',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.(ts|js|mjs|html|svg)$': [
      'jest-preset-angular',
      { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
  },
  transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
  moduleNameMapper: require('../../tools/jest/module-name-mapper.cjs'),
};
