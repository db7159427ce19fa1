import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { IstioResource } from './manifest.js';
import type { PolicyRequest } from './request.js';
import { readFields } from './supportMatrix.js';
import { isObject, readList, readString } from './fieldReaders.js';
import { compileRule, ruleMatches, type AuthzContext, type CompiledRule } from './authzRule.js';
import { compileSelector, selectorMatches, type LabelSelector } from './workloadSelector.js';
import { meshsimMessages } from './analysis/messages.js';

/**
 * AuthorizationPolicy (§8.1 [IA-AP][II-AUTHZ][E-RBAC]), enforced by the server sidecar:
 * (1) matching CUSTOM policies ask the external authorizer, (2) any matching DENY denies,
 * (3) no ALLOW policy on the workload allows, (4) a matching ALLOW allows, (5) otherwise
 * deny. AUDIT never changes the decision. Denial is HTTP 403 "RBAC: access denied".
 * Every applicable policy counts (mesh-wide root namespace, namespace, selector): there
 * is no override hierarchy.
 *
 * Choice (no ext_authz model): a matching CUSTOM policy is assumed to allow; it is named
 * in the decision so reports can show it was consulted.
 */
export type AuthzAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

export interface CompiledAuthorizationPolicy {
  readonly name: string;
  readonly namespace: string;
  readonly resourceIndex: number;
  readonly action: AuthzAction;
  readonly selector?: LabelSelector;
  /** Empty: the policy never matches (ALLOW with no rules = deny all). */
  readonly rules: readonly CompiledRule[];
  readonly provider?: string;
  /** Attached with targetRef(s) to a gateway/waypoint: does not apply to sidecars. */
  readonly targetsGateway: boolean;
  /** `istio.io/dry-run: "true"`: evaluated and logged by Istio, never enforced. */
  readonly dryRun: boolean;
}

export type AuthzReason = 'DeniedByPolicy' | 'AllowedByPolicy' | 'NoAllowPolicyMatched' | 'NoAllowPolicies';

export interface AuthzDecision {
  readonly allowed: boolean;
  /** 403 when denied. */
  readonly status?: 403;
  readonly reason: AuthzReason;
  /** `namespace/name` of the DENY or ALLOW policy that decided, when one did. */
  readonly policy?: string;
  /** Matching AUDIT policies (no effect on the decision). */
  readonly audited: readonly string[];
  /** Matching CUSTOM policies (external authorizer assumed to allow). */
  readonly custom: readonly string[];
}

/** The server workload the request arrives at. */
export interface AuthzWorkload {
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace: string;
  /** Destination (target) port; operations on `ports` need it. */
  readonly port?: number;
  readonly ip?: string;
}

const K = 'AuthorizationPolicy';
const actions: readonly string[] = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'];

