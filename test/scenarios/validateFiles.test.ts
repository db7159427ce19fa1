import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { formatLocated } from '../../src/scenarios/inputError.js';
import { validateFiles } from '../../src/scenarios/validateFiles.js';

const fixtures = 'test/fixtures/scenarios';

describe('validateFiles', () => {
  it('summarizes a valid scenario with its Istio resources', () => {
    const { messages, summaries } = validateFiles([`${fixtures}/valid/contract-example.yaml`, `${fixtures}/valid/minimal.yaml`]);
    expect(summaries).toEqual([
      `${fixtures}/valid/contract-example.yaml: scenario bookinfo, 5 services, 1 traffic source, 3 Istio resources — OK`,
      `${fixtures}/valid/minimal.yaml: scenario minimal, 1 service, 1 traffic source, 0 Istio resources — OK`,
    ]);
    expect(messages.every((m) => m.severity === 'warning')).toBe(true);
  });

  it('lists every resource of a plain manifest file with how meshsim treats it, and analyzes them against its Services', () => {
    const file = `${fixtures}/manifests/mixed.yaml`;
    const { messages, summaries } = validateFiles([file]);
    // The file declares Service reviews, so its VirtualService is checked against it: the
    // subsets it routes to are defined by no DestinationRule (IST0101, as istioctl analyze says).
    expect(summaries).toEqual([
      `${file}: 4 Istio/Kubernetes resources — 2 errors`,
      '  Service/reviews: not modeled (1 warning)',
      '  Gateway/edge: not modeled (1 warning)',
      '  VirtualService/reviews: modeled (2 errors)',
      '  Widget/w: unknown kind (1 warning)',
    ]);
    expect(messages.map((m) => `${m.line}:${m.col} ${m.severity} ${m.code} ${m.path}`)).toEqual([
      '3:7 warning MSH0102 kind',
      '10:7 warning MSH0102 kind',
      '24:48 error IST0101 spec.http[0].route[0].destination.subset',
      '26:48 error IST0101 spec.http[0].route[1].destination.subset',
      '30:7 warning MSH0103 kind',
    ]);
  });

  it('judges manifest files together, as istioctl analyze judges the files it is given', () => {
    const vs = `${fixtures}/manifests/split-virtual-service.yaml`;
    const dr = `${fixtures}/manifests/split-destination-rule.yaml`;
    // Alone, the VirtualService's subsets may be defined in the cluster: not checked, and said so.
    const alone = validateFiles([vs]);
    expect(alone.messages.map((m) => `${m.line}:${m.col} ${m.severity} ${m.code}`)).toEqual(['2:1 info MSH0201']);
    // With the DestinationRule beside it, the subset it lacks is an error in the VirtualService's file.
    const together = validateFiles([vs, dr]);
    expect(together.messages.map((m) => `${m.file}:${m.line}:${m.col} ${m.severity} ${m.code}`)).toEqual([`${vs}:2:1 info MSH0201`, `${vs}:10:49 error IST0101`]);
    expect(together.summaries).toEqual([`${vs}: 1 Istio/Kubernetes resource — 1 error`, '  VirtualService/reviews: modeled (1 error)', `${dr}: 1 Istio/Kubernetes resource — OK`, '  DestinationRule/reviews: modeled']);
  });

  it('reports errors in manifests at their line, and a document that is not a resource', () => {
    const file = `${fixtures}/manifests/broken.yaml`;
    const { messages, summaries } = validateFiles([file]);
    expect(summaries).toEqual([`${file}: 1 Istio/Kubernetes resource — 2 errors`, '  VirtualService/reviews: modeled (1 error)']);
    expect(messages.map(formatLocated)).toEqual([
      expect.stringMatching(new RegExp(`^${file}:10:16: spec\\.http\\[0\\]\\.timeout: `)),
      `${file}:12:1: this document is not a Kubernetes resource (not a mapping) (expected a resource with apiVersion, kind, metadata and spec)`,
    ]);
  });

  it('reports a bad scenario and a file that cannot be read, and keeps going', () => {
    const { messages, summaries } = validateFiles([`${fixtures}/bad/unknown-zone.yaml`, `${fixtures}/bad/empty.yaml`, `${fixtures}/valid/minimal.yaml`]);
    expect(summaries).toEqual([
      `${fixtures}/bad/unknown-zone.yaml: 1 error`,
      `${fixtures}/bad/empty.yaml: 1 error`,
      `${fixtures}/valid/minimal.yaml: scenario minimal, 1 service, 1 traffic source, 0 Istio resources — OK`,
    ]);
    expect(messages.map((m) => `${m.file}:${m.line}:${m.col}`)).toEqual([`${fixtures}/bad/unknown-zone.yaml:14:11`, `${fixtures}/bad/empty.yaml:1:1`]);
  });

  it('makes `meshsim validate` exit 2 on errors and 0 on warnings only', async () => {
    let out = '';
    let err = '';
    const io = { stdout: (s: string) => (out += s), stderr: (s: string) => (err += s) };
    expect(await main(['validate', 'test/fixtures/analysis/IST0174/trigger.yaml'], io)).toBe(0);
    expect(out).toContain('scenario analysis');
    expect(err).toMatch(/trigger\.yaml:23:9: warning: spec\.host: The host ratings\.prod\.svc\.cluster\.local .* \[IST0174\]$/m);
    expect(await main(['validate', `${fixtures}/manifests/broken.yaml`], io)).toBe(2);
    expect(await main(['validate', `${fixtures}/manifests/mixed.yaml`], io)).toBe(2);
  });
});
