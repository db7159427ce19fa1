/**
 * Distributions of a duration, as written in a scenario (docs/contract.md "Distributions"):
 * a plain duration (constant) or `{dist: …}` with the parameters of that family.
 * Parsed straight into DistributionSpec (seconds), with the family's constraints
 * checked where the user wrote them.
 */
import * as z from 'zod';
import type { DistributionSpec } from './scenario.js';
import { ALLOWED_KEYS_MARKER, describeValue, dispatch, duration, positiveNumber, strictObject } from './schemaHelpers.js';

const DIST_EXPECTED = 'a duration such as 5ms, or {dist: exponential|constant|lognormal|gamma|empirical|mixture, …}';

/** Percentile key → quantile: p50 → 0.5, p999 → 0.999, p9999 → 0.9999, p99.9 → 0.999. Undefined if not one. */
export function percentileKeyToQuantile(key: string): number | undefined {
  const m = /^p([0-9]+)(?:\.([0-9]+))?$/.exec(key);
  if (!m) return undefined;
  const whole = m[1] ?? '';
  const decimals = m[2];
  // p100, p1000: the maximum, not a percentile (read digit-wise they would mean 10%).
  if (/^10+$/.test(whole) && whole.length >= 3) return undefined;
  // Written as decimal text so p999 is exactly 0.999: the first two digits are the whole
  // percent, the rest its decimals (p999 = 99.9%); pNN.N says so explicitly.
  let text: string;
  if (decimals !== undefined) {
    if (whole.length > 2) return undefined;
    text = `0.${whole.padStart(2, '0')}${decimals}`;
  } else {
    text = `0.${whole.padStart(2, '0')}`;
  }
  const q = Number(text);
  return q > 0 && q < 1 ? q : undefined;
}

const constantDist = strictObject({ dist: z.literal('constant'), value: duration() }).transform(
  (d): DistributionSpec => ({ dist: 'constant', value: d.value }),
);

const exponentialDist = strictObject({ dist: z.literal('exponential'), mean: duration({ positive: true }) }).transform(
  (d): DistributionSpec => ({ dist: 'exponential', mean: d.mean }),
);

// A lognormal is pinned by its median and p99 (sigma = ln(p99/median)/z99), so p99 must exceed a positive median.
const lognormalDist = strictObject({ dist: z.literal('lognormal'), median: duration({ positive: true }), p99: duration() })
  .superRefine((d, ctx) => {
    if (!(d.p99 > d.median)) {
      ctx.addIssue({ code: 'custom', path: ['p99'], message: 'must be greater than the median', params: { expected: 'p99 > median > 0' } });
    }
  })
  .transform((d): DistributionSpec => ({ dist: 'lognormal', median: d.median, p99: d.p99 }));

const gammaDist = strictObject({
  dist: z.literal('gamma'),
  mean: duration({ positive: true }),
  cv: positiveNumber('a coefficient of variation greater than 0, such as 0.5'),
}).transform((d): DistributionSpec => ({ dist: 'gamma', mean: d.mean, cv: d.cv }));

/**
 * Empirical from percentiles. At least two points are required: the tail beyond the
 * last point is extrapolated through the last two (src/sim/distributions.ts), so one
 * point would leave the shape to an invented anchor at zero.
 */
