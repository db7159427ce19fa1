/** Per-service p50 and p99 as paired bars: which service carries the tail. */
import { CHART_CONFIG, type TopLevelSpec } from './chartStyle.js';

export interface ServiceLatencyBar {
  readonly service: string;
  readonly percentile: 'p50' | 'p99';
  readonly ms: number;
}

export function serviceLatencySpec(bars: readonly ServiceLatencyBar[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 560,
    data: { values: bars },
    mark: { type: 'bar' },
    encoding: {
      // Room for a DNS-1123 name's 63 characters: Vega would cut a longer label short with an ellipsis.
      y: { field: 'service', type: 'nominal', title: null, sort: null, axis: { labelLimit: 400 } },
      yOffset: { field: 'percentile' },
      x: { field: 'ms', type: 'quantitative', title: 'latency of successful requests at the service (ms)' },
      color: { field: 'percentile', type: 'nominal', title: null, scale: { domain: ['p50', 'p99'], range: ['#a0cbe8', '#4e79a7'] } },
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
