import { describe, expect, it } from 'vitest';
import { MAX_NESTED_CALLS, Simulator } from '../../src/sim/simulator.js';

describe('Simulator', () => {
  it('advances the clock to each event and counts executed events', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.schedule(1.5, () => seen.push(sim.now), undefined);
    sim.schedule(0.5, () => {
      seen.push(sim.now);
      sim.schedule(0.25, () => seen.push(sim.now), undefined);
    }, undefined);
    sim.run();
    expect(seen).toEqual([0.5, 0.75, 1.5]);
    expect(sim.eventsProcessed).toBe(3);
  });

  it('cancelled timers never fire and are not counted', () => {
    const sim = new Simulator();
    let fired = 0;
    const id = sim.schedule(1, () => fired++, undefined);
    sim.schedule(2, () => fired++, undefined);
    sim.cancel(id);
    sim.run();
    expect(fired).toBe(1);
    expect(sim.eventsProcessed).toBe(1);
  });

  it('runs only up to `until` and leaves the clock there', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [1, 2, 3]) sim.scheduleAt(t, () => seen.push(t), undefined);
    sim.run(2.5);
    expect(seen).toEqual([1, 2]);
    expect(sim.now).toBe(2.5);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('never schedules into the past', () => {
    const sim = new Simulator();
    sim.scheduleAt(5, () => {
      sim.scheduleAt(1, () => expect(sim.now).toBe(5), undefined);
    }, undefined);
    sim.run();
    expect(sim.eventsProcessed).toBe(2);
  });

  it('callNested runs at once up to its bound, then as events at the same time: a million-deep chain does not overflow', () => {
    const sim = new Simulator();
    let calls = 0;
    let open = 0;
    let deepest = 0;
    const step = (left: number, _unused: undefined): void => {
      calls++;
      deepest = Math.max(deepest, ++open);
      if (left > 0) sim.callNested(step, left - 1, undefined);
      open--;
    };
    sim.schedule(1, () => sim.callNested(step, 1_000_000, undefined), undefined);
    sim.run();
    expect(calls).toBe(1_000_001);
    expect(sim.now).toBe(1);
    expect(deepest).toBe(MAX_NESTED_CALLS + 1);
    // The first event nests MAX_NESTED_CALLS calls; each deferred one runs one call and nests MAX_NESTED_CALLS more.
    expect(sim.eventsProcessed).toBe(1 + Math.ceil((1_000_001 - MAX_NESTED_CALLS) / (MAX_NESTED_CALLS + 1)));
  });
});