/** Compiles one AuthorizationPolicy; undefined after an error. */
export function compileAuthorizationPolicy(res: IstioResource, namespace: string, diag: Diagnostics): CompiledAuthorizationPolicy | undefined {
  const spec = readFields(K, 'spec', res.spec ?? {}, ['spec'], diag);
  if (spec === undefined) return undefined;
  const before = diag.items.length;
  const action = readString(spec['action'], ['spec', 'action'], diag) ?? 'ALLOW';
  if (!actions.includes(action)) {
    diag.error(['spec', 'action'], `"${action}" is not an action`, actions.join(', '));
    return undefined;
  }
  let provider: string | undefined;
  if (spec['provider'] !== undefined && spec['provider'] !== null) {
    const p = readFields(K, 'spec.provider', spec['provider'], ['spec', 'provider'], diag);
    provider = p === undefined ? undefined : readString(p['name'], ['spec', 'provider', 'name'], diag);
  }
  // Istio validation: CUSTOM needs a provider, and only CUSTOM may have one [II-VAL].
  if (action === 'CUSTOM' && (provider === undefined || provider === '')) diag.error(['spec', 'provider', 'name'], 'must not be empty with action CUSTOM', 'provider: {name: my-ext-authz}');
  if (action !== 'CUSTOM' && spec['provider'] !== undefined) diag.error(['spec', 'provider'], `is only allowed with action CUSTOM, not ${action}`);
  if (action === 'CUSTOM') diag.warn(['spec', 'action'], 'CUSTOM: the external authorizer is not simulated; it is assumed to allow', meshsimMessages.SimulationAssumption);
  const selector = compileSelector(K, spec['selector'], ['spec', 'selector'], diag);
  const attachments = ['selector', 'targetRef', 'targetRefs'].filter((k) => spec[k] !== undefined && spec[k] !== null && !(Array.isArray(spec[k]) && (spec[k] as unknown[]).length === 0));
  if (attachments.length > 1) diag.error(['spec', attachments[1] as string], `is set together with ${attachments[0]}`, 'only one of selector, targetRef or targetRefs');
  const noRules = !Array.isArray(spec['rules']) || spec['rules'].length === 0;
  // Istio validation: a DENY or CUSTOM policy without rules can never trigger [II-VAL].
  if (noRules && (action === 'DENY' || action === 'CUSTOM')) diag.error(['spec', 'rules'], `${action} without rules is meaningless: it never triggers`, 'rules: [{}] to match every request');
  if (action === 'CUSTOM') checkCustomRules(spec['rules'], diag);
  checkTargetRef(spec['targetRef'], ['spec', 'targetRef'], diag);
  if (Array.isArray(spec['targetRefs'])) spec['targetRefs'].forEach((r: unknown, i) => checkTargetRef(r, ['spec', 'targetRefs', i], diag));
  const rules = readList(spec['rules'], ['spec', 'rules'], diag, (r, p) => compileRule(r, p, namespace, action, diag)) ?? [];
  const dryRun = readDryRun(res.metadata.annotations?.['istio.io/dry-run'], action, diag);
  if (dryRun) diag.warn(['metadata', 'annotations', 'istio.io/dry-run'], 'dry-run policy: evaluated by Istio for logs only, never enforced; it has no effect in the simulation');
  if (diag.items.slice(before).some((d) => d.severity === 'error')) return undefined;
  return {
    name: res.metadata.name,
    namespace,
    resourceIndex: res.index,
    action: action as AuthzAction,
    ...(selector !== undefined ? { selector } : {}),
    rules,
    ...(provider !== undefined ? { provider } : {}),
    targetsGateway: spec['targetRef'] !== undefined || spec['targetRefs'] !== undefined,
    dryRun,
  };
}

/** Sources and conditions the external authorizer cannot be asked about (Istio refuses them with CUSTOM) [II-VAL]. */
const CUSTOM_UNSUPPORTED_SOURCE = ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains', 'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals'];
const CUSTOM_UNSUPPORTED_KEYS = ['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'];

function checkCustomRules(rules: unknown, diag: Diagnostics): void {
  if (!Array.isArray(rules)) return;
  rules.forEach((r: unknown, i) => {
    if (!isObject(r)) return;
    readListSilently(r['from']).forEach((f, j) => {
      const src = isObject(f) ? f['source'] : undefined;
      if (!isObject(src)) return;
      for (const k of CUSTOM_UNSUPPORTED_SOURCE) if (src[k] !== undefined) diag.error(['spec', 'rules', i, 'from', j, 'source', k], 'is not supported with action CUSTOM');
    });
    readListSilently(r['when']).forEach((w, j) => {
      const key = isObject(w) ? w['key'] : undefined;
      if (typeof key === 'string' && (CUSTOM_UNSUPPORTED_KEYS.includes(key) || key.startsWith('request.auth.'))) diag.error(['spec', 'rules', i, 'when', j, 'key'], `${key} is not supported with action CUSTOM`);
    });
  });
}

/** What a policy may attach to (validation allowedTargetRefs); version is not checked, as in Istio. */
const TARGET_KINDS = ['/Service', 'core/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass'];

/** targetRef: a name, no namespace (no cross-namespace references), and an allowed group/kind [II-VAL]. */
function checkTargetRef(ref: unknown, path: FieldPath, diag: Diagnostics): void {
  if (!isObject(ref)) return;
  if (typeof ref['name'] !== 'string' || ref['name'] === '') diag.error([...path, 'name'], 'must be set', 'the name of the Gateway, Service or ServiceEntry');
  if (typeof ref['namespace'] === 'string' && ref['namespace'] !== '') diag.error([...path, 'namespace'], 'must not be set: cross-namespace references are not supported');
  const kind = `${typeof ref['group'] === 'string' ? ref['group'] : ''}/${String(ref['kind'] ?? '')}`;
  if (!TARGET_KINDS.includes(kind)) diag.error(path, `cannot refer to ${kind}`, 'a Gateway, GatewayClass, Service or ServiceEntry');
}

