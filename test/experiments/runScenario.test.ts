/**
 * runScenario's results carry the overload findings made before the run: computed here
 * unless the caller hands them in (the CLI's pre-run checks made them already).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { overloadFindings } from '../../src/experiments/offeredLoad.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-runscenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function overloaded() {
  const path = join(dir, 'overloaded.yaml');
  writeFileSync(
    path,
    `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: overloaded}
simulation: {duration: 1s, warmup: 0s, seed: 1}
dataPlane: none
services:
  - {name: worker, concurrency: 1, serviceTime: 2ms}
traffic:
  - {name: users, to: worker, rate: 1000}
`,
  );
  return loadScenario(path).scenario;
}

describe('runScenario diagnostics', () => {
  it('computes the overload findings when not handed them', async () => {
    const { results } = await runScenario(overloaded());
    expect(results.diagnostics?.map((d) => [d.code, d.path])).toEqual([['MSH0016', 'services[0]']]);
  });

  it('uses the findings it is handed instead of computing them again', async () => {
    const scenario = overloaded();
    const [finding] = overloadFindings(scenario);
    if (finding === undefined) throw new Error('the scenario should be overloaded');
    const handed = await runScenario(scenario, { overloadFindings: [{ ...finding, message: 'handed in' }] });
    expect(handed.results.diagnostics?.map((d) => d.message)).toEqual(['handed in']);
    const none = await runScenario(scenario, { overloadFindings: [] });
    expect(none.results.diagnostics).toBeUndefined();
  });
});
