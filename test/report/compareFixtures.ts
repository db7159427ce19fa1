import type { LatencySummary, Results } from '../../src/report/results.js';

/** A latency summary scaled from p50 (seconds), for hand-made results. */
export function latency(p50: number, p99 = p50 * 3): LatencySummary {
  return { mean: p50 * 1.1, p50, p90: p50 * 2, p99, p999: p99 * 1.5, max: p99 * 2 };
}

/** Minimal results of one data plane: two edges, a cost block. */
export function fakeResults(
  dataPlane: string,
  o: { p50: number; p99: number; availability?: number; edgeP50?: number; meshVcpu?: number; meshMemoryGiB?: number; usd?: number; edges?: boolean },
): Results {
  const edge = (from: string, to: string, p50: number) => ({
    from, to, requests: 100, attempts: 100, failed: 0, availability: 1, crossZone: 0, mirrored: 0, appTimeouts: 0, appRetries: 0, latency: latency(p50), failures: {}, failuresByCause: {}, failuresByPolicy: {},
  });
  return {
    schema: 'meshsim.results/v1',
    scenario: 'fake',
    seed: 4,
    replications: 1,
    duration: 10,
    warmup: 1,
    dataPlane,
    endToEnd: {
      requests: 100, succeeded: 100, failed: 0, availability: o.availability ?? 1, latency: latency(o.p50, o.p99), failures: {}, failuresByCause: {}, failuresByPolicy: {}, rate: 10, concurrency: 0.1,
    },
    services: {},
    edges: o.edges === false ? [] : [edge('a', 'b', o.edgeP50 ?? 0.002), edge('users', 'a', o.p50)],
    cost: { vcpu: 1 + (o.meshVcpu ?? 0), meshVcpu: o.meshVcpu ?? 0, memoryGiB: 2 + (o.meshMemoryGiB ?? 0), meshMemoryGiB: o.meshMemoryGiB ?? 0, crossZoneGiB: 0, usdPerMonth: o.usd ?? 20, proxies: {} },
    provenance: { meshsim: '0.0.0-test', scenarioSha256: '0'.repeat(64) },
    run: { wallSeconds: 0.1, events: 1000 },
  };
}
