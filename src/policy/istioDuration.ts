import type { Diagnostics, FieldPath } from './diagnostics.js';

/**
 * Istio duration strings → seconds.
 *
 * Istio accepts both the protobuf JSON form ("1.5s", "0.250s") and Go's
 * time.ParseDuration form ("250ms", "1m30s", "1h") — its CRD validation runs the
 * CEL `duration()` check, which is Go's syntax, and protobuf's form is a subset.
 * Units: ns, us (µs, μs), ms, s, m, h. A bare "0" is allowed (Go accepts it).
 * Numbers without a unit are rejected: YAML `timeout: 5` is a common mistake and
 * Kubernetes rejects it too (the schema type is string).
 */

const NANOS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const EXPECTED = 'a duration such as 250ms, 1.5s, 10s, 1m or 1h';

/** Options for the checks Istio's validation applies to most duration fields. */
export interface DurationChecks {
  /** Smallest accepted value in seconds (Istio: 0.001 for most fields). Zero is still accepted when `allowZero`. */
  readonly minSeconds?: number;
  /** Accept exactly 0 even below `minSeconds` (e.g. route timeout 0s = disabled). */
  readonly allowZero?: boolean;
  /**
   * Reject sub-millisecond precision. Istio's ValidateDuration: "only durations to
   * ms precision are supported" [II-VALA].
   */
  readonly millisecondPrecision?: boolean;
}

/** Istio's ValidateDuration (most duration fields): at least 1ms, whole milliseconds [II-VALA]. */
export const ISTIO_DURATION: DurationChecks = Object.freeze({ minSeconds: 0.001, millisecondPrecision: true });

/**
 * Parses an Istio duration string.
 * @returns seconds (float64), or undefined after reporting an error at `path`.
 */
export function parseIstioDuration(
  raw: unknown,
  path: FieldPath,
  diag: Diagnostics,
  checks: DurationChecks = {},
): number | undefined {
  if (typeof raw !== 'string') {
    diag.error(path, `must be a duration string, got ${describe(raw)}`, EXPECTED);
    return undefined;
  }
  const nanos = parseGoDurationNanos(raw.trim());
  if (nanos === undefined) {
    diag.error(path, `"${raw}" is not a valid duration`, EXPECTED);
    return undefined;
  }
  if (nanos < 0) {
    diag.error(path, `"${raw}" is negative`, 'a non-negative duration');
    return undefined;
  }
  const seconds = nanos / 1e9;
  if (nanos === 0 && checks.allowZero) return 0;
  if (checks.minSeconds !== undefined && seconds < checks.minSeconds) {
    diag.error(path, `"${raw}" is shorter than the minimum ${checks.minSeconds * 1000}ms`, `a duration of at least ${checks.minSeconds * 1000}ms`);
    return undefined;
  }
  if (checks.millisecondPrecision && Math.round(nanos) % 1e6 !== 0) {
    diag.error(path, `"${raw}" has sub-millisecond precision, which Istio rejects`, 'a whole number of milliseconds');
    return undefined;
  }
  return seconds;
}

/**
 * Go time.ParseDuration grammar: [+-]? (number unit)+, or "0".
 * @returns nanoseconds (may be fractional for "1.5ns"), or undefined if malformed.
 */
export function parseGoDurationNanos(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  const match = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/u.exec(text);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  const body = match[2] ?? '';
  let total = 0;
  for (const part of body.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gu)) {
    const value = Number(part[1]);
    const unit = NANOS_PER_UNIT[part[2] ?? ''];
    if (!Number.isFinite(value) || unit === undefined) return undefined;
    total += value * unit;
  }
  return sign * total;
}

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (typeof raw === 'number') return `the number ${raw} (add a unit, e.g. "${raw}s")`;
  return typeof raw;
}
