import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The lint zones of eslint/layering.js and the determinism bans of
 * eslint.config.js, run by the real ESLint on source text placed (virtually) at a
 * path under src/: each back-arrow must fail, each allowed arrow must pass.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;
/** The zones (plain and type-aware: report may import experiments' types only) and the determinism bans. */
const RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The messages of the rules this test is about, for `code` linted as if it were at `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${filePath}` });
  return (result?.messages ?? [])
    .filter((m) => RULES.has(m.ruleId ?? '') || m.fatal)
    .map((m) => m.message);
}

const importOf = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

describe('layering zones', () => {
  it('policy imports nothing outside itself', async () => {
    expect(await violations('src/policy/backArrow.ts', importOf('../sim/simulator.js'))).toEqual([
      expect.stringContaining('src/policy imports nothing outside itself'),
    ]);
    expect(await violations('src/policy/loadBalancing/backArrow.ts', importOf('../../models/replica.js'))).toHaveLength(1);
    expect(await violations('src/policy/loadBalancing/backArrow.ts', `import type { X } from '../../scenarios/scenario.js';\nexport type Y = X;\n`)).toHaveLength(1);
    expect(await violations('src/policy/backArrow.ts', importOf('../newFolder/thing.js'))).toHaveLength(1);
    expect(await violations('src/policy/loadBalancing/fine.ts', importOf('../endpoint.js'))).toEqual([]);
    expect(await violations('src/policy/fine.ts', importOf('./loadBalancing/roundRobin.js'))).toEqual([]);
  });

  it('sim and statistics import nothing outside themselves', async () => {
    expect(await violations('src/sim/backArrow.ts', importOf('../policy/randomSource.js'))).toEqual([
      expect.stringContaining('src/sim imports nothing outside itself'),
    ]);
    expect(await violations('src/sim/backArrow.ts', importOf('../scenarios/scenario.js'))).toHaveLength(1);
    expect(await violations('src/statistics/backArrow.ts', importOf('../report/results.js'))).toHaveLength(1);
    expect(await violations('src/sim/fine.ts', importOf('./simulator.js'))).toEqual([]);
  });

  it('the middle layers point one way', async () => {
    expect(await violations('src/scenarios/backArrow.ts', importOf('../models/network.js'))).toEqual([
      expect.stringContaining('src/scenarios may import only from src/policy'),
    ]);
    expect(await violations('src/models/proxy/backArrow.ts', importOf('../../experiments/replication.js'))).toHaveLength(1);
    expect(await violations('src/report/backArrow.ts', importOf('../experiments/compare.js'))).toHaveLength(1);
    expect(await violations('src/report/fine.ts', `import type { X } from '../experiments/compare.js';\nexport type Y = X;\n`)).toEqual([]);
    expect(await violations('src/models/proxy/fine.ts', importOf('../../sim/simulator.js'))).toEqual([]);
    expect(await violations('src/experiments/fine.ts', importOf('../statistics/intervals.js'))).toEqual([]);
    expect(await violations('src/report/fine.ts', importOf('../models/metrics/meshMetrics.js'))).toEqual([]);
  });

  it('import uses scenarios to check what it writes, and only the CLI imports it', async () => {
    expect(await violations('src/import/backArrow.ts', importOf('../models/network.js'))).toEqual([expect.stringContaining('src/import may import only from src/scenarios, src/policy')]);
    expect(await violations('src/experiments/backArrow.ts', importOf('../import/importTraces.js'))).toHaveLength(1);
    expect(await violations('src/scenarios/backArrow.ts', importOf('../import/dnsLabel.js'))).toHaveLength(1);
    expect(await violations('src/import/fine.ts', importOf('../scenarios/loadScenario.js'))).toEqual([]);
    expect(await violations('src/cli/fine.ts', importOf('../import/importTraces.js'))).toEqual([]);
  });

  it('nothing imports the CLI, from any folder', async () => {
    expect(await violations('src/experiments/backArrow.ts', importOf('../cli/cliIo.js'))).toEqual([
      expect.stringContaining('may import only from'),
    ]);
    expect(await violations('src/report/charts/backArrow.ts', importOf('../../cli.js'))).toHaveLength(1);
    expect(await violations('src/notAFolderYet/backArrow.ts', importOf('../cli/cliIo.js'))).toEqual([
      expect.stringContaining('Nothing imports the CLI'),
    ]);
    expect(await violations('src/cli/fine.ts', importOf('../experiments/compare.js'))).toEqual([]);
  });
});

describe('determinism bans', () => {
  const banned: ReadonlyArray<[string, string]> = [
    ['setInterval', 'setInterval(() => undefined, 1000);\n'],
    ['setImmediate', 'setImmediate(() => undefined);\n'],
    ['process.hrtime', 'export const t = process.hrtime.bigint();\n'],
    ['global crypto', 'export const u = crypto.randomUUID();\n'],
    ['node:crypto', "import { randomBytes } from 'node:crypto';\nexport const b = randomBytes(4);\n"],
    ['crypto', "import { createHash } from 'crypto';\nexport const h = createHash('sha256');\n"],
    ['dynamic node:crypto', "export const c = import('node:crypto');\n"],
    ['Math.random', 'export const r = Math.random();\n'],
  ];

  it.each(banned)('%s fails under src/ outside the CLI', async (_name, code) => {
    expect(await violations('src/models/backArrow.ts', code)).toHaveLength(1);
  });

  it('the CLI may time a run and use the event loop', async () => {
    for (const [, code] of banned) expect(await violations('src/cli/fine.ts', code)).toEqual([]);
  });

  it('the replication pool may yield to the event loop, but still not draw unseeded numbers', async () => {
    expect(await violations('src/experiments/replicationPool.ts', 'setImmediate(() => undefined);\n')).toEqual([]);
    expect(await violations('src/experiments/replicationWorker.ts', 'export const r = Math.random();\n')).toHaveLength(1);
  });
});
