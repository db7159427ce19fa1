import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT_OPTIONS, layoutGraph, placeInOrder, type GraphLayout, type LayoutEdgeInput, type LayoutNodeInput } from '../../src/report/serviceGraphLayout.js';

const node = (id: string, width = 100, height = 38): LayoutNodeInput => ({ id, width, height });
const edge = (from: string, to: string): LayoutEdgeInput => ({ from, to });
const nodesOf = (...ids: string[]): LayoutNodeInput[] => ids.map((id) => node(id));

function byId(layout: GraphLayout): Map<string, GraphLayout['nodes'][number]> {
  return new Map(layout.nodes.map((n) => [n.id, n]));
}

/** Nodes of a layer never overlap (and keep the gap); columns never overlap. */
function overlaps(layout: GraphLayout): string[] {
  const problems: string[] = [];
  const nodes = layout.nodes;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      const xOverlap = a.x < b.x + b.width && b.x < a.x + a.width;
      const yApart = a.y + a.height + DEFAULT_LAYOUT_OPTIONS.nodeGap - 1e-6 <= b.y || b.y + b.height + DEFAULT_LAYOUT_OPTIONS.nodeGap - 1e-6 <= a.y;
      if (a.layer === b.layer && !yApart) problems.push(`${a.id} and ${b.id} overlap in layer ${a.layer}`);
      if (a.layer !== b.layer && xOverlap) problems.push(`${a.id} and ${b.id} share columns`);
    }
  }
  for (const n of nodes) if (n.x < 0 || n.y < 0 || n.x + n.width > layout.width || n.y + n.height > layout.height) problems.push(`${n.id} outside the drawing`);
  return problems;
}

