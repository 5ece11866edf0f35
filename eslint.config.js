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
);
