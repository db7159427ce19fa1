/**
 * End-to-end latency CDFs, one line per data plane, on a log latency axis (the
 * body and the tail in one picture: data planes differ by a fraction of a
 * millisecond on a distribution that spans two orders of magnitude).
 */
import { CHART_CONFIG, dataPlaneColorScale, type TopLevelSpec } from './renderSvg.js';

/** One point of an empirical CDF: `fraction` of the successful requests took at most `seconds`. */
export interface CdfPoint {
  /** Seconds. */
  readonly seconds: number;
  /** In [0, 1]. */
  readonly fraction: number;
}

export interface CdfSeries {
  readonly dataPlane: string;
  readonly points: readonly CdfPoint[];
}

/** The Vega-Lite spec of the CDF chart; latencies are drawn in milliseconds. */
export function latencyCdfSpec(series: readonly CdfSeries[]): TopLevelSpec {
  const values = series.flatMap((s) =>
    s.points.filter((p) => p.seconds > 0).map((p) => ({ dataPlane: s.dataPlane, ms: p.seconds * 1e3, fraction: p.fraction })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 640,
    height: 300,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'end-to-end latency (ms, log scale)', axis: { format: '~g' } },
      y: { field: 'fraction', type: 'quantitative', scale: { domain: [0, 1] }, title: 'fraction of requests at most this fast', axis: { format: '%' } },
      color: { field: 'dataPlane', type: 'nominal', title: 'data plane', scale: dataPlaneColorScale(series.map((s) => s.dataPlane)) },
      order: { field: 'fraction', type: 'quantitative' },
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
