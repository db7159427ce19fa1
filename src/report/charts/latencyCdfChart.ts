/**
 * End-to-end latency CDFs, one line per data plane, on a log latency axis (the
 * body and the tail in one picture), and below them what each data plane adds
 * at every percentile against the baseline — a data plane's fraction of a
 * millisecond is invisible on a CDF spanning two orders of magnitude, but plain
 * on a difference plot. The percentile axis counts nines (p90, p99, p99.9), so
 * the tail, where data planes differ most, gets as much room as the body.
 */
import { CHART_CONFIG, dataPlaneColorScale, type TopLevelSpec } from './chartStyle.js';

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

/** "Nines" of a fraction: −log10(1 − f) — 0.9 → 1, 0.99 → 2, 0.999 → 3. */
function nines(fraction: number): number {
  return -Math.log10(1 - fraction);
}

/** Latency differences against series[0] at the fractions both share (excluding 0 and 1). */
function differences(series: readonly CdfSeries[]): Array<{ dataPlane: string; nines: number; ms: number }> {
  const [base, ...others] = series;
  if (!base) return [];
  const baseAt = new Map(base.points.map((p) => [p.fraction, p.seconds]));
  return others.flatMap((s) =>
    s.points
      .filter((p) => p.fraction > 0 && p.fraction < 1 && baseAt.has(p.fraction))
      .map((p) => ({ dataPlane: s.dataPlane, nines: nines(p.fraction), ms: (p.seconds - (baseAt.get(p.fraction) as number)) * 1e3 })),
  );
}

/** The Vega-Lite spec of the CDF chart (with the difference panel when there are two series or more). */
export function latencyCdfSpec(series: readonly CdfSeries[]): TopLevelSpec {
  const names = series.map((s) => s.dataPlane);
  const color = { field: 'dataPlane', type: 'nominal', title: 'data plane', scale: dataPlaneColorScale(names) };
  const cdf = {
    width: 640,
    height: 280,
    data: { values: series.flatMap((s) => s.points.filter((p) => p.seconds > 0).map((p) => ({ dataPlane: s.dataPlane, ms: p.seconds * 1e3, fraction: p.fraction }))) },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'end-to-end latency (ms, log scale)', axis: { format: '~g' } },
      y: { field: 'fraction', type: 'quantitative', scale: { domain: [0, 1] }, title: 'fraction of requests at most this fast', axis: { format: '%' } },
      color,
      order: { field: 'fraction', type: 'quantitative' },
    },
  };
  const diffs = differences(series);
  const base = names[0] ?? '';
  const diff = {
    width: 640,
    height: 200,
    data: { values: diffs },
    layer: [
      { mark: { type: 'rule', color: '#666' }, encoding: { y: { datum: 0 } } },
      {
        mark: { type: 'line', strokeWidth: 2, point: { size: 12 } },
        encoding: {
          x: {
            field: 'nines',
            type: 'quantitative',
            scale: { domain: [0, 4] },
            title: 'percentile',
            axis: { values: [0.30103, 1, 2, 3, 4], labelExpr: "'p' + format(100 - 100 * pow(10, -datum.value), '.4~f')" },
          },
          y: { field: 'ms', type: 'quantitative', title: `ms added against ${base}` },
          color,
        },
      },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...(diffs.length > 0 ? { vconcat: [cdf, diff], spacing: 28 } : cdf),
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
