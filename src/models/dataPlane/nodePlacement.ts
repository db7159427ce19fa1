/**
 * Nodes, for the proxies that are per node (ambient's ztunnel, the eBPF path, Cilium's
 * node Envoy): pods fill the nodes of their zone in the order they are placed,
 * `podsPerNode` at a time. Traffic sources sit on their own client nodes (a load
 * generator is not scheduled among the services it tests, and the Istio benchmark
 * measures two ztunnels: client node and server node).
 */
export class NodePlacement {
  private readonly counts = new Map<string, number>();
  private readonly assigned = new Map<string, string>();

  constructor(private readonly podsPerNode: number) {}

  /** The node of pod `pod` in `pool` (a zone, or "zone/clients"); stable per pod. */
  nodeOf(pool: string, pod: string): string {
    const known = this.assigned.get(pod);
    if (known !== undefined) return known;
    const k = this.counts.get(pool) ?? 0;
    this.counts.set(pool, k + 1);
    const node = `${pool}/node-${Math.floor(k / this.podsPerNode)}`;
    this.assigned.set(pod, node);
    return node;
  }
}
