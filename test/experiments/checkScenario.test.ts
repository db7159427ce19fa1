import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../src/experiments/checkScenario.js';
import { PropertyEvaluator } from '../../src/experiments/propertyEvaluation.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import { judgeSlos } from '../../src/experiments/sloVerdict.js';
import { counterexampleScenario } from '../../src/scenarios/counterexampleScenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import type { FaultSpec } from '../../src/scenarios/scenario.js';

const fixture = (name: string): string => join(import.meta.dirname, '..', 'fixtures', 'check', name);

describe('check on a retry storm (slowdown ×4 at 5 s, its duration searched from 0 to 5 s)', () => {
  it('finds the collapse, shrinks the slowdown close to the shortest that still breaks availability, and writes a scenario that reproduces it', async () => {
    const { scenario } = loadScenario(fixture('retry-storm-check.yaml'));
    const outcome = await checkScenario(scenario);
    const c = outcome.counterexample;
    expect(c).toBeDefined();
    if (!c) return;
    expect(c.verdict).toBe('violated');
    expect(c.set.faults).toHaveLength(1);
    const shrunk = c.set.faults[0] as FaultSpec & { kind: 'slowdown' };
    expect(shrunk.kind).toBe('slowdown');

    // The shortest breaking slowdown by direct bisection over the same grid (5 ms
    // steps), judged by an evaluator with the same seed and replications.
    const evaluator = new PropertyEvaluator(scenario, outcome.properties, { seed: outcome.seed, replications: outcome.replications });
    const breaks = async (seconds: number): Promise<boolean> =>
      (await evaluator.evaluate({ faults: [{ ...shrunk, for: seconds }], load: 1 })).verdict === 'violated';
    let lo = 0; // holds: no slowdown at all
    let hi = 1000; // in grid steps: 5 s, the enumeration's worst case, breaks
    expect(await breaks(0)).toBe(false);
    expect(await breaks(5)).toBe(true);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await breaks(mid * 0.005)) hi = mid;
      else lo = mid;
    }
    const smallest = hi * 0.005;
    // Shrinking stops at a point whose next-smaller grid value holds, so on a monotone
    // boundary it lands on the bisection's answer; allow a few steps for a boundary the
    // replications' noise makes ragged (collapse is all-or-nothing per replication).
    expect(shrunk.for).toBeGreaterThan(0.5);
    expect(Math.abs(shrunk.for - smallest)).toBeLessThanOrEqual(Math.max(0.1, 0.1 * smallest));
    expect(shrunk.for).toBeLessThan(4);

    // The counterexample file: loaded as a plain scenario and run, it breaks the property the same way.
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-check-'));
    const out = join(dir, 'counterexample.yaml');
    writeFileSync(
      out,
      counterexampleScenario({
        file: fixture('retry-storm-check.yaml'),
        out,
        faults: c.set.faults,
        load: c.set.load,
        simulation: { ...scenario.simulation, seed: outcome.seed, replications: c.replications },
        header: ['test'],
      }),
    );
    const replay = loadScenario(out).scenario;
    expect(replay.check).toBeUndefined();
    expect(replay.faults).toEqual(c.set.faults);
    const { results } = await runScenario(replay);
    const judged = judgeSlos(outcome.properties, results);
    expect(judged.violated).toBe(true);
    expect(judged.judgements[0]?.estimate).toBe(c.judgements[0]?.estimate);
    // Tens of short simulations: seconds of CPU, more on a shared machine.
  }, 600_000);

  it.each(['retry-storm-check-budget.yaml', 'retry-storm-check-timeout-only.yaml'])('passes with %s: every slowdown up to 5 s drains', async (file) => {
    const { scenario } = loadScenario(fixture(file));
    const outcome = await checkScenario(scenario);
    expect(outcome.counterexample).toBeUndefined();
    expect(outcome.enumeration.singles.map((s) => s.evaluation.verdict)).toEqual(['holds']);
    expect(outcome.search.coverage.runs).toBe(5);
  });
});

describe('single-fault enumeration on a three-service chain', () => {
  it('finds that the crash of db (one replica) breaks availability while a crashed web or api replica is retried around', async () => {
    const { scenario } = loadScenario(fixture('three-service-chain.yaml'));
    const outcome = await checkScenario(scenario);
    const verdicts = Object.fromEntries(outcome.enumeration.singles.map((s) => [(s.fault as { service: string }).service, s.evaluation.verdict]));
    expect(verdicts).toEqual({ web: 'holds', api: 'holds', db: 'violated' });
    expect(outcome.enumeration.baseline.verdict).toBe('holds');
    expect(outcome.counterexample?.set.faults.map((f) => (f as { service: string }).service)).toEqual(['db']);
  });
});

describe('single-fault enumeration with points evaluated at once (as on a queue)', () => {
  it('gives the outcome of one point at a time: the same verdicts, points, replications and warnings in the same order', async () => {
    const { scenario } = loadScenario(fixture('three-service-chain.yaml'));
    const oneAtATime = await checkScenario(scenario, { runs: 5, run: { workers: 2 } });
    const allAtOnce = await checkScenario(scenario, { runs: 5, run: { workers: 2 }, concurrentPoints: Infinity });
    expect(allAtOnce.enumeration.singles).toHaveLength(3);
    expect(JSON.stringify(allAtOnce)).toBe(JSON.stringify(oneAtATime));
  });
});