describe('the service graph layout', () => {
  const bookinfo = [edge('users', 'productpage'), edge('productpage', 'details'), edge('productpage', 'reviews'), edge('reviews', 'ratings')];
  const bookinfoNodes = nodesOf('productpage', 'details', 'reviews', 'ratings', 'users');

  it('puts each node in the layer of its longest path from the sources, callers left of callees', () => {
    const layout = layoutGraph(bookinfoNodes, bookinfo);
    const at = byId(layout);
    expect(Object.fromEntries([...at].map(([id, n]) => [id, n.layer]))).toEqual({ users: 0, productpage: 1, details: 2, reviews: 2, ratings: 3 });
    expect(layout.layers).toBe(4);
    expect(at.get('users')!.x + 100).toBeLessThan(at.get('productpage')!.x);
    expect(overlaps(layout)).toEqual([]);
    expect(layout.crossings).toBe(0);
    // A chain's nodes line up: ratings is level with the reviews that calls it.
    expect(at.get('ratings')!.y).toBeCloseTo(at.get('reviews')!.y, 6);
    // Every edge runs from its caller's right side to its callee's left side.
    for (const e of layout.edges) {
      const from = at.get(e.from)!;
      const to = at.get(e.to)!;
      expect(e.points[0]!.x).toBe(from.x + from.width);
      expect(e.points.at(-1)!.x).toBe(to.x);
      expect(e.reversed).toBe(false);
    }
  });

  it('routes an edge that skips layers through each layer it crosses, beside the nodes', () => {
    const layout = layoutGraph(nodesOf('a', 'b', 'c', 'd'), [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('a', 'd')]);
    const long = layout.edges.find((e) => e.from === 'a' && e.to === 'd')!;
    // Start, two points per crossed layer (b's and c's), end.
    expect(long.points).toHaveLength(6);
    const at = byId(layout);
    for (const id of ['b', 'c']) {
      const n = at.get(id)!;
      const through = long.points.filter((p) => p.x >= n.x && p.x <= n.x + n.width);
      expect(through.length, id).toBeGreaterThan(0);
      for (const p of through) expect(p.y < n.y || p.y > n.y + n.height, id).toBe(true);
    }
  });

  it('orders a layer by where its callers are, so two parallel chains do not cross', () => {
    // By name alone layer 1 would be [x, y] under [a, b] with a → y and b → x: one crossing.
    const layout = layoutGraph(nodesOf('a', 'b', 'x', 'y'), [edge('a', 'y'), edge('b', 'x')]);
    expect(layout.crossings).toBe(0);
    const at = byId(layout);
    expect(at.get('y')!.order).toBe(at.get('a')!.order);
  });

  it('terminates on cycles and self-loops, reversing one edge per cycle and drawing it backwards', () => {
    const nodes = nodesOf('gateway', 'a', 'b', 'c');
    const edges = [edge('gateway', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('b', 'b')];
    const layout = layoutGraph(nodes, edges);
    expect(Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]))).toEqual({ gateway: 0, a: 1, b: 2, c: 3 });
    const reversed = layout.edges.filter((e) => e.reversed);
    expect(reversed.map((e) => `${e.from}→${e.to}`)).toEqual(['c→a']);
    const at = byId(layout);
    // c → a leaves c's left side and enters a's right side.
    expect(reversed[0]!.points[0]!.x).toBe(at.get('c')!.x);
    expect(reversed[0]!.points.at(-1)!.x).toBe(at.get('a')!.x + 100);
    const loop = layout.edges.find((e) => e.selfLoop)!;
    expect(`${loop.from}→${loop.to}`).toBe('b→b');
    expect(overlaps(layout)).toEqual([]);
    // A graph that is all cycle (no source) still gets layers.
    const ring = layoutGraph(nodesOf('p', 'q', 'r'), [edge('p', 'q'), edge('q', 'r'), edge('r', 'p')]);
    expect(ring.nodes.map((n) => n.layer)).toEqual([0, 1, 2]);
    expect(ring.edges.filter((e) => e.reversed)).toHaveLength(1);
  });

  it('handles a call chain thousands deep without recursion', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `s${String(i).padStart(4, '0')}`);
    const layout = layoutGraph(nodesOf(...ids), [...ids.slice(1).map((id, i) => edge(ids[i]!, id)), edge(ids.at(-1)!, ids[0]!)]);
    expect(layout.layers).toBe(5000);
    expect(layout.edges.filter((e) => e.reversed)).toHaveLength(1);
  });

  it('drops repeated edges and edges to unknown nodes; an empty graph is an empty drawing', () => {
    const layout = layoutGraph(nodesOf('a', 'b'), [edge('a', 'b'), edge('a', 'b'), edge('a', 'ghost')]);
    expect(layout.edges).toHaveLength(1);
    const empty = layoutGraph([], []);
    expect(empty).toMatchObject({ nodes: [], edges: [], layers: 0 });
  });

  it('gives the same coordinates whatever order the nodes and edges come in, and never overlaps nodes', () => {
    const graph = fc
      .integer({ min: 1, max: 25 })
      .chain((n) =>
        fc.record({
          widths: fc.array(fc.integer({ min: 60, max: 240 }), { minLength: n, maxLength: n }),
          edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
          shuffle: fc.array(fc.nat(), { minLength: n + 3 * n, maxLength: n + 3 * n }),
        }),
      );
    let cyclic = 0;
    fc.assert(
      fc.property(graph, ({ widths, edges, shuffle }) => {
        const nodes = widths.map((w, i) => node(`svc-${i}`, w));
        const es = edges.map(([a, b]) => edge(`svc-${a}`, `svc-${b}`));
        const layout = layoutGraph(nodes, es);
        if (layout.edges.some((e) => e.reversed)) cyclic++;
        expect(overlaps(layout)).toEqual([]);
        const permuted = <T>(xs: readonly T[], offset: number): T[] => xs.map((x, i) => ({ x, k: shuffle[offset + i]! })).sort((a, b) => a.k - b.k).map((p) => p.x);
        const again = layoutGraph(permuted(nodes, 0), permuted(es, nodes.length));
        const key = (l: GraphLayout): string[] => [...l.nodes.map((n) => JSON.stringify(n))].sort();
        expect(key(again)).toEqual(key(layout));
        const edgeKey = (l: GraphLayout): string[] => l.edges.map((e) => JSON.stringify(e)).sort();
        expect(edgeKey(again)).toEqual(edgeKey(layout));
      }),
      { seed: 13, numRuns: 300 },
    );
    // Not vacuous: many of the graphs had cycles.
    expect(cyclic).toBeGreaterThan(20);
  });
});

describe('placing a layer in order', () => {
  it('keeps wanted positions that leave the gaps, and spreads a crowd evenly about its mean', () => {
    expect(placeInOrder([0, 100], [10])).toEqual([0, 100]);
    expect(placeInOrder([0, 0, 0], [10, 10])).toEqual([-10, 0, 10]);
    // Only the pair that collides moves, symmetrically.
    expect(placeInOrder([0, 50, 52, 200], [10, 10, 10])).toEqual([0, 46, 56, 200]);
  });
});
