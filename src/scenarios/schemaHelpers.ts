/**
 * Small zod building blocks shared by the scenario schema: strict objects that name
 * their allowed keys, dispatch on the shape of a value, and the scalar quantities of a
 * scenario (durations, rates, fractions, bounded integers).
 *
 * Issues raised here carry `params.expected`; zodIssues.ts turns that into the
 * "(expected …)" part of the located message.
 */
import * as z from 'zod';
import { DURATION_EXPECTED, formatDuration, parseDuration, parseRate, parseSize, RATE_EXPECTED, SIZE_EXPECTED } from './units.js';

/** Prefix of the message zod gets for unknown keys; zodIssues.ts reads the allowed keys after it. */
export const ALLOWED_KEYS_MARKER = 'allowed-keys:';

/** A mapping with exactly these fields: any other key is an error naming the allowed ones. */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `${ALLOWED_KEYS_MARKER}${allowed}` : undefined),
  });
}

/**
 * Validates a value with the schema `pick` chooses for it (by its shape), forwarding
 * that schema's issues unchanged. Unlike z.union, the user sees the issues of the one
 * form they evidently meant, not of every alternative.
 */
export function dispatch<S extends z.ZodType>(pick: (value: unknown) => S) {
  return z.unknown().transform((value, ctx): z.output<S> => {
    const result = pick(value).safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });
}

/** A schema that always fails with this message (for a value of a form that is never allowed). */
export function refuse(message: string, expected: string) {
  return z.unknown().transform((_v, ctx) => {
    ctx.addIssue({ code: 'custom', message, params: { expected } });
    return z.NEVER;
  });
}

/** Describes a value in a message: `"abc" (a string)`, `-3`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** A duration in seconds from "250ms"-style text; a bare 0 is accepted (it needs no unit). `max` in seconds. */
export function duration(options: { positive?: boolean; max?: number } = {}) {
  return z.unknown().transform((value, ctx): number => {
    let seconds: number | undefined;
    if (typeof value === 'string') seconds = parseDuration(value);
    else if (value === 0) seconds = 0;
    if (seconds === undefined) {
      const why = typeof value === 'number' ? `${value} has no unit` : `${describeValue(value)} is not a duration`;
      ctx.addIssue({ code: 'custom', message: why, params: { expected: DURATION_EXPECTED } });
      return z.NEVER;
    }
    if (options.positive === true && !(seconds > 0)) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than 0', params: { expected: 'a positive duration, such as 60s' } });
      return z.NEVER;
    }
    if (options.max !== undefined && seconds > options.max) {
      ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is too long`, params: { expected: `at most ${formatDuration(options.max)}` } });
      return z.NEVER;
    }
    return seconds;
  });
}

/**
 * Highest arrival rate accepted, requests per second. 1e7/s is beyond any single
 * mesh entry point (and ~1e7 events per simulated second); a larger number is
 * almost surely a typo or a unit mix-up.
 */
export const MAX_RATE = 1e7;

/** A rate in requests per second (100, "100/s", "6000/m"), 0 ≤ rate ≤ MAX_RATE. */
export function rate() {
  return z.unknown().transform((value, ctx): number => {
    const perSecond = parseRate(value);
    if (perSecond === undefined) {
      ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is not a rate`, params: { expected: RATE_EXPECTED } });
      return z.NEVER;
    }
    if (perSecond > MAX_RATE) {
      ctx.addIssue({
        code: 'custom',
        message: `${perSecond} requests/s is absurdly high`,
        params: { expected: `a rate of at most ${MAX_RATE} requests/s` },
      });
      return z.NEVER;
    }
    return perSecond;
  });
}

/** A number in [min, max] (inclusive); `what` names it in the expected text. */
export function boundedNumber(min: number, max: number, what: string) {
  return z.number().refine((v) => Number.isFinite(v) && v >= min && v <= max, {
    message: 'is out of range',
    params: { expected: what },
  });
}

/** An integer in [min, max]. */
export function boundedInteger(min: number, max: number, what?: string) {
  return z.number().refine((v) => Number.isInteger(v) && v >= min && v <= max, {
    message: 'is out of range',
    params: { expected: what ?? `an integer from ${min} to ${max}` },
  });
}

/** A fraction in [0, 1]. */
export function fraction() {
  return boundedNumber(0, 1, 'a fraction from 0 to 1');
}

/** A strictly positive finite number. */
export function positiveNumber(what: string) {
  return z.number().refine((v) => Number.isFinite(v) && v > 0, { message: 'must be greater than 0', params: { expected: what } });
}

/** A non-empty name, as a reference to something declared elsewhere (`to`, `calls[].service`). */
export function name() {
  return z.string().refine((s) => s.trim() !== '', { message: 'must not be empty', params: { expected: 'a name' } });
}

/** Longest DNS-1123 label (Kubernetes' validation.DNS1123LabelMaxLength). */
export const MAX_LABEL_LENGTH = 63;

export const LABEL_EXPECTED = `a DNS-1123 label, as Kubernetes names are: lower-case letters, digits and '-', starting and ending with a letter or digit, at most ${MAX_LABEL_LENGTH} characters`;

/**
 * Why `s` is not a DNS-1123 label (k8s.io/apimachinery IsDNS1123Label), or undefined when
 * it is one. Services, versions, zones and traffic sources are named this way, as their
 * Kubernetes counterparts are; the names then never hold a separator ('/', '.', ' ').
 */
export function labelProblem(s: string): string | undefined {
  if (s === '') return 'is empty';
  if (s.length > MAX_LABEL_LENGTH) return `is ${s.length} characters long`;
  const bad = /[^a-z0-9-]/.exec(s);
  if (bad !== null) return /[A-Z]/.test(bad[0]) ? 'has upper-case letters' : `contains ${JSON.stringify(bad[0])}`;
  if (s.startsWith('-') || s.endsWith('-')) return `${s.startsWith('-') ? 'starts' : 'ends'} with '-'`;
  return undefined;
}

/** The name a service, version, zone, region or traffic source is declared with: a DNS-1123 label. */
export function label() {
  return z.string().transform((s, ctx): string => {
    const problem = labelProblem(s);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: `is not a valid name: it ${problem}`, params: { expected: LABEL_EXPECTED } });
      return z.NEVER;
    }
    return s;
  });
}

/** Largest message or memory size accepted: 64 GiB (beyond it, a unit mix-up). */
export const MAX_SIZE_BYTES = 64 * 1024 ** 3;

/** A size in bytes from "1KiB"-style text; a bare 0 is accepted. */
export function size() {
  return z.unknown().transform((value, ctx): number => {
    let bytes: number | undefined;
    if (typeof value === 'string') bytes = parseSize(value);
    else if (value === 0) bytes = 0;
    if (bytes === undefined) {
      const why = typeof value === 'number' ? `${value} has no unit` : `${describeValue(value)} is not a size`;
      ctx.addIssue({ code: 'custom', message: why, params: { expected: SIZE_EXPECTED } });
      return z.NEVER;
    }
    if (bytes > MAX_SIZE_BYTES) {
      ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is too large`, params: { expected: 'at most 64GiB' } });
      return z.NEVER;
    }
    return bytes;
  });
}

/** A list with at least one item; `message` and `expected` say what an empty one lacks. */
export function nonEmptyList<T extends z.ZodType>(item: T, message: string, expected: string) {
  return z.array(item).refine((list) => list.length > 0, { message, params: { expected } });
}
