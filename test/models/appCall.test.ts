/**
 * An app's own client timeout and retries on a call step (issue 18): the app's timer
 * races each try, a try given up on goes on in the mesh (its work and the proxy's count
 * stay), retries wait min(maxBackoff, backoff · 2^(k−1)). With constant service times,
 * no network delay and constant arrivals every request's timeline is known exactly, so
 * the latencies below are closed forms, not estimates.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMesh } from '../../src/models/meshSimulation.js';
import type { MeshMetrics } from '../../src/models/metrics/meshMetrics.js';
import type { Results } from '../../src/report/results.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-app-call-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function write(text: string): string {
  const file = join(dir, `scenario-${files++}.yaml`);
  writeFileSync(file, text);
  return file;
}

function run(text: string, seed = 1): MeshMetrics {
  return runMesh(loadScenario(write(text)).scenario, { seed }).metrics;
}

/**
 * `api` (no work of its own) makes one call to `slow`, which takes `calleeTime` (constant);
 * users send one request a second for 10 s. `call` is the call step's extra fields.
 */
function scenario(call: string, calleeTime: string, options: { dataPlane?: string; callee?: string; rate?: number; istio?: string } = {}): string {
  const dataPlane = options.dataPlane ?? 'none';
  return `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: app-call}
simulation: {duration: 10s, warmup: 0s, seed: 1}
dataPlane: ${dataPlane}
${dataPlane === 'none' ? '' : 'dataPlanes: {costs: none}\n'}network: {sameZone: 0ms}
services:
  - name: api
    concurrency: unlimited
    serviceTime: 0ms
    calls:
      - {service: slow${call}}
  - name: slow
    concurrency: unlimited
    serviceTime: ${calleeTime}${options.callee ?? ''}
traffic:
  - {name: users, to: api, rate: ${options.rate ?? 1}, arrivals: constant}
${options.istio ?? ''}`;
}

/** Mean latency over every answered request, failures included (s). */
function meanAll(m: MeshMetrics): number {
  return m.endToEnd.answeredLatencySum / m.endToEnd.answered;
}