/** `istio.io/dry-run`: a Go boolean, and only on ALLOW and DENY policies (validation checkDryRunAnnotation) [II-VAL]. */
function readDryRun(value: string | undefined, action: string, diag: Diagnostics): boolean {
  if (value === undefined) return false;
  const path = ['metadata', 'annotations', 'istio.io/dry-run'];
  if (action !== 'ALLOW' && action !== 'DENY') {
    diag.error(path, `is only supported with action ALLOW or DENY, not ${action}`);
    return false;
  }
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (!['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) diag.error(path, `"${value}" is not a boolean`, 'true or false');
  return false;
}

function readListSilently(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const NO_POLICIES: AuthzDecision = Object.freeze({ allowed: true, reason: 'NoAllowPolicies', audited: [], custom: [] });
const NONE_APPLICABLE: readonly CompiledAuthorizationPolicy[] = Object.freeze([]);

/** Evaluates the compiled policies for requests arriving at workloads. */
export class AuthorizationIndex {
  constructor(private readonly policies: readonly CompiledAuthorizationPolicy[], private readonly rootNamespace: string) {}

  /**
   * Memo of applicable policies by the workload's labels object and namespace: callers
   * hand the same labels object for every request to a workload, and the answer is a
   * pure function of the immutable policy set.
   */
  private readonly memo = new WeakMap<object, Map<string, CompiledAuthorizationPolicy[]>>();

  /** Policies that apply to a workload: root namespace (mesh-wide) or its own namespace, selector matching. */
  applicable(workload: AuthzWorkload): readonly CompiledAuthorizationPolicy[] {
    // No AuthorizationPolicy at all (the common mesh): nothing to look up per request.
    if (this.policies.length === 0) return NONE_APPLICABLE;
    let byNamespace = this.memo.get(workload.labels);
    if (byNamespace === undefined) {
      byNamespace = new Map();
      this.memo.set(workload.labels, byNamespace);
    }
    let list = byNamespace.get(workload.namespace);
    if (list === undefined) {
      list = this.computeApplicable(workload);
      byNamespace.set(workload.namespace, list);
    }
    return list;
  }

  private computeApplicable(workload: AuthzWorkload): CompiledAuthorizationPolicy[] {
    return this.policies.filter(
      (p) =>
        !p.dryRun &&
        !p.targetsGateway &&
        (p.namespace === this.rootNamespace || p.namespace === workload.namespace) &&
        (p.selector === undefined || selectorMatches(p.selector, workload.labels)),
    );
  }

  /** The decision for one request at one workload. */
  authorize(request: PolicyRequest, workload: AuthzWorkload): AuthzDecision {
    const policies = this.applicable(workload);
    if (policies.length === 0) return NO_POLICIES;
    const ctx: AuthzContext = {
      request,
      ...(workload.port !== undefined ? { port: workload.port } : request.port !== undefined ? { port: request.port } : {}),
      ...(workload.ip !== undefined ? { destinationIp: workload.ip } : {}),
    };
    const matching = (a: AuthzAction): CompiledAuthorizationPolicy[] => policies.filter((p) => p.action === a && p.rules.some((r) => ruleMatches(r, ctx)));
    const id = (p: CompiledAuthorizationPolicy): string => `${p.namespace}/${p.name}`;
    const custom = matching('CUSTOM').map(id);
    const audited = matching('AUDIT').map(id);
    const deny = matching('DENY')[0];
    if (deny !== undefined) return { allowed: false, status: 403, reason: 'DeniedByPolicy', policy: id(deny), audited, custom };
    if (!policies.some((p) => p.action === 'ALLOW')) return { allowed: true, reason: 'NoAllowPolicies', audited, custom };
    const allow = matching('ALLOW')[0];
    if (allow !== undefined) return { allowed: true, reason: 'AllowedByPolicy', policy: id(allow), audited, custom };
    return { allowed: false, status: 403, reason: 'NoAllowPolicyMatched', audited, custom };
  }
}
