import type { Endpoint } from '../endpoint.js';
import type { RandomSource } from '../randomSource.js';
import type { PolicyRequest } from '../request.js';

/**
 * The one interface every load balancer implements, from a single algorithm
 * (round robin over a host list) to the whole cluster balancer (priority → locality
 * → host). The caller (a proxy model) owns all timers and host state; the balancer
 * only decides.
 */
export interface LoadBalancer {
  /** The host for this attempt, or undefined when none may be used (Envoy: 503 "no healthy upstream", flag UH). */
  pick(ctx: PickContext): Endpoint | undefined;
}

/** What a balancer may look at for one pick. Nothing here is mutated by the balancer. */
export interface PickContext {
  /**
   * Hosts that may take traffic now: healthy, i.e. not ejected by outlier detection.
   * Balancers cache per-host-set work (EDF schedules, rings, priority loads) by the
   * identity of this array, so hand over the same array object until health changes
   * and a new one when it does (never mutate it in place).
   */
  readonly hosts: readonly Endpoint[];
  /** Requests in flight to an endpoint (Envoy's rq_active), for LEAST_REQUEST; 0 when absent. */
  readonly activeRequests?: (endpointId: number) => number;
  /** The request, for consistent-hash keys (header, cookie, source IP, query parameter). */
  readonly request?: PolicyRequest;
  /** Uniform draws in [0, 1); every random choice of the pick comes from here. */
  readonly random: RandomSource;
  /**
   * Retry host predicate (Istio's previous_hosts): true means "pick again". Envoy re-picks
   * at most `hostSelectionRetryMaxAttempts` times and then keeps the last host anyway.
   */
  readonly shouldSelectAnotherHost?: (host: Endpoint) => boolean;
  /** Extra picks allowed by the predicate; Istio sets 5 on its outbound retry policy (docs/semantics/envoy-istio.md §1.1 [II-RETRY]). */
  readonly hostSelectionRetryMaxAttempts?: number;
  /**
   * Which host list this is (priority/locality), so stateful algorithms keep one rotation
   * per list as Envoy does per HostsSource. Set by the cluster balancer; 0 when absent.
   */
  readonly sourceKey?: number;
  /**
   * Priorities already tried by this request, for Istio's retryRemoteLocalities (Envoy
   * previous_priorities retry priority, docs/semantics/envoy-istio.md §1.1, §1.3 [EA-PP]). The retry
   * state decides which to pass (it owns update_frequency); the cluster balancer re-splits
   * the load over the others and ignores the set when nothing else is available.
   */
  readonly excludedPriorities?: ReadonlySet<number>;
  /** Simulated time of the pick (seconds); needed only for slow start (warmup). */
  readonly now?: number;
  /**
   * When an endpoint joined the cluster (seconds), for slow start; undefined → long ago.
   * A host that rejoins must come with a new `hosts` array (join times are cached per list).
   */
  readonly hostAddedAt?: (endpointId: number) => number | undefined;
}

/**
 * Envoy's host-selection loop (EdfLoadBalancerBase/ThreadAwareLoadBalancer chooseHost):
 * try once, then up to `hostSelectionRetryMaxAttempts` more times while the predicate
 * rejects the host; the last host picked is returned even if rejected. `pickOnce`
 * receives the attempt number (hash balancers use it to step to another host).
 */
export function pickWithHostPredicate(ctx: PickContext, pickOnce: (attempt: number) => Endpoint | undefined): Endpoint | undefined {
  const predicate = ctx.shouldSelectAnotherHost;
  if (predicate === undefined) return pickOnce(0);
  const maxAttempts = (ctx.hostSelectionRetryMaxAttempts ?? 0) + 1;
  let host: Endpoint | undefined;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    host = pickOnce(attempt);
    if (host === undefined || !predicate(host)) return host;
  }
  return host;
}

/** A uniform integer in [0, n) from one draw; n ≥ 1. Envoy uses `random() % n` on a uint64, which is uniform to within 2^-64. */
export function uniformIndex(random: RandomSource, n: number): number {
  const i = Math.floor(random.next() * n);
  return i < n ? i : n - 1;
}

const equalWeightsCache = new WeakMap<readonly Endpoint[], boolean>();

/** Host lists up to this long are compared directly: cheaper than the cache's lookup. */
const COMPARED_DIRECTLY = 8;

/**
 * True when every host carries the same weight (Envoy switches to its unweighted paths then).
 * Cached per host-list object, which callers keep while health is unchanged. A short list
 * is compared on the spot: the balancer reads those hosts anyway, while the cache is one
 * table for every cluster of the run (tens of thousands of lists in a large mesh), found
 * cold on every pick.
 */
export function allWeightsEqual(hosts: readonly Endpoint[]): boolean {
  if (hosts.length <= COMPARED_DIRECTLY) return weightsEqual(hosts);
  const cached = equalWeightsCache.get(hosts);
  if (cached !== undefined) return cached;
  const equal = weightsEqual(hosts);
  equalWeightsCache.set(hosts, equal);
  return equal;
}

function weightsEqual(hosts: readonly Endpoint[]): boolean {
  const first = hosts[0];
  if (first !== undefined) for (const h of hosts) if (h.weight !== first.weight) return false;
  return true;
}
