/**
 * The fuzz property (issue 20): whatever a structural mutation of a valid scenario file
 * makes of it, meshsim answers with exit 0 (it ran), 1 or 2 (refused, with located
 * FILE:LINE:COL messages) — never 70, never a stack trace, never more than a bound of
 * wall time — and `loadScenario` agrees with the exit status.
 *
 * CI runs a few dozen cases; `npm run fuzz` runs thousands (scripts/fuzz.mjs). Set
 * MESHSIM_FUZZ_SEED (and MESHSIM_FUZZ_PATH) to replay what a failure printed;
 * MESHSIM_FUZZ_RUNS to change the number of cases.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { cli } from '../cliHarness.js';
import { mutateDocuments, mutation, readCorpus, renderFile } from './scenarioMutations.js';

const RUNS = Number(process.env['MESHSIM_FUZZ_RUNS'] ?? 40);
const SEED = Number(process.env['MESHSIM_FUZZ_SEED'] ?? 20_26_11_20);
const PATH = process.env['MESHSIM_FUZZ_PATH'];
/** Most wall time one case may take, seconds: a hang bound, generous for a loaded machine. */
const CASE_SECONDS = Number(process.env['MESHSIM_FUZZ_CASE_SECONDS'] ?? 30);

/** Keeps each run short whatever the mutant asks for (the flags override the file). */
const RUN_FLAGS = ['--duration', '1s', '--warmup', '0s', '--replications', '1', '--workers', '1', '--max-events', '2e5', '--json', '-'];
const OVERRIDES = { duration: 1, warmup: 0, replications: 1, maxEvents: 2e5 } as const;

/** Located: FILE:LINE:COL: at the start of a stderr line. */
const LOCATED = /^.+:\d+:\d+: /m;

const workDir = mkdtempSync(join(tmpdir(), 'meshsim-fuzz-'));
let failed = false;
afterAll(() => {
  // A failing case's file is kept for replay.
  if (!failed) rmSync(workDir, { recursive: true, force: true });
});

describe('fuzzed scenarios', () => {
  const { scenarios, all } = readCorpus(process.cwd());

  it('start from the shipped scenarios and the fixtures', () => {
    expect(scenarios.length).toBeGreaterThan(30);
    expect(scenarios.map((s) => s.file).join('\n')).toMatch(/scenarios\/bookinfo\.yaml/);
  });

  it('exit 0, 1 or 2 (with a located message), never 70, a stack trace or a hang', async () => {
    const outcomes = { ran: 0, refused: 0 };
    let n = 0;
    const property = fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (pick, mutations, validate) => {
      const base = scenarios[pick % scenarios.length]!;
      const file = join(workDir, `case-${n++}.yaml`);
      writeFileSync(file, renderFile(mutateDocuments(base.documents, mutations, all), mutations));
      const args = validate ? ['validate', file] : ['run', file, ...RUN_FLAGS];
      const started = performance.now();
      const { status, stderr } = await cli(...args);
      const seconds = (performance.now() - started) / 1000;
      const context = `meshsim ${args.join(' ')} (a mutant of ${base.file}) exited ${status} after ${seconds.toFixed(1)} s:\n${stderr.slice(0, 3000)}`;
      failed = true;
      expect([0, 1, 2], context).toContain(status);
      expect(stderr, context).not.toMatch(/internal error|^\s+at \S/m);
      if (status === 2) expect(stderr, context).toMatch(LOCATED);
      expect(seconds, context).toBeLessThan(CASE_SECONDS);
      if (!validate) {
        // The library entry point agrees: it throws InputError exactly when run refuses the file.
        let loaded = true;
        try {
          loadScenario(file, OVERRIDES);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          loaded = false;
        }
        expect(status === 2, context).toBe(!loaded);
      }
      failed = false;
      outcomes[status === 2 ? 'refused' : 'ran']++;
      rmSync(file);
    });
    await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true, ...(PATH === undefined ? {} : { path: PATH }) });
    // Both sides of the property were exercised.
    if (PATH === undefined) {
      expect(outcomes.ran).toBeGreaterThan(RUNS / 20);
      expect(outcomes.refused).toBeGreaterThan(RUNS / 20);
    }
    console.log(`fuzz: ${RUNS} cases from seed ${SEED}: ${outcomes.ran} ran or validated, ${outcomes.refused} refused`);
  }, 60_000 + RUNS * 2_000);
});
