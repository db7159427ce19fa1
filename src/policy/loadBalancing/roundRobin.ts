import type { Endpoint } from '../endpoint.js';
import { EdfScheduler } from './edfScheduler.js';
import { allWeightsEqual, pickWithHostPredicate, type LoadBalancer, type PickContext } from './loadBalancer.js';
import { anyHostWarming, warmedWeight, type SlowStartConfig } from './slowStart.js';

/**
 * ROUND_ROBIN as Envoy implements it (RoundRobinLoadBalancer, docs/semantics/envoy-istio.md §5.2 [ED-LBS]):
 * - equal weights: `hosts[index++ % n]`, the index starting at the balancer's random seed,
 *   so proxies do not all start on the same host;
 * - unequal weights: an EDF schedule built with `seed` emulated picks (createWithPicks).
 * One rotation per host source (priority/locality); the index survives host-set changes,
 * the EDF schedule is rebuilt on them, as Envoy's refresh does. With slow start, lists with a
 * warming host use the EDF with warmed weights (slowStart.ts).
 */
export class RoundRobinLoadBalancer implements LoadBalancer {
  private readonly sources = new Map<number, RoundRobinSource>();

  /** `seed`: a non-negative integer drawn once per balancer (Envoy's seed_ = random()). */
  constructor(
    private readonly seed: number,
    private readonly slowStart?: SlowStartConfig,
  ) {}

  pick(ctx: PickContext): Endpoint | undefined {
    const hosts = ctx.hosts;
    if (hosts.length === 0) return undefined;
    const key = ctx.sourceKey ?? 0;
    let source = this.sources.get(key);
    if (source === undefined) {
      source = { index: this.seed, hosts: undefined, edf: undefined };
      this.sources.set(key, source);
    }
    const s = source;
    const warm = this.slowStart;
    const { now, hostAddedAt } = ctx;
    const warming = warm !== undefined && now !== undefined && hostAddedAt !== undefined && anyHostWarming(hosts, hostAddedAt, now, warm);
    if (!warming && allWeightsEqual(hosts)) {
      return pickWithHostPredicate(ctx, () => hosts[s.index++ % hosts.length]);
    }
    const weightOf = warming
      ? (j: number) => warmedWeight((hosts[j] as Endpoint).weight, hosts[j] as Endpoint, hostAddedAt, now, warm)
      : (j: number) => (hosts[j] as Endpoint).weight;
    if (s.hosts !== hosts || s.edf === undefined) {
      s.hosts = hosts;
      s.edf = EdfScheduler.createWithPicks(hosts.map((_, j) => weightOf(j)), this.seed);
    }
    const edf = s.edf;
    return pickWithHostPredicate(ctx, () => {
      const i = edf.pickAndAdd(weightOf);
      return i === undefined ? undefined : hosts[i];
    });
  }
}

interface RoundRobinSource {
  index: number;
  hosts: readonly Endpoint[] | undefined;
  edf: EdfScheduler | undefined;
}
