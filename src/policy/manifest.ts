/**
 * Istio resources as handed to the policy compiler: already parsed from YAML by the
 * caller (src/scenarios or a test), with their position in the list so diagnostics
 * can be mapped back to FILE:LINE:COL.
 */
export interface ResourceMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** RFC 3339; Istio breaks ties between equal-level policies by age (oldest wins). */
  readonly creationTimestamp?: string;
  readonly [key: string]: unknown;
}

export interface IstioResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ResourceMetadata;
  readonly spec: unknown;
  /** Index in the list handed to compilePolicy; diagnostics carry it back. */
  readonly index: number;
}

/** Kinds whose semantics meshsim compiles. */
export type ModeledKind = 'VirtualService' | 'DestinationRule' | 'PeerAuthentication' | 'AuthorizationPolicy';

const networkingVersions = ['networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1', 'networking.istio.io/v1'];
const securityVersions = ['security.istio.io/v1beta1', 'security.istio.io/v1'];

/** apiVersions Istio serves for each modeled kind (istio/api CRDs, all versions share one schema). */
export const modeledApiVersions: Readonly<Record<ModeledKind, readonly string[]>> = {
  VirtualService: networkingVersions,
  DestinationRule: networkingVersions,
  PeerAuthentication: securityVersions,
  AuthorizationPolicy: securityVersions,
};

export function isModeledKind(kind: string): kind is ModeledKind {
  return Object.prototype.hasOwnProperty.call(modeledApiVersions, kind);
}

/** Reads a plain object into an IstioResource shape; undefined if it has no kind. */
export function toIstioResource(doc: unknown, index: number): IstioResource | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  if (typeof d['kind'] !== 'string') return undefined;
  const meta = typeof d['metadata'] === 'object' && d['metadata'] !== null ? (d['metadata'] as ResourceMetadata) : ({ name: '' } as ResourceMetadata);
  return {
    apiVersion: typeof d['apiVersion'] === 'string' ? d['apiVersion'] : '',
    kind: d['kind'],
    metadata: meta,
    spec: d['spec'],
    index,
  };
}
