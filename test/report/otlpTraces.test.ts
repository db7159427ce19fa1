/**
 * Must show (issue 13): the OTLP/JSON of a traced run is well formed — ids of the right
 * width, every parent in the same trace, end ≥ start — and has exactly the spans the
 * call graph of each sampled request implies (bookinfo with sidecars).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiments/runScenario.js';
import type { TraceData } from '../../src/models/tracing/traceData.js';
import { otlpTraceRequest, spanIdOf, TRACE_EPOCH_UNIX_SECONDS, unixNanos, type OtlpExportTraceServiceRequest, type OtlpSpan } from '../../src/report/otlpTraces.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import type { CallStepSpec, Scenario } from '../../src/scenarios/scenario.js';

const SCENARIO = join(import.meta.dirname, '../../scenarios/bookinfo-istio.yaml');

/**
 * Spans of one successful call under the sidecar data plane, with one attempt: the
 * caller's span, the caller sidecar's outbound span and its two passes, the attempt,
 * the replica's server span and its sidecar's two inbound passes.
 */
const SPANS_PER_SIDECAR_CALL = 8;

let scenario: Scenario;
let traces: TraceData[];
let body: OtlpExportTraceServiceRequest;
let spans: OtlpSpan[];

beforeAll(async () => {
  scenario = loadScenario(SCENARIO, { duration: 3, warmup: 1, replications: 2 }).scenario;
  const outcome = await runScenario(scenario, { tracing: { sample: 0.05, maxSpans: 1e6 } });
  traces = outcome.traces?.traces ?? [];
  body = JSON.parse(JSON.stringify(otlpTraceRequest(traces, { dataPlane: 'sidecar', scenario: scenario.name, meshsimVersion: 'test' }))) as OtlpExportTraceServiceRequest;
  spans = body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
});

function attr(s: OtlpSpan, key: string): string | undefined {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.intValue;
}

function callsOf(version: { calls: ReadonlyArray<CallStepSpec> }): string[] {
  return version.calls.flatMap((step) => (step.kind === 'call' ? [step] : step.calls)).flatMap((c) => Array<string>(c.count).fill(c.service));
}

