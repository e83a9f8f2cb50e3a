// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules, as Hono and
// Cloudflare's templates use them; formatting is Prettier's (.prettierrc.json), except the hard
// limit on line length, which Prettier does not enforce for strings and comments.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '**/.wrangler/',
      'public/checkout.js',
      'public/recheck.js',
      'public/ended.js',
      'public/chunks/',
      'public/admin/console.js',
      'worker-configuration.d.ts',
      'coverage/',
      'dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.serviceworker } },
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignorePattern: '^import |^\\s*// https?:' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
);
