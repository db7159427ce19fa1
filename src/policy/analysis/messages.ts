/**
 * The catalog of diagnostic codes, in the manner of Istio's analyzer messages
 * (istio/istio pkg/config/analysis/msg/messages.yaml): every message meshsim prints
 * about Istio resources, and every warning about a scenario, carries one of these
 * codes, so a person can look it up and a CI job can filter on it.
 *
 * IST codes are Istio's own, with Istio's level and meaning; meshsim uses them where
 * Istio's analyzers (or its validation webhook, reported by istioctl analyze as IST0106)
 * make the same check. MSH codes are meshsim's own, for everything Istio has no code
 * for: fields and kinds meshsim does not model, scenario warnings, and the cross-resource
 * checks Istio leaves to pilot's logs (merged DestinationRules, overlapping
 * PeerAuthentications).
 */
export type MessageLevel = 'error' | 'warning' | 'info';

export interface MessageType {
  readonly code: string;
  /** Istio's message name (or meshsim's, in the same style). */
  readonly name: string;
  readonly level: MessageLevel;
  /** What the code means, one sentence. */
  readonly description: string;
}

const ist = (code: string, name: string, level: MessageLevel, description: string): MessageType => ({ code, name, level, description });
const msh = ist;

/** Istio's codes that meshsim reports (levels as in Istio's messages.yaml). */
export const istioMessages = {
  Deprecated: ist('IST0002', 'Deprecated', 'warning', 'A feature that the configuration is depending on is now deprecated.'),
  ReferencedResourceNotFound: ist('IST0101', 'ReferencedResourceNotFound', 'error', 'A resource being referenced does not exist.'),
  SchemaValidationError: ist('IST0106', 'SchemaValidationError', 'error', 'The resource has a schema validation error (Istio\'s validation webhook would reject it).'),
  ConflictingMeshGatewayVirtualServiceHosts: ist('IST0109', 'ConflictingMeshGatewayVirtualServiceHosts', 'error', 'Conflicting hosts on VirtualServices associated with mesh gateway.'),
  VirtualServiceDestinationPortSelectorRequired: ist(
    'IST0112',
    'VirtualServiceDestinationPortSelectorRequired',
    'error',
    'A VirtualService routes to a service with more than one port exposed, but does not specify which to use.',
  ),
  NoMatchingWorkloadsFound: ist('IST0127', 'NoMatchingWorkloadsFound', 'warning', 'There aren\'t workloads matching the resource labels.'),
  NoServerCertificateVerificationDestinationLevel: ist(
    'IST0128',
    'NoServerCertificateVerificationDestinationLevel',
    'warning',
    'No caCertificates are set in DestinationRule, this results in no verification of presented server certificate.',
  ),
  NoServerCertificateVerificationPortLevel: ist(
    'IST0129',
    'NoServerCertificateVerificationPortLevel',
    'warning',
    'No caCertificates are set in DestinationRule, this results in no verification of presented server certificate for traffic to a given port.',
  ),
  VirtualServiceUnreachableRule: ist('IST0130', 'VirtualServiceUnreachableRule', 'warning', 'A VirtualService rule will never be used because a previous rule uses the same match.'),
  VirtualServiceIneffectiveMatch: ist('IST0131', 'VirtualServiceIneffectiveMatch', 'info', 'A VirtualService rule match duplicates a match in a previous rule.'),
  SchemaWarning: ist('IST0133', 'SchemaWarning', 'warning', 'The resource has a schema validation warning (Istio\'s validation webhook accepts it with this warning).'),
  VirtualServiceHostNotFoundInGateway: ist('IST0132', 'VirtualServiceHostNotFoundInGateway', 'warning', 'Host defined in VirtualService not found in Gateway.'),
  ReferencedInternalGateway: ist('IST0165', 'ReferencedInternalGateway', 'warning', 'VirtualServices should not reference internal Gateways.'),
  IneffectivePolicy: ist('IST0167', 'IneffectivePolicy', 'warning', 'The policy applied has no impact.'),
  DestinationRuleSubsetNotSelectPods: ist('IST0173', 'DestinationRuleSubsetNotSelectPods', 'error', 'Subsets defined in destination does not select any pods.'),
  UnknownDestinationRuleHost: ist('IST0174', 'UnknownDestinationRuleHost', 'warning', 'Host defined in destination rule does not match any services in the mesh.'),
} as const satisfies Record<string, MessageType>;

