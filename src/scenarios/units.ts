/**
 * Durations and rates in user files are parsed here and nowhere else.
 *
 * Durations: a number with a unit — `us`, `ms`, `s`, `m`, `h` (docs/contract.md) —
 * returned in seconds. Rates: requests per second, a plain non-negative number
 * (or a string such as "100" or "100/s").
 */

const DURATION = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*(us|µs|ms|s|m|h)\s*$/;

/** Sub-second units divide (9ms → 9/1000 = 0.009 exactly), others multiply. */
const UNIT: Record<string, { readonly divide?: number; readonly multiply?: number }> = {
  us: { divide: 1e6 },
  'µs': { divide: 1e6 },
  ms: { divide: 1e3 },
  s: { multiply: 1 },
  m: { multiply: 60 },
  h: { multiply: 3600 },
};

/** What a duration looks like, for "(expected …)" in error messages. */
export const DURATION_EXPECTED = 'a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h)';

/** Parses "250ms" → 0.25 (seconds). Returns undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const numberPart = text.trim().slice(0, text.trim().length - (m[2] ?? '').length).trim();
  const value = Number(numberPart);
  const unit = UNIT[m[2] ?? ''];
  if (!Number.isFinite(value) || unit === undefined) return undefined;
  return unit.divide !== undefined ? value / unit.divide : value * (unit.multiply as number);
}

export const RATE_EXPECTED = 'a rate in requests per second, such as 100 or "100/s"';

/** Parses a rate (requests/second): 100, "100", "100/s", "6000/m". Undefined when invalid. */
export function parseRate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*([0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)\s*(?:\/\s*(s|m|h))?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const per = m[2] === 'm' ? 60 : m[2] === 'h' ? 3600 : 1;
  return Number.isFinite(n) ? n / per : undefined;
}

/** Formats seconds for people: 0.00025 → "250us", 0.012 → "12ms", 90 → "90s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const abs = Math.abs(seconds);
  if (abs === 0) return '0s';
  if (abs < 1e-3) return `${round3(seconds * 1e6)}us`;
  if (abs < 1) return `${round3(seconds * 1e3)}ms`;
  if (abs < 600) return `${round3(seconds)}s`;
  if (abs < 36000) return `${round3(seconds / 60)}m`;
  return `${round3(seconds / 3600)}h`;
}

function round3(x: number): number {
  return Number(x.toPrecision(3));
}

const SIZE = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(B|kB|KB|KiB|MB|MiB|GB|GiB)\s*$/;
const BYTES_PER_UNIT: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 };

export const SIZE_EXPECTED = 'a size with a unit, such as 512B, 1KiB, 16kB, 60MiB (units: B, kB, KiB, MB, MiB, GB, GiB)';

/** Parses "1KiB" → 1024 (bytes). Undefined when the text is not a size. */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = BYTES_PER_UNIT[m[2] ?? ''];
  return Number.isFinite(value) && unit !== undefined ? value * unit : undefined;
}
