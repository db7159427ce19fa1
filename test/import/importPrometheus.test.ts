import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPrometheus } from '../../src/import/importPrometheus.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { cli } from '../cliHarness.js';

const SNAPSHOT = 'test/fixtures/import/istio-metrics.prom';
const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-prom-'));

function importAndLoad(file: string, window?: number) {
  const dir = tmp();
  const out = join(dir, 'out.yaml');
  const outcome = importPrometheus(file, { outFile: out, ...(window !== undefined && { window }) });
  writeFileSync(out, outcome.text);
  return { outcome, scenario: loadScenario(out).scenario };
}

describe('meshsim import prometheus', () => {
  it('turns a snapshot of Istio metrics into traffic, calls per request and leaf service times', () => {
    const { outcome, scenario } = importAndLoad(SNAPSHOT, 100);
    // 1000 requests through the gateway over 100 s, counted once although both proxies report them.
    expect(scenario.traffic).toMatchObject([{ name: 'istio-ingressgateway', to: 'productpage', rate: [{ at: 0, rate: 10 }] }]);
    const calls = (name: string) => scenario.services.find((s) => s.name === name)?.versions[0]?.calls;
    expect(calls('productpage')).toMatchObject([{ service: 'details', count: 1, probability: 1 }, { service: 'reviews', count: 1, probability: 1 }]);
    expect(calls('reviews')).toMatchObject([{ service: 'ratings', count: 1, probability: 0.666 }]);
    // ratings calls nothing: its server-side histogram is its service time, bucket bounds as percentiles.
    const ratings = scenario.services.find((s) => s.name === 'ratings')?.versions[0]?.serviceTime;
    expect(ratings).toEqual({
      dist: 'empirical',
      points: [
        { q: 0.5, value: 0.001 },
        { q: 0.900901, value: 0.005 },
        { q: 0.990991, value: 0.01 },
        { q: 0.998498, value: 0.025 },
      ],
    });
    // productpage calls others: its answer time is only a hint, and its service time stays a placeholder.
    expect(outcome.notes).toContain('services[0] productpage: serviceTime is a PLACEHOLDER: its answer time (p50 10ms, p99 50ms) includes its calls, so its own time is not in the metrics');
    expect(outcome.notes).toContain('productpage: calls written in sequence: metrics do not say their order or which run in parallel');
  });

  it('without a window, a snapshot gives calls but no rates, and says so', () => {
    const { outcome } = importAndLoad(SNAPSHOT);
    expect(outcome.notes[0]).toMatch(/a snapshot does not say how long its counters counted: rates are not imported/);
  });

  it('reads a range-query JSON export, with counter resets', () => {
    const dir = tmp();
    const series = (labels: Record<string, string>, values: [number, string][]) => ({ metric: { __name__: 'istio_requests_total', reporter: 'destination', ...labels }, values });
    const file = join(dir, 'range.json');
    writeFileSync(
      file,
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            series({ source_canonical_service: 'unknown', destination_canonical_service: 'api' }, [[1000, '100'], [1030, '400'], [1060, '700']]),
            // A proxy restart at 1030: 0 → 150 → 450 counts 150 + 300 after the reset, plus 50 before it.
            series({ source_canonical_service: 'api', destination_canonical_service: 'db' }, [[1000, '950'], [1030, '150'], [1060, '450']]),
          ],
        },
      }),
    );
    const { scenario } = importAndLoad(file);
    expect(scenario.traffic[0]).toMatchObject({ name: 'client', to: 'api', rate: [{ at: 0, rate: 10 }] });
    // 450 calls to db for 600 requests to api.
    expect(scenario.services.find((s) => s.name === 'api')?.versions[0]?.calls).toMatchObject([{ service: 'db', count: 1, probability: 0.75 }]);
  });

  it('merges into a scenario made by import k8s, filling its placeholders', async () => {
    const dir = tmp();
    const scenario = join(dir, 'bookinfo.yaml');
    expect((await cli('import', 'k8s', 'test/fixtures/import/bookinfo.yaml', '--out', scenario)).status).toBe(0);
    const r = await cli('import', 'prometheus', SNAPSHOT, '--into', scenario, '--window', '100s');
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(scenario, 'utf8');
    expect(text).toContain('# Deployment default/reviews-v1: 1 replica');
    const loaded = loadScenario(scenario).scenario;
    expect(loaded.services.find((s) => s.name === 'reviews')?.versions.map((v) => v.name)).toEqual(['v1', 'v2', 'v3']);
    expect(loaded.traffic).toHaveLength(2); // the k8s placeholder source stays; the gateway's is added
    expect(r.stderr).toContain('traffic[1]: added from the metrics: 10/s to productpage');
  });

  it('refuses what is not Prometheus data: exit 2, naming the file and what was expected', async () => {
    const dir = tmp();
    const file = join(dir, 'x.json');
    writeFileSync(file, '{"data": {"resultType": "scalar", "result": [1, "2"]}}');
    const r = await cli('import', 'prometheus', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/x\.json:1:1: this is not Prometheus data: JSON, but not a Prometheus query result .*\(expected Prometheus text exposition or a query JSON export/);
    writeFileSync(file, 'hello there\n');
    const r2 = await cli('import', 'prometheus', file);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/this is not Prometheus data: no sample lines/);
    writeFileSync(file, 'up{job="x"} 1\n');
    const r3 = await cli('import', 'prometheus', file);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/x\.json:1:1: no istio_requests_total series with a destination/);
  });
});
