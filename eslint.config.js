// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Determinism: simulated code never reads the wall clock or an unseeded RNG.
// Only the CLI (src/cli.ts, src/cli/) may time a run.
const nondeterminism = [
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Math.random is banned: draw from a named seeded stream (src/sim/randomStreams.ts).' },
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Date.now is banned outside the CLI: simulated time comes from the simulator clock.' },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'performance.now is banned outside the CLI.' },
  { selector: "CallExpression[callee.name='setTimeout']", message: 'setTimeout is banned: schedule an event on the simulator calendar.' },
  { selector: "NewExpression[callee.name='Date']", message: 'new Date() is banned outside the CLI.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli.ts', 'src/cli/**'],
    rules: { 'no-restricted-syntax': ['error', ...nondeterminism] },
  },
);