const percentiles = z.record(z.string(), duration()).transform((record, ctx) => {
  const points: { q: number; value: number; key: string }[] = [];
  for (const [key, value] of Object.entries(record)) {
    const q = percentileKeyToQuantile(key);
    if (q === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${describeValue(key)} is not a percentile`, params: { expected: 'p50, p90, p99, p999, p9999 or pNN.N between 0 and 100' } });
      return z.NEVER;
    }
    points.push({ q, value, key });
  }
  points.sort((a, b) => a.q - b.q);
  if (points.length < 2) {
    ctx.addIssue({ code: 'custom', message: `needs at least two percentiles, got ${points.length}`, params: { expected: 'e.g. {p50: 5ms, p99: 40ms}' } });
    return z.NEVER;
  }
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1];
    const cur = points[i];
    if (prev === undefined || cur === undefined) continue;
    if (cur.q === prev.q) {
      ctx.addIssue({ code: 'custom', path: [cur.key], message: `is the same percentile as ${prev.key}`, params: { expected: 'each percentile once' } });
      return z.NEVER;
    }
    if (cur.value < prev.value) {
      ctx.addIssue({ code: 'custom', path: [cur.key], message: `is smaller than ${prev.key}`, params: { expected: 'values that do not decrease as the percentile grows' } });
      return z.NEVER;
    }
  }
  return points.map((p) => ({ q: p.q, value: p.value }));
});

const empiricalDist = strictObject({ dist: z.literal('empirical'), percentiles }).transform(
  (d): DistributionSpec => ({ dist: 'empirical', points: d.percentiles }),
);

type MixtureComponent = { weight: number; dist: DistributionSpec };
/** distObject, declared below (the families and the mixture refer to each other). */
const anyFamily = z.lazy((): z.ZodType<DistributionSpec, unknown> => distObject);

const FAMILIES: ReadonlySet<string> = new Set(['constant', 'exponential', 'lognormal', 'gamma', 'empirical', 'mixture']);
const weight = positiveNumber('a weight greater than 0 (weights are normalized to sum to 1)');

/** Nested: `{weight, dist: <a distribution>}` (`dist: 5ms` or `dist: {dist: exponential, mean: 2ms}`). */
const nestedComponent: z.ZodType<MixtureComponent, unknown> = strictObject({ weight, dist: z.lazy((): z.ZodType<DistributionSpec, unknown> => distribution) });

/**
 * Flat: `{weight, dist: exponential, mean: 2ms}` — the distribution written inline, as
 * everywhere else, with its weight beside it: what a user writes first. The weight and
 * the rest are checked separately; issues keep the paths the user wrote.
 */
const flatComponent: z.ZodType<MixtureComponent, unknown> = z.record(z.string(), z.unknown()).transform((o, ctx): MixtureComponent => {
  const { weight: rawWeight, ...rest } = o;
  const w = weight.safeParse(rawWeight);
  const d = anyFamily.safeParse(rest);
  const forward = (issues: ReadonlyArray<z.core.$ZodIssue>, prefix: PropertyKey[]): void => {
    for (const issue of issues) ctx.addIssue({ ...issue, path: [...prefix, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
  };
  if (rawWeight === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'missing required field "weight"', params: { expected: 'weight: a number greater than 0' } });
  else if (!w.success) forward(w.error.issues, ['weight']);
  // The family's allowed keys, plus the weight that sits beside them.
  if (!d.success) forward(d.error.issues.map((i) => (i.code === 'unrecognized_keys' && i.message.startsWith(ALLOWED_KEYS_MARKER) ? { ...i, message: i.message.replace(ALLOWED_KEYS_MARKER, `${ALLOWED_KEYS_MARKER}weight, `) } : i)), []);
  if (!w.success || !d.success) return z.NEVER;
  return { weight: w.data, dist: d.data };
});

/** A component in either form: `dist` naming a family means the flat form (a family name is never a duration). */
const mixtureComponent: z.ZodType<MixtureComponent, unknown> = dispatch((value) => {
  const d = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['dist'] : undefined;
  return typeof d === 'string' && FAMILIES.has(d) ? flatComponent : nestedComponent;
});

const mixtureDist = strictObject({ dist: z.literal('mixture'), of: z.array(mixtureComponent).min(1) }).transform((d): DistributionSpec => {
  const total = d.of.reduce((s, c) => s + c.weight, 0);
  return { dist: 'mixture', of: d.of.map((c) => ({ weight: c.weight / total, dist: c.dist })) };
});

const distObject = z.discriminatedUnion('dist', [constantDist, exponentialDist, lognormalDist, gammaDist, empiricalDist, mixtureDist]);

const constantFromDuration = duration().transform((value): DistributionSpec => ({ dist: 'constant', value }));

/** A distribution of a duration: `5ms` (constant) or `{dist: …}`. Output in seconds. */
export const distribution: z.ZodType<DistributionSpec, unknown> = dispatch((value): z.ZodType<DistributionSpec, unknown> => {
  if (typeof value === 'string' || typeof value === 'number') return constantFromDuration;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return distObject;
  return z.unknown().transform((v, ctx) => {
    ctx.addIssue({ code: 'custom', message: `${describeValue(v)} is not a distribution`, params: { expected: DIST_EXPECTED } });
    return z.NEVER;
  });
});
