/**
 * The raw scenario document (docs/contract.md, "Scenario file") as a zod schema.
 *
 * Every mapping is strict: an unknown field is an error naming the allowed ones.
 * Scalars are converted here (durations to seconds, rates to requests/s, `unlimited`
 * to Infinity); defaults, placement and cross-references are resolveScenario.ts's job,
 * so this file says only what each field may look like.
 */
import * as z from 'zod';
import { distribution } from './distributionSchema.js';
import { UNLIMITED } from './scenario.js';
import { checkSection } from './checkSchema.js';
import { sloEntry } from './sloSchema.js';
import {
  boundedInteger,
  boundedNumber,
  describeValue,
  dispatch,
  duration,
  fraction,
  label,
  name,
  nonEmptyList,
  positiveNumber,
  rate,
  refuse,
  size,
  strictObject,
} from './schemaHelpers.js';

/** Most replicas one version may have; more is a typo, and each replica is simulated individually. */
export const MAX_REPLICAS = 10_000;
/** Most identical calls in one fan-out. */
export const MAX_CALL_COUNT = 1_000;
/**
 * Longest simulated duration or warm-up, seconds (1000 h ≈ 6 weeks). The event budget
 * counts requests, not periodic timers (outlier-detection ticks, control-plane pushes),
 * so an idle scenario with an absurd duration is stopped here instead.
 */
export const MAX_SIMULATED_SECONDS = 1000 * 3600;
/** Most replications of one run. */
export const MAX_REPLICATIONS = 10_000;

const unlimitedOr = (finite: z.ZodType<number, unknown>, what: string) =>
  dispatch((value): z.ZodType<number, unknown> =>
    typeof value === 'number' ? finite : value === 'unlimited' ? z.unknown().transform(() => UNLIMITED) : refuse(`${describeValue(value)} is not allowed`, what),
  );

const replicaCount = boundedInteger(0, MAX_REPLICAS, `an integer from 0 to ${MAX_REPLICAS}`);

/** `replicas: N` (spread over zones in order) or `{zoneA: 1, zoneB: 2}`. */
const replicas = dispatch((value): z.ZodType<number | Record<string, number>, unknown> =>
  typeof value === 'number'
    ? replicaCount
    : typeof value === 'object' && value !== null && !Array.isArray(value)
      ? z.record(z.string(), replicaCount)
      : refuse(`${describeValue(value)} is not a replica count`, `an integer from 0 to ${MAX_REPLICAS}, or a map of zone to count such as {a: 1, b: 2}`),
);

const concurrency = unlimitedOr(boundedInteger(1, 1_000_000, 'an integer from 1 to 1000000, or unlimited'), 'an integer from 1 to 1000000, or unlimited');
const queueLimit = unlimitedOr(boundedInteger(0, Number.MAX_SAFE_INTEGER, 'an integer ≥ 0, or unlimited'), 'an integer ≥ 0, or unlimited');

/** An HTTP method token (RFC 9110), e.g. GET, POST. */
const httpMethod = z.string().refine((s) => /^[A-Z]+$/.test(s), { message: 'is not an HTTP method', params: { expected: 'an upper-case method such as GET or POST' } });
/** A request path with optional query string, e.g. /productpage?u=normal. */
const httpPath = z.string().refine((s) => /^\/\S*$/.test(s), { message: 'is not a request path', params: { expected: 'a path starting with /, such as /reviews/0' } });
/** A SPIFFE trust domain: lower-case DNS-style labels (Istio's ValidateTrustDomain). */
const trustDomain = z.string().refine((s) => /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(s), { message: 'is not a trust domain', params: { expected: 'a trust domain such as cluster.local or partner.example.com' } });

/**
 * Most retries an app makes on one call. gRPC clamps a retry policy's maxAttempts to 5
 * (gRFC A6) and urllib3's Retry defaults to 10 in all: more is a misconfiguration, and
 * retries nested level after level multiply (11 tries at each of 3 levels is 1331 calls).
 */
export const MAX_APP_RETRIES = 10;