describe('OTLP/JSON of a traced bookinfo run (sidecar)', () => {
  it('samples requests from both replications', () => {
    // ~200 requests/s × 3 s × 2 replications × 5%: about 60.
    expect(traces.length).toBeGreaterThan(20);
    expect(new Set(traces.map((t) => t.replication))).toEqual(new Set([0, 1]));
  });

  it('has the ExportTraceServiceRequest shape: resources with service.name, one scope each', () => {
    expect(body.resourceSpans.length).toBeGreaterThan(5);
    for (const r of body.resourceSpans) {
      expect(r.resource.attributes[0]?.key).toBe('service.name');
      expect(r.resource.attributes[0]?.value.stringValue).toMatch(/\S/);
      expect(r.scopeSpans).toHaveLength(1);
      expect(r.scopeSpans[0]?.scope.name).toBe('meshsim');
    }
    const names = body.resourceSpans.map((r) => r.resource.attributes[0]?.value.stringValue);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['users', 'productpage', 'reviews', 'details', 'ratings']));
    expect(names.some((n) => n?.startsWith('sidecar productpage#'))).toBe(true);
  });

  it('ids have the right width and are never zero; span ids are unique within a trace', () => {
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.traceId).not.toMatch(/^0+$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(s.spanId).not.toMatch(/^0+$/);
      if (s.parentSpanId !== undefined) expect(s.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    }
    const byTrace = new Map<string, string[]>();
    for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s.spanId]);
    expect(byTrace.size).toBe(traces.length);
    for (const ids of byTrace.values()) expect(new Set(ids).size).toBe(ids.length);
  });

  it('every parentSpanId is a span of the same trace, and each trace has one root', () => {
    const ids = new Set(spans.map((s) => `${s.traceId}/${s.spanId}`));
    const roots = new Map<string, number>();
    for (const s of spans) {
      if (s.parentSpanId === undefined) roots.set(s.traceId, (roots.get(s.traceId) ?? 0) + 1);
      else expect(ids.has(`${s.traceId}/${s.parentSpanId}`), `${s.name} in ${s.traceId}`).toBe(true);
    }
    expect([...roots.values()].every((n) => n === 1)).toBe(true);
    expect(roots.size).toBe(traces.length);
  });

  it('times are decimal unix nanoseconds from the fixed epoch, end ≥ start, children inside their trace root', () => {
    const end = BigInt(unixNanos(scenario.simulation.warmup + scenario.simulation.duration + 60));
    for (const s of spans) {
      expect(s.startTimeUnixNano).toMatch(/^\d+$/);
      expect(s.endTimeUnixNano).toMatch(/^\d+$/);
      const start = BigInt(s.startTimeUnixNano);
      expect(BigInt(s.endTimeUnixNano) >= start, s.name).toBe(true);
      // Measured requests begin after the warm-up: no span starts before it.
      expect(start >= BigInt(TRACE_EPOCH_UNIX_SECONDS + scenario.simulation.warmup) * 1_000_000_000n).toBe(true);
      expect(start < end).toBe(true);
    }
  });

  it('kinds are the OTLP enum integers: the root and attempts CLIENT, replicas SERVER, proxies INTERNAL', () => {
    for (const s of spans) {
      expect([1, 2, 3]).toContain(s.kind);
      if (s.parentSpanId === undefined) expect(s.kind).toBe(3);
      if (s.name.endsWith(' server')) expect(s.kind).toBe(2);
      if (s.name.startsWith('sidecar ')) expect(s.kind).toBe(1);
      if (s.name.startsWith('attempt ')) expect(attr(s, 'meshsim.attempt')).toBe('1');
    }
    for (const s of spans) for (const a of s.attributes) expect(Object.keys(a.value)).toHaveLength(1);
  });

  it('span counts match the call graph of each sampled request', () => {
    const byTrace = new Map<string, OtlpSpan[]>();
    for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
    const versions = new Map<string, { calls: ReadonlyArray<CallStepSpec> }>(scenario.services.flatMap((svc) => svc.versions.map((v) => [`${svc.name}/${v.name}`, v] as const)));
    let withRatings = 0;
    for (const [traceId, list] of byTrace) {
      // Every call succeeded on its first attempt (no failures at this load), so the graph is the scenario's.
      expect(list.filter((s) => s.name.startsWith('attempt ')).every((s) => attr(s, 'http.response.status_code') === '200')).toBe(true);
      // Calls the request made: one for the user, then each replica's calls as its version declares them.
      const servers = list.filter((s) => s.kind === 2);
      let calls = 1;
      for (const server of servers) {
        const version = versions.get(`${attr(server, 'meshsim.replica')?.split('#')[0]}`);
        expect(version, attr(server, 'meshsim.replica')).toBeDefined();
        const declared = callsOf(version!);
        calls += declared.length;
        if (declared.includes('ratings')) withRatings++;
        // The calls under this server span are exactly those its version declares.
        const under = list.filter((s) => s.parentSpanId === server.spanId && s.kind === 3).map((s) => attr(s, 'peer.service'));
        expect(under.sort(), traceId).toEqual([...declared].sort());
      }
      expect(servers).toHaveLength(calls);
      expect(list, traceId).toHaveLength(calls * SPANS_PER_SIDECAR_CALL);
    }
    // Both shapes occurred: reviews v1 (3 calls) and v2 (4 calls, with ratings).
    expect(withRatings).toBeGreaterThan(0);
    expect(withRatings).toBeLessThan(byTrace.size);
  });

  it('span ids derive from the trace sequence and the span index', () => {
    expect(spanIdOf('0000000a0000000200000000000000ff', 0)).toBe('000000ff00000001');
    expect(unixNanos(0)).toBe(`${TRACE_EPOCH_UNIX_SECONDS}000000000`);
    expect(unixNanos(1.5)).toBe(`${TRACE_EPOCH_UNIX_SECONDS + 1}500000000`);
  });
});
