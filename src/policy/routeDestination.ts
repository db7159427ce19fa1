import type { Diagnostics, FieldPath } from './diagnostics.js';
import { readNumber, readString } from './fieldReaders.js';
import { resolveConfigHost } from './hostNames.js';
import { readFields } from './supportMatrix.js';

/** A VirtualService Destination: where a route (or a mirror) sends requests. */
export interface RouteDestination {
  /** Fully qualified host, e.g. reviews.default.svc.cluster.local. */
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
}

/**
 * Compiles `{host, subset?, port: {number}?}`. Short hosts resolve in the namespace of
 * the VirtualService (pilot ResolveShortnameToFQDN). `field` is the matrix path.
 */
export function compileDestination(raw: unknown, field: string, path: FieldPath, namespace: string, diag: Diagnostics, domain?: string): RouteDestination | undefined {
  if (raw === undefined || raw === null) {
    diag.error(path, 'is required', 'destination: {host: reviews}');
    return undefined;
  }
  const o = readFields('VirtualService', field, raw, path, diag);
  if (o === undefined) return undefined;
  const host = readString(o['host'], [...path, 'host'], diag);
  if (host === undefined || host.trim() === '') {
    if (o['host'] === undefined || host !== undefined) diag.error([...path, 'host'], 'is required', 'a service host such as reviews');
    return undefined;
  }
  if (host.includes('*')) {
    diag.error([...path, 'host'], `"${host}" is a wildcard; a destination must name one service`, 'a service host such as reviews');
    return undefined;
  }
  const subset = readString(o['subset'], [...path, 'subset'], diag);
  let port: number | undefined;
  if (o['port'] !== undefined && o['port'] !== null) {
    const p = readFields('VirtualService', `${field}.port`, o['port'], [...path, 'port'], diag);
    port = p === undefined ? undefined : readNumber(p['number'], [...path, 'port', 'number'], diag, { integer: true, min: 1, max: 65535 });
  }
  return {
    host: resolveConfigHost(host, namespace, domain),
    ...(subset !== undefined && subset !== '' ? { subset } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}
