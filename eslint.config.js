import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'web/dist/', 'test-results/', 'node_modules/', 'data/', 'coverage/', '.scratch*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The layer rule of DESIGN.md §2: the core never knows a platform, a framework or a driver.
    files: ['src/core/**', 'src/routing/**', 'src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['discord.js', '@slack/bolt', 'fastify', 'better-sqlite3', 'bullmq', 'ioredis'].map((name) => ({ name, message: 'core/routing/engine stay free of platforms, frameworks and drivers' })) },
      ],
    },
  },
  { files: ['src/cli/**', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
);
