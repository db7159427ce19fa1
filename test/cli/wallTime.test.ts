import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { every } from '../../src/cli/wallTime.js';

describe('every', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ticks once per period until stopped, and never after', () => {
    let ticks = 0;
    const stop = every(0.5, () => ticks++);
    vi.advanceTimersByTime(499);
    expect(ticks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ticks).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(ticks).toBe(3);
    stop();
    vi.advanceTimersByTime(5000);
    expect(ticks).toBe(3);
  });
});
