import { compilePolicy, type CompiledPolicy } from '../../src/policy/compilePolicy.js';
import type { Diagnostic } from '../../src/policy/diagnostics.js';
import type { IstioResource } from '../../src/policy/manifest.js';

/**
 * The peer suite: decision-level expectations translated from istio/istio's own tests
 * (facts, not code), each run through the CompiledPolicy calls the simulated proxies
 * make (route, destinationPolicy, subsetSelector, connectionOutcome, authorize, and the
 * policy objects those hand out). Cases meshsim does not model are listed with the reason.
 */
export const ISTIO_COMMIT = '86c9f01fd735fb01d8192f5bcaf0d424afb7f14c';
export const ISTIO_COMMIT_DATE = '2026-08-22';

export type Family = 'authorization' | 'retries' | 'routing' | 'locality' | 'traffic-policy' | 'mtls' | 'validation';

export const FAMILY_TITLES: Readonly<Record<Family, string>> = {
  authorization: 'Authorization (AuthorizationPolicy)',
  retries: 'Retries',
  routing: 'Routing (VirtualService)',
  locality: 'Locality and zone-aware load balancing',
  'traffic-policy': 'DestinationRule traffic policy (pools, outlier detection, merges)',
  mtls: 'mTLS (PeerAuthentication and client TLS)',
  validation: 'Validation (admission webhook parity)',
};

export interface PeerCase {
  readonly family: Family;
  /** Path of the Istio test file at ISTIO_COMMIT. */
  readonly file: string;
  /** Test function and subtest, as Istio names them. */
  readonly test: string;
  /** What Istio's test expects, in words. */
  readonly expectation: string;
  /** Throws (an expect) when meshsim disagrees; absent for cases meshsim does not model. */
  readonly check?: () => void;
  /** Why meshsim does not model the case. */
  readonly notModeled?: string;
  /** A modeled case meshsim knowingly answers differently, and why (the check must fail). */
  readonly disagreement?: string;
}

export const FILES = {
  retry: 'pilot/pkg/networking/core/route/retry/retry_test.go',
  route: 'pilot/pkg/networking/core/route/route_test.go',
  lb: 'pilot/pkg/networking/core/loadbalancer/loadbalancer_test.go',
  cluster: 'pilot/pkg/networking/core/cluster_test.go',
  clusterPolicy: 'pilot/pkg/networking/core/cluster_traffic_policy_test.go',
  util: 'pilot/pkg/networking/util/util_test.go',
  authz: 'tests/integration/security/authz_test.go',
  validation: 'pkg/config/validation/validation_test.go',
  agent: 'pkg/config/validation/agent/validation_test.go',
  peerAuthnSim: 'pilot/pkg/networking/core/peer_authentication_simulation_test.go',
  sidecarSim: 'pilot/pkg/networking/core/sidecar_simulation_test.go',
} as const;

const API: Readonly<Record<string, string>> = {
  VirtualService: 'networking.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  AuthorizationPolicy: 'security.istio.io/v1',
};

export interface Doc {
  readonly kind: string;
  readonly spec: unknown;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export function resources(docs: readonly Doc[]): IstioResource[] {
  return docs.map((d, index) => ({
    apiVersion: API[d.kind] ?? '',
    kind: d.kind,
    metadata: { name: d.name ?? `r${index}`, namespace: d.namespace ?? 'default', ...(d.annotations ? { annotations: d.annotations } : {}) },
    spec: d.spec,
    index,
  }));
}

export interface Compiled {
  readonly policy: CompiledPolicy;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

export function compileDocs(...docs: Doc[]): Compiled {
  const r = compilePolicy(resources(docs), { rootNamespace: 'istio-system' });
  return { policy: r.policy, errors: r.diagnostics.filter((d) => d.severity === 'error'), warnings: r.diagnostics.filter((d) => d.severity === 'warning') };
}

/** Compiles and insists on no errors (the resources are valid in Istio). */
export function policyOf(...docs: Doc[]): CompiledPolicy {
  const c = compileDocs(...docs);
  if (c.errors.length > 0) throw new Error(`unexpected errors: ${c.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  return c.policy;
}

export const vs = (spec: unknown, name?: string): Doc => ({ kind: 'VirtualService', spec, ...(name ? { name } : {}) });
export const dr = (spec: unknown, name?: string): Doc => ({ kind: 'DestinationRule', spec, ...(name ? { name } : {}) });
export const pa = (spec: unknown, namespace?: string): Doc => ({ kind: 'PeerAuthentication', spec, ...(namespace ? { namespace } : {}) });
export const ap = (spec: unknown, extra: Partial<Doc> = {}): Doc => ({ kind: 'AuthorizationPolicy', spec, ...extra });

/** A validation expectation: Istio accepts (with a warning matching `warning`, if given) or refuses. */
export function expectValidation(doc: Doc, valid: boolean, warning?: RegExp): void {
  const c = compileDocs(doc);
  const errors = c.errors.map((e) => `${e.path.join('.')}: ${e.message}`);
  if (valid && errors.length > 0) throw new Error(`Istio accepts this; meshsim refuses it: ${errors.join('; ')}`);
  if (!valid && errors.length === 0) throw new Error('Istio refuses this; meshsim accepts it');
  if (warning !== undefined && !c.warnings.some((w) => warning.test(w.message))) {
    throw new Error(`Istio warns (${warning}); meshsim's warnings: ${c.warnings.map((w) => w.message).join(' | ') || 'none'}`);
  }
}
