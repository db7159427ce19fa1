import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/experiments/runScenario.js';
import type { IstioResource } from '../../../src/policy/manifest.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';

/** The scenario with the DestinationRule's maxRequestsPerConnection set to `cap` (undefined: no DestinationRule). */
async function meanLatency(cap: number | undefined): Promise<number> {
  const { scenario } = loadScenario('test/fixtures/proxy/requests-per-connection.yaml');
  const istio: IstioResource[] = cap === undefined
    ? []
    : scenario.istio.map((r) => ({ ...r, spec: { host: 'server', trafficPolicy: { connectionPool: { http: { maxRequestsPerConnection: cap } } } } }));
  const s: Scenario = { ...scenario, istio };
  return (await runScenario(s, { workers: 1 })).results.endToEnd.latency.mean;
}

describe('maxRequestsPerConnection (DestinationRule connectionPool.http)', () => {
  it('every k-th request opens a new connection: it pays a round trip and the 10 ms mTLS setup', async () => {
    const reused = await meanLatency(undefined);
    // A new connection costs a TCP round trip (2 × 0.1 ms) and the handshake (10 ms).
    const setup = 0.0102;
    for (const cap of [1, 2, 4]) {
      const extra = (await meanLatency(cap)) - reused;
      console.log(`maxRequestsPerConnection ${cap}: +${(extra * 1000).toFixed(3)} ms per request`);
      // Constant arrivals and service: exactly one request in `cap` pays, up to the first connection's share.
      expect(Math.abs(extra - setup / cap)).toBeLessThanOrEqual(0.01 * setup);
    }
  });
});

describe('a pooled connection keeps the security it was opened with', () => {
  it('plaintext (DestinationRule tls DISABLE) carries no principal, on new and reused connections alike', async () => {
    const { scenario } = loadScenario('test/fixtures/proxy/plaintext-authz.yaml');
    const r = (await runScenario(scenario, { workers: 1 })).results;
    expect(r.endToEnd.requests).toBeGreaterThan(900);
    expect(r.endToEnd.failures['RBAC: access denied']).toBe(r.endToEnd.requests);
  });
});
