import { UsageError } from './cliIo.js';
import { parseDurationFlag } from './flagParsers.js';

/** --warmup: a duration in seconds, or 'auto'. */
export function parseWarmupFlag(text: string): number | 'auto' {
  return text.trim() === 'auto' ? 'auto' : parseDurationFlag('--warmup', text, true);
}

/**
 * --precision: a relative half-width as a fraction — '2%' → 0.02, or a plain
 * fraction '0.02'; in (0, 1).
 */
export function parsePrecisionFlag(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : NaN;
  if (!(value > 0 && value < 1)) throw new UsageError(`--precision: '${text}' is not a precision (expected a relative half-width such as 2% or 0.02)`);
  return value;
}
