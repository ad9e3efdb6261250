// ESLint flat config. Besides the usual checks it enforces the architecture of STYLE.md:
// pure libraries import nothing from Nest, TypeORM, BullMQ, Redis or Postgres and do no I/O;
// libraries never import apps; apps never import each other; libs are reached through their alias.
const tseslint = require('typescript-eslint');

// The AS2 core (MIME, CMS, MDN) is held to the same rule: bytes and keys in, bytes and results out.
const PURE_LIBS = ['libs/x12/**/*.ts', 'libs/specs/**/*.ts', 'libs/canonical/**/*.ts', 'libs/mapping/**/*.ts', 'libs/partners/src/profile/**/*.ts', 'libs/transport/src/as2/**/*.ts'];
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'bullmq', 'ioredis', 'pg', 'express'];
// A block's no-restricted-imports replaces, not extends, an earlier one's: each block lists all it needs.
const APPS_PATTERN = { group: ['**/apps/**', '../../apps/*', '../../cli/**', '../../gateway/**', '../../worker/**'], message: 'Apps depend on libs, never the reverse, and apps never import each other.' };
const ALIAS_PATTERN = { group: ['**/libs/*/src/**', '../../libs/**'], message: 'Reach a library through its alias (@tradewire/<lib>), not a deep path.' };
const FRAMEWORKS_PATTERN = { group: FRAMEWORKS, message: 'Pure libraries (x12, specs, canonical, mapping) import nothing from Nest, TypeORM, BullMQ, ioredis or pg.' };
// From inside a library, any relative path through another `src/` leaves the library.
const LIB_ALIAS_PATTERN = { group: [...ALIAS_PATTERN.group, '../**/src/**'], message: ALIAS_PATTERN.message };
const TESTING_PATTERN = { group: ['**/*.testing'], message: 'Only specs import `*.testing.ts` spec support.' };
const IO_MODULES = ['fs', 'fs/promises', 'node:fs', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'child_process', 'node:child_process'];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [APPS_PATTERN, ALIAS_PATTERN] }],
    },
  },
  {
    // Cross-app end-to-end suites start the apps themselves; they still reach libraries by alias.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ALIAS_PATTERN] }],
    },
  },
  {
    // Library code never imports spec support.
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.testing.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [APPS_PATTERN, LIB_ALIAS_PATTERN, TESTING_PATTERN] }] },
  },
  {
    files: PURE_LIBS,
    ignores: ['**/*.spec.ts', '**/*.testing.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: IO_MODULES.map((name) => ({ name, message: 'Pure libraries do no I/O: bytes and plain objects in, plain objects out.' })),
        patterns: [APPS_PATTERN, LIB_ALIAS_PATTERN, FRAMEWORKS_PATTERN, TESTING_PATTERN],
      }],
    },
  },
  {
    // Spec support in a pure library (`*.testing.ts`, imported by specs only) may read fixtures from
    // disk, and is held to the library's dependency direction otherwise.
    files: PURE_LIBS.map((glob) => glob.replace(/\*\.ts$/, '*.testing.ts')),
    rules: { 'no-restricted-imports': ['error', { patterns: [APPS_PATTERN, LIB_ALIAS_PATTERN, FRAMEWORKS_PATTERN] }] },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
