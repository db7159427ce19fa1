import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { IstioResource } from './manifest.js';
import type { ClientTlsMode } from './mtlsOutcome.js';
import { compileConnectionPool, ISTIO_DEFAULT_CONNECTION_POOL, type ConnectionPoolConfig } from './connectionPool.js';
import { readList, readNumber, readString, readStringList, readStringMap } from './fieldReaders.js';
import { resolveConfigHost } from './hostNames.js';
import { compileLoadBalancer } from './loadBalancing/compileLoadBalancer.js';
import { checkLocalityLbPrerequisites } from './loadBalancing/localityLbPrerequisites.js';
import { DEFAULT_LOAD_BALANCER_CONFIG, type LoadBalancerConfig } from './loadBalancing/loadBalancerConfig.js';
import { compileOutlierDetection, type OutlierDetectionConfig } from './outlierDetection.js';
import { compileRetryBudget, type RetryBudgetConfig } from './retryBudget.js';
import { readFields } from './supportMatrix.js';

/**
 * DestinationRule compilation and Istio's traffic-policy merge (§4.4 [II-DRM][IA-DR]):
 * - subset trafficPolicy overrides the top-level policy per whole component
 *   (connectionPool, outlierDetection, loadBalancer, tls, retryBudget) — no field-level
 *   merge inside a component;
 * - a matching portLevelSettings entry replaces the four port-level components
 *   (connectionPool, outlierDetection, loadBalancer, tls) wholesale, so an omitted one
 *   falls back to the default, not to the level above;
 * - order: top-level → top-level port settings → subset → subset port settings.
 */
export interface TrafficPolicyParts {
  readonly loadBalancer?: LoadBalancerConfig;
  readonly connectionPool?: ConnectionPoolConfig;
  readonly outlierDetection?: OutlierDetectionConfig;
  readonly tls?: ClientTlsMode;
  readonly retryBudget?: RetryBudgetConfig;
}

export interface CompiledTrafficPolicy {
  readonly parts: TrafficPolicyParts;
  /** Port number → the components set for that port (wholesale replacement). */
  readonly portLevel: ReadonlyMap<number, TrafficPolicyParts>;
}

export interface CompiledSubset {
  readonly name: string;
  /** Endpoint labels that must all match (over Endpoint.labels). */
  readonly labels: Readonly<Record<string, string>>;
  readonly trafficPolicy?: CompiledTrafficPolicy;
}

export interface CompiledDestinationRule {
  readonly name: string;
  readonly namespace: string;
  readonly resourceIndex: number;
  readonly creationTimestamp?: string;
  /** Fully qualified host pattern (may be a wildcard). */
  readonly host: string;
  readonly exportTo?: readonly string[];
  readonly trafficPolicy?: CompiledTrafficPolicy;
  readonly subsets: ReadonlyMap<string, CompiledSubset>;
}

/** The policy a client applies toward one destination (service, subset, port), defaults filled in. */
export interface DestinationPolicy {
  readonly loadBalancer: LoadBalancerConfig;
  readonly connectionPool: ConnectionPoolConfig;
  /** Undefined: no outlier detection (Istio emits none without the block, §3.6). */
  readonly outlierDetection?: OutlierDetectionConfig;
  /** Undefined: no DestinationRule sets tls → Istio auto mTLS (see mtlsOutcome.ts). */
  readonly tls?: ClientTlsMode;
  /** Undefined: max_retries applies (Istio: unlimited, §1.5). */
  readonly retryBudget?: RetryBudgetConfig;
  /** `namespace/name` of the DestinationRule used, if any. */
  readonly destinationRule?: string;
}

