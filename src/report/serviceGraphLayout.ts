/**
 * A layered (Sugiyama-style) layout of a directed graph, drawn left to right, for the
 * run report's service graph. Pure and deterministic: no randomness, every tie broken
 * by name, so the same graph always gets the same coordinates.
 *
 * 1. Cycles are broken by reversing the back edges of a depth-first search from the
 *    sources (nodes nobody calls), in name order; a reversed edge is still routed from
 *    its caller to its callee, only backwards. Self-loops are set aside.
 * 2. Layers by longest path from the sources.
 * 3. An edge that spans several layers gets a dummy vertex in each layer it crosses,
 *    so it is routed between the nodes, not through them.
 * 4. Order within a layer: barycentre sweeps down and up, keeping the order with the
 *    fewest crossings seen.
 * 5. Vertical position: each vertex pulled towards the mean of its neighbours, with the
 *    layer's order and minimum gaps kept (isotonic regression, pool adjacent violators).
 *
 * Every length is in pixels (SVG user units).
 */

export interface LayoutNodeInput {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdgeInput {
  readonly from: string;
  readonly to: string;
}

export interface LayoutOptions {
  /** Horizontal space between two layers' columns. */
  readonly layerGap: number;
  /** Vertical space between two nodes of a layer. */
  readonly nodeGap: number;
  /** Vertical room a dummy vertex (an edge passing through a layer) takes. */
  readonly dummyHeight: number;
  /** Empty border around the drawing. */
  readonly margin: number;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = { layerGap: 110, nodeGap: 22, dummyHeight: 10, margin: 16 };

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly id: string;
  /** 0 for the sources, then by longest path from them. */
  readonly layer: number;
  /** Position within the layer, top to bottom. */
  readonly order: number;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RoutedEdge {
  readonly from: string;
  readonly to: string;
  /** Broke a cycle: routed right to left, from the caller's left side to the callee's right side. */
  readonly reversed: boolean;
  /** A node calling itself: `points` are where the loop leaves and re-enters its top side (it rises SELF_LOOP_REACH at most). */
  readonly selfLoop: boolean;
  /** From the caller's side to the callee's; a straight run between each pair, or a curve (the drawing decides). */
  readonly points: readonly Point[];
}

export interface GraphLayout {
  /** In the order given. */
  readonly nodes: readonly PlacedNode[];
  /** In the order given (duplicates dropped). */
  readonly edges: readonly RoutedEdge[];
  readonly width: number;
  readonly height: number;
  readonly layers: number;
  /** Edge crossings between adjacent layers in the chosen order (dummies included). */
  readonly crossings: number;
}

/** How far above its node a self-loop may reach (the drawing keeps to it): less than the margin and the gap between nodes. */
export const SELF_LOOP_REACH = 14;

const SWEEPS = 4;
const PLACEMENT_ROUNDS = 4;

/** A vertex of the layered graph: a node, or a dummy on a long edge. */
interface Vertex {
  readonly key: string;
  readonly layer: number;
  readonly height: number;
  readonly node: number; // index into the nodes, or -1 for a dummy
  readonly up: number[]; // neighbours in the layer above (vertex indices)
  readonly down: number[];
  order: number;
  y: number; // centre
}

/** An edge of the acyclic graph (after reversal), with the vertices it passes through. */
interface Chain {
  readonly edge: number; // index into the kept edges
  readonly vertices: number[]; // from its upper end to its lower end
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Back edges of a depth-first search from the sources (then from any node not yet reached), in name order. */
function backEdges(n: number, out: readonly number[][], inDegree: readonly number[], byName: readonly number[]): Set<string> {
  const back = new Set<string>();
  const state = new Uint8Array(n); // 0 unseen, 1 on the stack, 2 done
  const roots = [...byName.filter((v) => inDegree[v] === 0), ...byName];
  for (const root of roots) {
    if (state[root] !== 0) continue;
    // An explicit stack: a deep call graph must not grow the JS stack.
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [v, i] = top;
      const targets = out[v]!;
      if (i < targets.length) {
        top[1] = i + 1;
        const w = targets[i]!;
        if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        } else if (state[w] === 1) back.add(`${v} ${w}`);
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return back;
}

/** Longest path from the sources, by a topological order of the acyclic edges. */
function longestPathLayers(n: number, dag: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[][] = Array.from({ length: n }, () => []);
  const inDegree = new Array<number>(n).fill(0);
  for (const [u, v] of dag) {
    out[u]!.push(v);
    inDegree[v]!++;
  }
  const layer = new Array<number>(n).fill(0);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (inDegree[v] === 0) queue.push(v);
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const v of out[u]!) {
      layer[v] = Math.max(layer[v]!, layer[u]! + 1);
      if (--inDegree[v]! === 0) queue.push(v);
    }
  }
  return layer;
}

function crossingsBetween(upper: readonly number[], vertices: readonly Vertex[]): number {
  const segments: Array<[number, number]> = [];
  for (const u of upper) for (const d of vertices[u]!.down) segments.push([vertices[u]!.order, vertices[d]!.order]);
  let crossings = 0;
  for (let i = 0; i < segments.length; i++) {
    const [a1, b1] = segments[i]!;
    for (let j = i + 1; j < segments.length; j++) {
      const [a2, b2] = segments[j]!;
      if ((a1 - a2) * (b1 - b2) < 0) crossings++;
    }
  }
  return crossings;
}

function totalCrossings(layers: readonly number[][], vertices: readonly Vertex[]): number {
  let total = 0;
  for (let l = 0; l + 1 < layers.length; l++) total += crossingsBetween(layers[l]!, vertices);
  return total;
}

/** Reorders one layer by the mean order of each vertex's neighbours on the given side (no neighbours: stays put). */
function sortByBarycentre(layer: number[], vertices: readonly Vertex[], side: 'up' | 'down'): void {
  const bary = new Map<number, number>();
  for (const v of layer) {
    const neighbours = vertices[v]![side];
    bary.set(v, neighbours.length === 0 ? vertices[v]!.order : neighbours.reduce((s, w) => s + vertices[w]!.order, 0) / neighbours.length);
  }
  layer.sort((a, b) => bary.get(a)! - bary.get(b)! || vertices[a]!.order - vertices[b]!.order || compare(vertices[a]!.key, vertices[b]!.key));
  layer.forEach((v, i) => (vertices[v]!.order = i));
}

function orderLayers(layers: number[][], vertices: Vertex[]): number {
  const snapshot = (): number[][] => layers.map((l) => [...l]);
  let best = snapshot();
  let fewest = totalCrossings(layers, vertices);
  for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
    for (let l = 1; l < layers.length; l++) sortByBarycentre(layers[l]!, vertices, 'up');
    for (let l = layers.length - 2; l >= 0; l--) sortByBarycentre(layers[l]!, vertices, 'down');
    const crossings = totalCrossings(layers, vertices);
    if (crossings < fewest) {
      fewest = crossings;
      best = snapshot();
    }
  }
  best.forEach((l, i) => {
    layers[i] = l;
    l.forEach((v, order) => (vertices[v]!.order = order));
  });
  return fewest;
}

/**
 * Positions y[i] closest (least squares) to `wanted[i]` with y[i+1] − y[i] ≥ gap[i]:
 * with z = y − (gaps so far) the constraint is z non-decreasing, which pool adjacent
 * violators solves exactly.
 */
export function placeInOrder(wanted: readonly number[], gaps: readonly number[]): number[] {
  const offset = [0];
  for (let i = 1; i < wanted.length; i++) offset.push(offset[i - 1]! + gaps[i - 1]!);
  const blocks: Array<{ sum: number; count: number }> = [];
  wanted.forEach((w, i) => {
    blocks.push({ sum: w - offset[i]!, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const prev = blocks[blocks.length - 2]!;
      if (prev.sum / prev.count <= last.sum / last.count) break;
      prev.sum += last.sum;
      prev.count += last.count;
      blocks.pop();
    }
  });
  const y: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.count; k++) y.push(b.sum / b.count + offset[y.length]!);
  return y;
}

function placeVertically(layers: readonly number[][], vertices: Vertex[], o: LayoutOptions): void {
  const gapBetween = (a: Vertex, b: Vertex): number => (a.height + b.height) / 2 + (a.node >= 0 && b.node >= 0 ? o.nodeGap : o.nodeGap / 2);
  const gapsOf = (layer: readonly number[]): number[] => layer.slice(1).map((v, i) => gapBetween(vertices[layer[i]!]!, vertices[v]!));
  // Start stacked and centred on the tallest layer.
  const extents = layers.map((l) => gapsOf(l).reduce((s, g) => s + g, 0));
  const middle = Math.max(0, ...extents) / 2;
  layers.forEach((l, i) => {
    let y = middle - extents[i]! / 2;
    const gaps = gapsOf(l);
    l.forEach((v, k) => {
      vertices[v]!.y = y;
      y += gaps[k] ?? 0;
    });
  });
  const pull = (l: readonly number[], side: 'up' | 'down'): void => {
    const wanted = l.map((v) => {
      const n = vertices[v]![side];
      return n.length === 0 ? vertices[v]!.y : n.reduce((s, w) => s + vertices[w]!.y, 0) / n.length;
    });
    placeInOrder(wanted, gapsOf(l)).forEach((y, k) => (vertices[l[k]!]!.y = y));
  };
  for (let round = 0; round < PLACEMENT_ROUNDS; round++) {
    for (let l = 1; l < layers.length; l++) pull(layers[l]!, 'up');
    for (let l = layers.length - 2; l >= 0; l--) pull(layers[l]!, 'down');
  }
}

/** Lays out the graph; edges naming a node not given are dropped, as are repeated edges. */
export function layoutGraph(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: LayoutOptions = DEFAULT_LAYOUT_OPTIONS): GraphLayout {
  const o = options;
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const byName = nodes.map((_, i) => i).sort((a, b) => compare(nodes[a]!.id, nodes[b]!.id));
  const seen = new Set<string>();
  const kept: Array<{ from: number; to: number }> = [];
  for (const e of edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined || seen.has(`${from} ${to}`)) continue;
    seen.add(`${from} ${to}`);
    kept.push({ from, to });
  }
  // Out-lists in name order, so the search (and what it calls a back edge) does not depend on input order.
  const out: number[][] = Array.from({ length: n }, () => []);
  const inDegree = new Array<number>(n).fill(0);
  for (const e of kept) {
    if (e.from === e.to) continue;
    out[e.from]!.push(e.to);
    inDegree[e.to]!++;
  }
  const rank = new Array<number>(n);
  byName.forEach((v, r) => (rank[v] = r));
  for (const list of out) list.sort((a, b) => rank[a]! - rank[b]!);
  const back = backEdges(n, out, inDegree, byName);
  const isReversed = kept.map((e) => back.has(`${e.from} ${e.to}`));
  const dag = kept.flatMap((e, i): Array<[number, number]> => (e.from === e.to ? [] : [isReversed[i] ? [e.to, e.from] : [e.from, e.to]]));
  const layerOf = longestPathLayers(n, dag);
  const layerCount = n === 0 ? 0 : Math.max(...layerOf) + 1;

