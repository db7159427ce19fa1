/**
 * Wall time, for the code under src/ that paces itself by it (progress, adaptive
 * workers, the queue's poll). Only the CLI reads a clock or arms a timer; the rest
 * receives these, so a simulation never depends on when it runs.
 */

/** Seconds on a monotonic clock. */
export const wallClock = (): number => performance.now() / 1000;

/** Calls `tick` every `seconds` until the returned stop is called. */
export function every(seconds: number, tick: () => void): () => void {
  const timer = setInterval(tick, seconds * 1000);
  return () => clearInterval(timer);
}