/** `retries: {attempts, backoff?, maxBackoff?, jitter?}` on a call: the app's own client retries. */
const appRetries = strictObject({
  attempts: boundedInteger(1, MAX_APP_RETRIES, `an integer from 1 to ${MAX_APP_RETRIES} (retries after the first try)`),
  backoff: duration({ max: MAX_SIMULATED_SECONDS }).optional(),
  maxBackoff: duration({ max: MAX_SIMULATED_SECONDS }).optional(),
  jitter: z.enum(['none', 'full']).optional(),
}).superRefine((r, ctx) => {
  if (r.maxBackoff !== undefined && r.backoff !== undefined && r.maxBackoff < r.backoff) {
    ctx.addIssue({ code: 'custom', path: ['maxBackoff'], message: 'is shorter than backoff', params: { expected: 'a maxBackoff at least as long as backoff' } });
  }
});

const call = strictObject({
  service: name(),
  count: boundedInteger(1, MAX_CALL_COUNT).optional(),
  probability: fraction().optional(),
  method: httpMethod.optional(),
  path: httpPath.optional(),
  requestSize: size().optional(),
  /** The app gives up waiting on each try of this call after this long. */
  timeout: duration({ positive: true, max: MAX_SIMULATED_SECONDS }).optional(),
  retries: appRetries.optional(),
});

const parallel = strictObject({ parallel: nonEmptyList(call, 'the list is empty', 'at least one call') });

/** One step of `calls`: `{service, count?, probability?}` or `{parallel: [call, …]}`. */
const callStep = dispatch((value): z.ZodType<RawCallStep, unknown> =>
  typeof value === 'object' && value !== null && 'parallel' in value ? parallel : call,
);

export type RawCall = z.output<typeof call>;
export type RawCallStep = RawCall | z.output<typeof parallel>;

/** Fields a version may set; on the service they are the defaults for its versions. */
const workloadFields = {
  replicas: replicas.optional(),
  concurrency: concurrency.optional(),
  queueLimit: queueLimit.optional(),
  serviceTime: distribution.optional(),
  errorRate: fraction().optional(),
  calls: z.array(callStep).optional(),
  cancellation: z.boolean().optional(),
  responseSize: size().optional(),
  memory: size().optional(),
};

const version = strictObject({ name: label(), ...workloadFields });

const service = strictObject({
  name: label(),
  ...workloadFields,
  versions: nonEmptyList(version, 'the list is empty', 'at least one version, or no `versions` field').optional(),
});

const rateStep = strictObject({ at: duration(), rate: rate() });

/** `rate: 100` or a schedule `[{at: 0s, rate: 100}, {at: 30s, rate: 400}]` with `at` ascending. */
const rateOrSchedule = dispatch((value): z.ZodType<number | { at: number; rate: number }[], unknown> =>
  Array.isArray(value)
    ? nonEmptyList(rateStep, 'the schedule is empty', 'at least one {at, rate} step').superRefine((steps, ctx) => {
          for (let i = 1; i < steps.length; i++) {
            if (!((steps[i]?.at ?? 0) > (steps[i - 1]?.at ?? 0))) {
              ctx.addIssue({ code: 'custom', path: [i, 'at'], message: 'is not after the previous step', params: { expected: 'schedule steps with `at` strictly ascending' } });
            }
          }
        })
    : rate(),
);

const traffic = strictObject({
  name: label().optional(),
  to: name(),
  rate: rateOrSchedule,
  arrivals: z.enum(['poisson', 'constant']).optional(),
  zone: name().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  replicas: boundedInteger(1, MAX_REPLICAS).optional(),
  method: httpMethod.optional(),
  path: httpPath.optional(),
  requestSize: size().optional(),
  trustDomain: trustDomain.optional(),
});

const window = { at: duration(), for: duration({ positive: true }).optional() };
const target = { service: name(), version: name().optional(), replicas: boundedInteger(1, MAX_REPLICAS).optional() };

const fault = z.discriminatedUnion('kind', [
  strictObject({ kind: z.literal('crash'), ...window, ...target }),
  strictObject({ kind: z.literal('zone-outage'), ...window, zone: name() }),
  strictObject({ kind: z.literal('partition'), ...window, between: z.tuple([name(), name()]) }),
  strictObject({ kind: z.literal('slowdown'), ...window, ...target, factor: positiveNumber('a factor greater than 0 (service time is multiplied by it)') }),
  strictObject({ kind: z.literal('errors'), ...window, ...target, rate: fraction() }),
]);

const zone = strictObject({ name: label(), region: label().optional() });

