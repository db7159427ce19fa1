import { idRange } from './endpoint.js';
import { outlierStatusOf, type AttemptOutcome } from './attemptOutcome.js';
import type { OutlierDetectionConfig } from './outlierDetection.js';

export { compileOutlierDetection, type OutlierDetectionConfig } from './outlierDetection.js';

/**
 * Envoy's consecutive-error outlier detector for one caller proxy × cluster
 * (docs/semantics/envoy-istio.md §3.2–§3.4, E-ODI). Owns no timers: the simulator calls
 * `onTick(now)` at `nextTickAt` and feeds every reported attempt to `onResult`.
 *
 * Success-rate and failure-percentage detection are not modeled: Istio sets their
 * enforcement to 0 and never enables failure percentage [§3.5].
 */

export type EjectionDetectorKind = 'consecutive5xx' | 'consecutiveGatewayFailure';

/**
 * What happened when a host crossed a threshold:
 * - Ejected: removed from load balancing;
 * - MaxEjectionPercentReached: Envoy refused (ejections_overflow). With the default 10%
 *   and fewer than 10 hosts this is every detection — worth a warning to the user [§3.3, §10.6];
 * - NotEnforced: detected, but this detector's enforcing is 0% (gateway errors by default).
 */
export type EjectionResult = 'Ejected' | 'MaxEjectionPercentReached' | 'NotEnforced';

export interface EjectionEvent {
  readonly endpointId: number;
  readonly detector: EjectionDetectorKind;
  readonly result: EjectionResult;
  /** Simulated time of the detection, seconds. */
  readonly at: number;
  /** When ejected: nominal ejection duration min(base·multiplier, max), seconds. */
  readonly ejectionSeconds?: number;
  /** Hosts ejected after this event, and hosts known to the detector. */
  readonly activeEjections: number;
  readonly hosts: number;
}

/**
 * Which max_ejection_percent rule to apply [§3.3]:
 * - 'envoy>=1.28' (default; current Envoy): eject iff 100·(active+1)/N ≤ max%;
 * - 'envoy<=1.26': eject iff 100·active/N < max% (the first ejection always allowed).
 */
export type MaxEjectionRule = 'envoy>=1.28' | 'envoy<=1.26';

interface HostState {
  consecutive5xx: number;
  consecutiveGateway: number;
  ejected: boolean;
  lastEjectionAt: number;
  /** Envoy ejectTimeBackoff: grows by 1 per ejection, shrinks by 1 per healthy tick. */
  backoff: number;
}

export interface OutlierDetectorOptions {
  readonly maxEjectionRule?: MaxEjectionRule;
  /** Envoy ≥ 1.31 always_eject_one_host (Istio never sets it) [§3.3]. */
  readonly alwaysEjectOneHost?: boolean;
}

export class OutlierDetector {
  /** Every host's state, in membership order (sweeps and panic checks walk it). */
  private readonly hosts = new Map<number, HostState>();
  /**
   * The same states by `id - firstId`, for the lookup every attempt makes: a cluster's
   * hosts have nearby ids (a service's replicas), and an array slot is one memory read
   * where a Map lookup hashes into a table of its own, cold in a large mesh.
   */
  private byOffset: Array<HostState | undefined> = [];
  private firstId = 0;
  private dense = false;
  private active = 0;
  /**
   * Hosts whose multiplier is above 0. While none is, and none is ejected, a sweep changes
   * nothing and skips walking the hosts: in a large mesh every cluster sweeps each
   * interval, and its host states are found cold.
   */
  private decaying = 0;
  private tickAt: number;
  private readonly rule: MaxEjectionRule;
  private readonly alwaysEjectOne: boolean;

  /** Counters for metrics and user warnings. */
  readonly stats = { ejected: 0, overflowed: 0, notEnforced: 0, unejected: 0 };

  /**
   * @param endpointIds hosts of the cluster (all priorities: the percent rule is not per priority [§3.3]).
   * @param now creation time, seconds: the first sweep is one interval later (Envoy arms the timer at creation).
   */
  constructor(
    readonly config: OutlierDetectionConfig,
    endpointIds: Iterable<number>,
    now: number,
    options: OutlierDetectorOptions = {},
  ) {
    for (const id of endpointIds) this.hosts.set(id, freshHost());
    this.index();
    this.tickAt = now + config.interval;
    this.rule = options.maxEjectionRule ?? 'envoy>=1.28';
    this.alwaysEjectOne = options.alwaysEjectOneHost ?? false;
  }

  /** Absolute simulated time (seconds) at which the simulator must call onTick. */
  get nextTickAt(): number {
    return this.tickAt;
  }

  get activeEjections(): number {
    return this.active;
  }

  get hostCount(): number {
    return this.hosts.size;
  }

  isEjected(endpointId: number): boolean {
    return this.host(endpointId)?.ejected ?? false;
  }

