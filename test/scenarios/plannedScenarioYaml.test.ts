import { describe, expect, it } from 'vitest';
import { withReplicaCounts } from '../../src/experiments/planning/replicaCounts.js';
import { plannedScenarioText } from '../../src/scenarios/plannedScenarioYaml.js';
import { scenarioFrom } from '../experiments/planning/planFixtures.js';

const TEXT = `# Header comment.
apiVersion: meshsim/v1
kind: Scenario
metadata: {name: edit}
simulation: {duration: 1s, warmup: 0s, seed: 1}
zones:
  - {name: a, region: r}
  - {name: b, region: r}
services:
  - name: web          # front door
    replicas: 2
    serviceTime: 1ms
  - name: cache
    replicas: {b: 1}   # zonal
    serviceTime: 1ms
  - name: api
    replicas: 1        # every version's default
    serviceTime: 1ms
    versions:
      - {name: v1}
      - {name: v2}
traffic:
  - {name: steady, to: web, rate: 100}
  - {name: stepped, to: web, rate: [{at: 0s, rate: 10}, {at: 1s, rate: 30}]}
`;

describe('the planned scenario text', () => {
  const { scenario, file } = scenarioFrom(TEXT);
  const planned = withReplicaCounts(scenario, { web: 5, cache: 2, api: 4 });
  const text = plannedScenarioText(TEXT, { original: scenario, planned, load: 1.1, slo: ['p99<10ms'], note: 'Planned (test).' });
  const reloaded = scenarioFrom(text).scenario;

  it('loads back as the plan: same replica layout, traffic scaled, the objectives written', () => {
    expect(reloaded.services.map((s) => s.versions.map((v) => v.replicaZones))).toEqual(planned.services.map((s) => s.versions.map((v) => v.replicaZones)));
    expect(reloaded.traffic.map((t) => t.rate.map((r) => r.rate))).toEqual([[110], [11, 33]]);
    expect(reloaded.slo.map((s) => s.text)).toEqual(['p99<10ms']);
    expect(file).toBeDefined();
  });

  it('keeps the comments, writes numbers where the file had them and maps for zonal services', () => {
    expect(text).toMatch(/^# Planned \(test\)\.\n\n?# Header comment\./);
    expect(text).toContain('metadata: {name: edit}');
    expect(text).toMatch(/name: web +# front door\n +replicas: 5\n/);
    expect(text).toContain('# zonal');
    expect(text).toMatch(/replicas: \{b: 2\}/);
    // The service-level default gave way to each version's own count.
    expect(text).toMatch(/name: v1, replicas: 2/);
    expect(text).not.toContain("every version's default");
  });
});
