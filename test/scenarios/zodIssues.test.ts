import { describe, expect, it } from 'vitest';
import { formatLocated } from '../../src/scenarios/inputError.js';
import { scenarioSchema } from '../../src/scenarios/scenarioSchema.js';
import { parseYamlDocuments } from '../../src/scenarios/yamlDocuments.js';
import { issuesToMessages } from '../../src/scenarios/zodIssues.js';

function messages(text: string): string[] {
  const [doc] = parseYamlDocuments('f.yaml', 'apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: t}\n' + text).documents;
  const result = scenarioSchema.safeParse(doc!.value);
  return result.success ? [] : issuesToMessages(doc!.source, doc!.value, result.error.issues).map(formatLocated);
}

describe('issuesToMessages', () => {
  it('phrases wrong types by what was written', () => {
    expect(messages('services: {web: 1}\ntraffic: []\n')).toEqual([
      'f.yaml:4:11: services: wrong type: got a mapping (expected a list)',
      'f.yaml:5:10: traffic: the list is empty (expected at least one traffic source)',
    ]);
    expect(messages('services: [{name: 7, serviceTime: 1ms}]\ntraffic: [{to: web, rate: 1, headers: {a: null}}]\n')).toEqual([
      'f.yaml:4:19: services[0].name: wrong type: 7 is a number (expected a string)',
      'f.yaml:5:43: traffic[0].headers.a: wrong type: got null (expected a string)',
    ]);
  });

  it('reports a missing required field at the mapping that lacks it (messages in file order)', () => {
    expect(messages('services: [{serviceTime: 1ms}]\n')).toEqual([
      'f.yaml:1:1: missing required field "traffic" (expected traffic: a list)',
      'f.yaml:4:12: services[0]: missing required field "name" (expected name: a string)',
    ]);
  });

  it('names every unknown key at its own position with the allowed keys', () => {
    expect(messages('services: [{name: w, serviceTime: 1ms, foo: 1, bar: 2}]\ntraffic: [{to: w, rate: 1}]\nextra: 1\n')).toEqual([
      'f.yaml:4:40: services[0].foo: unknown field "foo" (expected one of: name, replicas, concurrency, queueLimit, serviceTime, errorRate, calls, cancellation, responseSize, memory, versions)',
      'f.yaml:4:48: services[0].bar: unknown field "bar" (expected one of: name, replicas, concurrency, queueLimit, serviceTime, errorRate, calls, cancellation, responseSize, memory, versions)',
      'f.yaml:6:1: extra: unknown field "extra" (expected one of: apiVersion, kind, metadata, simulation, dataPlane, zones, network, services, traffic, faults, istio, dataPlanes, placement, controlPlane, prices, slo, check)',
    ]);
  });

  it('reports a missing discriminator and a missing distribution parameter', () => {
    expect(messages('services: [{name: w, serviceTime: {mean: 1ms}}]\ntraffic: [{to: w, rate: 1}]\nfaults: [{at: 1s, service: w}]\n')).toEqual([
      'f.yaml:4:35: services[0].serviceTime: missing required field "dist" (expected dist: one of: constant, exponential, lognormal, gamma, empirical, mixture)',
      'f.yaml:6:10: faults[0]: missing required field "kind" (expected kind: one of: crash, zone-outage, partition, slowdown, errors)',
    ]);
  });
});
