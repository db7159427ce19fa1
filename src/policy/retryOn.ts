import { CAUSE_TRAITS, type AttemptOutcome, type RetryPath } from './attemptOutcome.js';
import type { Diagnostics, FieldPath } from './diagnostics.js';

/**
 * Envoy `retry_on` conditions as Istio writes them from VirtualService
 * `http[].retries.retryOn`, and the decision "would this outcome be retried?".
 * Reference: docs/semantics/envoy-istio.md §1.1 (tokens, numeric codes), §1.3 (decision order).
 */

/** The retryOn tokens Istio's validation accepts [§1.1, II-VALA]. */
export const RETRY_ON_TOKENS = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'envoy-ratelimited',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
] as const;

export type RetryOnToken = (typeof RETRY_ON_TOKENS)[number];

/** gRPC retryOn tokens → the `grpc-status` code each matches [§1.3 step 7]. */
export const GRPC_STATUS_OF_TOKEN: Readonly<Partial<Record<RetryOnToken, number>>> = {
  cancelled: 1,
  'deadline-exceeded': 4,
  'resource-exhausted': 8,
  internal: 13,
  unavailable: 14,
};

export interface RetryOnConditions {
  readonly tokens: ReadonlySet<RetryOnToken>;
  /** `retriable_status_codes`: the numeric tokens of retryOn [§1.1]. */
  readonly statusCodes: ReadonlySet<number>;
}

/**
 * Istio's built-in default: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"
 * with NO status codes — Istio 1.24 removed 503 from the default [§1.2, II-RETRY, II-RN:50506].
 * (docs/semantics/validation-cases.md B7 still lists 503: that is the pre-1.24 default, see ISTIO_PRE_1_24_DEFAULT_RETRY_ON.)
 */
export const ISTIO_DEFAULT_RETRY_ON: RetryOnConditions = Object.freeze({
  tokens: new Set<RetryOnToken>(['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes']),
  statusCodes: new Set<number>(),
});

/** The Istio 1.12–1.23 default (same tokens plus retriable status code 503) [§1.2, II-GIT:fa911b9]. */
export const ISTIO_PRE_1_24_DEFAULT_RETRY_ON: RetryOnConditions = Object.freeze({
  tokens: ISTIO_DEFAULT_RETRY_ON.tokens,
  statusCodes: new Set<number>([503]),
});

/**
 * Status codes Go's http.StatusText knows: Istio moves a numeric retryOn token to
 * retriable_status_codes only if it is one of these, and rejects other numbers [II-RETRY, II-VALA].
 */
