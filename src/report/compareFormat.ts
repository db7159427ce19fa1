/**
 * Numbers of a comparison as people read them: latencies always in milliseconds
 * (one unit down a column, so the eye compares digits, not units), availability in
 * percent with deltas in percentage points, vCPU and GiB to three significant
 * digits, dollars to the cent. Deltas carry an explicit sign.
 */
import type { RowUnit } from './compareRows.js';

const MISSING = '–';

/** Three significant digits, without exponent notation, trailing zeros kept off for large numbers. */
function sig3(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return x.toFixed(0);
  if (abs >= 1e-4) return String(Number(x.toPrecision(3)));
  return x.toExponential(1);
}

function percent(x: number): string {
  if (x === 1) return '100%';
  // Availabilities near 1 differ in the third decimal of a percent.
  return x >= 0.99 ? `${(x * 100).toFixed(3)}%` : `${(x * 100).toFixed(1)}%`;
}

/** A value with its unit: seconds → "12.3 ms", fraction → "99.950%", vCPU, GiB, USD/month. */
export function formatValue(unit: RowUnit, x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  switch (unit) {
    case 'seconds':
      return `${sig3(x * 1e3)} ms`;
    case 'fraction':
      return percent(x);
    case 'vcpu':
      return `${sig3(x)} vCPU`;
    case 'gib':
      return `${sig3(x)} GiB`;
    case 'usd':
      return `$${x.toFixed(2)}`;
  }
}

function sign(x: number): string {
  return x > 0 ? '+' : x < 0 ? '-' : '±';
}

/** A delta's signed number in the unit's display scale, without the unit: "+0.182" (ms), "-0.010" (pp). */
function signedDelta(unit: RowUnit, d: number): string {
  const a = Math.abs(d);
  switch (unit) {
    case 'seconds':
      return `${sign(d)}${sig3(a * 1e3)}`;
    case 'fraction':
      // Percentage points: availability 99.9% → 99.8% is -0.1 pp.
      return `${sign(d)}${(a * 100).toFixed(3)}`;
    case 'vcpu':
    case 'gib':
      return `${sign(d)}${sig3(a)}`;
    case 'usd':
      return `${sign(d)}$${a.toFixed(2)}`;
  }
}

const DELTA_UNIT: Record<RowUnit, string> = { seconds: ' ms', fraction: ' pp', vcpu: ' vCPU', gib: ' GiB', usd: '' };

/** A delta with sign and unit: "+0.182 ms", "-0.010 pp", "+0.2 vCPU", "+$12.34". */
export function formatDelta(unit: RowUnit, d: number): string {
  if (!Number.isFinite(d)) return MISSING;
  return signedDelta(unit, d) + DELTA_UNIT[unit];
}

/** The delta relative to the baseline, "+6.4%", or '' when the baseline is 0 or missing. */
export function formatRelative(value: number, base: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return '';
  const r = (value - base) / Math.abs(base);
  return `${sign(r)}${Math.abs(r * 100).toFixed(1)}%`;
}

/**
 * A delta's 95% interval in the delta's unit, without repeating it: "+0.171…+0.193"
 * (ms) or "-0.021…+0.004" (pp); the cell already names the unit.
 */
export function formatDeltaInterval(unit: RowUnit, [lo, hi]: readonly [number, number]): string {
  return `${signedDelta(unit, lo)}…${signedDelta(unit, hi)}`;
}

/**
 * Whether a delta's 95% interval contains 0: the data cannot tell the data plane from
 * the baseline on this figure, however large the point estimate looks.
 */
export function indistinguishable(ci95: readonly [number, number] | undefined): boolean {
  return ci95 !== undefined && ci95[0] <= 0 && ci95[1] >= 0;
}

/**
 * A delta cell: the delta, and its 95% interval in brackets when there is one:
 * "+1.23 ms [+1.18…+1.29]". A delta whose interval contains 0 starts with "~", as
 * benchstat marks a difference it cannot tell from noise: "~ +0.4 ms [-0.2…+1.0]".
 */
export function formatDeltaCell(unit: RowUnit, d: number, ci95: readonly [number, number] | undefined): string {
  const delta = formatDelta(unit, d);
  if (!ci95 || !Number.isFinite(d)) return delta;
  return `${indistinguishable(ci95) ? '~ ' : ''}${delta} [${formatDeltaInterval(unit, ci95)}]`;
}
