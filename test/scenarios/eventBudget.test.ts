import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_EVENTS, estimateEvents, EVENTS_PER_CALL, meanRate } from '../../src/scenarios/eventBudget.js';

describe('meanRate', () => {
  it('averages a schedule over the horizon, clipping steps past it', () => {
    const schedule = [{ at: 0, rate: 100 }, { at: 30, rate: 400 }, { at: 90, rate: 1000 }];
    expect(meanRate(schedule, 60)).toBe((100 * 30 + 400 * 30) / 60);
    expect(meanRate(schedule, 20)).toBe(100);
    expect(meanRate([{ at: 0, rate: 0 }, { at: 10, rate: 50 }], 20)).toBe(25);
  });
});

describe('estimateEvents', () => {
  it('is rate × horizon × (calls + 1) × events per call × replications', () => {
    expect(EVENTS_PER_CALL).toBe(4);
    expect(estimateEvents([{ schedule: [{ at: 0, rate: 100 }], expectedCalls: 4 }], 65, 3)).toBe(100 * 65 * 5 * 4 * 3);
    expect(estimateEvents([{ schedule: [{ at: 0, rate: 1 }], expectedCalls: 0 }, { schedule: [{ at: 0, rate: 2 }], expectedCalls: 1 }], 10, 1)).toBe(10 * 4 + 2 * 10 * 2 * 4);
  });
  it('fits 5M M/M/1 requests comfortably under the default budget', () => {
    // 5M requests at 1000/s = 5000 s.
    expect(estimateEvents([{ schedule: [{ at: 0, rate: 1000 }], expectedCalls: 0 }], 5000, 1) * 10).toBeLessThan(DEFAULT_MAX_EVENTS);
  });
});