const K = 'DestinationRule';
const tlsModes: readonly string[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

function compileTls(raw: unknown, field: string, path: FieldPath, diag: Diagnostics): ClientTlsMode | undefined {
  const o = readFields(K, field, raw, path, diag);
  if (o === undefined) return undefined;
  const mode = readString(o['mode'], [...path, 'mode'], diag) ?? 'DISABLE'; // proto default DISABLE
  if (!tlsModes.includes(mode)) {
    diag.error([...path, 'mode'], `"${mode}" is not a TLS mode`, tlsModes.join(', '));
    return undefined;
  }
  return mode as ClientTlsMode;
}

function compileParts(o: Record<string, unknown>, field: string, path: FieldPath, diag: Diagnostics, withBudget: boolean): TrafficPolicyParts {
  const has = (k: string): boolean => o[k] !== undefined && o[k] !== null;
  const tls = has('tls') ? compileTls(o['tls'], `${field}.tls`, [...path, 'tls'], diag) : undefined;
  const od = has('outlierDetection') ? compileOutlierDetection(o['outlierDetection'], [...path, 'outlierDetection'], diag) : undefined;
  const budget = withBudget && has('retryBudget') ? compileRetryBudget(o['retryBudget'], [...path, 'retryBudget'], diag) : undefined;
  const lb = has('loadBalancer') ? compileLoadBalancer(o['loadBalancer'], [...path, 'loadBalancer'], diag, has('outlierDetection')) : undefined;
  // Locality failover does nothing without outlier detection in the same policy (§6, §10.7): say so.
  if (lb !== undefined) checkLocalityLbPrerequisites(lb, has('outlierDetection'), [...path, 'loadBalancer', 'localityLbSetting'], diag);
  // Object.assign onto one fresh object, not a literal of spreads: V8 gives each spread
  // object a hidden class of its own, and every lookup of a part then went megamorphic
  // (one class per DestinationRule, thousands in a large mesh).
  return Object.assign(
    {},
    lb !== undefined ? { loadBalancer: lb } : {},
    has('connectionPool') ? { connectionPool: compileConnectionPool(o['connectionPool'], [...path, 'connectionPool'], diag) } : {},
    od !== undefined ? { outlierDetection: od } : {},
    tls !== undefined ? { tls } : {},
    budget !== undefined ? { retryBudget: budget } : {},
  );
}

/** Whether any of `keys` is set (not null) in `o`. */
const hasAny = (o: Record<string, unknown>, keys: readonly string[]): boolean => keys.some((k) => o[k] !== undefined && o[k] !== null);
const PORT_LEVEL_PARTS = ['connectionPool', 'outlierDetection', 'loadBalancer', 'tls'];

function compileTrafficPolicy(raw: unknown, field: string, path: FieldPath, diag: Diagnostics): CompiledTrafficPolicy | undefined {
  const o = readFields(K, field, raw, path, diag);
  if (o === undefined) return undefined;
  // Istio validation: "traffic policy must have at least one field"; tunnel and proxyProtocol exclude each other [II-VAL].
  if (!hasAny(o, [...PORT_LEVEL_PARTS, 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'])) diag.error(path, 'has no settings', 'at least one of connectionPool, outlierDetection, loadBalancer, tls, portLevelSettings, retryBudget');
  if (hasAny(o, ['tunnel']) && hasAny(o, ['proxyProtocol'])) diag.error([...path, 'proxyProtocol'], 'cannot be set together with tunnel');
  const portLevel = new Map<number, TrafficPolicyParts>();
  readList(o['portLevelSettings'], [...path, 'portLevelSettings'], diag, (p, pp) => {
    const po = readFields(K, `${field}.portLevelSettings[]`, p, pp, diag);
    if (po === undefined) return undefined;
    const port = po['port'] === undefined ? undefined : readFields(K, `${field}.portLevelSettings[].port`, po['port'], [...pp, 'port'], diag);
    const n = port === undefined ? undefined : readNumber(port['number'], [...pp, 'port', 'number'], diag, { integer: true, min: 1, max: 65535 });
    if (!hasAny(po, PORT_LEVEL_PARTS)) diag.error(pp, 'has no settings', 'at least one of connectionPool, outlierDetection, loadBalancer, tls');
    if (n === undefined) {
      if (port === undefined || port['number'] === undefined) diag.error([...pp, 'port'], 'needs a port number', 'port: {number: 9080}');
      return undefined;
    }
    if (portLevel.has(n)) diag.warn([...pp, 'port', 'number'], `port ${n} is listed twice; the first entry applies`);
    else portLevel.set(n, compileParts(po, `${field}.portLevelSettings[]`, pp, diag, false));
    return n;
  });
  return { parts: compileParts(o, field, path, diag, true), portLevel };
}

/** Compiles one DestinationRule; undefined after an error that makes it unusable. */
export function compileDestinationRule(res: IstioResource, namespace: string, diag: Diagnostics, domain?: string): CompiledDestinationRule | undefined {
  const spec = readFields(K, 'spec', res.spec ?? {}, ['spec'], diag);
  if (spec === undefined) return undefined;
  const host = readString(spec['host'], ['spec', 'host'], diag);
  if (host === undefined || host.trim() === '') {
    if (spec['host'] === undefined || host !== undefined) diag.error(['spec', 'host'], 'is required', 'host: reviews');
    return undefined;
  }
  const trafficPolicy = spec['trafficPolicy'] === undefined || spec['trafficPolicy'] === null ? undefined : compileTrafficPolicy(spec['trafficPolicy'], 'spec.trafficPolicy', ['spec', 'trafficPolicy'], diag);
  const subsets = new Map<string, CompiledSubset>();
  readList(spec['subsets'], ['spec', 'subsets'], diag, (s, p) => {
    const so = readFields(K, 'spec.subsets[]', s, p, diag);
    if (so === undefined) return undefined;
    const name = readString(so['name'], [...p, 'name'], diag);
    if (name === undefined || name === '') return (diag.error([...p, 'name'], 'is required', 'name: v1'), undefined);
    if (subsets.has(name)) return (diag.error([...p, 'name'], `duplicate subset name "${name}"`, 'unique subset names'), undefined);
    const labels = readStringMap(so['labels'], [...p, 'labels'], diag) ?? {};
    const tp = so['trafficPolicy'] === undefined || so['trafficPolicy'] === null ? undefined : compileTrafficPolicy(so['trafficPolicy'], 'spec.subsets[].trafficPolicy', [...p, 'trafficPolicy'], diag);
    subsets.set(name, { name, labels, ...(tp !== undefined ? { trafficPolicy: tp } : {}) });
    return name;
  });
  const exportTo = readStringList(spec['exportTo'], ['spec', 'exportTo'], diag);
  return {
    name: res.metadata.name,
    namespace,
    resourceIndex: res.index,
    ...(res.metadata.creationTimestamp !== undefined ? { creationTimestamp: res.metadata.creationTimestamp } : {}),
    host: resolveConfigHost(host, namespace, domain),
    ...(exportTo !== undefined && exportTo.length > 0 ? { exportTo } : {}),
    ...(trafficPolicy !== undefined ? { trafficPolicy } : {}),
    subsets,
  };
}

/** Applies one level (its components, then its port-level replacement) over `base`. */
function overlay(base: TrafficPolicyParts, level: CompiledTrafficPolicy | undefined, port: number | undefined): TrafficPolicyParts {
  if (level === undefined) return base;
  const merged: { -readonly [P in keyof TrafficPolicyParts]: TrafficPolicyParts[P] } = { ...base };
  for (const k of ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'retryBudget'] as const) {
    if (level.parts[k] !== undefined) (merged as Record<string, unknown>)[k] = level.parts[k];
  }
  const pl = port === undefined ? undefined : level.portLevel.get(port);
  if (pl !== undefined) {
    // Port-level settings do not inherit: unset components fall back to defaults [§4.4 II-DRM].
    merged.loadBalancer = pl.loadBalancer;
    merged.connectionPool = pl.connectionPool;
    merged.outlierDetection = pl.outlierDetection;
    merged.tls = pl.tls;
    // Istio's port-level copy holds only those four: this level's retryBudget is dropped on that
    // port, and the level above keeps its own (networking/util GetPortLevelTrafficPolicy, MergeSubsetTrafficPolicy).
    if (base.retryBudget === undefined) delete merged.retryBudget;
    else merged.retryBudget = base.retryBudget;
  }
  return merged;
}

/** The merged policy toward (subset, port) of the service a DestinationRule covers; defaults filled in. */
export function mergeDestinationPolicy(dr: CompiledDestinationRule | undefined, subset?: string, port?: number): DestinationPolicy {
  let parts: TrafficPolicyParts = {};
  if (dr !== undefined) {
    parts = overlay(parts, dr.trafficPolicy, port);
    if (subset !== undefined) parts = overlay(parts, dr.subsets.get(subset)?.trafficPolicy, port);
  }
  return {
    loadBalancer: parts.loadBalancer ?? DEFAULT_LOAD_BALANCER_CONFIG,
    connectionPool: parts.connectionPool ?? ISTIO_DEFAULT_CONNECTION_POOL,
    ...(parts.outlierDetection !== undefined ? { outlierDetection: parts.outlierDetection } : {}),
    ...(parts.tls !== undefined ? { tls: parts.tls } : {}),
    ...(parts.retryBudget !== undefined ? { retryBudget: parts.retryBudget } : {}),
    ...(dr !== undefined ? { destinationRule: `${dr.namespace}/${dr.name}` } : {}),
  };
}

/** True when an endpoint's labels satisfy a subset selector. */
export function subsetMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}
