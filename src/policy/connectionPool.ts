import type { Diagnostics, FieldPath } from './diagnostics.js';
import { warnUnknownField } from './fieldReaders.js';
import { ISTIO_DURATION, parseGoDurationNanos, parseIstioDuration } from './istioDuration.js';
import { ISTIO_UNLIMITED, maxActiveRetries, type RetryBudgetConfig, type RetryConcurrencyLimit, type RetryConcurrencyRefusal } from './retryBudget.js';
import type { RetryAdmitter } from './retryState.js';
import { ENVOY_DEFAULT_IDLE_TIMEOUT_SECONDS, ISTIO_DEFAULT_CONNECT_TIMEOUT_SECONDS } from './timeouts.js';

/**
 * DestinationRule `trafficPolicy.connectionPool` → Envoy circuit-breaker thresholds and
 * connection options (docs/semantics/envoy-istio.md §4), and the per caller-proxy × cluster
 * counters Envoy's ResourceManager keeps.
 *
 * Istio writes 2^32−1 for every threshold it is not told (§4.1, §10.2), and a 0 in the
 * DR is indistinguishable from unset, so 0 means "default" (§4.3, §10.8).
 */
export interface ConnectionPoolConfig {
  /** tcp.maxConnections → max_connections (cluster-wide, per proxy). */
  readonly maxConnections: number;
  /** http.http1MaxPendingRequests → max_pending_requests (HTTP/1 and HTTP/2). */
  readonly maxPendingRequests: number;
  /** http.http2MaxRequests → max_requests (HTTP/1 and HTTP/2). */
  readonly maxRequests: number;
  /** http.maxRetries → max_retries (ignored when a retry budget is configured). */
  readonly maxRetries: number;
  /** tcp.connectTimeout, seconds (Istio mesh default 10 s) [§2]. */
  readonly connectTimeout: number;
  /** http.maxRequestsPerConnection; undefined = unlimited (0). 1 disables keep-alive. */
  readonly maxRequestsPerConnection: number | undefined;
  /** Upstream connection idle timeout, seconds: http.idleTimeout, else tcp.idleTimeout, else 1 h; undefined = disabled (0s). */
  readonly idleTimeout: number | undefined;
  /** tcp.maxConnectionDuration, seconds; undefined = none. */
  readonly maxConnectionDuration: number | undefined;
  /** http.maxConcurrentStreams per HTTP/2 connection (default 2^31−1) [§4.3]. */
  readonly maxConcurrentStreams: number;
}

/** Istio's connection pool when the DestinationRule sets none [§4.1, §4.3]. */
export const ISTIO_DEFAULT_CONNECTION_POOL: ConnectionPoolConfig = Object.freeze({
  maxConnections: ISTIO_UNLIMITED,
  maxPendingRequests: ISTIO_UNLIMITED,
  maxRequests: ISTIO_UNLIMITED,
  maxRetries: ISTIO_UNLIMITED,
  connectTimeout: ISTIO_DEFAULT_CONNECT_TIMEOUT_SECONDS,
  maxRequestsPerConnection: undefined,
  idleTimeout: ENVOY_DEFAULT_IDLE_TIMEOUT_SECONDS,
  maxConnectionDuration: undefined,
  maxConcurrentStreams: 2 ** 31 - 1,
});

const TCP_FIELDS = ['maxConnections', 'connectTimeout', 'tcpKeepalive', 'maxConnectionDuration', 'idleTimeout'] as const;
const HTTP_FIELDS = [
  'http1MaxPendingRequests',
  'http2MaxRequests',
  'maxRequestsPerConnection',
  'maxRetries',
  'idleTimeout',
  'h2UpgradePolicy',
  'useClientProtocol',
  'maxConcurrentStreams',
  'http2KeepAlive',
] as const;
const H2_UPGRADE_POLICIES = ['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'];

/**
 * Compiles `connectionPool` (raw YAML value; undefined → Istio defaults). `path` points
 * at the `connectionPool` object.
 */
