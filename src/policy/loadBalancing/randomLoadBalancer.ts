import type { Endpoint } from '../endpoint.js';
import { pickWithHostPredicate, uniformIndex, type LoadBalancer, type PickContext } from './loadBalancer.js';

/**
 * RANDOM: a uniform choice among the available hosts (docs/semantics/envoy-istio.md §5.2 [ED-LBS]).
 * Envoy's RandomLoadBalancer draws `random() % n` and ignores endpoint weights (locality
 * weights still apply above it, in the cluster balancer).
 */
export class RandomLoadBalancer implements LoadBalancer {
  pick(ctx: PickContext): Endpoint | undefined {
    const hosts = ctx.hosts;
    if (hosts.length === 0) return undefined;
    return pickWithHostPredicate(ctx, () => hosts[uniformIndex(ctx.random, hosts.length)]);
  }
}
