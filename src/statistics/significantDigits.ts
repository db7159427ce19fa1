/**
 * Every number in the results file is rounded to 9 significant digits: the file
 * reads well and diffs cleanly, and nothing a test or a person needs is lost
 * (a latency in seconds keeps nanoseconds up to 1 s; an availability keeps 1e-9).
 */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(9));
}
