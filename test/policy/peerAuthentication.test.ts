import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MtlsMode, MtlsModeSetting } from '../../src/policy/peerAuthentication.js';
import { compileYaml, errorsOf, peerAuthenticationYaml } from './policyFixtures.js';

const pa = peerAuthenticationYaml;

describe('PeerAuthentication precedence (§8.2)', () => {
  it('mesh < namespace < workload < port, UNSET inherits, default PERMISSIVE (property)', () => {
    const setting = fc.constantFrom<MtlsModeSetting | 'absent'>('absent', 'UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT');
    fc.assert(
      fc.property(setting, setting, setting, setting, (mesh, ns, workload, port) => {
        let yaml = '';
        if (mesh !== 'absent') yaml += pa('mesh', 'istio-system', mesh);
        if (ns !== 'absent') yaml += pa('ns', 'bookinfo', ns);
        if (workload !== 'absent') {
          const portLevel = port === 'absent' ? '' : `  portLevelMtls: {"9080": {mode: ${port}}}`;
          yaml += pa('wl', 'bookinfo', workload, `  selector: {matchLabels: {app: reviews}}\n${portLevel}`);
        }
        const r = compileYaml(yaml);
        expect(errorsOf(r)).toEqual([]);
        const levels = [mesh, ns, workload, workload === 'absent' ? 'absent' : port];
        const expected = levels.reduce<MtlsMode>((acc, m) => (m === 'absent' || m === 'UNSET' ? acc : m), 'PERMISSIVE');
        expect(r.policy.peerAuthentication({ app: 'reviews', version: 'v1' }, 'bookinfo', 9080).mode).toBe(expected);
        // Other ports ignore the port-level entry; other workloads ignore the workload policy.
        const noPort = [mesh, ns, workload].reduce<MtlsMode>((acc, m) => (m === 'absent' || m === 'UNSET' ? acc : m), 'PERMISSIVE');
        expect(r.policy.peerAuthentication({ app: 'reviews' }, 'bookinfo', 8080).mode).toBe(noPort);
        const other = [mesh, ns].reduce<MtlsMode>((acc, m) => (m === 'absent' || m === 'UNSET' ? acc : m), 'PERMISSIVE');
        expect(r.policy.peerAuthentication({ app: 'ratings' }, 'bookinfo', 9080).mode).toBe(other);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('names the deciding policy and level', () => {
    const r = compileYaml(pa('mesh', 'istio-system', 'STRICT') + pa('ns', 'legacy', 'PERMISSIVE'));
    expect(r.policy.peerAuthentication({}, 'bookinfo')).toEqual({ mode: 'STRICT', source: 'mesh', policy: 'istio-system/mesh' });
    expect(r.policy.peerAuthentication({}, 'legacy')).toEqual({ mode: 'PERMISSIVE', source: 'namespace', policy: 'legacy/ns' });
    expect(compileYaml('').policy.peerAuthentication({}, 'x')).toEqual({ mode: 'PERMISSIVE', source: 'default' });
  });

  it('ignores selector policies in the root namespace; the oldest of two namespace policies wins', () => {
    const r = compileYaml(
      pa('root-selector', 'istio-system', 'STRICT', '  selector: {matchLabels: {app: reviews}}') +
        pa('newer', 'bookinfo', 'DISABLE', '') .replace('metadata: {name: newer, namespace: bookinfo}', 'metadata: {name: newer, namespace: bookinfo, creationTimestamp: "2024-02-01T00:00:00Z"}') +
        pa('older', 'bookinfo', 'STRICT', '').replace('metadata: {name: older, namespace: bookinfo}', 'metadata: {name: older, namespace: bookinfo, creationTimestamp: "2024-01-01T00:00:00Z"}'),
    );
    expect(r.policy.peerAuthentication({ app: 'reviews' }, 'bookinfo')).toMatchObject({ mode: 'STRICT', policy: 'bookinfo/older' });
    expect(r.policy.peerAuthentication({ app: 'reviews' }, 'other').mode).toBe('PERMISSIVE');
  });

  it('rejects unknown modes and port-level mTLS without a selector', () => {
    const r = compileYaml(pa('bad', 'default', 'STRICTER' as MtlsModeSetting) + pa('nosel', 'default', 'STRICT', '  portLevelMtls: {"8080": {mode: DISABLE}}'));
    expect(errorsOf(r)).toEqual([
      'spec.mtls.mode: "STRICTER" is not an mTLS mode',
      'spec.portLevelMtls: requires a workload selector; mesh and namespace policies cannot set port-level mTLS',
    ]);
  });
});

