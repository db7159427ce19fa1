import type { Endpoint } from '../endpoint.js';
import { EdfScheduler } from './edfScheduler.js';
import { allWeightsEqual, pickWithHostPredicate, uniformIndex, type LoadBalancer, type PickContext } from './loadBalancer.js';
import { anyHostWarming, warmedWeight, type SlowStartConfig } from './slowStart.js';

/** Envoy LeastRequest defaults (docs/semantics/envoy-istio.md §5.2 [EA-LR]); Istio sets neither. */
export const DEFAULT_CHOICE_COUNT = 2;
export const DEFAULT_ACTIVE_REQUEST_BIAS = 1.0;

export interface LeastRequestOptions {
  /** Hosts sampled per pick when weights are equal; ≥ 2. */
  readonly choiceCount: number;
  /** Exponent in weight / (active + 1)^bias when weights differ; 0 means plain weighted round robin. */
  readonly activeRequestBias: number;
  readonly slowStart?: SlowStartConfig;
}

/**
 * LEAST_REQUEST, Istio's default since 1.14 (docs/semantics/envoy-istio.md §5.1 [II-CTP], §5.2 [E-LR]).
 * - Equal weights: draw `choiceCount` hosts uniformly WITH replacement; keep the first and
 *   replace it only by a later draw with strictly fewer active requests (ties keep the earlier).
 * - Unequal weights: EDF schedule whose re-add weight is `weight / (active + 1)^bias`,
 *   evaluated at pick time, so busy hosts drift back in the schedule.
 */
export class LeastRequestLoadBalancer implements LoadBalancer {
  private readonly sources = new Map<number, { hosts: readonly Endpoint[]; edf: EdfScheduler }>();
  /** The options, copied onto the balancer: read on every pick, where a separate object is one more cache miss in a large mesh. */
  private readonly choiceCount: number;
  private readonly activeRequestBias: number;
  private readonly slowStart: SlowStartConfig | undefined;

  /** `seed`: a non-negative integer drawn once per balancer (Envoy's seed_), used for the EDF start. */
  constructor(
    private readonly seed: number,
    options: LeastRequestOptions = { choiceCount: DEFAULT_CHOICE_COUNT, activeRequestBias: DEFAULT_ACTIVE_REQUEST_BIAS },
  ) {
    this.choiceCount = options.choiceCount;
    this.activeRequestBias = options.activeRequestBias;
    this.slowStart = options.slowStart;
  }

  pick(ctx: PickContext): Endpoint | undefined {
    const hosts = ctx.hosts;
    if (hosts.length === 0) return undefined;
    const active = ctx.activeRequests ?? (() => 0);
    const warm = this.slowStart;
    const { now, hostAddedAt } = ctx;
    const warming = warm !== undefined && now !== undefined && hostAddedAt !== undefined && anyHostWarming(hosts, hostAddedAt, now, warm);
    if (!warming && allWeightsEqual(hosts)) {
      return pickWithHostPredicate(ctx, () => this.pickOfN(hosts, active, ctx));
    }
    const bias = this.activeRequestBias;
    // Envoy LeastRequestLoadBalancer::hostWeight: the dynamic weight first, then the slow-start factor.
    const weightOf = warming
      ? (i: number): number => warmedWeight(dynamicWeight(hosts[i] as Endpoint, active, bias), hosts[i] as Endpoint, hostAddedAt, now, warm)
      : (i: number): number => dynamicWeight(hosts[i] as Endpoint, active, bias);
    const key = ctx.sourceKey ?? 0;
    let source = this.sources.get(key);
    if (source === undefined || source.hosts !== hosts) {
      source = { hosts, edf: EdfScheduler.createWithPicks(hosts.map((_, i) => weightOf(i)), this.seed) };
      this.sources.set(key, source);
    }
    const edf = source.edf;
    return pickWithHostPredicate(ctx, () => {
      const i = edf.pickAndAdd(weightOf);
      return i === undefined ? undefined : hosts[i];
    });
  }

  private pickOfN(hosts: readonly Endpoint[], active: (id: number) => number, ctx: PickContext): Endpoint {
    let candidate = hosts[uniformIndex(ctx.random, hosts.length)] as Endpoint;
    let candidateActive = active(candidate.id);
    for (let c = 1; c < this.choiceCount; c++) {
      const sampled = hosts[uniformIndex(ctx.random, hosts.length)] as Endpoint;
      const sampledActive = active(sampled.id);
      if (sampledActive < candidateActive) {
        candidate = sampled;
        candidateActive = sampledActive;
      }
    }
    return candidate;
  }
}

/**
 * Envoy LeastRequestLoadBalancer::hostWeight: `weight / (active + 1)^bias` (bias 1 → plain
 * division; bias 0 → the static weight). E.g. weight 2 with 4 active → 0.4 (§5.2).
 */
export function dynamicWeight(host: Endpoint, active: (id: number) => number, bias: number): number {
  if (bias === 0) return host.weight;
  const a = active(host.id) + 1;
  return bias === 1 ? host.weight / a : host.weight / Math.pow(a, bias);
}
