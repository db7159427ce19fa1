/**
 * `meshsim validate --suppress CODE[=RESOURCE]`, as `istioctl analyze --suppress`:
 * mutes messages of one catalog code (IST…, MSH…), everywhere or on the resources
 * RESOURCE names, written `Kind name.namespace` as istioctl writes it (e.g.
 * `IST0102=DestinationRule reviews.default`). `*` matches any run of characters in
 * either half (`MSH01*`, `IST0101=VirtualService *.bookinfo`), so a CI job over real
 * manifests keeps the messages it has not yet looked at and mutes the ones it has.
 *
 * Errors are never muted: `meshsim run` refuses the input regardless, and a validate
 * that passes what run refuses would mislead the CI job it serves.
 */
import { messageOfCode } from '../policy/analysis/messages.js';
import type { LocatedMessage } from './inputError.js';

export interface Suppression {
  /** Whether a warning or info with `code` about `resource` (`Kind name.namespace`, if tied to one) is muted. */
  mutes(code: string | undefined, resource: string | undefined): boolean;
}

/** What `--suppress` accepts, for its usage errors. */
export const SUPPRESS_FORMAT = "CODE or CODE=RESOURCE, e.g. 'MSH0102' or 'IST0101=VirtualService reviews.default' (* matches any text)";

/** `Kind name.namespace`, as istioctl analyze names a resource (manifests without a namespace are in `default`). */
export function resourceKey(kind: string, name: string, namespace: string | undefined): string {
  return `${kind} ${name}.${namespace === undefined || namespace === '' ? 'default' : namespace}`;
}

/** Parses the flag's values; throws an Error whose message says which value is wrong and why. */
export function parseSuppressions(values: ReadonlyArray<string>): Suppression {
  const rules = values.map((value) => {
    const eq = value.indexOf('=');
    const code = (eq < 0 ? value : value.slice(0, eq)).trim();
    const resource = eq < 0 ? undefined : value.slice(eq + 1).trim();
    if (code === '') throw new Error(`'${value}': no message code (expected ${SUPPRESS_FORMAT})`);
    if (!code.includes('*') && messageOfCode(code) === undefined) throw new Error(`'${value}': ${code} is not a message code meshsim reports (see docs/istio-support.md for the codes)`);
    if (resource === '') throw new Error(`'${value}': nothing after '=' (expected ${SUPPRESS_FORMAT})`);
    return { code: glob(code), resource: resource === undefined ? undefined : glob(resource) };
  });
  return {
    mutes: (code, resource) =>
      code !== undefined && rules.some((r) => r.code.test(code) && (r.resource === undefined || (resource !== undefined && r.resource.test(resource)))),
  };
}

/** The messages `suppression` does not mute (errors all stay). */
export function unmuted(messages: ReadonlyArray<LocatedMessage>, suppression: Suppression): LocatedMessage[] {
  return messages.filter((m) => m.severity === 'error' || !suppression.mutes(m.code, m.resource));
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
