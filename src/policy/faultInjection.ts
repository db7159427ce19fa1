import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { RandomSource } from './randomSource.js';
import { readNumber, readString } from './fieldReaders.js';
import { parseIstioDuration } from './istioDuration.js';
import { readPercent, rollPerMillion } from './percentage.js';
import { readFields } from './supportMatrix.js';

/**
 * VirtualService `http[].fault` → Envoy's fault filter (§7.4 [IA-VS][II-ROUTE][E-FF]).
 * The filter runs after the route is chosen and before the router: the delay is
 * decided first, then the abort is rolled independently. An aborted request is a local
 * reply: no upstream call, no retries, no outlier or circuit-breaker accounting.
 * Faults apply once per downstream request, not per retry attempt.
 */
export interface FaultConfig {
  readonly delay?: { readonly seconds: number; readonly perMillion: number };
  readonly abort?: { readonly httpStatus: number; readonly grpcStatus?: number; readonly perMillion: number };
}

export interface FaultDecision {
  /** Injected delay in seconds (0: none). The route timeout starts after it (§7.4). */
  readonly delaySeconds: number;
  /** Set when the request is aborted by the fault filter (Envoy flag FI). */
  readonly abort?: { readonly httpStatus: number; readonly grpcStatus?: number };
}

/** gRPC status names Istio accepts in `grpcStatus` (grpc/codes). */
export const grpcStatusCodes: Readonly<Record<string, number>> = {
  OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16,
};

const K = 'VirtualService';
const F = 'spec.http[].fault';

/** Compiles a fault block; undefined when it injects nothing or is invalid (error reported). */
export function compileFault(raw: unknown, path: FieldPath, diag: Diagnostics): FaultConfig | undefined {
  const o = readFields(K, F, raw, path, diag);
  if (o === undefined) return undefined;
  if (o['delay'] === undefined && o['abort'] === undefined) {
    diag.error(path, 'sets neither delay nor abort', 'a delay or an abort');
    return undefined;
  }
  const delay = o['delay'] === undefined ? undefined : compileDelay(o['delay'], [...path, 'delay'], diag);
  const abort = o['abort'] === undefined ? undefined : compileAbort(o['abort'], [...path, 'abort'], diag);
  if (delay === undefined && abort === undefined) return undefined;
  return { ...(delay ? { delay } : {}), ...(abort ? { abort } : {}) };
}

function compileDelay(raw: unknown, path: FieldPath, diag: Diagnostics): FaultConfig['delay'] {
  const o = readFields(K, `${F}.delay`, raw, path, diag);
  if (o === undefined) return undefined;
  if (o['fixedDelay'] === undefined) {
    // exponentialDelay alone: already warned as not modeled; nothing to inject.
    if (o['exponentialDelay'] === undefined) diag.error(path, 'has no fixedDelay', 'fixedDelay: a duration such as 5s');
    return undefined;
  }
  // Istio validation: fixedDelay >= 1ms [II-VALA].
  const seconds = parseIstioDuration(o['fixedDelay'], [...path, 'fixedDelay'], diag, { minSeconds: 0.001 });
  // Unset percentage and percent => 0%: Envoy gets a zero fraction (§7.4).
  const pm = readPercent(K, `${F}.delay.percentage`, o['percentage'], o['percent'], [...path, 'percentage'], 'percent', diag) ?? 0;
  return seconds === undefined ? undefined : { seconds, perMillion: pm };
}

function compileAbort(raw: unknown, path: FieldPath, diag: Diagnostics): FaultConfig['abort'] {
  const o = readFields(K, `${F}.abort`, raw, path, diag);
  if (o === undefined) return undefined;
  const pm = readPercent(K, `${F}.abort.percentage`, o['percentage'], o['percent'], [...path, 'percentage'], 'percent', diag) ?? 0;
  if (o['httpStatus'] !== undefined) {
    const httpStatus = readNumber(o['httpStatus'], [...path, 'httpStatus'], diag, { integer: true, min: 200, max: 599 });
    return httpStatus === undefined ? undefined : { httpStatus, perMillion: pm };
  }
  if (o['grpcStatus'] !== undefined) {
    const name = readString(o['grpcStatus'], [...path, 'grpcStatus'], diag);
    if (name === undefined) return undefined;
    const code = /^\d+$/.test(name) ? Number(name) : grpcStatusCodes[name.toUpperCase()];
    if (code === undefined || code > 16) {
      diag.error([...path, 'grpcStatus'], `"${name}" is not a gRPC status`, 'a gRPC status name such as UNAVAILABLE');
      return undefined;
    }
    // A gRPC abort is a trailers-only reply: HTTP 200 carrying grpc-status.
    return { httpStatus: 200, grpcStatus: code, perMillion: pm };
  }
  if (o['http2Error'] === undefined) diag.error(path, 'has no httpStatus or grpcStatus', 'httpStatus: 503 or grpcStatus: UNAVAILABLE');
  return undefined;
}

/** Rolls the fault for one downstream request: delay first, then the abort independently. */
export function decideFault(config: FaultConfig, random: RandomSource): FaultDecision {
  const delaySeconds = config.delay !== undefined && rollPerMillion(config.delay.perMillion, random) ? config.delay.seconds : 0;
  const a = config.abort;
  if (a === undefined || !rollPerMillion(a.perMillion, random)) return { delaySeconds };
  return { delaySeconds, abort: a.grpcStatus === undefined ? { httpStatus: a.httpStatus } : { httpStatus: a.httpStatus, grpcStatus: a.grpcStatus } };
}
