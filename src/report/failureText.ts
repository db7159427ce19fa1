import { decodeOutcomeKey, RESPONSE_FLAG_BITS, RESPONSE_FLAG_ORDER, type Cause } from '../models/outcome.js';

/**
 * The only place an outcome becomes text: the failure reasons the results count
 * (README "Istio resources and data planes"): Envoy's response flags where a proxy
 * decided ("UF", "UO", "UT,URX"), the app's own reason for its answer ("queue full",
 * "app error,URX" when retries ran out on it), "RBAC: access denied", "fault abort".
 */

/** The words of a cause that has its own ('' for a proxy's decision: its flags say it). */
const CAUSE_TEXT: { readonly [C in Cause]: string } = {
  ok: '',
  httpStatus: '',
  queueFull: 'queue full',
  replicaUnreachable: 'connect failure',
  replicaReset: 'reset',
  appError: 'app error',
  dependencyFailed: 'dependency failed',
  unfinished: 'unfinished',
  cancelled: 'cancelled',
  inboundOverflow: 'inbound overflow',
  rbacDenied: 'RBAC: access denied',
  faultAbort: 'fault abort',
  connectFailure: '',
  connectTimeout: '',
  remoteReset: '',
  refusedStream: '',
  connectionTermination: '',
  perTryTimeout: '',
  overflow: '',
  noHealthyUpstream: '',
  routeTimeout: '',
  noRoute: '',
  downstreamDisconnect: '',
  appTimeout: 'app timeout',
};

/** `flags` as Envoy's comma-joined list, in RESPONSE_FLAG_ORDER. */
export function flagText(flags: number): string {
  let out = '';
  for (const f of RESPONSE_FLAG_ORDER) if ((flags & RESPONSE_FLAG_BITS[f]) !== 0) out += out === '' ? f : `,${f}`;
  return out;
}

/** The failure reason for one outcome key (metrics' FailureCounts). */
export function failureText(key: number): string {
  const { cause, flags, status } = decodeOutcomeKey(key);
  // These name themselves; flags beside them add nothing a reader needs.
  if (cause === 'rbacDenied' || cause === 'faultAbort') return CAUSE_TEXT[cause];
  // A response below 500 other than 403/429 is counted by its status alone.
  if (status < 500 && status !== 403 && status !== 429 && CAUSE_TEXT[cause] === '' && !isProxyDecided(cause)) return String(status);
  const own = CAUSE_TEXT[cause] !== '' ? CAUSE_TEXT[cause] : isProxyDecided(cause) ? '' : String(status);
  const flagged = flagText(flags);
  if (own === '') return flagged === '' ? String(status) : flagged;
  return flagged === '' ? own : `${own},${flagged}`;
}

function isProxyDecided(cause: Cause): boolean {
  return CAUSE_TEXT[cause] === '' && cause !== 'ok' && cause !== 'httpStatus';
}

/** Failures by reason text (keys that read the same add up), sorted by text. */
export function failuresByText(failures: Readonly<Record<string, number>>): Record<string, number> {
  const byText: Record<string, number> = {};
  for (const [key, n] of Object.entries(failures)) {
    const text = failureText(Number(key));
    byText[text] = (byText[text] ?? 0) + n;
  }
  return sorted(byText);
}

/** Failures by cause name (`queueFull`, `overflow`, `perTryTimeout`, …), sorted by name. */
export function failuresByCause(failures: Readonly<Record<string, number>>): Record<string, number> {
  const byCause: Record<string, number> = {};
  for (const [key, n] of Object.entries(failures)) {
    const cause = decodeOutcomeKey(Number(key)).cause;
    byCause[cause] = (byCause[cause] ?? 0) + n;
  }
  return sorted(byCause);
}

export function sorted(c: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(c).sort()) out[k] = c[k] as number;
  return out;
}