export function compileConnectionPool(raw: unknown, path: FieldPath, diag: Diagnostics): ConnectionPoolConfig {
  if (raw === undefined || raw === null) return ISTIO_DEFAULT_CONNECTION_POOL;
  const root = asObject(raw, path, diag, '{tcp, http}');
  if (!root) return ISTIO_DEFAULT_CONNECTION_POOL;
  const out: { -readonly [K in keyof ConnectionPoolConfig]: ConnectionPoolConfig[K] } = { ...ISTIO_DEFAULT_CONNECTION_POOL };
  for (const key of Object.keys(root)) {
    if (key !== 'tcp' && key !== 'http') warnUnknownField([...path, key], 'connectionPool', diag);
  }
  // Istio validation: "connection pool must have at least one field" [II-VAL].
  if ((root.tcp === undefined || root.tcp === null) && (root.http === undefined || root.http === null)) {
    diag.error(path, 'has neither tcp nor http settings', 'tcp: {...} or http: {...}, or no connectionPool');
  }

  let tcpIdle: number | undefined | null = null; // null: not given
  if (root.tcp !== undefined) {
    const tcpPath = [...path, 'tcp'];
    const tcp = asObject(root.tcp, tcpPath, diag, `{${TCP_FIELDS.join(', ')}}`) ?? {};
    rejectUnknown(tcp, TCP_FIELDS, tcpPath, diag);
    out.maxConnections = positiveLimit(tcp.maxConnections, [...tcpPath, 'maxConnections'], diag) ?? out.maxConnections;
    if (tcp.connectTimeout !== undefined) {
      out.connectTimeout = parseIstioDuration(tcp.connectTimeout, [...tcpPath, 'connectTimeout'], diag, ISTIO_DURATION) ?? out.connectTimeout;
    }
    if (tcp.maxConnectionDuration !== undefined) {
      out.maxConnectionDuration = parseIstioDuration(tcp.maxConnectionDuration, [...tcpPath, 'maxConnectionDuration'], diag, ISTIO_DURATION);
    }
    if (tcp.idleTimeout !== undefined) {
      // Istio skips validation when the value is under 1ms (0s disables the timeout) [II-VAL].
      const under1ms = (parseGoDurationNanos(String(tcp.idleTimeout).trim()) ?? 1e6) < 1e6;
      const seconds = parseIstioDuration(tcp.idleTimeout, [...tcpPath, 'idleTimeout'], diag, under1ms ? { allowZero: true } : ISTIO_DURATION);
      if (seconds !== undefined) tcpIdle = seconds === 0 ? undefined : seconds;
    }
    if (tcp.tcpKeepalive !== undefined) {
      const ka = asObject(tcp.tcpKeepalive, [...tcpPath, 'tcpKeepalive'], diag, '{probes, time, interval}') ?? {};
      for (const k of ['time', 'interval']) if (ka[k] !== undefined) parseIstioDuration(ka[k], [...tcpPath, 'tcpKeepalive', k], diag, ISTIO_DURATION);
      diag.notModeled([...tcpPath, 'tcpKeepalive'], 'TCP keepalive probes; meshsim connections never go silently dead');
    }
  }

  let httpIdle: number | undefined | null = null;
  if (root.http !== undefined) {
    const httpPath = [...path, 'http'];
    const http = asObject(root.http, httpPath, diag, `{${HTTP_FIELDS.join(', ')}}`) ?? {};
    rejectUnknown(http, HTTP_FIELDS, httpPath, diag);
    out.maxPendingRequests = positiveLimit(http.http1MaxPendingRequests, [...httpPath, 'http1MaxPendingRequests'], diag) ?? out.maxPendingRequests;
    out.maxRequests = positiveLimit(http.http2MaxRequests, [...httpPath, 'http2MaxRequests'], diag) ?? out.maxRequests;
    out.maxRetries = positiveLimit(http.maxRetries, [...httpPath, 'maxRetries'], diag) ?? out.maxRetries;
    out.maxRequestsPerConnection = positiveLimit(http.maxRequestsPerConnection, [...httpPath, 'maxRequestsPerConnection'], diag) ?? undefined;
    out.maxConcurrentStreams = positiveLimit(http.maxConcurrentStreams, [...httpPath, 'maxConcurrentStreams'], diag) ?? out.maxConcurrentStreams;
    if (http.idleTimeout !== undefined) {
      const seconds = parseIstioDuration(http.idleTimeout, [...httpPath, 'idleTimeout'], diag, ISTIO_DURATION);
      if (seconds !== undefined) httpIdle = seconds === 0 ? undefined : seconds;
    }
    if (http.h2UpgradePolicy !== undefined) {
      if (typeof http.h2UpgradePolicy !== 'string' || !H2_UPGRADE_POLICIES.includes(http.h2UpgradePolicy)) {
        diag.error([...httpPath, 'h2UpgradePolicy'], `must be one of ${H2_UPGRADE_POLICIES.join(', ')}`);
      } else {
        diag.notModeled([...httpPath, 'h2UpgradePolicy'], 'HTTP/1.1→HTTP/2 upgrade; meshsim does not switch protocols');
      }
    }
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      diag.error([...httpPath, 'useClientProtocol'], 'must not be true when h2UpgradePolicy is UPGRADE');
    }
    if (http.http2KeepAlive !== undefined) compileHttp2KeepAlive(http.http2KeepAlive, [...httpPath, 'http2KeepAlive'], diag);
    if (http.useClientProtocol !== undefined) {
      if (typeof http.useClientProtocol !== 'boolean') diag.error([...httpPath, 'useClientProtocol'], 'must be true or false');
      else diag.notModeled([...httpPath, 'useClientProtocol'], 'client protocol preservation');
    }
  }
  // http.idleTimeout wins; tcp.idleTimeout applies to HTTP when http's is unset [§2, II-CTP].
  if (httpIdle !== null) out.idleTimeout = httpIdle;
  else if (tcpIdle !== null) out.idleTimeout = tcpIdle;
  return Object.freeze(out);
}