  const vertices: Vertex[] = nodes.map((node, i) => ({ key: node.id, layer: layerOf[i]!, height: node.height, node: i, up: [], down: [], order: 0, y: 0 }));
  const chains: Chain[] = [];
  kept.forEach((e, i) => {
    if (e.from === e.to) return;
    const [upper, lower] = isReversed[i] ? [e.to, e.from] : [e.from, e.to];
    const chain = [upper];
    for (let l = layerOf[upper]! + 1; l < layerOf[lower]!; l++) {
      chain.push(vertices.length);
      vertices.push({ key: `${nodes[e.from]!.id}\u0000${nodes[e.to]!.id}\u0000${l}`, layer: l, height: o.dummyHeight, node: -1, up: [], down: [], order: 0, y: 0 });
    }
    chain.push(lower);
    for (let k = 0; k + 1 < chain.length; k++) {
      vertices[chain[k]!]!.down.push(chain[k + 1]!);
      vertices[chain[k + 1]!]!.up.push(chain[k]!);
    }
    chains.push({ edge: i, vertices: chain });
  });

  // First order: the sources by name, then each layer by where its callers are.
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  vertices.forEach((v, i) => layers[v.layer]!.push(i));
  for (const l of layers) {
    l.sort((a, b) => compare(vertices[a]!.key, vertices[b]!.key));
    l.forEach((v, i) => (vertices[v]!.order = i));
  }
  for (let l = 1; l < layerCount; l++) sortByBarycentre(layers[l]!, vertices, 'up');
  const crossings = orderLayers(layers, vertices);
  placeVertically(layers, vertices, o);

