/**
 * What the run report's service graph shows, taken from the results: one node per
 * service and per traffic source, one edge per caller → callee with its traffic, error
 * rate, cross-zone share and p99. A large mesh is cut to its busiest edges so the
 * drawing stays readable and small; the edge table keeps every edge.
 */
import type { Results } from './results.js';

export interface GraphNode {
  readonly id: string;
  /** A traffic source (it appears only as a caller) or a service of the scenario. */
  readonly kind: 'source' | 'service';
  /** Requests per second of one replication: answered by the service, or sent by the source. */
  readonly rate: number;
  /** Of the requests the service answered; null for a source or a service nobody called. */
  readonly availability: number | null;
  /** p99 latency of the service's successful requests, seconds; null when it had none. */
  readonly p99: number | null;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Requests per second of one replication. */
  readonly rate: number;
  /** Failed / requests, as the caller's proxy saw them; null with no requests. */
  readonly errorRate: number | null;
  /** Fraction of attempts whose two ends were in different zones; null with no attempts. */
  readonly crossZone: number | null;
  /** p99 latency of the edge's successful requests, seconds. */
  readonly p99: number;
}

export interface ServiceGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Nodes and edges before any cut. */
  readonly totalNodes: number;
  readonly totalEdges: number;
  /** True when only the busiest edges (and the nodes they join) are kept. */
  readonly cut: boolean;
}

export interface GraphLimits {
  readonly maxNodes: number;
  readonly maxEdges: number;
}

/** Past these the drawing keeps the busiest edges: a layered drawing of more stops being readable. */
export const DEFAULT_GRAPH_LIMITS: GraphLimits = { maxNodes: 60, maxEdges: 120 };

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The busiest edges (ties by caller, then callee) whose ends fit within `maxNodes`
 * nodes, at most `maxEdges` of them.
 */
function busiest(edges: readonly GraphEdge[], limits: GraphLimits): GraphEdge[] {
  const ranked = [...edges].sort((a, b) => b.rate - a.rate || byName(a.from, b.from) || byName(a.to, b.to));
  const nodes = new Set<string>();
  const kept: GraphEdge[] = [];
  for (const e of ranked) {
    if (kept.length === limits.maxEdges) break;
    const added = (nodes.has(e.from) ? 0 : 1) + (nodes.has(e.to) || e.to === e.from ? 0 : 1);
    if (nodes.size + added > limits.maxNodes) continue;
    nodes.add(e.from).add(e.to);
    kept.push(e);
  }
  return kept;
}

export function serviceGraph(results: Results, limits: GraphLimits = DEFAULT_GRAPH_LIMITS): ServiceGraph {
  const measured = results.duration * results.replications;
  const perSecond = (n: number): number => (measured > 0 ? n / measured : 0);
  const allEdges: GraphEdge[] = results.edges.map((e) => ({
    from: e.from,
    to: e.to,
    rate: perSecond(e.requests),
    errorRate: e.requests > 0 ? e.failed / e.requests : null,
    crossZone: e.attempts > 0 ? e.crossZone : null,
    p99: e.latency.p99,
  }));
  const services: GraphNode[] = Object.entries(results.services).map(([id, s]) => ({
    id,
    kind: 'service',
    rate: perSecond(s.requests),
    availability: s.requests > 0 ? s.availability : null,
    p99: s.requests > s.failed ? s.latency.p99 : null,
  }));
  const sent = new Map<string, number>();
  for (const e of allEdges) if (!(e.from in results.services)) sent.set(e.from, (sent.get(e.from) ?? 0) + e.rate);
  const sources: GraphNode[] = [...sent].sort((a, b) => byName(a[0], b[0])).map(([id, rate]) => ({ id, kind: 'source', rate, availability: null, p99: null }));
  const allNodes = [...sources, ...services];
  const cut = allNodes.length > limits.maxNodes || allEdges.length > limits.maxEdges;
  if (!cut) return { nodes: allNodes, edges: allEdges, totalNodes: allNodes.length, totalEdges: allEdges.length, cut };
  const edges = busiest(allEdges, limits);
  const ends = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { nodes: allNodes.filter((n) => ends.has(n.id)), edges, totalNodes: allNodes.length, totalEdges: allEdges.length, cut };
}
