import { expect } from 'vitest';
import { dr, FILES, pa, policyOf, type PeerCase } from './peerCase.js';

/**
 * peer_authentication_simulation_test.go: whether the server sidecar accepts a plaintext
 * or mTLS connection on a port, per PeerAuthentication. Checked with connectionOutcome,
 * the call a client proxy makes for each new connection; the client side is forced to
 * plaintext or mTLS with a DestinationRule, as Istio's simulation forces the call's TLS.
 */
type Call = 'plaintext' | 'mtls';
const selector = { matchLabels: { app: 'foo' } };
const mode = (m: string, ports: Record<number, string> = {}) =>
  pa({ selector, mtls: { mode: m }, ...(Object.keys(ports).length > 0 ? { portLevelMtls: Object.fromEntries(Object.entries(ports).map(([p, v]) => [p, { mode: v }])) } : {}) });

function accepted(paDoc: ReturnType<typeof pa>, port: number, call: Call): boolean {
  const p = policyOf(paDoc, dr({ host: 'foo', trafficPolicy: { tls: { mode: call === 'mtls' ? 'ISTIO_MUTUAL' : 'DISABLE' } } }));
  return p.connectionOutcome({ clientNamespace: 'default', host: 'foo', port, server: { labels: { app: 'foo' }, namespace: 'default', port } }).established;
}

interface Row {
  readonly test: string;
  readonly config: ReturnType<typeof pa>;
  readonly port: number;
  readonly call: Call;
  readonly accepted: boolean;
  /** Raw TCP (no HTTP parsing): an mTLS stream to a DISABLE port is forwarded as bytes. */
  readonly tcpPassthrough?: boolean;
}

const P = 'TestPeerAuthenticationPassthrough';
const S = 'TestPeerAuthenticationWithSidecar/service, no sidecar';
const rows: Row[] = [
  { test: `${P}/global disable/plaintext`, config: mode('DISABLE'), port: 8000, call: 'plaintext', accepted: true },
  { test: `${P}/global disable/mtls`, config: mode('DISABLE'), port: 8000, call: 'mtls', accepted: true, tcpPassthrough: true },
  { test: `${P}/global strict/plaintext`, config: mode('STRICT'), port: 8000, call: 'plaintext', accepted: false },
  { test: `${P}/global strict/mtls`, config: mode('STRICT'), port: 8000, call: 'mtls', accepted: true },
  { test: `${P}/global permissive/plaintext`, config: mode('PERMISSIVE'), port: 8000, call: 'plaintext', accepted: true },
  { test: `${P}/global permissive/mtls`, config: mode('PERMISSIVE'), port: 8000, call: 'mtls', accepted: true },
  { test: `${P}/global disable and port 9000 strict/plaintext port 9000`, config: mode('DISABLE', { 9000: 'STRICT' }), port: 9000, call: 'plaintext', accepted: false },
  { test: `${P}/global disable and port 9000 strict/mtls port 9000`, config: mode('DISABLE', { 9000: 'STRICT' }), port: 9000, call: 'mtls', accepted: true },
  { test: `${P}/global disable and port 9000 strict not in service/plaintext on port 8000`, config: mode('DISABLE', { 9000: 'STRICT' }), port: 8000, call: 'plaintext', accepted: true },
  { test: `${P}/global disable and port 9000 strict not in service/mtls on port 8000`, config: mode('DISABLE', { 9000: 'STRICT' }), port: 8000, call: 'mtls', accepted: false },
  { test: `${P}/global strict and port 9000 plaintext/plaintext on port 8000`, config: mode('STRICT', { 9000: 'DISABLE' }), port: 8000, call: 'plaintext', accepted: false },
  { test: `${P}/global strict and port 9000 plaintext/mtls on port 8000`, config: mode('STRICT', { 9000: 'DISABLE' }), port: 8000, call: 'mtls', accepted: true },
  { test: `${P}/global strict and port 9000 plaintext/plaintext port 9000`, config: mode('STRICT', { 9000: 'DISABLE' }), port: 9000, call: 'plaintext', accepted: true },
  { test: `${P}/global strict and port 9000 plaintext/mtls port 9000`, config: mode('STRICT', { 9000: 'DISABLE' }), port: 9000, call: 'mtls', accepted: true, tcpPassthrough: true },
  { test: `${S}/plaintext on tls port`, config: mode('STRICT', { 9090: 'DISABLE' }), port: 8080, call: 'plaintext', accepted: false },
  { test: `${S}/tls on tls port`, config: mode('STRICT', { 9090: 'DISABLE' }), port: 8080, call: 'mtls', accepted: true },
  { test: `${S}/plaintext on plaintext port`, config: mode('STRICT', { 9090: 'DISABLE' }), port: 9090, call: 'plaintext', accepted: true },
  { test: `${S}/tls on plaintext port`, config: mode('STRICT', { 9090: 'DISABLE' }), port: 9090, call: 'mtls', accepted: true, tcpPassthrough: true },
];

export const mtlsCases: PeerCase[] = [
  ...rows.map((r): PeerCase => {
    const expectation = `${r.call} to port ${r.port} is ${r.accepted ? 'accepted' : 'refused (no filter chain / protocol error)'}`;
    const file = FILES.peerAuthnSim;
    if (r.tcpPassthrough) return { family: 'mtls', file, test: r.test, expectation, notModeled: 'raw TCP: Istio forwards the TLS stream as opaque bytes on a DISABLE port; simulated traffic is HTTP, where the app would receive TLS bytes' };
    return { family: 'mtls', file, test: r.test, expectation, check: () => expect(accepted(r.config, r.port, r.call)).toBe(r.accepted) };
  }),
  ...['service, full sidecar', 'no service, no sidecar', 'no service, full sidecar', 'service, partial sidecar'].map(
    (name): PeerCase => ({ family: 'mtls', file: FILES.peerAuthnSim, test: `TestPeerAuthenticationWithSidecar/${name}`, expectation: 'the Sidecar ingress listeners (or their absence) decide which inbound cluster a port reaches', notModeled: 'Sidecar kind' }),
  ),
  {
    family: 'mtls', file: FILES.sidecarSim, test: 'TestInboundSidecarTLSModes',
    expectation: 'Sidecar ingress TLS termination modes on the inbound listener',
    notModeled: 'Sidecar kind (ingress TLS settings)',
  },
  {
    family: 'mtls', file: FILES.cluster, test: 'TestAutoMTLSClusterIgnoreWorkloadLevelPeerAuthn',
    expectation: 'auto mTLS on port 8080 (mTLS toward a sidecar endpoint); the DestinationRule\'s port-level tls DISABLE on 9090 is used as written',
    check: () => {
      const p = policyOf(dr({ host: 'foo', trafficPolicy: { connectionPool: { http: { maxRequestsPerConnection: 1 } }, portLevelSettings: [{ port: { number: 9090 }, tls: { mode: 'DISABLE' } }] } }));
      const out = (port: number) => p.connectionOutcome({ clientNamespace: 'default', host: 'foo', port, server: { labels: { app: 'foo', version: 'v1' }, namespace: 'default', port } });
      expect([out(8080).clientMode, out(8080).autoMtls, out(9090).clientMode, out(9090).autoMtls]).toEqual(['ISTIO_MUTUAL', true, 'DISABLE', false]);
    },
  },
];