/** Why a connection-pool step was refused. Overflows end the attempt as 503 UO [§4.2]. */
export type PoolRefusal = 'PendingOverflow' | 'MaxRequestsOverflow';

/**
 * Envoy's per-cluster ResourceManager for one caller proxy (limits are per Envoy
 * process, not mesh-wide [§4.1]). Owns counters only; the proxy model owns the
 * connections, queues and timers and calls these at the same points Envoy's pool does
 * (conn_pool_base.cc newStream / attachStreamToClient / tryCreateNewConnection [E-CP]):
 *
 * - new stream, an idle connection to the host exists → `tryAcquireRequest()`;
 * - otherwise → `tryAcquirePending()` (overflow ⇒ 503 UO), then maybe open a connection
 *   (`tryAcquireConnection`); when a connection is ready, `releasePending()` then
 *   `tryAcquireRequest()` (overflow ⇒ 503 UO, counted as a pending overflow by Envoy);
 * - stream ends → `releaseRequest()`; connection closes → `releaseConnection()`.
 * Overflow outcomes are never retried and never reach outlier detection [§4.2].
 */
export class ConnectionPoolState implements RetryAdmitter {
  private connections = 0;
  private pending = 0;
  private active = 0;
  private retries = 0;
  private readonly retryLimit: RetryConcurrencyLimit;

  /** Overflow counters, for metrics (Envoy stat names in comments). */
  readonly stats = {
    /** upstream_rq_pending_overflow: pending + max_requests overflows. */
    pendingOverflow: 0,
    /** upstream_cx_overflow: connection wanted but max_connections reached (request stays pending). */
    connectionOverflow: 0,
    /** upstream_rq_retry_overflow: retries refused by budget / max_retries. */
    retryOverflow: 0,
  };

  constructor(
    readonly config: ConnectionPoolConfig,
    /** DestinationRule retryBudget, when set: it replaces max_retries [§1.5]. */
    retryBudget?: RetryBudgetConfig,
  ) {
    this.retryLimit = retryBudget ? { kind: 'budget', budget: retryBudget } : { kind: 'maxRetries', maxRetries: config.maxRetries };
  }

  get activeRequests(): number {
    return this.active;
  }
  get pendingRequests(): number {
    return this.pending;
  }
  get openConnections(): number {
    return this.connections;
  }
  get activeRetries(): number {
    return this.retries;
  }

  /** Queue a request waiting for a connection (max_pending_requests). */
  tryAcquirePending(): 'Admitted' | 'PendingOverflow' {
    if (this.pending >= this.config.maxPendingRequests) {
      this.stats.pendingOverflow++;
      return 'PendingOverflow';
    }
    this.pending++;
    return 'Admitted';
  }

  releasePending(): void {
    this.pending = decrement(this.pending, 'pending request');
  }

