import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.threadline/**',
      '**/coverage/**',
      'test-results/**',
      // Bundles the sidebar builds write into the helpdesk apps' layouts.
      'apps/zendesk-sidebar/assets/sidebar.js',
      'apps/freshdesk-sidebar/app/scripts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Library code logs through the injected logger, never the console.
    files: ['packages/*/src/**/*.ts', 'connectors/*/src/**/*.ts', 'knowledge/src/**/*.ts', 'apps/server/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/cli/**', '**/bin/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // Scope by construction: request input is picked field by field, never spread into the
    // arguments of a repository or service, where it could overwrite the tenant.
    files: ['apps/server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "SpreadElement[argument.type='MemberExpression'][argument.property.name=/^(query|body|params|headers)$/]",
          message: 'Pick the fields you need from the request; spreading request input can overwrite the tenant scope.',
        },
      ],
    },
  },
);
