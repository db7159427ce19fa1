/**
 * A request as the policy engine sees it: what Envoy can match on. The simulator
 * (or a real proxy) builds one per request; policy never mutates it.
 */
export interface PolicyRequest {
  /** Destination host as the caller addressed it: a short name ("reviews") or FQDN. */
  readonly host: string;
  /** Destination port, when the caller named one. */
  readonly port?: number;
  readonly method: string;
  /** Path including any query string, e.g. "/productpage?u=normal". */
  readonly path: string;
  /** Lower-case header names → values. */
  readonly headers: Readonly<Record<string, string>>;
  /** The calling workload: its labels, namespace and SPIFFE principal, IP. */
  readonly source: PolicySource;
}

export interface PolicySource {
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace: string;
  /** e.g. "cluster.local/ns/default/sa/productpage"; absent without mTLS. */
  readonly principal?: string;
  readonly ip?: string;
  /** Locality of the calling workload, for locality-aware load balancing. */
  readonly locality?: Locality;
}

/** Istio/Envoy locality: region/zone/subzone. Missing parts are empty strings. */
export interface Locality {
  readonly region: string;
  readonly zone: string;
  readonly subzone: string;
}

/**
 * `request` with the caller's identity as the server sees it. An object literal rather
 * than a spread: V8 gives each spread object a hidden class of its own, and authorization
 * reads this per request, where thousands of classes go megamorphic.
 */
export function withSource(request: PolicyRequest, source: PolicySource): PolicyRequest {
  const { host, port, method, path, headers } = request;
  return port === undefined ? { host, method, path, headers, source } : { host, port, method, path, headers, source };
}
