import { expect, it } from 'vitest';
import { describeWithShared } from '../sharedFiles.js';
import { compileFile, CORPUS, listYamlFiles, type FileResult } from './corpusWalk.js';

/**
 * Walks every YAML file of the shared Istio corpus (real manifests from istio/istio,
 * istio/api, istio.io and user repositories) through compilePolicy. Rejections must be
 * the documented ones, each of which Istio's own validation rejects too: the istio.io
 * pages keep shell variables such as $CLIENT_IP verbatim (corpus README "Caveats"), and
 * one concept-page snippet binds host "*" to the mesh.
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
});
