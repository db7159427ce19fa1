import type { Results } from '../../src/report/results.js';

const latency = (p99: number) => ({ mean: p99 / 2, p50: p99 / 2, p90: p99, p99, p999: p99, max: p99 });

/** The fields of a results file the graph reads: `duration` s × `replications`, services and edges. */
export function resultsFor(edges: Array<[string, string, number, number?]>, services: string[], duration = 10, replications = 2): Results {
  return {
    duration,
    replications,
    services: Object.fromEntries(services.map((s) => [s, { requests: 1000, failed: 10, availability: 0.99, latency: latency(0.02) }])),
    edges: edges.map(([from, to, requests, failed = 0]) => ({ from, to, requests, failed, attempts: requests, crossZone: 0.25, latency: latency(0.01) })),
  } as unknown as Results;
}
