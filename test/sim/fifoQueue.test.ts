import { describe, expect, it } from 'vitest';
import { FifoQueue } from '../../src/sim/fifoQueue.js';

describe('FifoQueue', () => {
  it('keeps first-in first-out order across wrap-arounds and growth while wrapped', () => {
    const q = new FifoQueue<number>(3); // rounded up to a power of two
    const expected: number[] = [];
    let next = 0;
    // Push and shift in uneven runs so the head moves around the ring and growth happens mid-ring.
    for (let round = 0; round < 200; round++) {
      for (let k = 0; k < (round % 7) + 1; k++) {
        q.push(next);
        expected.push(next++);
      }
      for (let k = 0; k < (round % 5) + 1 && expected.length > 0; k++) expect(q.shift()).toBe(expected.shift());
      expect(q.length).toBe(expected.length);
    }
    const rest: number[] = [];
    q.drain((item) => rest.push(item));
    expect(rest).toEqual(expected);
    expect(q.shift()).toBeUndefined();
  });
});
