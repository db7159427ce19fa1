import type { Diagnostics, FieldPath } from './diagnostics.js';
import { readStringMap } from './fieldReaders.js';
import { readFields } from './supportMatrix.js';

/**
 * `selector: {matchLabels}` of PeerAuthentication and AuthorizationPolicy: every label
 * must be present with the same value. An absent or empty selector selects nothing in
 * particular (the policy is namespace- or mesh-wide).
 */
export type LabelSelector = Readonly<Record<string, string>>;

/** Compiles a selector; undefined when absent or empty. */
export function compileSelector(kind: string, raw: unknown, path: FieldPath, diag: Diagnostics): LabelSelector | undefined {
  if (raw === undefined || raw === null) return undefined;
  const o = readFields(kind, 'spec.selector', raw, path, diag);
  if (o === undefined) return undefined;
  const labels = readStringMap(o['matchLabels'], [...path, 'matchLabels'], diag);
  return labels === undefined || Object.keys(labels).length === 0 ? undefined : labels;
}

/** True when every selector label is on the workload. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}
