import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileRetryBudget, maxActiveRetries } from '../../src/policy/retryBudget.js';

const budget = { kind: 'budget' as const, budget: { percent: 20, minRetryConcurrency: 3 } };

describe('retry budget (§1.5, B7)', () => {
  it('allows max(floor(20% of active+pending), 3) retries', () => {
    expect(maxActiveRetries(budget, 25, 0)).toBe(5); // reference example: 25 active → 5
    expect(maxActiveRetries(budget, 2, 0)).toBe(3); // 2 active → 3 (the floor)
    expect(maxActiveRetries(budget, 20, 9)).toBe(5); // floor(5.8)
    expect(maxActiveRetries(budget, 10, 10)).toBe(4);
    expect(maxActiveRetries(budget, 0, 0)).toBe(3);
  });

  it('max_retries mode returns the fixed threshold', () => {
    expect(maxActiveRetries({ kind: 'maxRetries', maxRetries: 7 }, 1000, 0)).toBe(7);
  });

  it('compiles DR retryBudget with Istio defaults (0 → defaults)', () => {
    const d = new Diagnostics();
    expect(compileRetryBudget({}, ['spec', 'trafficPolicy', 'retryBudget'], d)).toEqual({ percent: 20, minRetryConcurrency: 3 });
    expect(compileRetryBudget({ percent: 50, minRetryConcurrency: 0 }, [], d)).toEqual({ percent: 50, minRetryConcurrency: 3 });
    expect(compileRetryBudget({ percent: { value: 10 }, minRetryConcurrency: 1 }, [], d)).toEqual({ percent: 10, minRetryConcurrency: 1 });
    expect(d.items).toEqual([]);
    expect(compileRetryBudget(undefined, [], d)).toBeUndefined();
  });

  it('reports a bad percent and warns about budgetInterval', () => {
    const d = new Diagnostics();
    compileRetryBudget({ percent: 150, budgetInterval: '10s' }, ['rb'], d);
    expect(d.items.map((i) => [i.severity, i.path.at(-1)])).toEqual([
      ['error', 'percent'],
      ['warning', 'budgetInterval'],
    ]);
  });
});