/** Overrides of one proxy kind's costs (defaults and sources: dataPlaneDefaults.ts). */
const proxyCost = strictObject({
  workers: unlimitedOr(boundedInteger(1, 1024, 'an integer from 1 to 1024, or unlimited'), 'an integer from 1 to 1024, or unlimited').optional(),
  passCpu: distribution.optional(),
  cpuPerKiB: duration({ max: 1 }).optional(),
  offPathCpu: duration({ max: 1 }).optional(),
  passLatency: duration({ max: 1 }).optional(),
  handshakeCpu: duration({ max: 1 }).optional(),
  memory: size().optional(),
});

const dataPlanes = strictObject({
  sidecar: proxyCost.optional(),
  ztunnel: proxyCost.optional(),
  waypoint: proxyCost.optional(),
  nodeEnvoy: proxyCost.optional(),
  kernel: proxyCost.optional(),
  waypoints: z.enum(['per-namespace', 'per-service', 'none']).optional(),
  // `none`: the proxies decide (routing, retries, …) but cost no time, CPU or memory —
  // the policy semantics alone, as the closed-form checks of the policy engine need.
  costs: z.enum(['calibrated', 'none']).optional(),
});

const price = (what: string) => boundedNumber(0, 1e6, what);

/** A delay of the control plane: a duration, or `never`. */
const delayOrNever = dispatch((value): z.ZodType<number, unknown> =>
  value === 'never' ? z.unknown().transform(() => Number.POSITIVE_INFINITY) : duration({ max: MAX_SIMULATED_SECONDS }),
);

const warmupDuration = duration({ max: MAX_SIMULATED_SECONDS });
/** `warmup`: a duration, or `auto` — MSER-5 chooses it from a pilot run (src/experiments/autoWarmup.ts). */
const warmup = z.unknown().transform((value, ctx): number | 'auto' => {
  if (value === 'auto') return 'auto';
  const parsed = warmupDuration.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const expected = (issue as { params?: { expected?: string } }).params?.expected;
    ctx.addIssue({ code: 'custom', message: issue.message, params: { expected: `${expected ?? 'a duration'}, or auto` } });
  }
  return z.NEVER;
});

export const scenarioSchema = strictObject({
  apiVersion: z.literal('meshsim/v1'),
  kind: z.literal('Scenario'),
  metadata: strictObject({ name: name() }),
  simulation: strictObject({
    duration: duration({ positive: true, max: MAX_SIMULATED_SECONDS }).optional(),
    warmup: warmup.optional(),
    seed: boundedInteger(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer').optional(),
    replications: boundedInteger(1, MAX_REPLICATIONS).optional(),
  }).optional(),
  dataPlane: z.enum(['none', 'sidecar', 'ebpf', 'ambient']).optional(),
  zones: nonEmptyList(zone, 'the list is empty', 'at least one zone, or no `zones` field').optional(),
  network: strictObject({
    sameZone: distribution.optional(),
    crossZone: distribution.optional(),
    crossRegion: distribution.optional(),
    mtlsHandshake: distribution.optional(),
  }).optional(),
  services: nonEmptyList(service, 'the list is empty', 'at least one service'),
  // A scenario without traffic has nothing to measure, so at least one source is required.
  traffic: nonEmptyList(traffic, 'the list is empty', 'at least one traffic source'),
  faults: z.array(fault).optional(),
  istio: z.array(z.string().min(1)).optional(),
  dataPlanes: dataPlanes.optional(),
  placement: strictObject({ podsPerNode: boundedInteger(1, 10_000, 'an integer from 1 to 10000') }).optional(),
  controlPlane: strictObject({
    crashedEndpointRemoval: delayOrNever.optional(),
    nodeFailureEndpointRemoval: delayOrNever.optional(),
    recoveredEndpointReady: duration({ max: MAX_SIMULATED_SECONDS }).optional(),
  }).optional(),
  prices: strictObject({
    vcpuHour: price('USD per vCPU-hour, such as 0.0218').optional(),
    gibHour: price('USD per GiB-hour, such as 0.0029').optional(),
    crossZonePerGiB: price('USD per GiB crossing zones, such as 0.02').optional(),
  }).optional(),
  slo: z.array(sloEntry).optional(),
  check: checkSection.optional(),
});

export type RawScenario = z.output<typeof scenarioSchema>;
export type RawService = z.output<typeof service>;
export type RawVersion = z.output<typeof version>;
export type RawTraffic = z.output<typeof traffic>;
export type RawFault = z.output<typeof fault>;
