// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layeringConfigs } from './eslint/layering.js';

// Determinism: simulated code never reads the wall clock or an unseeded RNG.
// Only the CLI (src/cli.ts, src/cli/) may time a run.
const nondeterminism = [
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Math.random is banned: draw from a named seeded stream (src/sim/randomStreams.ts).' },
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Date.now is banned outside the CLI: simulated time comes from the simulator clock.' },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'performance.now is banned outside the CLI.' },
  { selector: "CallExpression[callee.name='setTimeout']", message: 'setTimeout is banned: schedule an event on the simulator calendar.' },
  { selector: "NewExpression[callee.name='Date']", message: 'new Date() is banned outside the CLI.' },
];

// The event loop, OS entropy and the high-resolution clock: banned under src/ too,
// except in the replication pool, which hands replications to worker threads.
const crypto = /^(node:)?crypto$/;
const eventLoopAndEntropy = [
  { selector: "CallExpression[callee.name='setInterval']", message: 'setInterval is banned: schedule a recurring event on the simulator calendar.' },
  { selector: "CallExpression[callee.name='setImmediate']", message: 'setImmediate is banned outside the replication pool: simulated work never waits on the event loop.' },
  { selector: "MemberExpression[object.name='process'][property.name='hrtime']", message: 'process.hrtime is banned outside the CLI: simulated time comes from the simulator clock.' },
  { selector: "MemberExpression[object.name='crypto']", message: 'The global crypto is banned: randomness comes from named seeded streams.' },
  { selector: `ImportDeclaration[source.value=${crypto}]`, message: 'node:crypto is banned: randomness comes from named seeded streams.' },
  { selector: `ImportExpression[source.value=${crypto}]`, message: 'node:crypto is banned: randomness comes from named seeded streams.' },
  { selector: `CallExpression[callee.name='require'][arguments.0.value=${crypto}]`, message: 'node:crypto is banned: randomness comes from named seeded streams.' },
];
const replicationPool = ['src/experiments/replicationPool.ts', 'src/experiments/replicationWorker.ts'];
// node:crypto for a digest (the resolved scenario's SHA-256 in the results JSON; the sources' fingerprint), not for randomness.
const digest = ['src/scenarios/scenarioHash.ts', 'src/sourceFingerprint.ts'];
// The Redis queue's edge (src/distributed/): network time-outs and polls need timers; its clock is injected by the CLI.
const distributed = ['src/distributed/**'];

// The per-call path: an object built by spreading (`{ ...a, b }`) gets a hidden class of
// its own in V8, so where such objects are made per workload, source or host, every
// property read of them on the call path goes megamorphic in a large mesh and misses
// V8's inline-cache tables (5–10% of a 3,000-service sidecar run). Build them with one
// literal, or Object.assign onto a fresh object, whose classes are shared.
const perCallPath = ['src/models/proxy/**', 'src/models/app.ts', 'src/models/trafficSource.ts', 'src/models/transport.ts', 'src/models/workload.ts', 'src/models/dataPlane/dataPlaneTransport.ts'];
const noObjectSpread = { selector: 'ObjectExpression > SpreadElement', message: 'No object spread on the per-call path: each spread object gets a hidden class of its own in V8 (see eslint.config.js); use one literal or Object.assign({}, …).' };

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
    ignores: ['src/cli.ts', 'src/cli/**', ...replicationPool, ...digest, ...distributed],
    rules: { 'no-restricted-syntax': ['error', ...nondeterminism, ...eventLoopAndEntropy] },
  },
  { files: perCallPath, rules: { 'no-restricted-syntax': ['error', ...nondeterminism, ...eventLoopAndEntropy, noObjectSpread] } },
  { files: replicationPool, rules: { 'no-restricted-syntax': ['error', ...nondeterminism] } },
  { files: digest, rules: { 'no-restricted-syntax': ['error', ...nondeterminism, ...eventLoopAndEntropy.filter((r) => !r.message.startsWith('node:crypto'))] } },
  { files: distributed, rules: { 'no-restricted-syntax': ['error', ...nondeterminism.slice(0, 3)] } },
  ...layeringConfigs(),
);
