import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'test-results/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The core is pure: no I/O, no adapters, no HTTP, no database clients.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/**', '**/http/**', '**/ws/**', '**/app/**'], message: 'core/ is pure: it may not import adapters, app, http or ws.' },
            { group: ['node:fs', 'node:net', 'node:http', 'fs', 'pg', 'better-sqlite3', 'kysely', 'ws', 'fastify'], message: 'core/ does no I/O.' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'core/ gets time from the Clock port.' }],
    },
  },
);
