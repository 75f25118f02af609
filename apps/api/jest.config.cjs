const { join } = require('node:path');

/**
 * Jest for the API. NestJS 12 ships ESM only, so its `.js` files go through babel-jest
 * (shared/STACK.md, pitfall 3); our `.ts` files go through ts-jest with the Swagger plugin, as in
 * the webpack build.
 */
module.exports = {
  displayName: 'api',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^@hd/shared/dto$': join(__dirname, '../../libs/shared/dto/src/index.ts') },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        astTransformers: {
          before: [{ path: '@nestjs/swagger/plugin', options: require('./swagger-plugin.options.cjs') }],
        },
      },
    ],
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
    'node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|@borewit|uint8array-extras|@standard-schema)/)',
  ],
};
