import { isObject } from '../../fieldReaders.js';
import type { IstioResource } from '../../manifest.js';
import type { Analyzer } from '../analyzer.js';
import type { AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';

/**
 * HTTP routes no request reaches, because the first matching route wins (Istio's
 * validation analyzeUnreachableHTTPRules, reported by istioctl analyze as IST0130 and
 * IST0131): a route after a catch-all route, a match that an earlier match already
 * takes, and a route all of whose matches are taken.
 *
 * An earlier match "takes" a later one when every request the later one accepts is
 * accepted by the earlier one: identical conditions (Istio's duplicate check), or an
 * earlier uri/method/authority/header prefix that covers the later one with nothing
 * else narrowing it. Istio's overlap check ignores some conditions (sourceLabels,
 * gateways, regexes); here any condition the earlier match has and the later one does
 * not share stops the claim, so nothing reachable is reported.
 */
export const unreachableRoutes: Analyzer = {
  name: 'virtualservice.unreachableRoutes',
  description: 'every HTTP route and match can be reached',
  messages: [istioMessages.VirtualServiceUnreachableRule, istioMessages.VirtualServiceIneffectiveMatch],
  inputs: ['VirtualService'],
  needsMesh: false,
  analyze(ctx: AnalysisContext): void {
    for (const vs of ctx.istio('VirtualService')) {
      const http = ctx.spec(vs)['http'];
      if (Array.isArray(http)) analyzeRoutes(ctx, vs, http);
    }
  },
};

function analyzeRoutes(ctx: AnalysisContext, vs: IstioResource, routes: readonly unknown[]): void {
  const earlier: { readonly match: Record<string, unknown>; readonly route: string }[] = [];
  let catchAll: string | undefined;
  routes.forEach((route, i) => {
    if (!isObject(route)) return;
    const name = ruleName(route, i);
    const matches = Array.isArray(route['match']) ? route['match'].filter(isObject) : [];
    if (matches.length === 0) {
      if (catchAll !== undefined) ctx.report(vs, ['spec', 'http', i], istioMessages.VirtualServiceUnreachableRule, `VirtualService rule ${name} not used (only the last rule can have no matches).`);
      catchAll ??= name;
      return;
    }
    if (catchAll !== undefined) {
      ctx.report(vs, ['spec', 'http', i], istioMessages.VirtualServiceUnreachableRule, `VirtualService rule ${name} not used (route without matches defined before: ${catchAll}).`);
      return;
    }
    let taken = 0;
    matches.forEach((match, j) => {
      const prior = earlier.find((e) => covers(e.match, match));
      if (prior === undefined) {
        earlier.push({ match, route: name });
        return;
      }
      taken++;
      const matchName = typeof match['name'] === 'string' && match['name'] !== '' ? JSON.stringify(match['name']) : `#${j}`;
      ctx.report(
        vs,
        ['spec', 'http', i, 'match', j],
        istioMessages.VirtualServiceIneffectiveMatch,
        `VirtualService rule ${name} match ${matchName} is not used (duplicate/overlapping match in rule ${prior.route}).`,
      );
    });
    if (taken === matches.length) ctx.report(vs, ['spec', 'http', i], istioMessages.VirtualServiceUnreachableRule, `VirtualService rule ${name} not used (all matches used by prior rules).`);
  });
}

function ruleName(route: Record<string, unknown>, i: number): string {
  return typeof route['name'] === 'string' && route['name'] !== '' ? JSON.stringify(route['name']) : `#${i}`;
}

const STRING_MATCHES = new Set(['uri', 'scheme', 'method', 'authority']);
const IGNORED = new Set(['name', 'statPrefix', 'ignoreUriCase']);

/** True when every request `later` accepts is accepted by `earlier` (raw HTTPMatchRequests). */
export function covers(earlier: Record<string, unknown>, later: Record<string, unknown>): boolean {
  for (const [key, a] of Object.entries(earlier)) {
    if (IGNORED.has(key) || a === undefined || a === null) continue;
    const b = later[key];
    if (STRING_MATCHES.has(key)) {
      // A case-insensitive later uri accepts more than a case-sensitive earlier one.
      if (key === 'uri' && earlier['ignoreUriCase'] !== later['ignoreUriCase'] && later['ignoreUriCase'] === true) return false;
      if (!stringMatchCovers(a, b)) return false;
    } else if (key === 'headers' || key === 'queryParams') {
      if (!isObject(a) || !isObject(b)) return false;
      const lower = key === 'headers';
      const bByName = new Map(Object.entries(b).map(([k, v]) => [lower ? k.toLowerCase() : k, v]));
      for (const [name, m] of Object.entries(a)) if (!stringMatchCovers(m, bByName.get(lower ? name.toLowerCase() : name))) return false;
    } else if (!sameValue(a, b)) {
      return false;
    }
  }
  return true;
}

/** A StringMatch `a` accepts every value `b` accepts: the same, or a prefix of b's exact or prefix. */
function stringMatchCovers(a: unknown, b: unknown): boolean {
  if (sameValue(a, b)) return true;
  if (!isObject(a) || !isObject(b)) return false;
  const prefix = a['prefix'];
  if (typeof prefix !== 'string' || Object.keys(a).length !== 1) return false;
  if (prefix === '') return true;
  const other = typeof b['exact'] === 'string' ? b['exact'] : typeof b['prefix'] === 'string' ? b['prefix'] : undefined;
  return other !== undefined && other.startsWith(prefix);
}

/** Structural equality of YAML values, key order ignored. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => sameValue(a[k], b[k]));
}
