import type { FieldPath } from './diagnostics.js';

/**
 * The compiler's rule for fields it does not understand (a typo, or an Istio field newer
 * than meshsim): outside the parts that decide who is admitted, an unknown field is
 * reported and ignored, as a cluster would prune it. Inside them, ignoring it could make
 * a rule admit more than the author meant — a dropped `trustDomains` leaves a source
 * with no condition, which matches everyone — so there it fails closed:
 *
 * - AuthorizationPolicy rule (rule, from/source, to/operation, when): an ALLOW rule
 *   matches no request; a DENY (or AUDIT, CUSTOM) rule matches every request;
 * - VirtualService match block: the block matches no request (the route is not taken
 *   through it);
 * - PeerAuthentication mTLS setting: the mode is STRICT;
 * - workload selector (AuthorizationPolicy, PeerAuthentication): the resource is refused.
 *
 * An unknown field can make a rule narrower or refuse it, never broader;
 * test/policy/failClosed.test.ts holds that for each resource kind.
 */

/** The warning for one unknown field at `path`, naming what it was in and what happens instead. */
export function failClosedMessage(path: FieldPath, inWhat: string, consequence: string): string {
  const key = String(path[path.length - 1]);
  return `unknown field "${key}" in ${inWhat}: meshsim does not understand it and fails closed, so ${consequence}`;
}
