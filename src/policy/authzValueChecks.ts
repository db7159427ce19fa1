import type { Diagnostics, FieldPath } from './diagnostics.js';

/**
 * The value checks Istio's admission webhook applies to AuthorizationPolicy sources,
 * operations and conditions (pkg/config/validation ValidateAuthorizationPolicy and
 * pkg/config/security at the commit docs/istio-support.md names): meshsim refuses what
 * the webhook refuses, at the offending value. Each check reports and returns nothing.
 */
export type ValueCheck = (values: readonly string[], path: FieldPath, diag: Diagnostics) => void;

/** Every value must be non-empty (security.CheckEmptyValues). */
export const checkNotEmpty: ValueCheck = (values, path, diag) => {
  values.forEach((v, i) => {
    if (v === '') diag.error([...path, i], 'empty value not allowed', 'a non-empty string');
  });
};

/** IPv4 address as a 32-bit number; undefined when not a dotted quad. */
export function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null || m.slice(1).some((x) => Number(x) > 255)) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

/** An address or CIDR block (security.ValidateIPs); IPv6 checked by shape only. */
export const checkIpBlocks: ValueCheck = (values, path, diag) => {
  values.forEach((v, i) => {
    const [addr, bits, extra] = v.split('/');
    const okAddr = ipv4(addr ?? '') !== undefined || (/^[0-9a-fA-F:]+$/.test(addr ?? '') && (addr ?? '').includes(':'));
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= ((addr ?? '').includes(':') ? 128 : 32));
    if (!okAddr || !okBits || extra !== undefined) diag.error([...path, i], `"${v}" is not an IP address or CIDR block`, 'an address such as 10.0.0.1 or a CIDR such as 10.0.0.0/16');
  });
};

/** Ports are decimal numbers 0..65535 (security.ValidatePorts). */
export const checkPorts: ValueCheck = (values, path, diag) => {
  values.forEach((v, i) => {
    if (!/^\d+$/.test(v) || Number(v) > 65535) diag.error([...path, i], `"${v}" is not a port`, 'a port number from 0 to 65535');
  });
};

/** At most one `*`, as the whole value or at its start or end (security.CheckWildcardValues). */
export const checkWildcards: ValueCheck = (values, path, diag) => {
  values.forEach((v, i) => {
    const stars = v.split('*').length - 1;
    if (stars > 1) diag.error([...path, i], `"${v}" has more than one wildcard`, 'exact, prefix*, *suffix or *');
    else if (stars === 1 && v !== '*' && !v.startsWith('*') && !v.endsWith('*')) diag.error([...path, i], `"${v}": the wildcard may only be at the start or end`, 'exact, prefix*, *suffix or *');
  });
};

/** Trust domains: wildcard values without `/` (security.CheckTrustDomainValues). */
export const checkTrustDomains: ValueCheck = (values, path, diag) => {
  checkWildcards(values, path, diag);
  values.forEach((v, i) => {
    if (v.includes('/')) diag.error([...path, i], `"${v}": a trust domain has no '/'`, 'a trust domain such as cluster.local');
  });
};

/** `sa` or `ns/sa`, no wildcard, at most 16 values of up to 320 characters (security.CheckServiceAccount). */
export const checkServiceAccounts: ValueCheck = (values, path, diag) => {
  if (values.length > 16) diag.error(path, `has ${values.length} values`, 'at most 16 service accounts');
  values.forEach((v, i) => {
    const p = [...path, i];
    const parts = v.split('/');
    if (v.includes('*')) diag.error(p, `"${v}": wildcards are not allowed`, "'serviceAccount' or 'namespace/serviceAccount'");
    else if (parts.length > 2 || parts.some((x) => x === '')) diag.error(p, `"${v}" is not a service account`, "'serviceAccount' or 'namespace/serviceAccount'");
    else if (v.length > 320) diag.error(p, 'is longer than 320 characters', 'a shorter service account');
  });
};

/** RFC 3986 pchar: what a literal segment of a path template may contain. */
const PCHAR_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/**
 * Path templates (security.CheckValidPathTemplate): `{*}` and `{**}` only as whole
 * segments, `{**}` last among the operators, other segments valid literals.
 */
export const checkPathTemplates: ValueCheck = (values, path, diag) => {
  values.forEach((v, i) => {
    if (!v.includes('{*}') && !v.includes('{**}') && !/[{}]/.test(v)) return;
    const templated = v.includes('{*}') || v.includes('{**}');
    let sawAny = false;
    for (const seg of v.replace(/^\/+|\/+$/g, '').split('/')) {
      if ((seg === '{*}' || seg === '{**}') && sawAny) return diag.error([...path, i], `"${v}": {**} must be the last operator`, 'a template such as /api/{*}/items/{**}');
      if (seg === '{**}') sawAny = true;
      if (seg === '{*}' || seg === '{**}') continue;
      if (/[{}]/.test(seg)) return diag.error([...path, i], `"${v}" has '{' or '}' outside a {*} or {**} segment`, 'a template such as /api/{*}/items/{**}');
      if (templated && !PCHAR_LITERAL.test(seg)) return diag.error([...path, i], `"${v}": segment "${seg}" is not a valid literal`, 'letters, digits and -._~%!$&\'()+,;:@=');
    }
  });
};

/** `name[key]` form of header and claim attributes (security.validateMapKey). */
export function mapKeyIsValid(key: string): boolean {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2;
}
