import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventCalendar } from '../../src/sim/eventCalendar.js';

describe('EventCalendar', () => {
  it('pops in time order, ties by insertion order', () => {
    const cal = new EventCalendar(2);
    const order: string[] = [];
    const h = (s: string): void => void order.push(s);
    cal.push(2, h, 'c');
    cal.push(1, h, 'a');
    cal.push(2, h, 'd');
    cal.push(1, h, 'b');
    cal.push(0.5, h, 'first');
    while (cal.pop()) cal.poppedHandler?.(cal.poppedArg);
    expect(order).toEqual(['first', 'a', 'b', 'c', 'd']);
  });

  it('matches a stable sort of (time, sequence) for any interleaving of pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const cal = new EventCalendar(4);
        const model: Array<{ t: number; seq: number }> = [];
        let seq = 0;
        let floor = 0; // a simulator never schedules into the past
        for (const op of ops) {
          if (op >= 0) {
            const t = floor + op;
            const id = cal.push(t, () => {}, seq);
            expect(id).toBe(seq);
            model.push({ t, seq: seq++ });
          } else if (model.length > 0) {
            model.sort((a, b) => a.t - b.t || a.seq - b.seq);
            const want = model.shift() as { t: number; seq: number };
            expect(cal.pop()).toBe(true);
            expect([cal.poppedTime, cal.poppedArg]).toEqual([want.t, want.seq]);
            floor = want.t;
          }
        }
        expect(cal.size).toBe(model.length);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('keeps a deep calendar in order through holds (pop one, push one later), as a large mesh runs it', () => {
    // Hundreds of pending events make the heap several levels deep, where a child the
    // sift-down overlooked would surface out of order.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 100, maxLength: 1500 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 2000 }),
        (initial, delays) => {
          const cal = new EventCalendar(16);
          const model: Array<{ t: number; seq: number }> = [];
          let seq = 0;
          const push = (t: number): void => {
            cal.push(t, () => {}, seq);
            model.push({ t, seq: seq++ });
          };
          const popAndCheck = (): number => {
            model.sort((a, b) => a.t - b.t || a.seq - b.seq);
            const want = model.shift() as { t: number; seq: number };
            expect(cal.pop()).toBe(true);
            expect([cal.poppedTime, cal.poppedArg]).toEqual([want.t, want.seq]);
            return want.t;
          };
          for (const t of initial) push(t);
          for (const d of delays) push(popAndCheck() + d);
          while (model.length > 0) popAndCheck();
          expect(cal.pop()).toBe(false);
        },
      ),
      { seed: 7, numRuns: 40 },
    );
  });

  it('reports +Infinity as the next time when empty', () => {
    const cal = new EventCalendar();
    expect(cal.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(cal.pop()).toBe(false);
  });
});
