import { describe, expect, it } from 'vitest';
import { POLICY_ONLY, scenarioForPlane } from '../../src/scenarios/comparedPlane.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

describe('scenarioForPlane', () => {
  const withIstio = loadScenario('scenarios/bookinfo-istio.yaml').scenario;

  it('is a sidecar mesh whose every proxy costs nothing', () => {
    const s = scenarioForPlane(withIstio, POLICY_ONLY);
    expect(s.dataPlane).toBe('sidecar');
    expect(s.istio).toBe(withIstio.istio);
    for (const kind of ['sidecar', 'ztunnel', 'waypoint', 'nodeEnvoy', 'kernel'] as const) {
      const c = s.dataPlanes[kind];
      expect([c.cpuPerKiB, c.offPathCpu, c.passLatency, c.handshakeCpu, c.memory]).toEqual([0, 0, 0, 0, 0]);
      expect(c.passCpu).toEqual({ dist: 'constant', value: 0 });
    }
    // The scenario itself is untouched.
    expect(withIstio.dataPlanes.sidecar.memory).toBeGreaterThan(0);
  });

  it('a data plane is the scenario with that dataPlane, its proxy costs untouched', () => {
    const s = scenarioForPlane(withIstio, 'ambient');
    expect(s.dataPlane).toBe('ambient');
    expect(s.dataPlanes).toBe(withIstio.dataPlanes);
  });
});
