/**
 * One objective (src/scenarios/slo.ts) as a schema entry, parsed where it is read so
 * a bad one is a located error: `slo:` and `check.properties` both use it.
 */
import * as z from 'zod';
import { describeValue } from './schemaHelpers.js';
import { parseSlo, SLO_EXPECTED, SloSyntaxError, type Slo } from './slo.js';

export const sloEntry = z.unknown().transform((value, ctx): Slo => {
  if (typeof value !== 'string') {
    ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is not an objective`, params: { expected: SLO_EXPECTED } });
    return z.NEVER;
  }
  try {
    return parseSlo(value);
  } catch (err) {
    if (!(err instanceof SloSyntaxError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message, params: { expected: err.expected } });
    return z.NEVER;
  }
});

