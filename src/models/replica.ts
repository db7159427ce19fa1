import { FifoQueue } from '../sim/fifoQueue.js';
import type { Simulator } from '../sim/simulator.js';
import type { InboundRequest } from './inboundRequest.js';
import type { VersionMetrics } from './metrics/meshMetrics.js';
import type { MeasurementWindow } from './metrics/measurementWindow.js';
import type { PerSecondSeries } from './metrics/perSecondSeries.js';
import { failure, isSuccess, type Outcome } from './outcome.js';
import type { CallOrigin, OutboundTransport } from './transport.js';
import type { VersionRuntime } from './versionRuntime.js';

const QUEUE_FULL = failure(503, 'queueFull');
const NO_TRANSPORT: OutboundTransport = {
  call: () => {
    throw new Error('replica has no outbound transport');
  },
};
const CONNECT_FAILURE = failure(503, 'replicaUnreachable');
const RESET = failure(503, 'replicaReset');
const CANCELLED = failure(499, 'cancelled');

/**
 * One replica (pod) of a service version: `concurrency` workers and a FIFO queue
 * of at most `queueLimit` waiting requests (503 beyond it). A request holds its
 * worker for its own work and all its calls.
 */
export class Replica implements CallOrigin {
  /** >0 while down (crash, zone outage); faults nest. */
  downCount = 0;
  /** Service-time multiplier from slowdown faults (product of active factors). */
  slowdown = 1;
  /** Extra failure probability from `errors` faults (active ones combined). */
  faultErrorRate = 0;
  private readonly activeErrorRates: number[] = [];
  busy = 0;
  private readonly queue = new FifoQueue<InboundRequest>();
  /**
   * Requests holding a worker, a list linked through the requests themselves: in a large
   * mesh a replica is found cold by every request, and an array would be two more cache
   * lines to miss (the array and its elements). Removal moves the last request into the
   * removed one's place, so the list keeps the order a swap-remove array would.
   */
  private firstInService: InboundRequest | undefined = undefined;
  private lastInService: InboundRequest | undefined = undefined;
  /**
   * When `busy` last changed. Starts as the double -0 (the same as 0 wherever it is
   * used), not the small integer 0: V8 then gives the field its double box beside the
   * replica when it is built, instead of moving every replica to a new layout with a
   * box allocated elsewhere when the first time is stored — one more cache line found
   * cold per request in a large mesh (3000-none in-process 1.08x faster).
   */
  private busySince = -0;
  private readonly metrics: VersionMetrics;
  /**
   * This replica as the origin of the calls its app makes: the replica itself (it has the
   * fields), not an object beside it that a call in a large mesh would find cold.
   */
  readonly origin: CallOrigin = this;
  readonly callerName: string;
  readonly callerIndex: number;
  /** Where this replica's app sends its calls: its sidecar, or the direct path. Set when the mesh is built. */
  outbound: OutboundTransport = NO_TRANSPORT;

  /** Called when the replica goes down (proxies drop their pooled connections to it). */
  onDown: (replica: Replica) => void = () => {};

  constructor(
    /** Dense id over the whole mesh. */
    readonly id: number,
    readonly version: VersionRuntime,
    /** Zone index. */
    readonly zone: number,
    private readonly sim: Simulator,
    private readonly window: MeasurementWindow,
    /** The run's timeline, where overflow 503s are counted by the second (absent in unit tests). */
    private readonly timeline?: PerSecondSeries,
  ) {
    this.metrics = version.metrics;
    this.callerName = version.service.name;
    this.callerIndex = version.service.index;
  }

  get isUp(): boolean {
    return this.downCount === 0;
  }

  /** A request arrives at the replica (after the network). */
  accept(req: InboundRequest): void {
    if (this.downCount > 0) {
      this.complete(req, CONNECT_FAILURE);
      return;
    }
    if (this.busy < this.version.concurrency) {
      this.begin(req);
      return;
    }
    if (this.queue.length < this.version.queueLimit) {
      this.queue.push(req);
      return;
    }
    if (req.measured) {
      this.metrics.rejected++;
      this.timeline?.countEvent('overflow', this.sim.now);
    }
    this.complete(req, QUEUE_FULL);
  }

  /** The app finished a request that held a worker: free it and start the next. */
  finish(req: InboundRequest, outcome: Outcome): void {
    this.removeFromService(req);
    this.setBusy(this.busy - 1);
    this.complete(req, outcome);
    let next = this.queue.shift();
    while (next !== undefined && next.aborted) next = this.queue.shift(); // cancelled while queued
    if (next !== undefined) this.begin(next);
  }

