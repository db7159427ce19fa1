import type { Endpoint } from '../endpoint.js';
import { EdfScheduler } from './edfScheduler.js';
import { allWeightsEqual, pickWithHostPredicate, type LoadBalancer, type PickContext } from './loadBalancer.js';

/**
 * ROUND_ROBIN as Envoy implements it (RoundRobinLoadBalancer, envoy-istio-semantics.md §5.2 [ED-LBS]):
 * - equal weights: `hosts[index++ % n]`, the index starting at the balancer's random seed,
 *   so proxies do not all start on the same host;
 * - unequal weights: an EDF schedule built with `seed` emulated picks (createWithPicks).
 * One rotation per host source (priority/locality); the index survives host-set changes,
 * the EDF schedule is rebuilt on them, as Envoy's refresh does.
 */
export class RoundRobinLoadBalancer implements LoadBalancer {
  private readonly sources = new Map<number, RoundRobinSource>();

  /** `seed`: a non-negative integer drawn once per balancer (Envoy's seed_ = random()). */
  constructor(private readonly seed: number) {}

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
    if (allWeightsEqual(hosts)) {
      return pickWithHostPredicate(ctx, () => hosts[s.index++ % hosts.length]);
    }
    if (s.hosts !== hosts || s.edf === undefined) {
      s.hosts = hosts;
      s.edf = EdfScheduler.createWithPicks(hosts.map((h) => h.weight), this.seed);
    }
    const edf = s.edf;
    return pickWithHostPredicate(ctx, () => {
      const i = edf.pickAndAdd((j) => (hosts[j] as Endpoint).weight);
      return i === undefined ? undefined : hosts[i];
    });
  }
}

interface RoundRobinSource {
  index: number;
  hosts: readonly Endpoint[] | undefined;
  edf: EdfScheduler | undefined;
}
