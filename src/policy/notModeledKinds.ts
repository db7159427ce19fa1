/**
 * Kinds meshsim recognizes but does not model. They are reported with a warning that
 * names the kind, so a user knows the resource has no effect in the simulation
 * (never silently dropped); anything not listed here or in manifest.ts is "unknown".
 */
export interface NotModeledKind {
  /** apiVersion group ('' for the Kubernetes core group). */
  readonly group: string;
  readonly why: string;
}

const istioNetworking = 'networking.istio.io';
const istioSecurity = 'security.istio.io';

export const notModeledKinds: Readonly<Record<string, NotModeledKind>> = {
  Gateway: { group: istioNetworking, why: 'ingress/egress gateways are not simulated; VirtualServices bound only to gateways do not affect mesh traffic' },
  ServiceEntry: { group: istioNetworking, why: 'services come from the scenario file; external services are not simulated' },
  Sidecar: { group: istioNetworking, why: 'every sidecar sees every service in the simulation' },
  EnvoyFilter: { group: istioNetworking, why: 'raw Envoy patches cannot be interpreted' },
  WorkloadEntry: { group: istioNetworking, why: 'workloads come from the scenario file' },
  WorkloadGroup: { group: istioNetworking, why: 'workloads come from the scenario file' },
  ProxyConfig: { group: istioNetworking, why: 'proxy bootstrap settings are not simulated' },
  RequestAuthentication: { group: istioSecurity, why: 'requests carry no JWTs in the simulation' },
  Telemetry: { group: 'telemetry.istio.io', why: 'telemetry settings do not change traffic' },
  WasmPlugin: { group: 'extensions.istio.io', why: 'Wasm extensions cannot be interpreted' },
  // Kubernetes kinds that commonly sit beside Istio resources in the same file.
  Deployment: { group: 'apps', why: 'replicas and versions come from the scenario file' },
  StatefulSet: { group: 'apps', why: 'replicas and versions come from the scenario file' },
  DaemonSet: { group: 'apps', why: 'replicas and versions come from the scenario file' },
  ReplicaSet: { group: 'apps', why: 'replicas and versions come from the scenario file' },
  Pod: { group: '', why: 'replicas come from the scenario file' },
  Service: { group: '', why: 'services come from the scenario file' },
  ServiceAccount: { group: '', why: 'identities are derived from the scenario services' },
  Namespace: { group: '', why: 'namespaces are taken from resource metadata' },
  ConfigMap: { group: '', why: 'configuration data is not simulated' },
  Secret: { group: '', why: 'certificates and credentials are not simulated' },
  Endpoints: { group: '', why: 'endpoints come from the scenario file' },
  EndpointSlice: { group: 'discovery.k8s.io', why: 'endpoints come from the scenario file' },
  Ingress: { group: 'networking.k8s.io', why: 'ingress is not simulated' },
  NetworkPolicy: { group: 'networking.k8s.io', why: 'Kubernetes network policy is not simulated' },
  HorizontalPodAutoscaler: { group: 'autoscaling', why: 'autoscaling is not simulated' },
  PodDisruptionBudget: { group: 'policy', why: 'disruptions are not simulated' },
  Role: { group: 'rbac.authorization.k8s.io', why: 'Kubernetes RBAC does not affect traffic' },
  RoleBinding: { group: 'rbac.authorization.k8s.io', why: 'Kubernetes RBAC does not affect traffic' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', why: 'Kubernetes RBAC does not affect traffic' },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', why: 'Kubernetes RBAC does not affect traffic' },
  Job: { group: 'batch', why: 'batch workloads are not simulated' },
  CronJob: { group: 'batch', why: 'batch workloads are not simulated' },
  HTTPRoute: { group: 'gateway.networking.k8s.io', why: 'Gateway API routes are not modeled; use VirtualService' },
  GRPCRoute: { group: 'gateway.networking.k8s.io', why: 'Gateway API routes are not modeled; use VirtualService' },
  TCPRoute: { group: 'gateway.networking.k8s.io', why: 'Gateway API routes are not modeled' },
  TLSRoute: { group: 'gateway.networking.k8s.io', why: 'Gateway API routes are not modeled' },
  GatewayClass: { group: 'gateway.networking.k8s.io', why: 'Gateway API is not modeled' },
  ReferenceGrant: { group: 'gateway.networking.k8s.io', why: 'Gateway API is not modeled' },
  CustomResourceDefinition: { group: 'apiextensions.k8s.io', why: 'CRDs do not affect traffic' },
  List: { group: '', why: 'a Kubernetes List wrapper; put the items in the file directly' },
};

/** The not-modeled entry for a kind, or undefined if meshsim does not know the kind. */
export function notModeledKind(kind: string): NotModeledKind | undefined {
  return Object.prototype.hasOwnProperty.call(notModeledKinds, kind) ? notModeledKinds[kind] : undefined;
}
