/**
 * Host names as Istio reads them. Config hosts (VirtualService hosts, destination
 * hosts, DestinationRule host) are expanded like pilot's ResolveShortnameToFQDN: only a
 * name without any dot gets `.<namespace>.svc.<domain>` appended; anything with a dot
 * is taken as written. Request hosts follow the pod's DNS search path instead (so
 * `reviews.prod` reaches the service in namespace prod), see resolveRequestHost.
 */

/** Kubernetes cluster domain; Istio's default trust/cluster domain. */
export const defaultClusterDomain = 'cluster.local';

/** Expands a host from config written in `namespace` (pilot ResolveShortnameToFQDN). */
export function resolveConfigHost(host: string, namespace: string, domain: string = defaultClusterDomain): string {
  const h = host.trim().toLowerCase();
  if (h === '*' || h.includes('.') || isIpAddress(h)) return h;
  return `${h}.${namespace}.svc.${domain}`;
}

/**
 * Expands the host a caller in `sourceNamespace` addressed. Mirrors the Kubernetes
 * DNS search path (<ns>.svc.<domain>, svc.<domain>) for in-cluster names: `reviews`,
 * `reviews.prod`, `reviews.prod.svc`. A one-dot external name such as `httpbin.org` is
 * therefore read as service `httpbin` in namespace `org`; simulated callers address
 * services by their short name, so this choice only matters for hand-written requests.
 */
export function resolveRequestHost(host: string, sourceNamespace: string, domain: string = defaultClusterDomain): string {
  const h = stripPort(host.trim().toLowerCase());
  if (isIpAddress(h)) return h;
  const dots = h.split('.').length - 1;
  if (dots === 0) return `${h}.${sourceNamespace}.svc.${domain}`;
  if (dots === 1) return `${h}.svc.${domain}`;
  if (h.endsWith('.svc')) return `${h}.${domain}`;
  return h;
}

/** True when the config host pattern (possibly `*` or `*.suffix`) covers `fqdn`. */
export function hostMatches(pattern: string, fqdn: string): boolean {
  const p = pattern.toLowerCase();
  const h = fqdn.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/**
 * True when two host patterns share a host (Istio host.Name.Matches, used to find
 * conflicting VirtualServices and a VirtualService's hosts on a Gateway): equal, or the
 * wildcard part of one covers the other.
 */
export function hostsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x.startsWith('*') && y.startsWith('*')) return x.length < y.length ? y.slice(1).endsWith(x.slice(1)) : x.slice(1).endsWith(y.slice(1));
  if (x.startsWith('*')) return y.endsWith(x.slice(1));
  if (y.startsWith('*')) return x.endsWith(y.slice(1));
  return x === y;
}

/**
 * Orders matching patterns: an exact host beats any wildcard, a longer wildcard suffix
 * beats a shorter one (pilot picks the most specific host). Larger is more specific.
 */
export function hostSpecificity(pattern: string): number {
  if (pattern === '*') return 0;
  if (pattern.startsWith('*')) return pattern.length;
  return 1_000_000 + pattern.length;
}

/** Splits `name.ns.svc.<domain>` into service name and namespace; undefined for other hosts. */
export function kubernetesService(fqdn: string, domain: string = defaultClusterDomain): { name: string; namespace: string } | undefined {
  const suffix = `.svc.${domain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { name: parts[0] as string, namespace: parts[1] as string };
}

function stripPort(h: string): string {
  const m = /^(.*[^:]):(\d+)$/.exec(h);
  return m !== null && !h.startsWith('[') ? (m[1] as string) : h;
}

function isIpAddress(h: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');
}