  /** Ids of the hosts currently ejected, ascending (for the load balancer's host filter). */
  ejectedEndpoints(): number[] {
    const out: number[] = [];
    for (const [id, host] of this.hosts) if (host.ejected) out.push(id);
    return out.sort((a, b) => a - b);
  }

  /** Current ejection multiplier of a host (0 when never ejected or fully decayed). */
  ejectionMultiplier(endpointId: number): number {
    return this.host(endpointId)?.backoff ?? 0;
  }

  /**
   * How many hosts may be ejected at once with `hosts` hosts under the configured
   * max_ejection_percent and rule. With the default 10% and the current rule this is
   * 0 for fewer than 10 hosts [§3.3].
   */
  maxEjectableHosts(hosts = this.hosts.size): number {
    return maxEjectableHosts(this.config, hosts, { maxEjectionRule: this.rule, alwaysEjectOneHost: this.alwaysEjectOne });
  }

  /** Replace the membership (endpoints added/removed); state of kept hosts survives [E-ODI initialize]. */
  setEndpoints(endpointIds: Iterable<number>): void {
    const keep = new Set(endpointIds);
    for (const [id, host] of this.hosts) {
      if (!keep.has(id)) {
        if (host.ejected) this.active--;
        if (host.backoff > 0) this.decaying--;
        this.hosts.delete(id);
      }
    }
    for (const id of keep) if (!this.hosts.has(id)) this.hosts.set(id, freshHost());
    this.index();
  }

  /**
   * Rebuilds byOffset from hosts (membership changed). Ids spread far apart (not a
   * simulated mesh's) keep to the Map: the array would be mostly holes.
   */
  private index(): void {
    const { first, span } = idRange(this.hosts.keys());
    this.dense = this.hosts.size > 0 && Number.isInteger(first) && span <= 4 * this.hosts.size + 64;
    this.firstId = this.dense ? first : 0;
    this.byOffset = new Array<HostState | undefined>(this.dense ? span : 0).fill(undefined);
    if (this.dense) for (const [id, host] of this.hosts) this.byOffset[id - first] = host;
  }

  private host(id: number): HostState | undefined {
    if (!this.dense) return this.hosts.get(id);
    const i = id - this.firstId;
    return i >= 0 ? this.byOffset[i] : undefined;
  }

  /**
   * Reports one attempt to `endpointId` that ended with `outcome` at `now` (seconds).
   * Outcomes Envoy does not report (overflow, no host, fault abort…) are ignored [§3.2, §4.2].
   * @returns the detection this result triggered, if any.
   */
  onResult(endpointId: number, outcome: AttemptOutcome, now: number): EjectionEvent | undefined {
    let status = outlierStatusOf(outcome);
    if (status === undefined) return undefined;
    // With an error matcher, Envoy reports a response as failed (500) or successful (200) [§3.2].
    const codes = this.config.errorCodes;
    if (codes !== undefined && (outcome.cause === 'upstreamResponse' || outcome.cause === 'rbacDenied')) status = codes.has(status) ? 500 : 200;
    return this.onHttpStatus(endpointId, status, now);
  }

  /**
   * Non-split counting by HTTP status [§3.2, E-ODI putHttpResponseCode]: 5xx bumps the
   * 5xx counter, and the gateway counter for 502/503/504 (other 5xx reset it); any
   * other status resets both. A counter reaching its threshold exactly triggers.
   */
  onHttpStatus(endpointId: number, status: number, now: number): EjectionEvent | undefined {
    const host = this.host(endpointId);
    if (!host) return undefined;
    if (status < 500 || status > 599) {
      host.consecutive5xx = 0;
      host.consecutiveGateway = 0;
      return undefined;
    }
    let event: EjectionEvent | undefined;
    if (status === 502 || status === 503 || status === 504) {
      if (++host.consecutiveGateway === this.config.consecutiveGatewayFailure) {
        event = this.onConsecutiveError(endpointId, host, 'consecutiveGatewayFailure', now);
      }
    } else {
      host.consecutiveGateway = 0;
    }
    if (++host.consecutive5xx === this.config.consecutive5xx) {
      // Gateway is checked first in Envoy; if it ejected the host, the 5xx detection is a no-op.
      event = this.onConsecutiveError(endpointId, host, 'consecutive5xx', now) ?? event;
    }
    return event;
  }

  /**
   * The interval sweep at `now` (seconds) [§3.4, E-ODI checkHostForUneject]: hosts not
   * ejected decay their multiplier by one; ejected hosts whose min(base·multiplier, max)
   * has elapsed come back (with their counters reset).
   * @returns ids un-ejected by this tick, ascending.
   */
  onTick(now: number): number[] {
    const unejected: number[] = [];
    const { baseEjectionTime, maxEjectionTime } = this.config;
    // Envoy re-arms the interval timer after each sweep.
    this.tickAt = now + this.config.interval;
    if (this.decaying === 0 && this.active === 0) return unejected;
    for (const [id, host] of this.hosts) {
      if (!host.ejected) {
        if (host.backoff > 0 && --host.backoff === 0) this.decaying--;
        continue;
      }
      // Small epsilon: float sums of seconds must not miss an exact boundary.
      if (now - host.lastEjectionAt + 1e-9 >= Math.min(baseEjectionTime * host.backoff, maxEjectionTime)) {
        host.ejected = false;
        host.consecutive5xx = 0;
        host.consecutiveGateway = 0;
        this.active--;
        this.stats.unejected++;
        unejected.push(id);
      }
    }
    return unejected.sort((a, b) => a - b);
  }

