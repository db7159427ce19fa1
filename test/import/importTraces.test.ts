import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTraces } from '../../src/import/importTraces.js';
import { formatLocated } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { cli } from '../cliHarness.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-traces-'));
const writeJson = (dir: string, name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
};

/** An OTLP span; times in milliseconds from an arbitrary epoch. */
function span(traceId: string, spanId: string, parent: string | undefined, kind: number, startMs: number, endMs: number) {
  const ns = (ms: number) => (1_700_000_000_000_000_000n + BigInt(Math.round(ms * 1e6))).toString();
  return { traceId, spanId, ...(parent !== undefined && { parentSpanId: parent }), name: 's', kind, startTimeUnixNano: ns(startMs), endTimeUnixNano: ns(endMs) };
}
const otlp = (byService: Record<string, unknown[]>) => ({
  resourceSpans: Object.entries(byService).map(([service, spans]) => ({ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] })),
});

/** Ten requests, 100 ms apart: frontend works 2 ms, then calls backend (1 ms network each way, backend works 3 ms). */
function simpleTraces() {
  const frontend: unknown[] = [];
  const backend: unknown[] = [];
  for (let i = 0; i < 10; i++) {
    const t = i * 100;
    const id = `t${i}`;
    frontend.push(span(id, `${id}a`, undefined, 2, t, t + 7), span(id, `${id}b`, `${id}a`, 3, t + 2, t + 7));
    backend.push(span(id, `${id}c`, `${id}b`, 2, t + 3, t + 6));
  }
  return otlp({ 'frontend.shop': frontend, backend });
}

