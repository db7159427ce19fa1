import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/experiments/runScenario.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';

const FIXTURES = 'test/fixtures/proxy';

async function run(file: string, edit: (s: Scenario) => Scenario = (s) => s) {
  const { scenario } = loadScenario(file);
  return (await runScenario(edit(scenario), { workers: 1 })).results;
}

describe('a crashed replica', () => {
  // The crash at 5 s falls in the measured window [1 s, 21 s); the endpoint stays published
  // for 2 s (crashedEndpointRemoval), i.e. for a tenth of the window.
  const neverRemoved = (s: Scenario): Scenario => ({ ...s, controlPlane: { ...s.controlPlane, crashedEndpointRemoval: Number.POSITIVE_INFINITY } });
  const direct = (s: Scenario): Scenario => ({ ...s, dataPlane: 'none' });

  it("under a sidecar mesh is a connect failure that Istio's default retry policy retries on the other replica", async () => {
    const r = await run(`${FIXTURES}/crash-retried.yaml`);
    const edge = r.edges.find((e) => e.from === 'users' && e.to === 'backend');
    expect(r.services.backend?.retries).toBeGreaterThan(0);
    expect(edge?.attempts).toBe(r.endToEnd.requests + (r.services.backend?.retries ?? 0));
    expect(r.endToEnd.availability).toBeGreaterThan(0.99);
    expect(Object.keys(r.endToEnd.failures)).toEqual(r.endToEnd.failed > 0 ? ['UF,URX'] : []);
  });

  it('retries stop once the control plane removes the endpoint; if it never did, they would not', async () => {
    const removed = await run(`${FIXTURES}/crash-retried.yaml`);
    const kept = await run(`${FIXTURES}/crash-retried.yaml`, neverRemoved);
    // LEAST_REQUEST (Istio's default) favours the dead replica — it never has requests in
    // flight — so while it is published most first picks land there.
    expect(kept.services.backend?.retries).toBeGreaterThan(0.5 * kept.endToEnd.requests * 0.8);
    expect(removed.services.backend?.retries).toBeLessThan(0.15 * removed.endToEnd.requests);
  });

  it('without a data plane the calls that pick it fail until its endpoint is removed', async () => {
    const r = await run(`${FIXTURES}/crash-retried.yaml`, direct);
    // Half the calls of the 2 s (a tenth of the window) before removal: 5%, binomial band at 99.9%.
    const n = r.endToEnd.requests;
    expect(Math.abs(1 - (r.endToEnd.availability ?? NaN) - 0.05)).toBeLessThanOrEqual(3.29 * Math.sqrt((0.05 * 0.95) / n));
    expect(r.endToEnd.failures['connect failure']).toBe(r.endToEnd.failed);
    const never = await run(`${FIXTURES}/crash-retried.yaml`, (s) => neverRemoved(direct(s)));
    expect(never.endToEnd.availability).toBeLessThan(0.6);
  });
});

describe('callers that give up (route timeout)', () => {
  const withCancellation = (on: boolean) => (s: Scenario): Scenario => ({
    ...s,
    services: s.services.map((svc) => ({ ...svc, versions: svc.versions.map((v) => ({ ...v, cancellation: on })) })),
  });

  it('without cancellation the app still does all the work: utilization stays ρ = 0.8', async () => {
    const r = await run(`${FIXTURES}/cancellation.yaml`, withCancellation(false));
    expect(r.endToEnd.failures.UT).toBeGreaterThan(0.5 * r.endToEnd.requests);
    expect(Math.abs((r.services.server?.utilization ?? 0) - 0.8)).toBeLessThan(0.04);
    expect(r.services.server?.failures.cancelled).toBeUndefined();
  });

  it('with cancellation: true the app stops work for callers that left, so it is less busy and answers more in time', async () => {
    const off = await run(`${FIXTURES}/cancellation.yaml`, withCancellation(false));
    const on = await run(`${FIXTURES}/cancellation.yaml`, withCancellation(true));
    expect(on.services.server?.utilization ?? 1).toBeLessThan((off.services.server?.utilization ?? 0) - 0.1);
    expect(on.services.server?.failures.cancelled).toBeGreaterThan(0);
    expect(on.endToEnd.availability).toBeGreaterThan(off.endToEnd.availability ?? 1);
  });
});
