/**
 * Where the slowest sampled requests spend their time: the critical path of each
 * sampled request at or above the sampled requests' p99 latency, cut into the self time
 * of the spans on it, and summed by component (a service's app, one service's sidecar,
 * a node proxy, a waypoint, the network).
 *
 * The critical path is Jaeger's: from the end of a span walk back in time; the child
 * that finished last (clamped to the cursor) is on the path for its length, the time no
 * child covers is the span's own, and the walk continues from where that child began.
 * Every instant of a request's latency is charged to exactly one span, so the shares
 * add up to the whole.
 */
import type { SpanData, TraceData } from '../models/tracing/traceData.js';

export interface CriticalPathShare {
  readonly component: string;
  /** Self seconds on the critical paths of the selected requests, summed. */
  readonly seconds: number;
  /** Of all their latency, in [0, 1]. */
  readonly share: number;
}

export interface CriticalPathSummary {
  /** Sampled requests looked at (those at or above the threshold). */
  readonly requests: number;
  /** Sampled requests in all. */
  readonly sampled: number;
  /** The sampled requests' p99 latency (nearest rank), seconds. */
  readonly thresholdSeconds: number;
  /** Largest first (ties by name). */
  readonly shares: readonly CriticalPathShare[];
}

function rootOf(t: TraceData): SpanData | undefined {
  return t.spans.find((s) => s.parent < 0);
}

function duration(s: SpanData): number {
  return Math.max(0, s.end - s.start);
}

/** Self time on the critical path of one trace, added into `into` by component. */
export function addCriticalPath(trace: TraceData, into: Map<string, number>): void {
  const children = new Map<number, SpanData[]>();
  for (const s of trace.spans) {
    if (s.parent < 0) continue;
    let list = children.get(s.parent);
    if (list === undefined) {
      list = [];
      children.set(s.parent, list);
    }
    list.push(s);
  }
  const root = rootOf(trace);
  if (root === undefined) return;
  const charge = (component: string, seconds: number): void => {
    if (seconds > 0) into.set(component, (into.get(component) ?? 0) + seconds);
  };
  // Explicit stack instead of recursion: a deep call graph must not grow the JS stack.
  const stack: Array<{ span: SpanData; until: number; from: number }> = [{ span: root, until: root.end, from: root.start }];
  while (stack.length > 0) {
    const { span, until, from } = stack.pop() as { span: SpanData; until: number; from: number };
    let cursor = Math.min(span.end, until);
    const begin = Math.max(span.start, from);
    const kids = [...(children.get(span.id) ?? [])].sort((a, b) => b.end - a.end || a.id - b.id);
    for (const kid of kids) {
      if (cursor <= begin) break;
      if (kid.start >= cursor) continue;
      const kidEnd = Math.min(kid.end, cursor);
      const kidStart = Math.max(kid.start, begin);
      if (kidEnd <= kidStart) continue;
      charge(span.component, cursor - kidEnd);
      stack.push({ span: kid, until: kidEnd, from: kidStart });
      cursor = kidStart;
    }
    charge(span.component, cursor - begin);
  }
}

/** The nearest-rank p-th percentile (0–100) of `values` (not empty). */
function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** The summary over the sampled requests at or above their p99; undefined when nothing was sampled. */
export function criticalPathSummary(traces: readonly TraceData[], percentile = 99): CriticalPathSummary | undefined {
  const timed = traces.map((t) => ({ t, root: rootOf(t) })).filter((x): x is { t: TraceData; root: SpanData } => x.root !== undefined);
  if (timed.length === 0) return undefined;
  const threshold = nearestRank(timed.map((x) => duration(x.root)), percentile);
  const slow = timed.filter((x) => duration(x.root) >= threshold);
  const bySelf = new Map<string, number>();
  for (const x of slow) addCriticalPath(x.t, bySelf);
  let total = 0;
  for (const v of bySelf.values()) total += v;
  const shares = [...bySelf]
    .map(([component, seconds]) => ({ component, seconds, share: total > 0 ? seconds / total : 0 }))
    .sort((a, b) => b.seconds - a.seconds || (a.component < b.component ? -1 : a.component > b.component ? 1 : 0));
  return { requests: slow.length, sampled: timed.length, thresholdSeconds: threshold, shares };
}

/** The console's lines: one per component, its share and mean milliseconds per request. */
export function renderCriticalPath(s: CriticalPathSummary): string {
  const head = `Critical path of the ${s.requests} slowest of ${s.sampled} traced requests (at or above their p99, ${(s.thresholdSeconds * 1e3).toFixed(2)} ms):\n`;
  const width = Math.max(9, ...s.shares.map((x) => x.component.length));
  const lines = s.shares.map((x) => `  ${x.component.padEnd(width)}  ${(x.share * 100).toFixed(1).padStart(5)}%  ${((x.seconds / s.requests) * 1e3).toFixed(3).padStart(9)} ms/request`);
  return head + `  ${'component'.padEnd(width)}  ${'share'.padStart(6)}  ${'self time'.padStart(12)}\n` + lines.join('\n') + '\n';
}
