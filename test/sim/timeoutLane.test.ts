import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/sim/simulator.js';

/** A small deterministic generator for the scripted workloads below. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Timers {
  schedule(delay: number, label: string): number;
  cancel(delay: number, id: number): void;
}

/**
 * A workload of ordinary events and timeouts (two delays, most cancelled, some tied in
 * time with other events), run with `timers`; returns what fired, when, in order.
 */
function script(sim: Simulator, timers: (log: string[]) => Timers, seed: number): string[] {
  const log: string[] = [];
  const t = timers(log);
  const rnd = lcg(seed);
  const open: { delay: number; id: number }[] = [];
  let n = 0;
  const step = (): void => {
    log.push(`step ${sim.now}`);
    if (n++ > 400) return;
    // Ties: some steps land exactly on a pending timeout's time.
    const delay = rnd() < 0.2 ? 0.5 : Math.floor(rnd() * 8) / 16;
    sim.schedule(delay, step, undefined);
    const timeout = rnd() < 0.5 ? 0.5 : 2;
    open.push({ delay: timeout, id: t.schedule(timeout, `t${n}`) });
    if (open.length > 0 && rnd() < 0.9) {
      const victim = open.splice(Math.floor(rnd() * open.length), 1)[0] as { delay: number; id: number };
      t.cancel(victim.delay, victim.id);
    }
  };
  sim.schedule(0, step, undefined);
  sim.run();
  return log;
}

describe('TimeoutLane', () => {
  it('fires timers at the same time and in the same order as ordinary events would', () => {
    for (const seed of [1, 2, 3]) {
      const plainSim = new Simulator();
      const plain = script(plainSim, (log) => ({
        schedule: (delay, label) => plainSim.schedule(delay, () => log.push(`${label} ${plainSim.now}`), undefined),
        cancel: (_delay, id) => plainSim.cancel(id),
      }), seed);
      const laneSim = new Simulator();
      const laned = script(laneSim, (log) => ({
        schedule: (delay, label) => laneSim.timeoutLane(delay).schedule(() => log.push(`${label} ${laneSim.now}`), undefined),
        cancel: (delay, id) => laneSim.timeoutLane(delay).cancel(id),
      }), seed);
      expect(laned).toEqual(plain);
      expect(laned.some((l) => l.startsWith('t'))).toBe(true);
      expect(laneSim.eventsProcessed).toBe(plainSim.eventsProcessed);
    }
  });

  it('breaks a tie in time by scheduling order, with ordinary events on either side', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.schedule(1, () => seen.push('before'), undefined);
    sim.timeoutLane(1).schedule(() => seen.push('timer'), undefined);
    sim.schedule(1, () => seen.push('after'), undefined);
    sim.run();
    expect(seen).toEqual(['before', 'timer', 'after']);
  });

  it('does not run or count cancelled timers, and ignores cancelling a fired one', () => {
    const sim = new Simulator();
    const lane = sim.timeoutLane(1);
    const fired: number[] = [];
    const ids = [0, 1, 2, 3].map((k) => lane.schedule(() => fired.push(k), undefined));
    lane.cancel(ids[0] as number);
    lane.cancel(ids[2] as number);
    sim.run();
    expect(fired).toEqual([1, 3]);
    expect(sim.eventsProcessed).toBe(2);
    lane.cancel(ids[1] as number);
    lane.schedule(() => fired.push(4), undefined);
    sim.run();
    expect(fired).toEqual([1, 3, 4]);
    expect(sim.now).toBe(2);
  });

  it('keeps its order through growth of a ring whose head has moved', () => {
    const sim = new Simulator();
    const lane = sim.timeoutLane(3);
    const fired: number[] = [];
    const expected: number[] = [];
    // Timers fire from t = 3 while others are still being scheduled (up to t = 5), so the
    // ring wraps and grows past its 16 slots with its head away from slot 0.
    for (let k = 0; k < 100; k++) {
      sim.schedule(k / 20, () => {
        const id = lane.schedule(() => fired.push(k), undefined);
        if (k % 3 === 0) lane.cancel(id);
      }, undefined);
      if (k % 3 !== 0) expected.push(k);
    }
    sim.run();
    expect(fired).toEqual(expected);
  });

  it('stops a run at `until` before a later timer', () => {
    const sim = new Simulator();
    let fired = false;
    sim.timeoutLane(2).schedule(() => {
      fired = true;
    }, undefined);
    sim.run(1);
    expect(fired).toBe(false);
    expect(sim.now).toBe(1);
    sim.run();
    expect(fired).toBe(true);
    expect(sim.now).toBe(2);
  });
});