  /** Ejected share of hosts (0–100) below which the cluster is in panic; see isInPanic. */
  get healthyPanicThreshold(): number {
    return this.config.healthyPanicThreshold;
  }

  /**
   * Whether the cluster is in panic for a single priority level: Envoy evaluates panic
   * only when normalized availability min(100, 140·healthy/N) < 100, and then panics
   * iff 100·healthy/N < threshold [§5.3]. With Istio's default minHealthPercent 0 it
   * never panics (all hosts ejected ⇒ 503 UH) [§6]. Multi-priority panic belongs to
   * the load balancer.
   * @param otherwiseUnhealthy ids unhealthy for reasons other than ejection (optional).
   */
  isInPanic(otherwiseUnhealthy: ReadonlySet<number> = new Set()): boolean {
    const n = this.hosts.size;
    if (n === 0) return false;
    let healthy = 0;
    for (const [id, host] of this.hosts) if (!host.ejected && !otherwiseUnhealthy.has(id)) healthy++;
    const availability = Math.min(100, Math.floor((140 * healthy) / n));
    if (availability >= 100) return false;
    return (100 * healthy) / n < this.config.healthyPanicThreshold;
  }

  private onConsecutiveError(id: number, host: HostState, detector: EjectionDetectorKind, now: number): EjectionEvent | undefined {
    // Already ejected: Envoy returns early and does NOT reset the counter.
    if (host.ejected) return undefined;
    const result = this.tryEject(host, detector, now);
    if (detector === 'consecutive5xx') host.consecutive5xx = 0;
    else host.consecutiveGateway = 0;
    return {
      endpointId: id,
      detector,
      result,
      at: now,
      ...(result === 'Ejected' ? { ejectionSeconds: Math.min(this.config.baseEjectionTime * host.backoff, this.config.maxEjectionTime) } : {}),
      activeEjections: this.active,
      hosts: this.hosts.size,
    };
  }

  private tryEject(host: HostState, detector: EjectionDetectorKind, now: number): EjectionResult {
    // The percent check comes before enforcement [E-ODI ejectHost].
    if (!this.admits(this.active, this.hosts.size)) {
      this.stats.overflowed++;
      return 'MaxEjectionPercentReached';
    }
    const enforced = detector === 'consecutive5xx' ? this.config.enforceConsecutive5xx : this.config.enforceConsecutiveGatewayFailure;
    if (!enforced) {
      this.stats.notEnforced++;
      return 'NotEnforced';
    }
    host.ejected = true;
    host.lastEjectionAt = now;
    const { baseEjectionTime: base, maxEjectionTime: max } = this.config;
    // Multiplier grows until base·k reaches max + base: 30, 60, … 300 s, then stays [§3.4].
    if (host.backoff * base < max + base && host.backoff++ === 0) this.decaying++;
    this.active++;
    this.stats.ejected++;
    return 'Ejected';
  }

  private admits(active: number, n: number): boolean {
    return admitsEjection(this.config.maxEjectionPercent, active, n, { maxEjectionRule: this.rule, alwaysEjectOneHost: this.alwaysEjectOne });
  }
}

/**
 * max_ejection_percent admission: may one more host be ejected when `active` of `hosts`
 * already are? [§3.3, E-ODI ejectHost]
 */
export function admitsEjection(maxEjectionPercent: number, active: number, hosts: number, options: OutlierDetectorOptions = {}): boolean {
  if (hosts === 0) return false;
  const maxPct = Math.min(100, maxEjectionPercent);
  if (options.alwaysEjectOneHost && active === 0) return true;
  const rule = options.maxEjectionRule ?? 'envoy>=1.28';
  return rule === 'envoy>=1.28' ? (100 * (active + 1)) / hosts <= maxPct : (100 * active) / hosts < maxPct;
}

/**
 * How many of `hosts` hosts may be ejected at once under `config` (count). 0 means the
 * detector can never eject: a validator can warn about it before running (with the
 * default 10%, any service with fewer than 10 endpoints) [§3.3, §10.6].
 */
export function maxEjectableHosts(config: OutlierDetectionConfig, hosts: number, options: OutlierDetectorOptions = {}): number {
  let n = 0;
  while (n < hosts && admitsEjection(config.maxEjectionPercent, n, hosts, options)) n++;
  return n;
}

function freshHost(): HostState {
  return { consecutive5xx: 0, consecutiveGateway: 0, ejected: false, lastEjectionAt: 0, backoff: 0 };
}
