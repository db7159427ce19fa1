import { describe, expect, it } from 'vitest';
import { connectionOutcome, type ClientTlsMode } from '../../src/policy/mtlsOutcome.js';
import type { MtlsMode } from '../../src/policy/peerAuthentication.js';
import { compileYaml, errorsOf, peerAuthenticationYaml as pa } from './policyFixtures.js';

describe('connection outcome: client TLS against server mode (§8.2)', () => {
  const modes: MtlsMode[] = ['DISABLE', 'PERMISSIVE', 'STRICT'];

  it('plaintext to a STRICT workload fails; mTLS to STRICT succeeds', () => {
    expect(connectionOutcome({ clientTls: 'DISABLE', serverMode: 'STRICT' })).toMatchObject({ established: false, reason: 'PlaintextRejectedByStrict', transport: 'plaintext' });
    expect(connectionOutcome({ clientTls: 'ISTIO_MUTUAL', serverMode: 'STRICT' })).toMatchObject({ established: true, reason: 'MutualTls', transport: 'mtls' });
    expect(connectionOutcome({ clientTls: 'SIMPLE', serverMode: 'STRICT' })).toMatchObject({ established: false, reason: 'ClientCertificateRequired' });
  });

  it('auto mTLS (no DestinationRule tls) always connects to a sidecar, with mTLS unless the server disables it', () => {
    for (const serverMode of modes) {
      const o = connectionOutcome({ serverMode });
      expect(o.established).toBe(true);
      expect(o.autoMtls).toBe(true);
      expect(o.transport).toBe(serverMode === 'DISABLE' ? 'plaintext' : 'mtls');
    }
    expect(connectionOutcome({ serverMode: 'STRICT', serverHasSidecar: false })).toMatchObject({ established: true, transport: 'plaintext' });
  });

  it('full table', () => {
    const table: Record<ClientTlsMode, Record<MtlsMode, boolean>> = {
      DISABLE: { DISABLE: true, PERMISSIVE: true, STRICT: false },
      ISTIO_MUTUAL: { DISABLE: false, PERMISSIVE: true, STRICT: true },
      MUTUAL: { DISABLE: false, PERMISSIVE: true, STRICT: true },
      SIMPLE: { DISABLE: false, PERMISSIVE: false, STRICT: false },
    };
    for (const [client, row] of Object.entries(table) as [ClientTlsMode, Record<MtlsMode, boolean>][]) {
      for (const serverMode of modes) expect([client, serverMode, connectionOutcome({ clientTls: client, serverMode }).established]).toEqual([client, serverMode, row[serverMode]]);
    }
  });

  it('CompiledPolicy.connectionOutcome combines the DestinationRule tls (subset, port) with the server PeerAuthentication', () => {
    const r = compileYaml(`${pa('mesh', 'istio-system', 'STRICT')}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  trafficPolicy:
    portLevelSettings: [{port: {number: 9443}, tls: {mode: SIMPLE}}]
  subsets:
  - name: legacy
    labels: {version: v0}
    trafficPolicy: {tls: {mode: DISABLE}}
  - name: v1
    labels: {version: v1}
`);
    expect(errorsOf(r)).toEqual([]);
    const server = { labels: { app: 'reviews' }, namespace: 'default' };
    expect(r.policy.connectionOutcome({ clientNamespace: 'default', host: 'reviews', subset: 'v1', server })).toMatchObject({ established: true, autoMtls: true, serverPolicy: { mode: 'STRICT', source: 'mesh' } });
    expect(r.policy.connectionOutcome({ clientNamespace: 'default', host: 'reviews', subset: 'legacy', server })).toMatchObject({ established: false, reason: 'PlaintextRejectedByStrict' });
    expect(r.policy.connectionOutcome({ clientNamespace: 'default', host: 'reviews', port: 9443, server })).toMatchObject({ established: false, reason: 'ClientCertificateRequired' });
  });
});
