/**
 * Spans → service hops: one hop per request a service served, with the calls it made.
 *
 * A hop starts at an *entry* span: a server or consumer span, a root span, or a span
 * whose parent belongs to another service (tracers that do not set span.kind). Every
 * span below it belongs to the hop until the next entry span, which is a call: its
 * interval is the caller's client span on the way (request out to response back,
 * network included) or, without one, the callee's entry span. So a service's own time
 * never includes the network or the callee, as in the scenario model, where a call
 * costs network both ways plus the callee's time.
 *
 * Partial traces are expected: a span whose parent is not in the file starts an
 * *orphan* hop (its own time counts, it is not counted as traffic); a client span with
 * no entry below it called something uninstrumented, and its time stays in the
 * caller's own time (the callee is not in the scenario).
 */
import type { Span } from './traceFormats.js';

export interface Call {
  readonly service: string;
  /** Seconds, on the file's clock. */
  readonly start: number;
  readonly end: number;
}

export interface Hop {
  readonly service: string;
  readonly start: number;
  readonly end: number;
  /** Sorted by start, then end. */
  readonly calls: Call[];
  /** A root of its trace: a request from outside (traffic). */
  readonly root: boolean;
  /** Its parent span is missing from the file. */
  readonly orphan: boolean;
  /** For a root: the client that sent it, when the root is a client span of an instrumented caller. */
  readonly source: string | undefined;
}

export interface HopSet {
  readonly hops: Hop[];
  /** Client spans without an instrumented callee, by caller service. */
  readonly uninstrumentedCalls: Map<string, number>;
  /** Spans whose parent is missing from the file. */
  readonly orphans: number;
  /** Spans whose parent links form a loop (ignored). */
  readonly cyclic: number;
}

const isEntryKind = (s: Span) => s.kind === 'server' || s.kind === 'consumer';
const isClientKind = (s: Span) => s.kind === 'client' || s.kind === 'producer';

/** Groups `spans` into hops. Deterministic: spans are visited in a fixed order. */
export function serviceHops(spans: ReadonlyArray<Span>): HopSet {
  const byId = new Map<string, Span>();
  for (const s of spans) byId.set(`${s.traceId}/${s.spanId}`, s);
  const children = new Map<Span, Span[]>();
  const tops: Span[] = [];
  let orphans = 0;
  const orphanSet = new Set<Span>();
  for (const s of spans) {
    const parent = s.parentId === undefined ? undefined : byId.get(`${s.traceId}/${s.parentId}`);
    if (parent === undefined || parent === s) {
      if (s.parentId !== undefined) {
        orphans++;
        orphanSet.add(s);
      }
      tops.push(s);
      continue;
    }
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [s]);
    else list.push(s);
  }
  for (const list of children.values()) list.sort(byStart);

  const hops: Hop[] = [];
  const uninstrumentedCalls = new Map<string, number>();
  const visited = new Set<Span>();

  /** The calls below `span` within the hop of `owner`; entries found are queued as hops. */
  const collectCalls = (span: Span, owner: string, clientAbove: Span | undefined, calls: Call[], pending: Span[]): boolean => {
    let reachedEntry = false;
    for (const child of children.get(span) ?? []) {
      if (visited.has(child)) continue;
      visited.add(child);
      if (isEntryKind(child) || child.service !== owner) {
        const outer = clientAbove ?? child;
        calls.push({ service: child.service, start: outer.start, end: outer.end });
        pending.push(child);
        reachedEntry = true;
        continue;
      }
      const client = clientAbove ?? (isClientKind(child) ? child : undefined);
      const below = collectCalls(child, owner, client, calls, pending);
      if (isClientKind(child) && clientAbove === undefined && !below) uninstrumentedCalls.set(owner, (uninstrumentedCalls.get(owner) ?? 0) + 1);
      reachedEntry ||= below;
    }
    return reachedEntry;
  };

  const topSet = new Set(tops);
  const pending: Span[] = [...tops].sort(byStart);
  for (const t of pending) visited.add(t);
  for (let i = 0; i < pending.length; i++) {
    const entry = pending[i] as Span;
    const calls: Call[] = [];
    const isTop = topSet.has(entry);
    // A root client span is a caller outside the mesh (a load generator): its calls are traffic, not a service.
    if (isTop && isClientKind(entry) && !orphanSet.has(entry)) {
      const sub: Span[] = [];
      collectCalls(entry, entry.service, entry, calls, sub);
      for (const s of sub) hops.push(...hopTree(s, entry.service));
      continue;
    }
    collectCalls(entry, entry.service, undefined, calls, pending);
    calls.sort(byStart);
    hops.push({ service: entry.service, start: entry.start, end: entry.end, calls, root: isTop && !orphanSet.has(entry), orphan: orphanSet.has(entry), source: undefined });
  }
  const cyclic = spans.length - visited.size;
  return { hops, uninstrumentedCalls, orphans, cyclic };

  /** The hop at `entry` (a root request from `source`) and every hop below it. */
  function hopTree(entry: Span, source: string): Hop[] {
    const out: Hop[] = [];
    const queue = [entry];
    for (let i = 0; i < queue.length; i++) {
      const e = queue[i] as Span;
      const calls: Call[] = [];
      collectCalls(e, e.service, undefined, calls, queue);
      calls.sort(byStart);
      out.push({ service: e.service, start: e.start, end: e.end, calls, root: i === 0, orphan: false, source: i === 0 ? source : undefined });
    }
    return out;
  }
}

function byStart(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.start - b.start || a.end - b.end;
}
