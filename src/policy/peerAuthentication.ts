import type { Diagnostics, FieldPath } from './diagnostics.js';
import { meshsimMessages } from './analysis/messages.js';
import { failClosedMessage } from './failClosed.js';
import type { IstioResource } from './manifest.js';
import { describe, isObject, readString } from './fieldReaders.js';
import { olderFirst } from './resourceAge.js';
import { readFields } from './supportMatrix.js';
import { compileSelector, selectorMatches, type LabelSelector } from './workloadSelector.js';

/**
 * PeerAuthentication (§8.2 [IA-PA][II-PA ComposePeerAuthentication]): which connections
 * a workload's inbound sidecar accepts. Effective mode: start PERMISSIVE, then the mesh
 * policy (root namespace, no selector), the namespace policy (no selector), the workload
 * policy (selector, outside the root namespace); each non-UNSET level overrides the
 * previous one; a port-level entry of the workload policy overrides last. Several
 * policies at one level: the oldest wins (creationTimestamp, then file order).
 */
export type MtlsMode = 'DISABLE' | 'PERMISSIVE' | 'STRICT';
export type MtlsModeSetting = MtlsMode | 'UNSET';

export interface CompiledPeerAuthentication {
  readonly name: string;
  readonly namespace: string;
  readonly resourceIndex: number;
  readonly creationTimestamp?: string;
  readonly selector?: LabelSelector;
  readonly mode: MtlsModeSetting;
  /** Workload (target) port → mode; only meaningful with a selector. */
  readonly portLevel: ReadonlyMap<number, MtlsModeSetting>;
}

/** Which level decided the effective mode; reported with the mode. */
export type PeerAuthenticationSource = 'default' | 'mesh' | 'namespace' | 'workload' | 'port';

export interface EffectivePeerAuthentication {
  readonly mode: MtlsMode;
  readonly source: PeerAuthenticationSource;
  /** `namespace/name` of the policy that set the mode, when one did. */
  readonly policy?: string;
}

const K = 'PeerAuthentication';
const modes: readonly string[] = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];

/**
 * Reads `{mode}`. A field meshsim does not know inside it fails closed: the mode
 * becomes STRICT (only mTLS accepted), never something that admits more plaintext
 * than the resource may mean (failClosed.ts).
 */
function readMode(raw: unknown, path: readonly (string | number)[], diag: Diagnostics, field: string): MtlsModeSetting | undefined {
  const unknown: FieldPath[] = [];
  const o = readFields(K, field, raw ?? {}, path, diag, unknown);
  if (o === undefined) return undefined;
  const m = readString(o['mode'], [...path, 'mode'], diag);
  if (m !== undefined && !modes.includes(m)) {
    diag.error([...path, 'mode'], `"${m}" is not an mTLS mode`, modes.join(', '));
    return undefined;
  }
  if (unknown.length > 0) {
    for (const u of unknown) diag.warn(u, failClosedMessage(u, 'an mTLS setting', 'the mode is treated as STRICT'), meshsimMessages.FailClosed);
    return 'STRICT';
  }
  return (m ?? 'UNSET') as MtlsModeSetting;
}

/** Compiles one PeerAuthentication; undefined after an error. */
export function compilePeerAuthentication(res: IstioResource, namespace: string, diag: Diagnostics): CompiledPeerAuthentication | undefined {
  const spec = readFields(K, 'spec', res.spec ?? {}, ['spec'], diag);
  if (spec === undefined) return undefined;
  const selector = compileSelector(K, spec['selector'], ['spec', 'selector'], diag);
  const mode = spec['mtls'] === undefined || spec['mtls'] === null ? 'UNSET' : readMode(spec['mtls'], ['spec', 'mtls'], diag, 'spec.mtls');
  if (mode === undefined) return undefined;
  const portLevel = new Map<number, MtlsModeSetting>();
  const raw = spec['portLevelMtls'];
  if (raw !== undefined && raw !== null) {
    if (!isObject(raw)) {
      diag.error(['spec', 'portLevelMtls'], `must be a mapping of ports to {mode}, got ${describe(raw)}`, 'portLevelMtls: {8080: {mode: DISABLE}}');
      return undefined;
    }
    // Istio validation: a portLevelMtls that is written must have an entry [II-VAL].
    if (Object.keys(raw).length === 0) {
      diag.error(['spec', 'portLevelMtls'], 'is empty', 'at least one port, or no portLevelMtls field');
      return undefined;
    }
    // Istio validation: port-level mTLS needs a workload selector [II-VAL].
    if (selector === undefined) {
      diag.error(['spec', 'portLevelMtls'], 'requires a workload selector; mesh and namespace policies cannot set port-level mTLS', 'selector.matchLabels');
      return undefined;
    }
    for (const [port, v] of Object.entries(raw)) {
      const n = Number(port);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        diag.error(['spec', 'portLevelMtls', port], `"${port}" is not a port number`, 'a port between 1 and 65535');
        return undefined;
      }
      const m = readMode(v, ['spec', 'portLevelMtls', port], diag, 'spec.mtls');
      if (m === undefined) return undefined;
      portLevel.set(n, m);
    }
  }
  return {
    name: res.metadata.name,
    namespace,
    resourceIndex: res.index,
    ...(res.metadata.creationTimestamp !== undefined ? { creationTimestamp: res.metadata.creationTimestamp } : {}),
    ...(selector !== undefined ? { selector } : {}),
    mode,
    portLevel,
  };
}

/** Looks up effective modes; built once from all compiled policies. */
export class PeerAuthenticationIndex {
  private readonly policies: readonly CompiledPeerAuthentication[];

  constructor(policies: readonly CompiledPeerAuthentication[], private readonly rootNamespace: string) {
    this.policies = [...policies].sort(olderFirst);
  }

  /**
   * Effective mode for a server workload (its labels and namespace) on `port` (the
   * workload/target port; undefined = not port-specific).
   */
  effective(labels: Readonly<Record<string, string>>, namespace: string, port?: number): EffectivePeerAuthentication {
    const root = this.rootNamespace;
    const mesh = this.policies.find((p) => p.namespace === root && p.selector === undefined);
    const ns = namespace === root ? undefined : this.policies.find((p) => p.namespace === namespace && p.selector === undefined);
    // Selector policies in the root namespace are ignored [§8.2].
    const workload = namespace === root ? undefined : this.policies.find((p) => p.namespace === namespace && p.selector !== undefined && selectorMatches(p.selector, labels));
    let result: EffectivePeerAuthentication = { mode: 'PERMISSIVE', source: 'default' };
    const apply = (p: CompiledPeerAuthentication | undefined, source: PeerAuthenticationSource, mode: MtlsModeSetting | undefined): void => {
      if (p !== undefined && mode !== undefined && mode !== 'UNSET') result = { mode, source, policy: `${p.namespace}/${p.name}` };
    };
    apply(mesh, 'mesh', mesh?.mode);
    apply(ns, 'namespace', ns?.mode);
    apply(workload, 'workload', workload?.mode);
    if (workload !== undefined && port !== undefined) apply(workload, 'port', workload.portLevel.get(port));
    return result;
  }
}
