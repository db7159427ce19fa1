/**
 * Zero-time chains (issue 18): a service that calls itself with probability 0.999,
 * with no service time and no network delay, makes chains about a thousand calls deep
 * whose responses all complete at one instant. However deep the chain, the JavaScript
 * stack must stay shallow: the simulator defers a completion to an event at the same
 * time once a few levels are open (Simulator.callNested), so the depth reached does
 * not depend on the input. Measured as stack frames where an edge records a response.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { EdgeMetrics } from '../../src/models/metrics/meshMetrics.js';
import type { Results } from '../../src/report/results.js';
import { MAX_NESTED_CALLS } from '../../src/sim/simulator.js';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-zero-time-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function selfCall(dataPlane: string, client = ''): string {
  return `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: self-call}
simulation: {duration: 2s, warmup: 0s, seed: 1}
dataPlane: ${dataPlane}
${dataPlane === 'none' ? '' : 'dataPlanes: {costs: none}\n'}network: {sameZone: 0ms}
services:
  - name: loop
    concurrency: unlimited
    serviceTime: 0ms
    calls:
      - {service: loop, probability: 0.999${client}}
traffic:
  - {name: users, to: loop, rate: 10}
`;
}

/** The deepest JavaScript stack (in frames) seen when an edge records a response. */
function deepestRecord(): () => number {
  const original = EdgeMetrics.prototype.record;
  let deepest = 0;
  vi.spyOn(EdgeMetrics.prototype, 'record').mockImplementation(function (this: EdgeMetrics, ...args) {
    // The frames counted, not formatted (formatting a deep stack on every record is slow).
    const { stackTraceLimit, prepareStackTrace } = Error;
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    Error.prepareStackTrace = (_error, callSites) => callSites.length;
    const frames = new Error().stack as unknown as number;
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    if (frames > deepest) deepest = frames;
    original.apply(this, args);
  });
  return () => deepest;
}

describe('a self-call with probability 0.999, zero service time and zero delay', () => {
  it.each(['none', 'sidecar', 'ambient', 'ebpf'])('runs under %s with a stack whose depth does not follow the chain', async (dataPlane) => {
    const deepest = deepestRecord();
    const path = join(dir, `${dataPlane}.yaml`);
    writeFileSync(path, selfCall(dataPlane));
    const { status, stdout, stderr } = await cli('run', path, '--json', '-', '--workers', '1');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const results = JSON.parse(stdout) as Results;
    expect(results.endToEnd.availability).toBe(1);
    // About a thousand calls per request: the chains really are deep.
    expect(results.edges.find((e) => e.from === 'loop')?.requests).toBeGreaterThan(10 * results.endToEnd.requests);
    // A level of the direct path's response is about ten frames, and the test runner's
    // and the CLI's own frames add a few dozen. Nesting 200 levels reached over 2,000
    // frames here, enough to overflow when the simulation starts from a deeper stack
    // (or with node --stack-size=300).
    expect(deepest()).toBeLessThan(12 * MAX_NESTED_CALLS + 100);
    expect(deepest()).toBeLessThan(500);
  }, 60_000);

  // The app's own client (issue 18) answers through its try's sink: a few frames more
  // per level, still cut off by the simulator; its timers never fire in a zero-time chain.
  it.each(['none', 'sidecar'])('runs under %s with the app’s own timeout and retries on the call, the stack still shallow', async (dataPlane) => {
    const deepest = deepestRecord();
    const path = join(dir, `${dataPlane}-client.yaml`);
    writeFileSync(path, selfCall(dataPlane, ', timeout: 1s, retries: {attempts: 2}'));
    const { status, stdout, stderr } = await cli('run', path, '--json', '-', '--workers', '1');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const results = JSON.parse(stdout) as Results;
    expect(results.endToEnd.availability).toBe(1);
    const loop = results.edges.find((e) => e.from === 'loop');
    expect(loop?.requests).toBeGreaterThan(10 * results.endToEnd.requests);
    expect(loop?.appTimeouts).toBe(0);
    expect(loop?.appRetries).toBe(0);
    expect(deepest()).toBeLessThan(15 * MAX_NESTED_CALLS + 100);
  }, 60_000);
});