const KNOWN_HTTP_STATUS = new Set<number>([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423,
  424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

const TOKEN_SET: ReadonlySet<string> = new Set<string>(RETRY_ON_TOKENS);

/**
 * Parses a retryOn string ("5xx,gateway-error,503"). Unknown tokens are errors (Istio
 * rejects them); tokens whose trigger meshsim never produces are warned about.
 */
export function parseRetryOn(raw: unknown, path: FieldPath, diag: Diagnostics): RetryOnConditions {
  const tokens = new Set<RetryOnToken>();
  const statusCodes = new Set<number>();
  if (typeof raw !== 'string') {
    diag.error(path, `must be a comma-separated string, got ${raw === null ? 'null' : typeof raw}`, 'e.g. "5xx,connect-failure,503"');
    return { tokens, statusCodes };
  }
  for (const token of raw.split(',')) {
    // Istio's webhook splits on commas without trimming: an empty or padded part is refused [II-VALA].
    if (token === '' || token.trim() !== token) {
      diag.error(path, `"${token}" is not a valid retryOn policy (${token === '' ? 'empty part' : 'spaces around it'})`, expectedTokens());
      continue;
    }
    if (/^\d+$/.test(token)) {
      const code = Number(token);
      if (KNOWN_HTTP_STATUS.has(code)) statusCodes.add(code);
      else diag.error(path, `"${token}" is not a valid retryOn policy (not a known HTTP status code)`, expectedTokens());
      continue;
    }
    if (!TOKEN_SET.has(token)) {
      diag.error(path, `"${token}" is not a valid retryOn policy`, expectedTokens());
      continue;
    }
    tokens.add(token as RetryOnToken);
  }
  // Istio appends the token when it moved codes out of the string [§1.1].
  if (statusCodes.size > 0) tokens.add('retriable-status-codes');
  if (tokens.has('retriable-headers')) {
    diag.notModeled(path, 'retryOn "retriable-headers": Istio configures no header matchers, so it only acts on x-envoy-retriable-header-names, which meshsim does not send');
  }
  if (tokens.has('http3-post-connect-failure')) {
    diag.notModeled(path, 'retryOn "http3-post-connect-failure": meshsim has no HTTP/3 upstreams');
  }
  return { tokens, statusCodes };
}

/** Why an outcome is not retried regardless of budgets. */
export type NotRetriableReason =
  /** No configured retryOn condition covers this outcome. */
  | 'NoMatchingRetryOn'
  /** Local circuit-breaker overflow (UO): Envoy never retries it [§1.3 reset step 1, §4.2]. */
  | 'OverflowNeverRetried'
  /** The route timeout fired: never retried, 504 to the client [§1.3]. */
  | 'RouteTimeoutNeverRetried'
  /** No healthy upstream (UH), fault abort, no route, downstream gone: no upstream attempt to retry. */
  | 'NotAnUpstreamAttempt';

export type RetryOnMatch =
  | { readonly retriable: true; readonly by: RetryOnToken }
  | { readonly retriable: false; readonly reason: NotRetriableReason };

const NO_MATCH: RetryOnMatch = Object.freeze({ retriable: false, reason: 'NoMatchingRetryOn' });

/**
 * Envoy's wouldRetryFromHeaders / wouldRetryFromReset for one attempt's outcome
 * [§1.3, E-RS]. Returns the first condition (in Envoy's evaluation order) that
 * allows a retry, or why none does.
 */
export function matchRetryOn(conditions: RetryOnConditions, outcome: AttemptOutcome): RetryOnMatch {
  const path = CAUSE_TRAITS[outcome.cause].retry;
  if (path === 'response') return matchResponse(conditions, outcome);
  if (path === 'reset') return matchReset(conditions, outcome);
  return NOT_RETRIABLE[path];
}

const NOT_RETRIABLE: { readonly [R in Exclude<RetryPath, 'response' | 'reset'>]: RetryOnMatch } = {
  OverflowNeverRetried: Object.freeze({ retriable: false, reason: 'OverflowNeverRetried' }),
  RouteTimeoutNeverRetried: Object.freeze({ retriable: false, reason: 'RouteTimeoutNeverRetried' }),
  NotAnUpstreamAttempt: Object.freeze({ retriable: false, reason: 'NotAnUpstreamAttempt' }),
};

function matchResponse({ tokens, statusCodes }: RetryOnConditions, outcome: AttemptOutcome): RetryOnMatch {
  const status = outcome.status;
  // An x-envoy-ratelimited answer is retried by envoy-ratelimited only, never by anything else.
  if (outcome.rateLimited) return tokens.has('envoy-ratelimited') ? { retriable: true, by: 'envoy-ratelimited' } : NO_MATCH;
  // The status is tested before the token sets: most answers are 2xx, and each set is a
  // hash table of its own that a large mesh finds cold (the same decisions either way).
  if (status >= 500 && status <= 599 && tokens.has('5xx')) return { retriable: true, by: '5xx' };
  if ((status === 502 || status === 503 || status === 504) && tokens.has('gateway-error')) return { retriable: true, by: 'gateway-error' };
  // 409 is Envoy's only "retriable 4xx".
  if (status === 409 && tokens.has('retriable-4xx')) return { retriable: true, by: 'retriable-4xx' };
  if (statusCodes.has(status) && tokens.has('retriable-status-codes')) return { retriable: true, by: 'retriable-status-codes' };
  if (outcome.grpcStatus !== undefined) {
    for (const token of tokens) {
      if (GRPC_STATUS_OF_TOKEN[token] === outcome.grpcStatus) return { retriable: true, by: token };
    }
  }
  return NO_MATCH;
}

function matchReset({ tokens }: RetryOnConditions, outcome: AttemptOutcome): RetryOnMatch {
  const connectFailure = outcome.cause === 'connectFailure' || outcome.cause === 'connectTimeout';
  if (connectFailure && tokens.has('connect-failure')) return { retriable: true, by: 'connect-failure' };
  // Nothing is sent before the connection exists, so connect failures also count as "before request".
  const beforeRequest = connectFailure || outcome.beforeRequestSent === true;
  if (beforeRequest && tokens.has('reset-before-request')) return { retriable: true, by: 'reset-before-request' };
  if (tokens.has('reset')) return { retriable: true, by: 'reset' };
  // Resets (incl. per-try timeouts, processed as a local reset) count as 5xx [§1.3 step 5].
  if (tokens.has('5xx')) return { retriable: true, by: '5xx' };
  if (tokens.has('gateway-error')) return { retriable: true, by: 'gateway-error' };
  if (outcome.cause === 'refusedStream' && tokens.has('refused-stream')) return { retriable: true, by: 'refused-stream' };
  return NO_MATCH;
}

function expectedTokens(): string {
  return `a comma-separated list of ${RETRY_ON_TOKENS.join(', ')} or HTTP status codes`;
}
