import { describe, expect, it } from 'vitest';
import { SPAN_KIND, type SpanData, type TraceData } from '../../src/models/tracing/traceData.js';
import { addCriticalPath, criticalPathSummary, renderCriticalPath } from '../../src/report/criticalPath.js';

function span(id: number, parent: number, component: string, start: number, end: number): SpanData {
  return { id, parent, name: component, kind: SPAN_KIND.internal, service: component, component, start, end, error: false, attributes: {} };
}

function trace(n: number, spans: SpanData[]): TraceData {
  return { traceId: n.toString(16).padStart(32, '0'), replication: 0, spans };
}

function path(t: TraceData): Record<string, number> {
  const m = new Map<string, number>();
  addCriticalPath(t, m);
  return Object.fromEntries([...m].map(([k, v]) => [k, Math.round(v * 1e9) / 1e9]));
}

describe('critical path of one trace', () => {
  it('charges a parent the time its children leave uncovered, and each child its own', () => {
    // root 0–10 calls a (1–4) then b (5–9); b calls c (6–8).
    const t = trace(1, [span(0, -1, 'root', 0, 10), span(1, 0, 'a', 1, 4), span(2, 0, 'b', 5, 9), span(3, 2, 'c', 6, 8)]);
    expect(path(t)).toEqual({ root: 1 + 1 + 1, a: 3, b: 1 + 1, c: 2 });
  });

  it('of parallel children only the one that finishes last is on the path, the other only before it began', () => {
    // root 0–10 calls x (1–9) and y (2–5) at once: x covers 1–9; y is hidden behind x.
    const t = trace(2, [span(0, -1, 'root', 0, 10), span(1, 0, 'x', 1, 9), span(2, 0, 'y', 2, 5)]);
    expect(path(t)).toEqual({ root: 2, x: 8 });
    // Overlapping: y (0.5–3) began before x (1–9): after x, y counts from its start to x's start.
    const u = trace(3, [span(0, -1, 'root', 0, 10), span(1, 0, 'x', 1, 9), span(2, 0, 'y', 0.5, 3)]);
    expect(path(u)).toEqual({ root: 1.5, x: 8, y: 0.5 });
  });

  it('clamps a child that outlives its parent (an abandoned attempt) to the parent', () => {
    const t = trace(4, [span(0, -1, 'root', 0, 4), span(1, 0, 'late', 1, 7)]);
    expect(path(t)).toEqual({ root: 1, late: 3 });
  });
});

describe('critical-path summary', () => {
  it('takes the sampled requests at or above their p99 and gives shares that add up to 1', () => {
    // 100 fast requests (root 1 s, all app) and 2 slow ones (root 10 s, 8 s of it in a proxy).
    const traces = [
      ...Array.from({ length: 100 }, (_, i) => trace(10 + i, [span(0, -1, 'app', 0, 1)])),
      trace(200, [span(0, -1, 'app', 0, 10), span(1, 0, 'proxy', 1, 9)]),
      trace(201, [span(0, -1, 'app', 0, 10), span(1, 0, 'proxy', 1, 9)]),
    ];
    const s = criticalPathSummary(traces);
    expect(s).toBeDefined();
    expect(s!.sampled).toBe(102);
    // p99 by nearest rank of 102 values is the 101st: 10 s; both slow requests are at it.
    expect(s!.thresholdSeconds).toBe(10);
    expect(s!.requests).toBe(2);
    expect(s!.shares.map((x) => x.component)).toEqual(['proxy', 'app']);
    expect(s!.shares[0]!.share).toBeCloseTo(0.8, 12);
    expect(s!.shares.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 12);
    const text = renderCriticalPath(s!);
    expect(text).toMatch(/^Critical path of the 2 slowest of 102 traced requests/);
    expect(text).toMatch(/proxy\s+80\.0%\s+8000\.000 ms\/request/);
  });

  it('is undefined when nothing was sampled', () => {
    expect(criticalPathSummary([])).toBeUndefined();
  });
});