  /** Attach a stream to a ready connection (max_requests). */
  tryAcquireRequest(): 'Admitted' | 'MaxRequestsOverflow' {
    if (this.active >= this.config.maxRequests) {
      this.stats.pendingOverflow++;
      return 'MaxRequestsOverflow';
    }
    this.active++;
    return 'Admitted';
  }

  releaseRequest(): void {
    this.active = decrement(this.active, 'active request');
  }

  /**
   * Open a connection (max_connections). At the limit Envoy still opens one when this
   * host's pool has no connection at all, so queued requests can make progress
   * [E-CP tryCreateNewConnection]; otherwise the request simply stays pending.
   * @param hostHasConnections the target host's pool has a ready, busy or connecting connection.
   */
  tryAcquireConnection(hostHasConnections: boolean): 'Admitted' | 'AdmittedOverLimit' | 'MaxConnectionsReached' {
    if (this.connections < this.config.maxConnections) {
      this.connections++;
      return 'Admitted';
    }
    this.stats.connectionOverflow++;
    if (!hostHasConnections) {
      this.connections++;
      return 'AdmittedOverLimit';
    }
    return 'MaxConnectionsReached';
  }

  releaseConnection(): void {
    this.connections = decrement(this.connections, 'connection');
  }

  /** The retry concurrency Envoy would allow right now [§1.5]. */
  maxActiveRetries(): number {
    return maxActiveRetries(this.retryLimit, this.active, this.pending);
  }

  /** Start a retry (budget or max_retries). Envoy: retries().canCreate() [§1.3 (d)]. */
  tryAcquireRetry(): 'Admitted' | RetryConcurrencyRefusal {
    if (this.retries >= this.maxActiveRetries()) {
      this.stats.retryOverflow++;
      return this.retryLimit.kind === 'budget' ? 'RetryBudgetExhausted' : 'MaxRetriesExceeded';
    }
    this.retries++;
    return 'Admitted';
  }

  releaseRetry(): void {
    this.retries = decrement(this.retries, 'retry');
  }

  /**
   * Whether a connection must close after serving `requestsServed` requests
   * (maxRequestsPerConnection; 1 = no keep-alive) [§4.3].
   */
  connectionExhausted(requestsServed: number): boolean {
    const limit = this.config.maxRequestsPerConnection;
    return limit !== undefined && requestsServed >= limit;
  }
}

function decrement(value: number, what: string): number {
  // A release without an acquire is a caller bug: fail loudly rather than drift.
  if (value <= 0) throw new Error(`ConnectionPoolState: released a ${what} that was never acquired`);
  return value - 1;
}

/** Istio int32 limits: >0 sets the limit, 0 means default (§4.3), negative is an error. */
function positiveLimit(raw: unknown, path: FieldPath, diag: Diagnostics): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 2 ** 31 - 1) {
    diag.error(path, `must be a non-negative integer, got ${JSON.stringify(raw)}`, 'e.g. 100');
    return undefined;
  }
  return raw === 0 ? undefined : raw;
}

/** `http2KeepAlive {interval, timeout}`: both required, Istio durations; HTTP/2 PINGs are not simulated. */
function compileHttp2KeepAlive(raw: unknown, path: FieldPath, diag: Diagnostics): void {
  const ka = asObject(raw, path, diag, '{interval, timeout}');
  if (ka === undefined) return;
  for (const k of Object.keys(ka)) if (k !== 'interval' && k !== 'timeout') warnUnknownField([...path, k], 'http2KeepAlive', diag);
  for (const k of ['interval', 'timeout']) {
    if (ka[k] === undefined || ka[k] === null) diag.error([...path, k], 'is required', 'a duration such as 30s');
    else parseIstioDuration(ka[k], [...path, k], diag, ISTIO_DURATION);
  }
  diag.notModeled(path, 'HTTP/2 keepalive PINGs; simulated connections never go silently dead');
}

function asObject(raw: unknown, path: FieldPath, diag: Diagnostics, expected: string): Record<string, unknown> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    diag.error(path, 'must be an object', expected);
    return undefined;
  }
  return raw as Record<string, unknown>;
}

function rejectUnknown(obj: Record<string, unknown>, known: readonly string[], path: FieldPath, diag: Diagnostics): void {
  for (const key of Object.keys(obj)) if (!known.includes(key)) warnUnknownField([...path, key], 'connectionPool', diag);
}
