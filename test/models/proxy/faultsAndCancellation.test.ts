import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/experiments/runScenario.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';

const FIXTURES = 'test/fixtures/proxy';

async function run(file: string, edit: (s: Scenario) => Scenario = (s) => s) {
  const { scenario } = loadScenario(file);
  return (await runScenario(edit(scenario), { workers: 1 })).results;
}

describe('a crashed replica under a sidecar mesh', () => {
  it("is a connect failure that Istio's default retry policy retries on the other replica", async () => {
    const r = await run(`${FIXTURES}/crash-retried.yaml`);
    const edge = r.edges.find((e) => e.from === 'users' && e.to === 'backend');
    // LEAST_REQUEST (Istio's default) favours the dead replica — it never has requests in
    // flight — so most first picks and some re-picks land there; each costs a retry, and
    // only calls whose three attempts all hit it fail (UF, retries exhausted).
    expect(r.services.backend?.retries).toBeGreaterThan(0.5 * r.endToEnd.requests);
    expect(edge?.attempts).toBe(r.endToEnd.requests + (r.services.backend?.retries ?? 0));
    expect(r.endToEnd.availability).toBeGreaterThan(0.99);
    expect(Object.keys(r.endToEnd.failures)).toEqual(r.endToEnd.failed > 0 ? ['UF,URX'] : []);
  });

  it('without a data plane the same crash fails the calls that pick it', async () => {
    const r = await run(`${FIXTURES}/crash-retried.yaml`, (s) => ({ ...s, dataPlane: 'none' }));
    expect(r.endToEnd.availability).toBeLessThan(0.6);
    expect(r.endToEnd.failures['connect failure']).toBe(r.endToEnd.failed);
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
    expect(on.endToEnd.availability).toBeGreaterThan(off.endToEnd.availability);
  });
});
