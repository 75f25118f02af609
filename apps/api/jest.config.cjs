const { join } = require('node:path');

/**
 * Jest for the API. NestJS 12 ships ESM only, so its `.js` files go through babel-jest (CommonJS
 * modules, dynamic imports, `import.meta.url`; see CONTRIBUTING.md); our `.ts` files go through ts-jest. OpenAPI metadata (the Swagger compiler
 * plugin) is only in the webpack build, which the api-e2e tests check through /docs-json.
 */
module.exports = {
  displayName: 'api',
  testEnvironment: 'node',
  // Jest's default of 5 s is too tight for the tests on a real PostgreSQL (a scratch database, the
  // migrations, reports compared both ways): in CI they share the two cores with a second worker,
  // and one such test took over 5 s there. A test that hangs still fails, after 30 s.
  testTimeout: 30_000,
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: require('../../tools/jest/module-name-mapper.cjs'),
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: true }],
    '^.+\\.m?js$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        plugins: [
          '@babel/plugin-transform-modules-commonjs',
          '@babel/plugin-transform-dynamic-import',
          join(__dirname, '../../tools/babel/import-meta-url.cjs'),
        ],
      },
    ],
  },
  transformIgnorePatterns: [
    'node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|@borewit|uint8array-extras|@standard-schema|email-reply-parser)/)',
  ],
};
