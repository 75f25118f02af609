const { join } = require('node:path');

const { compilerOptions } = require('../../tsconfig.base.json');

/**
 * Jest's `moduleNameMapper` for the workspace's path aliases, read from tsconfig.base.json so each
 * alias resolves to the same files in every project (`@hd/shared/domain` -> libs/shared/domain/src/index.ts).
 */
module.exports = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
    join(__dirname, '../..', target),
  ]),
);