  /**
   * The caller gave up and this app stops early (`cancellation: true`): a queued request
   * is skipped when it comes up, one in service frees its worker and cancels its own
   * outstanding calls. The request is answered 499 "cancelled" (nobody is listening).
   */
  cancel(req: InboundRequest): void {
    if (req.aborted) return;
    req.aborted = true;
    if (req.inService) {
      if (req.workEvent >= 0) this.sim.cancel(req.workEvent);
      req.workEvent = -1;
      if (req.outstanding) for (const call of req.outstanding) call.cancel();
      req.outstanding = undefined;
      this.finish(req, CANCELLED);
    } else {
      this.complete(req, CANCELLED);
    }
  }

  /**
   * The server's proxy refused a request before the app saw it (AuthorizationPolicy 403,
   * inbound circuit breaker 503): it counts as served by this version, failed.
   */
  recordRefused(outcome: Outcome, measured: boolean): void {
    if (!measured) return;
    this.metrics.record(outcome, false, 0);
    if (outcome.cause === 'inboundOverflow') this.timeline?.countEvent('overflow', this.sim.now);
  }

  /** Takes the replica down: everything queued or in service is reset. */
  goDown(): void {
    this.downCount++;
    if (this.downCount !== 1) return;
    // The next request is read after each reset, as an array would be indexed: a reset's
    // response may finish a later request here (a self-call), moving the last into its place.
    for (let req = this.firstInService; req !== undefined; req = req.nextInService) {
      req.aborted = true;
      if (req.workEvent >= 0) this.sim.cancel(req.workEvent);
      this.complete(req, RESET);
    }
    for (let req = this.firstInService; req !== undefined; ) {
      const next = req.nextInService;
      req.inService = false;
      req.prevInService = undefined;
      req.nextInService = undefined;
      req = next;
    }
    this.firstInService = undefined;
    this.lastInService = undefined;
    this.setBusy(0);
    this.queue.drain((req) => {
      if (req.aborted) return; // cancelled while queued: already answered
      req.aborted = true;
      this.complete(req, RESET);
    });
    this.onDown(this);
  }

  goUp(): void {
    this.downCount--;
  }

  /** An `errors` fault starts: independent failure probabilities combine as 1 − Π(1 − r). */
  addFaultErrorRate(rate: number): void {
    this.activeErrorRates.push(rate);
    this.recomputeErrorRate();
  }

  removeFaultErrorRate(rate: number): void {
    const i = this.activeErrorRates.indexOf(rate);
    if (i >= 0) this.activeErrorRates.splice(i, 1);
    this.recomputeErrorRate();
  }

  private recomputeErrorRate(): void {
    let survive = 1;
    for (const r of this.activeErrorRates) survive *= 1 - r;
    this.faultErrorRate = 1 - survive;
  }

  /** Closes the utilization integral at the end of the run. */
  flush(now: number): void {
    this.metrics.busyArea += this.busy * this.window.overlap(this.busySince, now);
    this.busySince = now;
  }

  private begin(req: InboundRequest): void {
    const last = this.lastInService;
    req.inService = true;
    req.prevInService = last;
    if (last === undefined) this.firstInService = req;
    else last.nextInService = req;
    this.lastInService = req;
    this.setBusy(this.busy + 1);
    this.version.app.start(req);
  }

  private removeFromService(req: InboundRequest): void {
    const last = this.lastInService as InboundRequest;
    // Unlink the last request, then put it where `req` was (unless it is `req`).
    this.lastInService = last.prevInService;
    if (last.prevInService === undefined) this.firstInService = undefined;
    else last.prevInService.nextInService = undefined;
    if (last !== req) {
      const prev = req.prevInService;
      const next = req.nextInService;
      last.prevInService = prev;
      last.nextInService = next;
      if (prev === undefined) this.firstInService = last;
      else prev.nextInService = last;
      if (next === undefined) this.lastInService = last;
      else next.prevInService = last;
    } else {
      last.prevInService = undefined;
    }
    req.inService = false;
    req.prevInService = undefined;
    req.nextInService = undefined;
  }

  private setBusy(n: number): void {
    const now = this.sim.now;
    if (this.busy !== 0) this.metrics.busyArea += this.busy * this.window.overlap(this.busySince, now);
    this.busySince = now;
    this.busy = n;
  }

  private complete(req: InboundRequest, outcome: Outcome): void {
    if (req.measured) {
      this.metrics.record(outcome, isSuccess(outcome), this.sim.now - req.arrival);
    }
    // Nested through the simulator: a zero-delay response path as deep as the call
    // graph must not grow the JavaScript stack with it.
    this.sim.callNested(respond, req, outcome);
  }
}

function respond(req: InboundRequest, outcome: Outcome): void {
  req.sink.onResponse(req, outcome);
}
