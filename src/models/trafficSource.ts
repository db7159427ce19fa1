import type { RandomSource } from '../policy/randomSource.js';
import type { Simulator } from '../sim/simulator.js';
import type { TrafficSpec } from '../scenarios/scenario.js';
import type { ArrivalProcess } from './arrivalProcess.js';
import type { MeshActivity } from './meshActivity.js';
import type { EndToEndMetrics } from './metrics/meshMetrics.js';
import type { MeasurementWindow } from './metrics/measurementWindow.js';
import { failure, isSuccess, type Outcome } from './outcome.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import { callRequest, type CallOrigin, type CallRequest, type CallSink, type OutboundTransport } from './transport.js';
import type { Tracer } from './tracing/tracer.js';

const UNFINISHED = failure(504, 'unfinished');

/** One replica of a traffic source: a calling workload with its own outbound transport (its sidecar). */
export interface SourceReplica {
  readonly origin: CallOrigin;
  readonly outbound: OutboundTransport;
}

/**
 * Users: requests arrive by the source's arrival process until the measured
 * window ends, each sent from one of the source's replicas (uniformly at random)
 * to the target service. What the source sees is the end-to-end result.
 */
export class TrafficSource {
  private readonly measuredRequest: CallRequest;
  private readonly warmupRequest: CallRequest;
  /** Requests that began in the window and have not finished. */
  private measuredInFlight = 0;

  constructor(
    readonly spec: TrafficSpec,
    private readonly replicas: readonly SourceReplica[],
    private readonly target: ServiceRuntime,
    private readonly arrivals: ArrivalProcess,
    /** Which replica sends each request; drawn only when there are several. */
    private readonly replicaChoice: RandomSource,
    private readonly sim: Simulator,
    private readonly window: MeasurementWindow,
    private readonly metrics: EndToEndMetrics,
    private readonly activity: MeshActivity,
    /** Samples measured requests for tracing; undefined when the run is not traced. */
    private readonly tracer: Tracer | undefined = undefined,
  ) {
    this.measuredRequest = callRequest(spec.headers, true, spec.method, spec.path, spec.requestSize, undefined);
    this.warmupRequest = callRequest(spec.headers, false, spec.method, spec.path, spec.requestSize, undefined);
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
    this.metrics.inFlight.begin(now);
    this.activity.begin();
    const n = this.replicas.length;
    const replica = (n === 1 ? this.replicas[0] : this.replicas[Math.floor(this.replicaChoice.next() * n)]) as SourceReplica;
    let request = measured ? this.measuredRequest : this.warmupRequest;
    if (measured && this.tracer !== undefined) {
      const trace = this.tracer.sample();
      if (trace !== undefined) request = callRequest(request.headers, request.measured, request.method, request.path, request.requestSize, trace);
    }
    replica.outbound.call(replica.origin, this.target, request, new UserRequest(this, now, measured));
  };

  /** A user request has its answer. */
  finish(request: UserRequest, outcome: Outcome): void {
    const now = this.sim.now;
    this.metrics.inFlight.end(request.start, now);
    this.activity.end();
    if (!request.measured) return;
    this.measuredInFlight--;
    const success = isSuccess(outcome);
    this.metrics.record(outcome, success, now - request.start);
    this.metrics.perSecond.record(request.start, success, now - request.start);
  }
}

/** One user request in flight: where its answer goes. */
class UserRequest implements CallSink {
  constructor(
    private readonly source: TrafficSource,
    /** Seconds: when it arrived. */
    readonly start: number,
    readonly measured: boolean,
  ) {}

  callDone(outcome: Outcome): void {
    this.source.finish(this, outcome);
  }
}
