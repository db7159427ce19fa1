import { isObject } from '../../fieldReaders.js';
import type { Analyzer } from '../analyzer.js';
import type { AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';

/**
 * Deprecated fields Istio's deprecation analyzer reports on the kinds meshsim models
 * (deprecation/deprecation.go): `fault.delay.percent`, replaced by `percentage`. The
 * deprecations meshsim meets while compiling (outlierDetection.consecutiveErrors,
 * LEAST_CONN, minimumRingSize) carry the same code from the compilers.
 */
export const deprecatedFields: Analyzer = {
  name: 'deprecation.fields',
  description: 'no deprecated fields',
  messages: [istioMessages.Deprecated],
  inputs: ['VirtualService'],
  needsMesh: false,
  analyze(ctx: AnalysisContext): void {
    for (const vs of ctx.istio('VirtualService')) {
      const http = ctx.spec(vs)['http'];
      (Array.isArray(http) ? http : []).forEach((route, i) => {
        const fault = isObject(route) ? route['fault'] : undefined;
        const delay = isObject(fault) ? fault['delay'] : undefined;
        if (isObject(delay) && delay['percent'] !== undefined) {
          ctx.report(vs, ['spec', 'http', i, 'fault', 'delay', 'percent'], istioMessages.Deprecated, 'Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage');
        }
      });
    }
  },
};
