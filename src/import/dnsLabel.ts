/**
 * Names an import writes into a scenario (services, versions, zones, traffic sources)
 * are RFC 1123 DNS labels, as Kubernetes requires of Service names and as the scenario
 * loader checks: lower-case letters, digits and '-', starting and ending with a letter
 * or digit, at most 63 characters (the loader's rule, schemaHelpers.ts labelProblem).
 */
import { labelProblem, MAX_LABEL_LENGTH } from '../scenarios/schemaHelpers.js';

export const DNS_LABEL_MAX = MAX_LABEL_LENGTH;

export function isDnsLabel(name: string): boolean {
  return labelProblem(name) === undefined;
}

/**
 * The closest DNS label to `text`: lower-cased, every other character replaced by '-',
 * runs of '-' collapsed, trimmed to 63 characters; `fallback` if nothing is left.
 */
export function toDnsLabel(text: string, fallback = 'imported'): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '')
    .slice(0, DNS_LABEL_MAX)
    .replace(/-+$/, '');
  return label === '' ? fallback : label;
}

/** `base`, or `base-2`, `base-3`, … (still ≤ 63 characters): the first not in `taken`, which it joins. */
export function uniqueLabel(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) {
    const suffix = `-${i}`;
    name = `${base.slice(0, DNS_LABEL_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}
