/**
 * The run report's service graph as hand-written SVG (a layered layout is not a chart
 * Vega-Lite draws): nodes are services (name, availability, p99) and traffic sources
 * (name, rate); edges run caller → callee, as wide as the square root of their traffic
 * and coloured by error rate on a colour-blind-safe scale (magma: it reads by lightness
 * as well as hue); each edge and node has a <title> with its figures. Every name goes
 * through escapeHtml. Same graph, same bytes.
 */
import { escapeHtml } from './htmlPage.js';
import { DEFAULT_LAYOUT_OPTIONS, layoutGraph, SELF_LOOP_REACH, type Point, type RoutedEdge } from './serviceGraphLayout.js';
import type { GraphEdge, GraphNode, ServiceGraph } from './serviceGraphModel.js';

/** Error-rate classes, upper bounds exclusive; the first is "no errors" (grey, quiet). */
export const ERROR_CLASSES: ReadonlyArray<{ readonly label: string; readonly below: number; readonly colour: string }> = [
  { label: 'none', below: Number.MIN_VALUE, colour: '#9aa5b1' },
  { label: '< 0.1%', below: 0.001, colour: '#fe9f6d' }, // magma 0.80
  { label: '0.1–1%', below: 0.01, colour: '#e55064' }, // magma 0.62
  { label: '1–10%', below: 0.1, colour: '#a1307f' }, // magma 0.45
  { label: '≥ 10%', below: Infinity, colour: '#51137c' }, // magma 0.25
];

const MIN_STROKE = 1.5;
const MAX_STROKE = 12;
/** Edges get a visible rate label up to this many; past it, only their <title>. */
const LABELLED_EDGES = 16;
/** Room between columns for an edge's label. */
const LABELLED_LAYER_GAP = 140;
const MAX_NAME_CHARS = 30;
const NODE_HEIGHT = 38;
const LEGEND_HEIGHT = 66;
const LEGEND_WIDTH = 676;

export function errorClass(errorRate: number | null): (typeof ERROR_CLASSES)[number] {
  const x = errorRate ?? 0;
  return ERROR_CLASSES.find((c) => x < c.below) ?? ERROR_CLASSES[ERROR_CLASSES.length - 1]!;
}

/** Stroke width (px) of an edge carrying `rate` when the busiest carries `maxRate`: the square root, so area follows traffic. */
export function strokeWidth(rate: number, maxRate: number): number {
  return maxRate > 0 ? MIN_STROKE + (MAX_STROKE - MIN_STROKE) * Math.sqrt(Math.max(0, rate) / maxRate) : MIN_STROKE;
}

function num(x: number): string {
  const s = x.toFixed(1);
  return s === '-0.0' ? '0.0' : s;
}

export function formatRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

function formatPercent(x: number | null): string {
  if (x === null) return '–';
  if (x === 0 || x === 1) return `${x * 100}%`;
  return x < 0.01 ? `${(x * 100).toPrecision(2)}%` : `${(x * 100).toFixed(1)}%`;
}

/** Rounded down, so an availability short of 100% never reads as 100%. */
function formatAvailability(x: number): string {
  return x === 1 ? '100%' : `${(Math.floor(x * 1e4) / 100).toFixed(2)}%`;
}

