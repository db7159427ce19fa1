import type { FieldPath } from '../diagnostics.js';
import { isObject } from '../fieldReaders.js';
import { portNumber, stringList } from './analysisContext.js';

/**
 * Every destination a VirtualService names, with the path to it: route destinations of
 * its http, tcp and tls routes, and its mirrors (Istio's analyzers walk the same set,
 * virtualservice/util.go getRouteDestinations and getHTTPMirrorDestinations).
 */
export interface RouteDestination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  readonly mirror: boolean;
  /** Path to the destination object (it holds host, subset and port). */
  readonly path: FieldPath;
}

export function routeDestinations(spec: Record<string, unknown>): RouteDestination[] {
  const out: RouteDestination[] = [];
  const add = (raw: unknown, path: FieldPath, mirror: boolean): void => {
    if (!isObject(raw) || typeof raw['host'] !== 'string') return;
    const port = portNumber(raw['port']);
    out.push({
      host: raw['host'],
      ...(typeof raw['subset'] === 'string' && raw['subset'] !== '' ? { subset: raw['subset'] } : {}),
      ...(port !== undefined ? { port } : {}),
      mirror,
      path,
    });
  };
  for (const section of ['http', 'tcp', 'tls'] as const) {
    const routes = spec[section];
    if (!Array.isArray(routes)) continue;
    routes.forEach((route, i) => {
      if (!isObject(route)) return;
      const dests = route['route'];
      if (Array.isArray(dests)) dests.forEach((d, j) => isObject(d) && add(d['destination'], ['spec', section, i, 'route', j, 'destination'], false));
      if (section !== 'http') return;
      add(route['mirror'], ['spec', 'http', i, 'mirror'], true);
      const mirrors = route['mirrors'];
      if (Array.isArray(mirrors)) mirrors.forEach((m, j) => isObject(m) && add(m['destination'], ['spec', 'http', i, 'mirrors', j, 'destination'], true));
    });
  }
  return out;
}

/** True when a VirtualService applies to sidecars: no gateways, or `mesh` among them. */
export function appliesToMesh(spec: Record<string, unknown>): boolean {
  const gateways = stringList(spec['gateways']);
  return gateways === undefined || gateways.length === 0 || gateways.includes('mesh');
}
