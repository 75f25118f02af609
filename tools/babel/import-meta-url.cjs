/**
 * Babel plugin for Jest: rewrites `import.meta.url` to `'file://' + __filename`, so the ESM-only
 * NestJS 12 packages run as CommonJS under Jest (`babel-plugin-transform-import-meta` breaks on
 * @nestjs/swagger's `createRequire`).
 */
module.exports = function importMetaUrl({ types: t }) {
  return {
    visitor: {
      MetaProperty(path) {
        const parent = path.parentPath;
        if (parent.isMemberExpression() && parent.get('property').isIdentifier({ name: 'url' })) {
          parent.replaceWith(t.binaryExpression('+', t.stringLiteral('file://'), t.identifier('__filename')));
        } else {
          path.replaceWith(
            t.objectExpression([
              t.objectProperty(
                t.identifier('url'),
                t.binaryExpression('+', t.stringLiteral('file://'), t.identifier('__filename')),
              ),
            ]),
          );
        }
      },
    },
  };
};