/** meshsim's own codes. */
export const meshsimMessages = {
  YamlWarning: msh('MSH0001', 'YamlWarning', 'warning', 'The YAML parser accepted something it warns about (a tag or directive it ignores).'),
  CallerNamedLikeService: msh('MSH0010', 'CallerNamedLikeService', 'warning', 'A traffic source has the name of a service, so its edges are hard to tell apart in the results.'),
  FaultAfterRunEnds: msh('MSH0011', 'FaultAfterRunEnds', 'warning', 'A fault starts after the run ends and has no effect.'),
  CallCycleHoldsWorkers: msh('MSH0015', 'CallCycleHoldsWorkers', 'warning', 'A call cycle re-enters a service whose workers wait for their calls: enough nested requests deadlock it.'),
  OfferedLoadAboveCapacity: msh(
    'MSH0016',
    'OfferedLoadAboveCapacity',
    'warning',
    'A service is offered more work than its workers can do (replicas × concurrency ÷ mean service time): its queue grows for as long as the run lasts.',
  ),
  NotModeledField: msh('MSH0101', 'NotModeledField', 'warning', 'An Istio field meshsim reads but does not simulate; it has no effect in the simulation.'),
  NotModeledKind: msh('MSH0102', 'NotModeledKind', 'warning', 'A kind meshsim recognizes but does not simulate (Gateway, ServiceEntry, Kubernetes objects, ...).'),
  UnknownKind: msh('MSH0103', 'UnknownKind', 'warning', 'A kind meshsim does not know; the resource is ignored.'),
  UnknownField: msh('MSH0104', 'UnknownField', 'warning', 'A field the kind does not have; a cluster would prune it, and meshsim ignores it.'),
  UnservedApiVersion: msh('MSH0105', 'UnservedApiVersion', 'warning', 'An apiVersion Istio does not serve for the kind; the resource is ignored.'),
  ResourceReplaced: msh('MSH0106', 'ResourceReplaced', 'warning', 'A later resource of the same kind, namespace and name replaces this one, as kubectl apply would.'),
  SimulationAssumption: msh('MSH0107', 'SimulationAssumption', 'warning', 'The simulation assumes something a cluster would decide at run time (an external authorizer, a JWT, a proxy setting).'),
  IneffectiveSetting: msh('MSH0108', 'IneffectiveSetting', 'warning', 'A setting that has no effect, or not the one it seems to, where it is written.'),
  FailClosed: msh('MSH0109', 'FailClosed', 'warning', 'An unknown field inside a rule, a match block or an mTLS setting: meshsim fails closed rather than ignore it (src/policy/failClosed.ts).'),
  MeshNotDeclared: msh('MSH0201', 'MeshNotDeclared', 'info', 'The input declares no services or workloads, so references to them were not checked.'),
  HostNotInMesh: msh('MSH0202', 'HostNotInMesh', 'warning', 'A VirtualService host names no service of the mesh, so the VirtualService applies to nothing.'),
  DestinationRuleMergeConflict: msh(
    'MSH0203',
    'DestinationRuleMergeConflict',
    'warning',
    'DestinationRules for one host in one namespace are merged, and part of a later one is dropped (a duplicate subset, or a second top-level traffic policy).',
  ),
  ConflictingPeerAuthentications: msh('MSH0204', 'ConflictingPeerAuthentications', 'warning', 'Workload PeerAuthentications overlap: on the workloads both select, only the oldest applies.'),
  UnknownServicePort: msh('MSH0205', 'UnknownServicePort', 'warning', 'Port-level settings for a port the service does not expose; they never apply.'),
  NotEnforcedByDataPlane: msh('MSH0301', 'NotEnforcedByDataPlane', 'warning', 'The run\'s data plane does not enforce a resource or field on some path (no proxy, no L7 hop, no Istio mTLS).'),
  OutlierDetectionNeverEjects: msh('MSH0302', 'OutlierDetectionNeverEjects', 'warning', 'maxEjectionPercent of the endpoints rounds down to zero hosts, so outlier detection never ejects.'),
} as const satisfies Record<string, MessageType>;

export const messages = { ...istioMessages, ...meshsimMessages };

export type MessageName = keyof typeof messages;

const byCode = new Map<string, MessageType>(Object.values(messages).map((m) => [m.code, m]));

/** The catalog entry of a code, or undefined for a code meshsim does not have. */
export function messageOfCode(code: string): MessageType | undefined {
  return byCode.get(code);
}

/**
 * A run-time warning (from the simulated mesh, not tied to a file position) as printed:
 * the text, then its code, as located messages end (`… [MSH0301]`).
 */
export function codedWarning(type: MessageType, text: string): string {
  return `${text} [${type.code}]`;
}

/** Every code, in catalog order (Istio's, then meshsim's). */
export function allMessages(): readonly MessageType[] {
  return [...byCode.values()];
}