  // Columns: each layer as wide as its widest node, nodes centred in it.
  const columnWidth = layers.map((l) => Math.max(0, ...l.filter((v) => vertices[v]!.node >= 0).map((v) => nodes[vertices[v]!.node]!.width)));
  const columnLeft: number[] = [];
  let x = o.margin;
  for (const w of columnWidth) {
    columnLeft.push(x);
    x += w + o.layerGap;
  }
  const top = vertices.length === 0 ? 0 : Math.min(...vertices.map((v) => v.y - v.height / 2));
  const shift = o.margin - top;
  for (const v of vertices) v.y += shift;
  const placed: PlacedNode[] = nodes.map((node, i) => {
    const v = vertices[i]!;
    return { id: node.id, layer: v.layer, order: v.order, x: columnLeft[v.layer]! + (columnWidth[v.layer]! - node.width) / 2, y: v.y - node.height / 2, width: node.width, height: node.height };
  });

  // Ports: the edges leaving a side spread over its middle, ordered by where they go.
  const portY = new Map<string, number>(); // `${chain} ${end}` → y
  const spread = (vertex: number, ends: Array<{ key: string; towards: number; label: string }>): void => {
    ends.sort((a, b) => a.towards - b.towards || compare(a.label, b.label));
    const node = placed[vertex]!;
    const step = Math.min(6, (node.height * 0.6) / Math.max(1, ends.length - 1));
    ends.forEach((e, k) => portY.set(e.key, vertices[vertex]!.y + (k - (ends.length - 1) / 2) * step));
  };
  const leaving = new Map<number, Array<{ key: string; towards: number; label: string }>>();
  const arriving = new Map<number, Array<{ key: string; towards: number; label: string }>>();
  chains.forEach((c, ci) => {
    const e = kept[c.edge]!;
    const label = `${nodes[e.from]!.id}\u0000${nodes[e.to]!.id}`;
    const first = c.vertices[0]!;
    const last = c.vertices[c.vertices.length - 1]!;
    if (!leaving.has(first)) leaving.set(first, []);
    if (!arriving.has(last)) arriving.set(last, []);
    leaving.get(first)!.push({ key: `${ci} out`, towards: vertices[c.vertices[1]!]!.y, label });
    arriving.get(last)!.push({ key: `${ci} in`, towards: vertices[c.vertices[c.vertices.length - 2]!]!.y, label });
  });
  for (const [v, ends] of [...leaving].sort((a, b) => a[0] - b[0])) spread(v, ends);
  for (const [v, ends] of [...arriving].sort((a, b) => a[0] - b[0])) spread(v, ends);

