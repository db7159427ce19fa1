import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { importKubernetes } from '../../src/import/importKubernetes.js';
import { formatLocated, InputError } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { cli } from '../cliHarness.js';

const BOOKINFO = 'test/fixtures/import/bookinfo.yaml';
const ZONED = 'test/fixtures/import/zoned.yaml';
const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-import-'));

/** Deployments of a manifest read independently of the importer: service (app label) → version → replicas. */
function deploymentsOf(file: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const d of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const o = d.toJS() as { kind?: string; spec?: { replicas?: number; template?: { metadata?: { labels?: Record<string, string> } } } } | null;
    if (o?.kind !== 'Deployment') continue;
    const labels = o.spec?.template?.metadata?.labels ?? {};
    const versions = out.get(labels['app'] ?? '') ?? new Map<string, number>();
    versions.set(labels['version'] ?? '', o.spec?.replicas ?? 1);
    out.set(labels['app'] ?? '', versions);
  }
  return out;
}

function importTo(files: string[], ...extra: string[]) {
  const dir = tmp();
  const out = join(dir, 'scenario.yaml');
  return { out, dir, run: () => cli('import', 'k8s', ...files, '--out', out, ...extra) };
}

describe('meshsim import k8s', () => {
  it("imports Istio's bookinfo platform manifest into a scenario that runs, with the manifest's replicas and versions", async () => {
    const { out, run } = importTo([BOOKINFO]);
    const r = await run();
    expect(r.status, r.stderr).toBe(0);
    const { scenario } = loadScenario(out);
    const expected = deploymentsOf(BOOKINFO);
    expect(expected.size).toBe(4);
    expect(new Set(scenario.services.map((s) => s.name))).toEqual(new Set(expected.keys()));
    for (const s of scenario.services) {
      const versions = expected.get(s.name)!;
      expect(new Map(s.versions.map((v) => [v.name, v.replicaZones.length])), s.name).toEqual(versions);
    }
    const ran = await cli('run', out, '--duration', '2s', '--warmup', '0s', '--json', '-');
    expect(ran.status, ran.stderr).toBe(0);
    expect((JSON.parse(ran.stdout) as { endToEnd: { requests: number } }).endToEnd.requests).toBeGreaterThan(0);
  });

  it('marks every value it could not derive as a PLACEHOLDER, with a warning each', async () => {
    const { out, run } = importTo([BOOKINFO]);
    const r = await run();
    const text = readFileSync(out, 'utf8');
    // The header, four service times, four call lists, one rate, one entry point.
    expect(text.match(/# PLACEHOLDER/g)?.length).toBe(11);
    for (const s of ['details', 'ratings', 'reviews', 'productpage']) expect(r.stderr).toMatch(new RegExp(`warning: services\\[\\d\\] ${s}: serviceTime is a PLACEHOLDER`));
    expect(r.stderr).toContain('warning: services: the call graph is a PLACEHOLDER');
    expect(r.stderr).toMatch(/warning: traffic\[0\]: rate 10\/s to \w+ is a PLACEHOLDER, and so is the entry point/);
  });

  it('finds the entry point from a gateway-bound VirtualService and keeps the Istio resources, comments included', async () => {
    const dir = tmp();
    const gateway = join(dir, 'gateway.yaml');
    writeFileSync(
      gateway,
      [
        'apiVersion: networking.istio.io/v1',
        'kind: Gateway',
        'metadata: {name: bookinfo-gateway}',
        'spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["*"]}]}',
        '---',
        '# the ingress route',
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: {name: bookinfo}',
        'spec:',
        '  hosts: ["*"]',
        '  gateways: [bookinfo-gateway]',
        '  http: [{route: [{destination: {host: productpage, port: {number: 9080}}}]}]',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata: {name: reviews}',
        'spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}',
        '',
      ].join('\n'),
    );
    const { out, run } = importTo([BOOKINFO, gateway]);
    const r = await run();
    expect(r.status, r.stderr).toBe(0);
    const { scenario } = loadScenario(out);
    expect(scenario.traffic[0]?.to).toBe('productpage');
    expect(scenario.istio.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(['Gateway/bookinfo-gateway', 'VirtualService/bookinfo', 'DestinationRule/reviews']);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# the ingress route');
    expect(text).toContain('traffic enters at productpage: VirtualService bookinfo routes gateway bookinfo-gateway to it');
    expect(r.stderr).not.toContain('and so is the entry point');
  });

  it('reads Lists and Helm-style documents: zones from affinity and spread, memory without the sidecar, one namespace', () => {
    const outcome = importKubernetes([ZONED], { outFile: 'zoned-out.yaml' });
    const dir = tmp();
    const out = join(dir, 'zoned.yaml');
    writeFileSync(out, outcome.text);
    const { scenario } = loadScenario(out);
    expect(scenario.zones.map((z) => z.name)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    const api = scenario.services.find((s) => s.name === 'api')!;
    // 5 replicas spread over three zones with maxSkew 1: 2, 2, 1.
    expect(api.versions[0]?.replicaZones).toEqual(['us-east-1a', 'us-east-1a', 'us-east-1b', 'us-east-1b', 'us-east-1c']);
    // 256Mi requested by the app; the istio-proxy container's 128Mi is the data plane's, not the app's.
    expect(api.versions[0]?.memory).toBe(256 * 2 ** 20);
    const db = scenario.services.find((s) => s.name === 'db')!;
    expect(db.versions[0]?.replicaZones).toEqual(['us-east-1a', 'us-east-1a', 'us-east-1a']);
    expect(db.versions[0]?.memory).toBe(2 ** 30); // limits only: the limit
    // A version label that is no DNS label is renamed, with a warning naming both.
    expect(db.versions[0]?.name).toBe('14-2-beta');
    const warnings = outcome.warnings.map(formatLocated);
    expect(warnings).toContainEqual(expect.stringMatching(/zoned\.yaml:\d+:\d+: warning: .*version 14\.2_beta is named 14-2-beta/));
    expect(warnings).toContainEqual(expect.stringMatching(/zoned\.yaml:97:\d+: warning: HorizontalPodAutoscaler api is not imported/));
    expect(warnings).toContainEqual(expect.stringMatching(/zoned\.yaml:105:\d+: warning: unknown kind Widget \(apiVersion example\.com\/v1\) gadget is not imported/));
    expect(warnings).toContainEqual(expect.stringMatching(/no Service selects Deployment worker: simulated as a service named worker/));
    expect(scenario.services.find((s) => s.name === 'worker')?.versions[0]?.replicaZones.length).toBe(2);
    // The VirtualService moves to the scenario's namespace, so its host `api` still means the api service.
    expect(scenario.istio[0]?.metadata.namespace).toBe('default');
    expect(outcome.text).toContain('namespace: default # was shop');
    expect(scenario.dataPlane).toBe('sidecar');
    expect(outcome.warnings.some((w) => /applies to nothing/.test(w.message))).toBe(false);
  });

  it('writes zone names from node labels as DNS labels, as scenario names must be', () => {
    const dir = tmp();
    const f = join(dir, 'z.yaml');
    writeFileSync(
      f,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: api}',
        'spec:',
        '  replicas: 2',
        '  template:',
        '    metadata: {labels: {app: api}}',
        '    spec:',
        '      nodeSelector: {topology.kubernetes.io/zone: EU_West.1a, topology.kubernetes.io/region: EU_West}',
        '      containers: [{name: api, image: x}]',
        '',
      ].join('\n'),
    );
    const outcome = importKubernetes([f], { outFile: join(dir, 'out.yaml') });
    writeFileSync(join(dir, 'out.yaml'), outcome.text);
    const { scenario } = loadScenario(join(dir, 'out.yaml'));
    expect(scenario.zones).toEqual([{ name: 'eu-west-1a', region: 'eu-west' }]);
    expect(scenario.services[0]?.versions[0]?.replicaZones).toEqual(['eu-west-1a', 'eu-west-1a']);
  });

  it('refuses to overwrite an existing file without --force, and overwrites it atomically with it', async () => {
    const { out, dir, run } = importTo([BOOKINFO]);
    writeFileSync(out, 'keep me\n');
    const refused = await run();
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--out: '.*scenario\.yaml' exists; refusing to overwrite it \(add --force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const forced = await cli('import', 'k8s', BOOKINFO, '--out', out, '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Imported by `meshsim import k8s`/);
    expect(readdirSync(dir)).toEqual(['scenario.yaml']);
  });

  it('writes to stdout without --out', async () => {
    const r = await cli('import', 'k8s', BOOKINFO);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kind: Scenario');
  });

  describe('bad input: exit 2 naming the file and what was expected, nothing written', () => {
    const cases: [string, string, RegExp][] = [
      ['not YAML', 'a: [1, 2\nb: }\n', /bad\.yaml:\d+:\d+: YAML syntax error: .*\(expected a Kubernetes manifest \(YAML\)\)/],
      ['a scalar', 'hello world\n', /bad\.yaml:1:1: this document is a scalar, not a Kubernetes object \(expected a Kubernetes object with apiVersion, kind and metadata\.name\)/],
      ['a mapping without kind', 'apiVersion: v1\nmetadata: {name: x}\n', /bad\.yaml:1:1: missing "kind": this is not a Kubernetes object/],
      ['a meshsim scenario', 'apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: x}\n', /bad\.yaml:2:7: kind: this is a meshsim Scenario, not a Kubernetes manifest/],
      ['a List without items', 'apiVersion: v1\nkind: List\n', /bad\.yaml:1:1: items: a List without an items list/],
      ['a second bad document', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n- 1\n- 2\n', /bad\.yaml:5:1: this document is a list, not a Kubernetes object/],
    ];
    for (const [what, text, message] of cases) {
      it(what, async () => {
        const dir = tmp();
        const bad = join(dir, 'bad.yaml');
        writeFileSync(bad, text);
        const out = join(dir, 'out.yaml');
        const r = await cli('import', 'k8s', BOOKINFO, bad, '--out', out);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(existsSync(out)).toBe(false);
      });
    }

    it('a binary file', () => {
      const dir = tmp();
      const bad = join(dir, 'image.png');
      writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
      expect(() => importKubernetes([bad], { outFile: 'x.yaml' })).toThrow(InputError);
    });

    it('manifests without any workload', () => {
      const dir = tmp();
      const f = join(dir, 'only-config.yaml');
      writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
      expect(() => importKubernetes([f], { outFile: 'x.yaml' })).toThrow(/no Deployment or StatefulSet found/);
    });
  });
});
