import nx from '@nx/eslint-plugin';

/** Libraries and apps by kind (the `type:*` tag): what each kind may import. Nothing imports upward. */
const typeConstraints = [
  // Browser-safe rules and shapes: depend on nothing of ours, load no decorators.
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    bannedExternalImports: ['class-validator', 'class-transformer', 'reflect-metadata'],
  },
  // The API's validated request classes, built on the domain.
  { sourceTag: 'type:dto', onlyDependOnLibsWithTags: ['type:domain'] },
  // Presentational components: inputs and outputs, the domain's labels and types, nothing else.
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:domain'] },
  // One service per API resource, auth state, the socket client.
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain'] },
  // Apps (their feature code) and their tests use the libraries.
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:domain', 'type:dto', 'type:data-access', 'type:ui'],
  },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:dto'] },
];

/**
 * One flat config for the workspace. Module boundaries are enforced by tags: `scope:shared`
 * depends on shared only and never imports Nest, MikroORM or Angular; `scope:web` never imports
 * Nest, MikroORM or the request classes (`type:dto`, which load class-validator); the `type:*`
 * rules above. Type-aware rules catch promises nobody awaits or handles.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/coverage',
      '**/test-results',
      '**/playwright-report',
      '**/*.cjs',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: ['@nestjs/*', '@mikro-orm/*', '@angular/*'],
            },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'type:domain'],
              bannedExternalImports: ['@nestjs/*', '@mikro-orm/*'],
            },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'],
              bannedExternalImports: ['@angular/*'],
            },
            ...typeConstraints,
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
];
