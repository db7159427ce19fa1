import type { Simulator } from '../sim/simulator.js';
import type { TrafficSpec } from '../scenarios/scenario.js';
import type { ArrivalProcess } from './arrivalProcess.js';
import type { EndToEndMetrics } from './metrics/meshMetrics.js';
import type { MeasurementWindow } from './metrics/measurementWindow.js';
import { failure, isSuccess, type Outcome } from './outcome.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import type { CallOrigin, CallRequest, OutboundTransport } from './transport.js';

const UNFINISHED = failure(504, 'unfinished');

/**
 * Users: requests arrive by the source's arrival process until the measured
 * window ends, each sent to the target service through the transport. What the
 * source sees is the end-to-end result.
 */
export class TrafficSource {
  readonly origin: CallOrigin;
  private readonly measuredRequest: CallRequest;
  private readonly warmupRequest: CallRequest;
  /** Requests that began in the window and have not finished. */
  private measuredInFlight = 0;

  constructor(
    readonly spec: TrafficSpec,
    zone: number,
    private readonly target: ServiceRuntime,
    private readonly arrivals: ArrivalProcess,
    private readonly transport: OutboundTransport,
    private readonly sim: Simulator,
    private readonly window: MeasurementWindow,
    private readonly metrics: EndToEndMetrics,
  ) {
    this.origin = { callerName: spec.name, zone };
    this.measuredRequest = { headers: spec.headers, measured: true };
    this.warmupRequest = { headers: spec.headers, measured: false };
  }

  start(): void {
    const t = this.arrivals.first(0);
    if (t < this.window.end) this.sim.scheduleAt(t, this.arrive, undefined);
  }

  /** Counts requests still in flight when the run stopped as failed ("unfinished"). */
  abandonInFlight(): void {
    for (; this.measuredInFlight > 0; this.measuredInFlight--) this.metrics.record(UNFINISHED, false, 0);
  }

  private readonly arrive = (): void => {
    const sim = this.sim;
    const now = sim.now;
    const next = this.arrivals.next(now);
    if (next < this.window.end) sim.scheduleAt(next, this.arrive, undefined);
    const measured = this.window.contains(now);
    if (measured) this.measuredInFlight++;
    const metrics = this.metrics;
    metrics.inFlight.change(now, 1);
    this.transport.call(this.origin, this.target, measured ? this.measuredRequest : this.warmupRequest, (o: Outcome) => {
      metrics.inFlight.change(sim.now, -1);
      if (!measured) return;
      this.measuredInFlight--;
      metrics.record(o, isSuccess(o), sim.now - now);
    });
  };
}
