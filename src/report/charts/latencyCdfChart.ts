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
  /** Successful requests the CDF was made from (how far into the tail it can be trusted). */
  readonly requests: number;
}

/**
 * Requests beyond a percentile for its estimate to be drawn: the difference panel
 * stops at the last percentile every series has this many requests above. With fewer,
 * the estimate rests on a handful of the slowest requests and swings from run to run
 * (its 95% order-statistic interval spans the whole tail); it is the usual rule of
 * thumb that a quantile p needs n ≥ 10 / (1 − p) observations.
 */
export const TAIL_REQUESTS = 10;

/** Line dashes per position, so the curves stay apart where colours overlap (and in grey print). */
const DASHES: ReadonlyArray<number[]> = [[1, 0], [7, 3], [2, 2], [10, 3, 2, 3]];

/** "Nines" of a fraction: −log10(1 − f) — 0.9 → 1, 0.99 → 2, 0.999 → 3. */
function nines(fraction: number): number {
  return -Math.log10(1 - fraction);
}

/** The highest fraction every series estimates with TAIL_REQUESTS requests beyond it. */
export function lastWellEstimated(series: readonly CdfSeries[]): number {
  const fewest = Math.min(...series.map((s) => s.requests));
  return fewest > 0 ? Math.max(0, 1 - TAIL_REQUESTS / fewest) : 0;
}

/** Latency differences against series[0] at the fractions both share (excluding 0, 1 and the poorly estimated tail). */
function differences(series: readonly CdfSeries[]): Array<{ dataPlane: string; nines: number; ms: number }> {
  const [base, ...others] = series;
  if (!base) return [];
  const limit = lastWellEstimated(series);
  const baseAt = new Map(base.points.map((p) => [p.fraction, p.seconds]));
  return others.flatMap((s) =>
    s.points
      .filter((p) => p.fraction > 0 && p.fraction < 1 && p.fraction <= limit + 1e-12 && baseAt.has(p.fraction))
      .map((p) => ({ dataPlane: s.dataPlane, nines: nines(p.fraction), ms: (p.seconds - (baseAt.get(p.fraction) as number)) * 1e3 })),
  );
}

/** The Vega-Lite spec of the CDF chart (with the difference panel when there are two series or more). */
export function latencyCdfSpec(series: readonly CdfSeries[]): TopLevelSpec {
  const names = series.map((s) => s.dataPlane);
  const color = { field: 'dataPlane', type: 'nominal', title: 'data plane', scale: dataPlaneColorScale(names) };
  const strokeDash = { field: 'dataPlane', type: 'nominal', title: 'data plane', scale: { domain: [...names], range: names.map((_, i) => DASHES[i % DASHES.length]) } };
  const cdf = {
    width: 640,
    height: 280,
    data: { values: series.flatMap((s) => s.points.filter((p) => p.seconds > 0).map((p) => ({ dataPlane: s.dataPlane, ms: p.seconds * 1e3, fraction: p.fraction }))) },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, opacity: 0.85 },
    encoding: {
      x: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'end-to-end latency (ms, log scale)', axis: { format: '~g' } },
      y: { field: 'fraction', type: 'quantitative', scale: { domain: [0, 1] }, title: 'fraction of requests at most this fast', axis: { format: '%' } },
      color,
      strokeDash,
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
            scale: { domain: [0, Math.min(4, Math.max(1, Math.ceil(nines(lastWellEstimated(series)))))] },
            title: `percentile (drawn while every run has ≥ ${TAIL_REQUESTS} requests slower)`,
            axis: { values: [0.30103, 1, 2, 3, 4], labelExpr: "'p' + format(100 - 100 * pow(10, -datum.value), '.4~f')" },
          },
          y: { field: 'ms', type: 'quantitative', title: `ms added against ${base}` },
          color,
          strokeDash,
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