describe('a call with the app’s own timeout', () => {
  it('fails at exactly the timeout when the callee takes longer, and the callee still does the work', () => {
    const m = run(scenario(', timeout: 500ms', '2s'));
    const n = m.endToEnd.requests;
    expect(n).toBe(10);
    expect(m.endToEnd.failed).toBe(n);
    expect(meanAll(m)).toBeCloseTo(0.5, 12);
    expect(Object.values(m.endToEnd.failures)).toEqual([n]); // one reason only: dependency failed
    const edge = m.edge('api', 'slow');
    expect(edge.appTimeouts).toBe(n);
    expect(edge.appRetries).toBe(0);
    // The abandoned calls ran to their end: the callee served each one in full, and the
    // transport counted each as the success it was, 2 s after it began.
    expect(edge.requests).toBe(n);
    expect(edge.failed).toBe(0);
    const callee = m.services.get('slow')!.versions.get('default')!;
    expect(callee.requests).toBe(n);
    expect(callee.failed).toBe(0);
    expect(callee.cpuSeconds).toBeCloseTo(2 * n, 9);
  });

  it('does not fire when the callee answers first', () => {
    const m = run(scenario(', timeout: 500ms', '200ms'));
    expect(m.endToEnd.failed).toBe(0);
    expect(m.endToEnd.latency.mean).toBeCloseTo(0.2, 3);
    expect(m.edge('api', 'slow').appTimeouts).toBe(0);
  });

  it('with one retry after backoff B ends at 2T + B, with two tries of the callee each', () => {
    const m = run(scenario(', timeout: 500ms, retries: {attempts: 1, backoff: 100ms}', '2s'));
    const n = m.endToEnd.requests;
    expect(m.endToEnd.failed).toBe(n);
    expect(meanAll(m)).toBeCloseTo(2 * 0.5 + 0.1, 12);
    const edge = m.edge('api', 'slow');
    expect(edge.appTimeouts).toBe(2 * n);
    expect(edge.appRetries).toBe(n);
    expect(edge.requests).toBe(2 * n);
    expect(m.services.get('slow')!.versions.get('default')!.requests).toBe(2 * n);
  });

  it('retries failures too, waiting backoff · 2^(k−1) capped at maxBackoff', () => {
    // Every try fails after 10 ms; 3 retries wait 50, 100, then 150 ms (200 capped).
    const m = run(scenario(', retries: {attempts: 3, backoff: 50ms, maxBackoff: 150ms}', '10ms', { callee: '\n    errorRate: 1' }));
    const n = m.endToEnd.requests;
    expect(m.endToEnd.failed).toBe(n);
    expect(meanAll(m)).toBeCloseTo(4 * 0.01 + 0.05 + 0.1 + 0.15, 12);
    const edge = m.edge('api', 'slow');
    expect(edge.appRetries).toBe(3 * n);
    expect(edge.appTimeouts).toBe(0);
    expect(edge.failed).toBe(4 * n);
  });

  it('with full jitter waits a uniform draw below the backoff', () => {
    // One retry after U[0, 100 ms): the mean failure time is 2 × 10 ms + 50 ms; over n ≈ 1,000
    // requests the mean of U[0, 0.1) has standard error 0.1/√12/√n ≈ 0.00091 s: 5 of them.
    const m = run(scenario(', retries: {attempts: 1, backoff: 100ms, jitter: full}', '10ms', { callee: '\n    errorRate: 1', rate: 100 }));
    const n = m.endToEnd.requests;
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(m.endToEnd.failed).toBe(n);
    const se = 0.1 / Math.sqrt(12) / Math.sqrt(n);
    expect(Math.abs(meanAll(m) - (0.02 + 0.05))).toBeLessThan(5 * se);
    // Not the fixed wait: without jitter every request would end at 2 × 10 ms + 100 ms.
    expect(meanAll(m)).toBeLessThan(0.12 - 20 * se);
  });

  it('recovers a flaky callee: availability 1 − p³ with two retries', () => {
    // p = 0.5 per try: P(fail) = 0.125. 1,000 requests: σ = √(0.125 · 0.875 / 1000) ≈ 0.0105; 4σ.
    const m = run(scenario(', retries: {attempts: 2}', '10ms', { callee: '\n    errorRate: 0.5', rate: 100 }));
    const availability = 1 - m.endToEnd.failed / m.endToEnd.requests;
    expect(Math.abs(availability - 0.875)).toBeLessThan(4 * 0.0105);
    // Expected retries per request: p + p² = 0.75 (σ per request ≤ 0.83, so 4σ/√1000 ≈ 0.105).
    expect(Math.abs(m.edge('api', 'slow').appRetries / m.endToEnd.requests - 0.75)).toBeLessThan(0.105);
  });
});

/** A route to `slow` whose proxy retries twice with 1 s per-try timeouts (three tries ≈ 3.0x s in all). */
const PROXY_RETRIES = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: slow}
spec:
  hosts: [slow]
  http:
    - route: [{destination: {host: slow}}]
      timeout: 10s
      retries: {attempts: 2, perTryTimeout: 1s, retryOn: 5xx}
