const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

/**
 * Bundles the API for Node. The Swagger CLI plugin reads the DTO and response classes of
 * libs/shared/dto (class-validator constraints and JSDoc) into OpenAPI schemas at compile time,
 * so the shared library itself never imports @nestjs/swagger.
 */
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/api') },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
      transformers: [
        {
          name: '@nestjs/swagger/plugin',
          options: require('./swagger-plugin.options.cjs'),
        },
      ],
    }),
  ],
};
