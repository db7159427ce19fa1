import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { RandomSource } from './randomSource.js';
import { readNumber } from './fieldReaders.js';
import { readFields } from './supportMatrix.js';

/**
 * Istio Percent → Envoy FractionalPercent per million: numerator = uint32(value * 10000)
 * (§7.3, §7.4 [II-ROUTE]). Envoy's runtime check is `random % 1e6 < numerator`.
 */
export const perMillion = 1_000_000;

/** Reads `percentage: {value}` (double) or the deprecated integer `percent`; per-million, or undefined if unset. */
export function readPercent(
  kind: string,
  field: string,
  percentage: unknown,
  percent: unknown,
  path: FieldPath,
  percentKey: string,
  diag: Diagnostics,
): number | undefined {
  if (percentage !== undefined && percentage !== null) {
    const o = readFields(kind, field, percentage, path, diag);
    if (o === undefined) return undefined;
    const v = readNumber(o['value'], [...path, 'value'], diag, { min: 0, max: 100 });
    return v === undefined ? 0 : Math.trunc(v * 10_000);
  }
  const legacy = readNumber(percent, [...path.slice(0, -1), percentKey], diag, { integer: true, min: 0, max: 100 });
  return legacy === undefined ? undefined : legacy * 10_000;
}

/** One Bernoulli draw at `numerator` per million. Draws only when the outcome is uncertain. */
export function rollPerMillion(numerator: number, random: RandomSource): boolean {
  if (numerator <= 0) return false;
  if (numerator >= perMillion) return true;
  return Math.floor(random.next() * perMillion) < numerator;
}
