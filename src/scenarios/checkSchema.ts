/**
 * The `check:` section of a scenario (what `meshsim check` explores), as the schema
 * sees it: properties (the objective grammar of slo.ts), a fault space — one entry per
 * fault kind of the contract, each with ranges and a choice of targets — how many
 * faults may strike together, and a load range.
 *
 *   check:
 *     properties: ['availability >= 99.9%', 'services.db.p99 < 100ms']
 *     faults:
 *       - {kind: slowdown, service: [db, cache], factor: {min: 2, max: 20},
 *          at: {min: 50s, max: 100s}, for: {min: 0s, max: 120s}}
 *       - {kind: crash, service: db, replicas: {min: 1, max: 2}, at: 60s, for: {min: 1s, max: 30s}}
 *     maxFaults: 2
 *     load: {min: 0.5x, max: 2x}
 *     runs: 50
 *
 * A range is `{min, max}` or one value (fixed); `min > max` is an error. Names are
 * checked against the scenario by resolveCheck.ts.
 */
import * as z from 'zod';
import { sloEntry } from './sloSchema.js';
import { boundedInteger, describeValue, duration, fraction, name, nonEmptyList, positiveNumber, strictObject } from './schemaHelpers.js';

/** Inclusive bounds, in the unit of what they bound (seconds, a factor, a fraction, a load multiplier). */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Largest number of fault-set evaluations a search may be asked for. */
export const MAX_CHECK_RUNS = 100_000;
/** Largest number of faults one fault set may hold. */
export const MAX_FAULTS = 8;
/** Largest load multiplier: beyond it the run's size is better set in the scenario itself. */
export const MAX_LOAD = 100;

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `{min: A, max: B}` or a single value (min = max = it), each part validated by `item`;
 * an inverted range is refused at its `min`.
 */
export function range(item: z.ZodType<number>, show: (x: number) => string) {
  const pair = strictObject({ min: item, max: item });
  return z.unknown().transform((value, ctx): Range => {
    const result = isMapping(value) ? pair.safeParse(value) : item.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
      return z.NEVER;
    }
    const r = typeof result.data === 'number' ? { min: result.data, max: result.data } : (result.data as Range);
    if (r.min > r.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `min ${show(r.min)} is greater than max ${show(r.max)}: the range is empty`,
        params: { expected: 'min no greater than max' },
      });
      return z.NEVER;
    }
    return r;
  });
}

/** A load multiplier: `2x`, `0.5x` or a plain positive number. */
const loadMultiplier = z.unknown().transform((value, ctx): number => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*x?$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0) || n > MAX_LOAD) {
    ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is not a load multiplier`, params: { expected: `a multiplier of the traffic's rates, such as 0.5x or 2x (at most ${MAX_LOAD}x)` } });
    return z.NEVER;
  }
  return n;
});

/** One name or a non-empty list of them (the choice of targets). */
function oneOrMore<T extends z.ZodType>(item: T) {
  return z.union([item, nonEmptyList(item, 'the list is empty', 'at least one target')]).transform((v): Array<z.output<T>> => (Array.isArray(v) ? v : [v]));
}

const seconds = (x: number): string => `${Number(x.toPrecision(6))}s`;
const plain = (x: number): string => String(x);
// Durations beyond the run are judged against the scenario's horizon by resolveCheck.ts.
const window = { at: range(duration(), seconds), for: range(duration(), seconds).optional() };
const replicaTarget = {
  service: oneOrMore(name()),
  version: name().optional(),
  replicas: range(boundedInteger(1, 10_000), plain).optional(),
};

export const checkFault = z.discriminatedUnion('kind', [
  strictObject({ kind: z.literal('crash'), ...window, ...replicaTarget }),
  strictObject({ kind: z.literal('zone-outage'), ...window, zone: oneOrMore(name()) }),
  strictObject({
    kind: z.literal('partition'),
    ...window,
    // One pair of zones, or a list of pairs to choose from.
    between: z.union([z.tuple([name(), name()]), nonEmptyList(z.tuple([name(), name()]), 'the list is empty', 'at least one pair of zones')]),
  }),
  strictObject({ kind: z.literal('slowdown'), ...window, ...replicaTarget, factor: range(positiveNumber('a factor greater than 0 (service time is multiplied by it)'), plain) }),
  strictObject({ kind: z.literal('errors'), ...window, ...replicaTarget, rate: range(fraction(), plain) }),
]);

export const checkSection = strictObject({
  properties: z.array(sloEntry).optional(),
  faults: z.array(checkFault).optional(),
  maxFaults: boundedInteger(0, MAX_FAULTS).optional(),
  load: range(loadMultiplier, (x) => `${x}x`).optional(),
  runs: boundedInteger(0, MAX_CHECK_RUNS).optional(),
});

export type RawCheckFault = z.output<typeof checkFault>;
export type RawCheck = z.output<typeof checkSection>;
