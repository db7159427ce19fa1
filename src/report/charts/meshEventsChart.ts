/**
 * What the proxies did over time: retries, overflow 503s (circuit breakers, full
 * queues) and outlier ejections per second, stacked on one time axis with the faults as
 * shaded bands — beside the timeline of availability and latency, it shows whether a
 * dip came with a retry storm, a tripped breaker or hosts ejected, and when they stopped.
 */
import { CHART_CONFIG, type TopLevelSpec } from './chartStyle.js';
import type { FaultBand } from './timelineChart.js';

/** One second (bucket); counts per second of simulated time, per replication. */
export interface MeshEventsPoint {
  readonly t: number;
  readonly retries: number;
  readonly overflow: number;
  readonly ejections: number;
}

const BAND_COLOR = '#e15759';
const PANELS: ReadonlyArray<{ field: keyof Omit<MeshEventsPoint, 't'>; title: string; color: string }> = [
  { field: 'retries', title: 'retries/s', color: '#f28e2b' },
  { field: 'overflow', title: 'overflow 503s/s', color: '#e15759' },
  { field: 'ejections', title: 'ejections/s', color: '#76b7b2' },
];

function panel(points: readonly MeshEventsPoint[], bands: readonly FaultBand[], p: (typeof PANELS)[number], last: boolean): object {
  return {
    width: 640,
    height: 100,
    layer: [
      {
        data: { values: bands },
        mark: { type: 'rect', color: BAND_COLOR, opacity: 0.12 },
        encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' }, tooltip: { field: 'label' } },
      },
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 1.5, color: p.color, interpolate: 'step-after' },
        encoding: {
          x: { field: 't', type: 'quantitative', title: last ? 'simulated time (s, warm-up included)' : null, axis: last ? {} : { labels: false } },
          y: { field: p.field, type: 'quantitative', title: p.title, axis: { format: '~s', tickMinStep: 1 } },
        },
      },
    ],
  };
}

/** The Vega-Lite spec of the three stacked panels. */
export function meshEventsSpec(points: readonly MeshEventsPoint[], bands: readonly FaultBand[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    vconcat: PANELS.map((p, i) => panel(points, bands, p, i === PANELS.length - 1)),
    resolve: { scale: { x: 'shared' } },
    spacing: 12,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