function formatMs(seconds: number): string {
  const ms = seconds * 1e3;
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function shortName(name: string): string {
  return name.length <= MAX_NAME_CHARS ? name : `${name.slice(0, MAX_NAME_CHARS - 1)}…`;
}

function nodeSubtitle(n: GraphNode): string {
  if (n.kind === 'source') return `source · ${formatRate(n.rate)}/s`;
  if (n.availability === null) return 'no requests';
  return n.p99 === null ? `${formatAvailability(n.availability)} · no successes` : `${formatAvailability(n.availability)} · p99 ${formatMs(n.p99)} ms`;
}

/** Width of a line of text in px, by a per-character estimate (no font metrics in Node); generous so text fits. */
function textWidth(text: string, px: number, bold: boolean): number {
  return text.length * px * (bold ? 0.62 : 0.56);
}

function nodeTitle(n: GraphNode): string {
  if (n.kind === 'source') return `${n.id} (traffic source): ${formatRate(n.rate)} requests/s`;
  if (n.availability === null) return `${n.id}: no requests`;
  return `${n.id}: ${formatRate(n.rate)} requests/s, availability ${formatAvailability(n.availability)}, p99 ${n.p99 === null ? '–' : `${formatMs(n.p99)} ms`}`;
}

function edgeTitle(e: GraphEdge): string {
  return `${e.from} → ${e.to}: ${formatRate(e.rate)} requests/s, error rate ${formatPercent(e.errorRate)}, cross-zone ${formatPercent(e.crossZone)}, p99 ${formatMs(e.p99)} ms`;
}

/** A smooth path through the points: horizontal tangents at each, so runs through a layer stay straight. */
function curve(points: readonly Point[]): string {
  let d = `M${num(points[0]!.x)},${num(points[0]!.y)}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const dx = (b.x - a.x) / 2;
    d += ` C${num(a.x + dx)},${num(a.y)} ${num(b.x - dx)},${num(b.y)} ${num(b.x)},${num(b.y)}`;
  }
  return d;
}

/** A loop over the node's top, down into it with an arrowhead: thin whatever its traffic (its <title> has the figures). */
function selfLoopSvg(points: readonly Point[], colour: string): string {
  const [a, tip] = points as [Point, Point];
  const base = tip.y - 6;
  const rise = (SELF_LOOP_REACH * 4) / 3; // a cubic's extreme is ¾ of its control points' offset
  return `<path d="M${num(a.x)},${num(a.y)} C${num(a.x - 4)},${num(a.y - rise)} ${num(tip.x + 4)},${num(tip.y - rise)} ${num(tip.x)},${num(base)}" fill="none" stroke="${colour}" stroke-width="2" stroke-opacity="0.85"/><path d="M${num(tip.x)},${num(tip.y)} L${num(tip.x - 4)},${num(base)} L${num(tip.x + 4)},${num(base)} Z" fill="${colour}"/>`;
}

/** Shortens the path's last point by the arrowhead's length and returns the arrowhead, pointing along the last run. */
function arrowhead(points: Point[], width: number): string {
  const tip = points[points.length - 1]!;
  const before = points[points.length - 2]!;
  const dir = Math.sign(tip.x - before.x) || 1;
  const length = 5 + width * 0.9;
  const half = 3 + width * 0.7;
  const baseX = tip.x - dir * length;
  points[points.length - 1] = { x: baseX, y: tip.y };
  return `M${num(tip.x)},${num(tip.y)} L${num(baseX)},${num(tip.y - half)} L${num(baseX)},${num(tip.y + half)} Z`;
}

/** The edge, and its rate label (drawn over every edge, so its halo is never covered) when labelled. */
function edgeSvg(e: GraphEdge, r: RoutedEdge, maxRate: number, labelled: boolean): { edge: string; label: string } {
  const width = strokeWidth(e.rate, maxRate);
  const colour = errorClass(e.errorRate).colour;
  const title = `<title>${escapeHtml(edgeTitle(e))}</title>`;
  if (r.selfLoop) return { edge: `<g class="edge">${title}${selfLoopSvg(r.points, colour)}</g>`, label: '' };
  const points = [...r.points];
  const head = arrowhead(points, width);
  const d = curve(points);
  const dash = r.reversed ? ' stroke-dasharray="6 4"' : '';
  let label = '';
  if (labelled) {
    const i = Math.floor((points.length - 1) / 2);
    const a = points[i]!;
    const b = points[i + 1]!;
    const text = `${formatRate(e.rate)}/s${e.errorRate ? ` · ${formatPercent(e.errorRate)} err` : ''}`;
    // Above the edge; a reversed one's below, clear of the forward edge it usually pairs with.
    const y = (a.y + b.y) / 2 + (r.reversed ? width / 2 + 11 : -width / 2 - 3);
    label = `<text class="edge-label" x="${num((a.x + b.x) / 2)}" y="${num(y)}" text-anchor="middle">${escapeHtml(text)}</text>`;
  }
  return { edge: `<g class="edge">${title}<path d="${d}" fill="none" stroke="${colour}" stroke-width="${num(width)}" stroke-opacity="0.85"${dash}/><path d="${head}" fill="${colour}"/></g>`, label };
}

function nodeSvg(n: GraphNode, x: number, y: number, width: number): string {
  const source = n.kind === 'source';
  const errors = n.availability === null ? null : 1 - n.availability;
  const stroke = source ? '#59636e' : errors ? errorClass(errors).colour : '#59636e';
  const strokeWidthPx = errors ? 2.5 : 1.2;
  const shape = `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${NODE_HEIGHT}" rx="${source ? NODE_HEIGHT / 2 : 6}" fill="${source ? '#eef1f5' : '#ffffff'}" stroke="${stroke}" stroke-width="${strokeWidthPx}"${source ? ' stroke-dasharray="4 3"' : ''}/>`;
  const cx = num(x + width / 2);
  return `<g class="node ${n.kind}"><title>${escapeHtml(nodeTitle(n))}</title>${shape}<text class="node-name" x="${cx}" y="${num(y + 16)}" text-anchor="middle">${escapeHtml(shortName(n.id))}</text><text class="node-figures" x="${cx}" y="${num(y + 30)}" text-anchor="middle">${escapeHtml(nodeSubtitle(n))}</text></g>`;
}

/** Round to two significant digits, for the legend's sample rates. */
function twoDigits(x: number): number {
  if (x <= 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / scale) * scale;
}

function legendSvg(top: number, maxRate: number, reversed: boolean): string {
  const parts: string[] = [`<g class="legend" transform="translate(16,${num(top)})">`, '<text class="legend-title" x="0" y="12">requests/s (width ∝ √rate)</text>'];
  const samples = [...new Set([maxRate, maxRate / 4, maxRate / 25].map(twoDigits))].filter((r) => r > 0);
  samples.forEach((r, i) => {
    const x = i * 80;
    parts.push(`<line x1="${x}" y1="30" x2="${x + 36}" y2="30" stroke="#59636e" stroke-width="${num(strokeWidth(r, maxRate))}"/><text class="legend-label" x="${x + 42}" y="34">${escapeHtml(formatRate(r))}</text>`);
  });
  const errorsLeft = 260;
  parts.push(`<text class="legend-title" x="${errorsLeft}" y="12">error rate (edges; node borders: the service's own)</text>`);
  ERROR_CLASSES.forEach((c, i) => {
    const x = errorsLeft + i * 80;
    parts.push(`<line x1="${x}" y1="30" x2="${x + 22}" y2="30" stroke="${c.colour}" stroke-width="5"/><text class="legend-label" x="${x + 26}" y="34">${escapeHtml(c.label)}</text>`);
  });
  if (reversed) parts.push(`<line x1="0" y1="50" x2="36" y2="50" stroke="#59636e" stroke-width="2" stroke-dasharray="6 4"/><text class="legend-label" x="42" y="54">a call back to an earlier column (the call graph has a cycle)</text>`);
  parts.push('</g>');
  return parts.join('');
}

const STYLE = `<style>.node-name{font:600 12.5px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1f2328}.node-figures,.legend-label{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#59636e;font-variant-numeric:tabular-nums}.edge-label{font:10.5px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1f2328;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.legend-title{font:600 11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1f2328}</style>`;

/** The graph as one <svg> element. */
export function serviceGraphSvg(graph: ServiceGraph): string {
  const labelled = graph.edges.length <= LABELLED_EDGES;
  const widths = new Map(graph.nodes.map((n) => [n.id, Math.ceil(Math.max(84, textWidth(shortName(n.id), 12.5, true), textWidth(nodeSubtitle(n), 11, false)) + 20)]));
  const layout = layoutGraph(
    graph.nodes.map((n) => ({ id: n.id, width: widths.get(n.id)!, height: NODE_HEIGHT })),
    graph.edges,
    { ...DEFAULT_LAYOUT_OPTIONS, layerGap: labelled ? LABELLED_LAYER_GAP : DEFAULT_LAYOUT_OPTIONS.layerGap },
  );
  const maxRate = Math.max(0, ...graph.edges.map((e) => e.rate));
  const edgeByKey = new Map(graph.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
  // Busiest drawn last (on top); ties by name.
  const routed = [...layout.edges].sort((a, b) => edgeByKey.get(`${a.from}\u0000${a.to}`)!.rate - edgeByKey.get(`${b.from}\u0000${b.to}`)!.rate || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const edges = routed.map((r) => edgeSvg(edgeByKey.get(`${r.from}\u0000${r.to}`)!, r, maxRate, labelled));
  const nodes = layout.nodes.map((p, i) => nodeSvg(graph.nodes[i]!, p.x, p.y, p.width));
  const width = Math.ceil(Math.max(layout.width, LEGEND_WIDTH));
  const height = Math.ceil(layout.height + LEGEND_HEIGHT);
  const label = `Service graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="service-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">${STYLE}<g class="edges">${edges.map((e) => e.edge).join('')}</g><g class="edge-labels">${edges.map((e) => e.label).join('')}</g><g class="nodes">${nodes.join('')}</g>${legendSvg(layout.height + 4, maxRate, layout.edges.some((e) => e.reversed))}</svg>`;
}