`;

describe('the app’s timeout around the proxy’s retries', () => {
  it('bounds the proxy’s whole attempt sequence: the app gives up while the proxy keeps retrying', () => {
    const m = run(scenario(', timeout: 1500ms', '2s', { dataPlane: 'sidecar', istio: PROXY_RETRIES }));
    const n = m.endToEnd.requests;
    expect(m.endToEnd.failed).toBe(n);
    expect(meanAll(m)).toBeCloseTo(1.5, 9);
    const edge = m.edge('api', 'slow');
    expect(edge.appTimeouts).toBe(n);
    // The proxy did not know: it made all three attempts, the last one after the app left.
    expect(edge.attempts).toBe(3 * n);
    expect(edge.failed).toBe(n);
  });

  it('is not reached when the proxy gives up first: the proxy’s 504 is the answer', () => {
    const m = run(scenario(', timeout: 5s', '2s', { dataPlane: 'sidecar', istio: PROXY_RETRIES }));
    const n = m.endToEnd.requests;
    expect(m.endToEnd.failed).toBe(n);
    expect(m.edge('api', 'slow').appTimeouts).toBe(0);
    // Three 1 s tries and two backoffs of under 25 and 50 ms (Envoy's defaults).
    expect(meanAll(m)).toBeGreaterThanOrEqual(3);
    expect(meanAll(m)).toBeLessThan(3 + 0.025 + 0.05);
  });
});

describe('an app that stops when its own caller gives up (`cancellation: true`)', () => {
  // users → api has a 500 ms route timeout; api tries slow (1 s) for 300 ms at a time, 3 retries.
  const routeTimeout = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api}
spec:
  hosts: [api]
  http:
    - route: [{destination: {host: api}}]
      timeout: 500ms
`;
  const call = ', timeout: 300ms, retries: {attempts: 3}';

  it('keeps trying until its retries run out when it does not stop', () => {
    const m = run(scenario(call, '1s', { dataPlane: 'sidecar', istio: routeTimeout }));
    const n = m.endToEnd.requests;
    // Tries at 0, 0.3, 0.6 and 0.9 s, each given up on: the users' 504 at 0.5 s changes nothing.
    expect(m.edge('api', 'slow').appRetries).toBe(3 * n);
    expect(m.edge('api', 'slow').appTimeouts).toBe(4 * n);
    expect(m.services.get('slow')!.versions.get('default')!.requests).toBe(4 * n);
  });

  it('drops its pending try and makes no more when cancelled', () => {
    const m = run(scenario(call, '1s', { dataPlane: 'sidecar', istio: routeTimeout }).replace('  - name: api\n', '  - name: api\n    cancellation: true\n'));
    const n = m.endToEnd.requests;
    // Cancelled at 0.5 s, during the second try (started at 0.3 s): one timeout, one retry.
    const edge = m.edge('api', 'slow');
    expect(edge.appTimeouts).toBe(n);
    expect(edge.appRetries).toBe(n);
    expect(edge.requests).toBe(2 * n);
    // The second try was reset by api's proxy (499 DC), not answered.
    expect(edge.failed).toBe(n);
  });
});

describe('determinism', () => {
  it('gives byte-identical results with 1 and 2 workers (jittered retries, timeouts, replications)', async () => {
    const file = write(`apiVersion: meshsim/v1
kind: Scenario
metadata: {name: app-call-workers}
simulation: {duration: 5s, warmup: 1s, seed: 7, replications: 3}
dataPlane: sidecar
services:
  - name: api
    concurrency: 32
    serviceTime: {dist: exponential, mean: 2ms}
    calls:
      - {service: slow, timeout: 30ms, retries: {attempts: 2, backoff: 5ms, jitter: full}}
  - name: slow
    concurrency: 4
    serviceTime: {dist: exponential, mean: 10ms}
    errorRate: 0.1
traffic:
  - {name: users, to: api, rate: 80}
`);
    const outputs: string[] = [];
    for (const workers of ['1', '2']) {
      const { status, stdout, stderr } = await cli('run', file, '--json', '-', '--workers', workers);
      expect(stderr).toBe('');
      expect(status).toBe(0);
      const results = JSON.parse(stdout) as Omit<Results, 'run'> & { run?: unknown };
      const edge = results.edges.find((e) => e.from === 'api' && e.to === 'slow')!;
      // The scenario does exercise both: tries given up on and retries.
      expect(edge.appTimeouts).toBeGreaterThan(0);
      expect(edge.appRetries).toBeGreaterThan(edge.appTimeouts);
      delete results.run;
      outputs.push(JSON.stringify(results));
    }
    expect(outputs[1]).toBe(outputs[0]);
  }, 60_000);
});
