import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffScenarios, pairingProblems } from '../../src/experiments/diff.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const fixture = (name: string) => loadScenario(join(import.meta.dirname, '..', 'fixtures', 'diff', name)).scenario;

describe('diffScenarios', () => {
  it('reports outlier detection as a significant availability gain (a failing replica ejected)', async () => {
    const d = await diffScenarios(fixture('od-before.yaml'), fixture('od-after.yaml'), { replications: 5 });
    const a = d.endToEnd['availability']!;
    expect(a.verdict).toBe('better');
    expect(a.significant).toBe(true);
    expect(a.ci95![0]).toBeGreaterThan(0);
    // One replica of three fails everything: about a third of requests fail before.
    expect(a.before).toBeGreaterThan(0.6);
    expect(a.before).toBeLessThan(0.72);
    expect(d.services['backend']!['availability']!.verdict).toBe('better');
  });

  it('reports a change that changes nothing (a route timeout never reached) as no significant change anywhere', async () => {
    const d = await diffScenarios(fixture('od-before.yaml'), fixture('od-noop.yaml'), { replications: 5 });
    const all = [d.endToEnd, d.cost, ...Object.values(d.services)].flatMap((b) => Object.values(b));
    expect(all.length).toBeGreaterThan(10);
    for (const f of all) expect(f.verdict).toBe('no significant change');
  });

  it('gives the same deltas, warnings and progress count whatever the number of pairs in flight', async () => {
    const progress: number[] = [];
    const one = await diffScenarios(fixture('od-before.yaml'), fixture('od-after.yaml'), { replications: 5 });
    const three = await diffScenarios(fixture('od-before.yaml'), fixture('od-after.yaml'), { replications: 5, concurrentPairs: 3, onProgress: (done) => progress.push(done) });
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses scenarios whose services or traffic differ in name, listing the difference', () => {
    const before = fixture('od-before.yaml');
    const renamed = { ...before, services: before.services.map((s) => ({ ...s, name: 'api' })) };
    expect(pairingProblems(before, renamed)).toEqual(['services only in BEFORE: backend', 'services only in AFTER: api']);
  });

  it('covers the true mean-latency change of two M/M/1 servers at about the nominal 95%', async () => {
    // λ = 50/s; μ = 100/s before, 125/s after: mean time in system 1/(μ−λ) goes from
    // 20 ms to 13.33 ms (the constant network delay is the same on both sides).
    const before = fixture('mm1-before.yaml');
    const after = fixture('mm1-after.yaml');
    const truth = 1 / 75 - 1 / 50;
    const trials = 150;
    let covered = 0;
    for (let seed = 1; seed <= trials; seed++) {
      const d = await diffScenarios(before, after, { seed, replications: 5 });
      const ci = d.endToEnd['mean']!.ci95!;
      if (ci[0] <= truth && truth <= ci[1]) covered++;
    }
    // Binomial(150, 0.95): mean 142.5, sd 2.67; 3 sd either side.
    expect(covered).toBeGreaterThanOrEqual(135);
    expect(covered).toBeLessThanOrEqual(150);
  }, 600_000);
});
