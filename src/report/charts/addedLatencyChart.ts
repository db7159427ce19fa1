/**
 * Added latency per hop: for every edge (and end to end), how much later each
 * data plane answers than the baseline at p50 and at p99 — grouped horizontal
 * bars, one group per edge, one panel per percentile.
 */
import { CHART_CONFIG, dataPlaneColorScale, type TopLevelSpec } from './chartStyle.js';

export interface AddedLatencyBar {
  /** "end to end" or "caller → callee". */
  readonly hop: string;
  readonly dataPlane: string;
  readonly percentile: 'p50' | 'p99';
  /** Seconds later than the baseline (negative: sooner). */
  readonly deltaSeconds: number;
}

/** The Vega-Lite spec; `hops` fixes the order of the rows, `dataPlanes` the order of the bars in a group. */
export function addedLatencySpec(bars: readonly AddedLatencyBar[], hops: readonly string[], dataPlanes: readonly string[], baseline: string): TopLevelSpec {
  const values = bars.filter((b) => Number.isFinite(b.deltaSeconds)).map((b) => ({ ...b, ms: b.deltaSeconds * 1e3 }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values },
    facet: { column: { field: 'percentile', type: 'nominal', title: null, header: { labelFontWeight: 600, labelExpr: "datum.value + ' added'" } } },
    spec: {
      width: 300,
      // The step is per bar (yOffset), so a group of n data planes is n steps tall.
      height: { step: 14 } as unknown as number,
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.9 } as unknown as number },
          encoding: {
            y: { field: 'hop', type: 'nominal', sort: [...hops], title: null, axis: { labelLimit: 260 } },
            yOffset: { field: 'dataPlane', type: 'nominal', sort: [...dataPlanes] },
            x: { field: 'ms', type: 'quantitative', title: `ms later than ${baseline}` },
            color: { field: 'dataPlane', type: 'nominal', title: 'data plane', scale: dataPlaneColorScale(dataPlanes) },
          },
        },
        { mark: { type: 'rule', color: '#666' }, encoding: { x: { datum: 0 } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
