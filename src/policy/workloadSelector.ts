import type { Diagnostics, FieldPath } from './diagnostics.js';
import { istioMessages } from './analysis/messages.js';
import { readStringMap } from './fieldReaders.js';
import { readFields } from './supportMatrix.js';

/**
 * `selector: {matchLabels}` of PeerAuthentication and AuthorizationPolicy: every label
 * must be present with the same value. An absent or empty selector selects nothing in
 * particular (the policy is namespace- or mesh-wide).
 */
export type LabelSelector = Readonly<Record<string, string>>;

/**
 * Compiles a selector; undefined when absent or empty. Istio's webhook refuses empty
 * keys and wildcards and warns about a selector without labels. A selector field
 * meshsim does not know is refused: ignoring it could widen which workloads the
 * policy binds (failClosed.ts).
 */
export function compileSelector(kind: string, raw: unknown, path: FieldPath, diag: Diagnostics): LabelSelector | undefined {
  if (raw === undefined || raw === null) return undefined;
  const unknown: FieldPath[] = [];
  const o = readFields(kind, 'spec.selector', raw, path, diag, unknown);
  if (o === undefined) return undefined;
  for (const u of unknown) diag.error(u, `unknown field "${String(u[u.length - 1])}" in a workload selector: meshsim cannot tell which workloads it selects, so the resource is refused`, 'matchLabels only');
  const labels = readStringMap(o['matchLabels'], [...path, 'matchLabels'], diag);
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k === '') diag.error([...path, 'matchLabels'], `empty label key in "${k}=${v}"`, 'a label key');
    if (k.includes('*') || v.includes('*')) diag.error([...path, 'matchLabels', k], `wildcards are not supported in selectors ("${k}=${v}")`, 'exact label keys and values');
  }
  if (labels === undefined || Object.keys(labels).length === 0) {
    diag.warn(path, 'workload selector specified without labels: the policy applies to the whole namespace', istioMessages.SchemaWarning);
    return undefined;
  }
  return labels;
}

/** True when every selector label is on the workload. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}