describe('meshsim import traces', () => {
  it('derives own times (network excluded), calls and the traffic rate, and writes a scenario that loads', () => {
    const dir = tmp();
    const file = writeJson(dir, 'traces.json', simpleTraces());
    const outcome = importTraces(file, { outFile: join(dir, 'out.yaml') });
    writeFileSync(join(dir, 'out.yaml'), outcome.text);
    const { scenario } = loadScenario(join(dir, 'out.yaml'));
    const frontend = scenario.services.find((s) => s.name === 'frontend')!;
    expect(frontend.versions[0]?.serviceTime).toEqual({ dist: 'constant', value: 0.002 });
    expect(frontend.versions[0]?.calls).toMatchObject([{ kind: 'call', service: 'backend', count: 1, probability: 1 }]);
    expect(scenario.services.find((s) => s.name === 'backend')?.versions[0]?.serviceTime).toEqual({ dist: 'constant', value: 0.003 });
    // 10 roots over 0.9 s: (10 − 1)/0.9 = 10/s.
    expect(scenario.traffic[0]).toMatchObject({ to: 'frontend', rate: [{ at: 0, rate: 10 }] });
    expect(outcome.text).toContain('# PLACEHOLDER: the traces do not say how many replicas serve frontend');
  });

  it('a new scenario from traces with a single root still gets a (marked) traffic source, so it loads', () => {
    const dir = tmp();
    const file = writeJson(dir, 'one.json', otlp({ api: [span('t', 'a', undefined, 2, 0, 5)] }));
    const outcome = importTraces(file, { outFile: join(dir, 'o.yaml') });
    expect(outcome.notes).toContain('api: one root span only: no rate can be estimated');
    expect(outcome.text).toMatch(/to: api\n\s+rate: 10 # PLACEHOLDER: too few root spans to estimate a rate/);
  });

  it('reads Jaeger JSON exports', () => {
    const dir = tmp();
    const data = [0, 1, 2].map((i) => ({
      traceID: `t${i}`,
      processes: { p1: { serviceName: 'web' }, p2: { serviceName: 'db' } },
      spans: [
        { traceID: `t${i}`, spanID: `a${i}`, processID: 'p1', startTime: 1_000_000 + i * 500_000, duration: 10_000, references: [], tags: [{ key: 'span.kind', value: 'server' }] },
        { traceID: `t${i}`, spanID: `b${i}`, processID: 'p2', startTime: 1_002_000 + i * 500_000, duration: 4_000, references: [{ refType: 'CHILD_OF', traceID: `t${i}`, spanID: `a${i}` }], tags: [] },
      ],
    }));
    const file = writeJson(dir, 'jaeger.json', { data });
    const outcome = importTraces(file, { outFile: join(dir, 'out.yaml') });
    expect(outcome.text).toMatch(/- name: web\n[\s\S]*serviceTime: 6ms[\s\S]*calls:\n\s+- \{service: db\}/);
    expect(outcome.text).toMatch(/rate: 2 # from traces: 3 root requests over 1s/);
  });

  it('merges into an existing scenario: comments, order and the Istio documents kept, what it replaced reported', async () => {
    const dir = tmp();
    const file = writeJson(dir, 'traces.json', simpleTraces());
    const scenario = join(dir, 'scenario.yaml');
    const original = [
      '# my scenario',
      'apiVersion: meshsim/v1',
      'kind: Scenario',
      'metadata: {name: shop}',
      'services:',
      '  - name: frontend   # the web tier',
      '    replicas: 3',
      '    serviceTime: 9ms',
      '  - name: backend',
      '    replicas: 2',
      '    serviceTime: {dist: exponential, mean: 10ms} # PLACEHOLDER: unknown',
      '    concurrency: 4',
      'traffic:',
      '  - {name: users, to: frontend, rate: 50}',
      '---',
      '# retries for the backend',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: backend}',
      'spec: {hosts: [backend], http: [{route: [{destination: {host: backend}}], retries: {attempts: 2}}]}',
      '',
    ].join('\n');
    writeFileSync(scenario, original);
    const r = await cli('import', 'traces', file, '--into', scenario);
    expect(r.status, r.stderr).toBe(0);
    const merged = readFileSync(scenario, 'utf8');
    for (const kept of ['# my scenario', '# the web tier', 'replicas: 3', 'concurrency: 4', 'name: users', '# retries for the backend', 'retries: {attempts: 2}']) expect(merged).toContain(kept);
    expect(r.stderr).toContain('services[0] frontend: serviceTime replaced from the traces (was 9ms)');
    expect(r.stderr).not.toContain('backend: serviceTime replaced'); // a placeholder is filled in silently
    expect(r.stderr).toContain('traffic[0] to frontend: rate replaced from the traces (was 50)');
    const loaded = loadScenario(scenario).scenario;
    expect(loaded.services.map((s) => s.name)).toEqual(['frontend', 'backend']);
    expect(loaded.traffic[0]?.rate[0]?.rate).toBe(10);
    expect(loaded.istio).toHaveLength(1);
  });

  describe('partial and malformed input: warnings or located errors, never a crash', () => {
    it('spans whose parent is missing count for own time, not for traffic', () => {
      const dir = tmp();
      const traces = simpleTraces();
      // Two more backend spans whose caller was not exported.
      (traces.resourceSpans[1]!.scopeSpans[0]!.spans as unknown[]).push(span('x1', 'x1c', 'gone', 2, 5000, 5003), span('x2', 'x2c', 'gone', 2, 6000, 6003));
      const outcome = importTraces(writeJson(dir, 't.json', traces), { outFile: join(dir, 'o.yaml') });
      expect(outcome.notes).toContain('2 spans whose parent is not in the file (partial traces): their own time is used, they are not counted as traffic');
      expect(outcome.text).toMatch(/to: frontend\n\s+rate: 10 /);
      expect(outcome.text).not.toMatch(/to: backend/);
    });

    it('clock skew that puts a call outside its caller is clipped, never a negative own time', () => {
      const dir = tmp();
      const spans = [
        span('s', 'a', undefined, 2, 0, 5),
        // The client span starts 1 ms before its parent (skewed clocks) and ends 2 ms after it.
        span('s', 'b', 'a', 3, -1, 7),
        span('s', 'z', undefined, 2, 100, 105),
      ];
      const outcome = importTraces(writeJson(dir, 't.json', otlp({ api: spans, db: [span('s', 'c', 'b', 2, 0, 6)] })), { outFile: join(dir, 'o.yaml') });
      expect(outcome.notes).toContainEqual(expect.stringMatching(/^api: 1 of 2 requests had a call reaching outside their span \(clock skew\?\)/));
      expect(outcome.text).not.toMatch(/[:{,] -\d/); // no negative duration anywhere
    });

    it('spans without ids or times are skipped with one located warning per kind of problem', () => {
      const dir = tmp();
      const traces = simpleTraces();
      const spans = traces.resourceSpans[0]!.scopeSpans[0]!.spans as Record<string, unknown>[];
      delete spans[2]!['spanId'];
      delete spans[4]!['spanId'];
      spans[6]!['startTimeUnixNano'] = 'yesterday';
      const outcome = importTraces(writeJson(dir, 't.json', traces), { outFile: join(dir, 'o.yaml') });
      const warnings = outcome.warnings.map(formatLocated);
      expect(warnings).toContainEqual(expect.stringMatching(/t\.json:\d+:\d+: warning: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[2\]: a span without traceId or spanId: 2 such spans skipped \(the first here\)/));
      expect(warnings).toContainEqual(expect.stringMatching(/spans\[6\]: a span without startTimeUnixNano or endTimeUnixNano .*: skipped/));
    });

    const refused: [string, string, RegExp][] = [
      ['not JSON', '{"resourceSpans": [\n  {"resource": }\n]}', /t\.json:2:\d+: not JSON: .*\(expected OTLP\/JSON \(resourceSpans → scopeSpans → spans\) or a Jaeger JSON export \(data\[\]\.spans\)\)/],
      ['JSON of another kind', '{"traces": []}', /t\.json:1:1: this is neither OTLP\/JSON \(an object with resourceSpans\) nor a Jaeger JSON export/],
      ['no usable span', '{"resourceSpans": []}', /t\.json:1:1: the file holds no usable span/],
      ['a YAML manifest', 'apiVersion: v1\nkind: Service\n', /t\.json:1:1: not JSON: Unexpected token 'a'/],
    ];
    for (const [what, text, message] of refused) {
      it(`${what}: exit 2, nothing written`, async () => {
        const dir = tmp();
        const file = writeJson(dir, 't.json', text);
        const out = join(dir, 'out.yaml');
        const r = await cli('import', 'traces', file, '--out', out);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(existsSync(out)).toBe(false);
      });
    }

    it('a scenario to merge into that does not load is reported as itself', async () => {
      const dir = tmp();
      const file = writeJson(dir, 't.json', simpleTraces());
      const scenario = join(dir, 's.yaml');
      writeFileSync(scenario, 'apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: x}\nservices: []\ntraffic: []\n');
      const r = await cli('import', 'traces', file, '--into', scenario);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/s\.yaml:4:\d+: services: the list is empty/);
      expect(readFileSync(scenario, 'utf8')).toContain('services: []');
    });

    it('--sampled must be a fraction', async () => {
      const r = await cli('import', 'traces', 'x.json', '--sampled', '5');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("--sampled: '5' is not a fraction in (0, 1]");
    });
  });
});
