import { describe, expect, it } from 'vitest';
import type { IstioResource } from '../../src/policy/manifest.js';
import { unknownHostWarnings } from '../../src/scenarios/istioHostCheck.js';

const resource = (index: number, kind: string, spec: unknown, namespace?: string): IstioResource =>
  ({ apiVersion: 'networking.istio.io/v1', kind, metadata: { name: `r${index}`, ...(namespace ? { namespace } : {}) }, spec, index }) as IstioResource;

describe('Istio hosts that name no service of the scenario', () => {
  const services = new Set(['reviews', 'helloworld']);

  it('accepts short names, FQDNs in the mesh namespace and wildcards', () => {
    expect(
      unknownHostWarnings(
        [
          resource(0, 'DestinationRule', { host: 'reviews' }),
          resource(1, 'DestinationRule', { host: 'helloworld.default.svc.cluster.local' }),
          resource(2, 'VirtualService', { hosts: ['reviews', '*.example.com'] }),
        ],
        services,
      ),
    ).toEqual([]);
  });

  it('warns at the host of a DestinationRule in another namespace or for an unknown name', () => {
    const w = unknownHostWarnings(
      [resource(0, 'DestinationRule', { host: 'helloworld.sample.svc.cluster.local' }), resource(1, 'VirtualService', { hosts: ['ratings'] })],
      services,
    );
    expect(w.map((d) => [d.resource, d.path.join('.')])).toEqual([
      [0, 'spec.host'],
      [1, 'spec.hosts.0'],
    ]);
    expect(w[0]?.message).toMatch(/applies to nothing/);
  });

  it('ignores VirtualServices bound only to gateways (not mesh traffic)', () => {
    expect(unknownHostWarnings([resource(0, 'VirtualService', { hosts: ['bookinfo.example.com'], gateways: ['bookinfo-gateway'] })], services)).toEqual([]);
  });
});