  const routed = new Map<number, RoutedEdge>();
  chains.forEach((c, ci) => {
    const e = kept[c.edge]!;
    const first = placed[c.vertices[0]!]!;
    const last = placed[c.vertices[c.vertices.length - 1]!]!;
    const points: Point[] = [{ x: first.x + first.width, y: portY.get(`${ci} out`)! }];
    for (const d of c.vertices.slice(1, -1)) {
      const v = vertices[d]!;
      points.push({ x: columnLeft[v.layer]!, y: v.y }, { x: columnLeft[v.layer]! + columnWidth[v.layer]!, y: v.y });
    }
    points.push({ x: last.x, y: portY.get(`${ci} in`)! });
    const reversed = isReversed[c.edge]!;
    routed.set(c.edge, { from: nodes[e.from]!.id, to: nodes[e.to]!.id, reversed, selfLoop: false, points: reversed ? points.reverse() : points });
  });
  const routedEdges = kept.map((e, i): RoutedEdge => {
    const r = routed.get(i);
    if (r) return r;
    const node = placed[e.from]!;
    const right = node.x + node.width;
    return { from: node.id, to: node.id, reversed: false, selfLoop: true, points: [{ x: right - 34, y: node.y }, { x: right - 14, y: node.y }] };
  });
  const width = layerCount === 0 ? 2 * o.margin : x - o.layerGap + o.margin;
  const height = Math.max(2 * o.margin, ...vertices.map((v) => v.y + v.height / 2 + o.margin));
  return { nodes: placed, edges: routedEdges, width, height, layers: layerCount, crossings };
}
