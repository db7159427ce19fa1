import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { messageOfCode } from '../../src/policy/analysis/messages.js';
import { describeWithShared } from '../sharedFiles.js';
import { compileFile, CORPUS, listYamlFiles, type FileResult } from './corpusWalk.js';
import { committedParts, CORPUS_BEGIN, CORPUS_END, updating, writeDoc } from './istioSupportDoc.js';

/**
 * Walks every YAML file of the shared Istio corpus (real manifests from istio/istio,
 * istio/api, istio.io and user repositories) through compilePolicy and the analyzers, file
 * by file, as `meshsim validate FILE` judges it. Rejections must be the documented ones,
 * each of which Istio's own validation rejects too: the istio.io pages keep shell variables
 * such as $CLIENT_IP verbatim (corpus README "Caveats"), and one concept-page snippet binds
 * host "*" to the mesh. The findings, counted by code, are recorded in docs/istio-support.md.
 */
const expectedRejections: Record<string, string> = {
  // A concept-page snippet (illustration of cookie matching) with hosts ["*"] and no gateways: Istio's
  // validation rejects it the same way (pkg/config/validation: appliesToMesh && host == "*").
  'istio.io/content/en/docs/concepts/traffic-management/extracted/04-virtualservice-my-vtl-svc-cookie-regex.yaml':
    'wildcard host * is not allowed for virtual services bound to the mesh gateway',
  'istio.io/content/en/docs/tasks/security/authorization/authz-ingress/extracted/02-authorizationpolicy-ingress-policy-allow-client-ip.yaml':
    '"$CLIENT_IP" is not an IP address or CIDR block',
  'istio.io/content/en/docs/tasks/security/authorization/authz-ingress/extracted/03-authorizationpolicy-ingress-policy-deny-client-ip.yaml':
    '"$CLIENT_IP" is not an IP address or CIDR block',
};

/**
 * Files Istio accepts one by one but whose references do not resolve within the file, which
 * declares its mesh (Services), so `meshsim validate FILE` reports them as istioctl analyze
 * does on that file alone. Both resolve once the rest of their setup is applied.
 */
const expectedAnalysisErrors: Record<string, readonly string[]> = {
  // Pilot's integration test applies the DestinationRule from another file.
  'istio/tests/integration/pilot/testdata/virtualservice.yaml': ['IST0101 spec.http.0.route.0.destination.subset'],
  // Kiali's federation demo: its Services are applied with -n east-travel-agency (the file
  // names no namespace, so they land in default), and the other host is imported from a peer mesh.
  'kiali/demos/federated-travels/east/east-travel-agency.yaml': ['IST0101 spec.http.0.route.0.destination.host', 'IST0101 spec.http.0.route.1.destination.host'],
};

describeWithShared(CORPUS, 'Istio corpus', (corpusRoot) => {
  const files = listYamlFiles(corpusRoot);
  const results: FileResult[] = files.map(compileFile);
  const rejected = results.filter((r) => r.errors.length > 0 || r.yamlErrors.length > 0);

  it('walks every file without crashing', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(results.reduce((n, r) => n + r.resources, 0)).toBeGreaterThan(500);
  });

  it('accepts at least 99% of the files', () => {
    console.log(
      `corpus: ${files.length} files, ${rejected.length} rejected:\n` +
        rejected.map((r) => `  ${r.file}\n${[...r.yamlErrors, ...r.errors.map((e) => `[resource ${e.resource}] ${e.path.join('.')}: ${e.message}`)].map((m) => `    ${m}`).join('\n')}`).join('\n'),
    );
    expect(1 - rejected.length / files.length).toBeGreaterThanOrEqual(0.99);
  });

  it('rejects only the expected files, each at a located path with the expected reason', () => {
    expect(rejected.map((r) => r.file).sort()).toEqual(Object.keys(expectedRejections).sort());
    for (const r of rejected) {
      expect(r.yamlErrors).toEqual([]);
      for (const e of r.errors) {
        expect(e.path.length).toBeGreaterThan(1);
        expect(e.message).toContain(expectedRejections[r.file]);
      }
    }
  });

  it('compiles every regex of the corpus with RE2 (issue 18): none is refused', () => {
    const withRegex = files.filter((f) => /^\s*regex:/m.test(readFileSync(f, 'utf8')));
    expect(withRegex.length).toBeGreaterThanOrEqual(7); // user-agent, cookie and uri regexes of istio, istio.io and istio-tutorial
    for (const r of results) expect(r.diagnostics.filter((d) => d.path.at(-1) === 'regex')).toEqual([]);
  });

  it('finds analysis errors only where the file does not hold the resources it refers to', () => {
    const found: Record<string, string[]> = {};
    for (const r of results) {
      const errors = r.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'IST0106').map((d) => `${d.code} ${d.path.join('.')}`);
      if (errors.length > 0) found[r.file] = errors;
    }
    expect(found).toEqual(expectedAnalysisErrors);
  });

  it('docs/istio-support.md records the findings by code', () => {
    const section = renderCorpusFindings(results);
    if (updating) writeDoc({ ...committedParts(), corpus: section });
    expect(committedParts().corpus, 'corpus findings in docs/istio-support.md are stale: run UPDATE_ISTIO_SUPPORT=1 npx vitest run test/policy/corpus.test.ts').toBe(section);
  });
});

/** The findings over the corpus, by code: how many, in how many files. */
function renderCorpusFindings(results: readonly FileResult[]): string {
  const byCode = new Map<string, { level: string; count: number; files: Set<string> }>();
  for (const r of results) {
    for (const d of r.diagnostics) {
      const entry = byCode.get(`${d.code} ${d.severity}`) ?? { level: d.severity, count: 0, files: new Set<string>() };
      entry.count++;
      entry.files.add(r.file);
      byCode.set(`${d.code} ${d.severity}`, entry);
    }
  }
  const rows = [...byCode].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, e]) => `| ${key.split(' ')[0]} | ${messageOfCode(key.split(' ')[0] as string)?.name ?? '?'} | ${e.level} | ${e.count} | ${e.files.size} |`);
  const accepted = results.filter((r) => r.errors.length === 0 && r.yamlErrors.length === 0).length;
  const clean = results.filter((r) => !r.diagnostics.some((d) => d.severity === 'error') && r.yamlErrors.length === 0).length;
  return [
    CORPUS_BEGIN,
    '## Findings over the Istio corpus',
    '',
    `Each of the ${results.length} files of ../shared/istio-corpus judged alone, as \`meshsim validate FILE\` does`,
    `(compiled, then analyzed against the Services and workloads the file declares — most declare none).`,
    `${accepted} files (${pct(accepted, results.length)}) pass Istio's validation; ${clean} (${pct(clean, results.length)}) have no error at all.`,
    '',
    '| code | name | level | findings | files |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    CORPUS_END,
    '',
  ].join('\n');
}

function pct(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(1)}%`;
}
