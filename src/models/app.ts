import type { Simulator } from '../sim/simulator.js';
import type { CallSpec, CallStepSpec } from '../scenarios/scenario.js';
import { AppCall, type AppClientConfig } from './appCall.js';
import type { InboundRequest } from './inboundRequest.js';
import type { MeshMetrics } from './metrics/meshMetrics.js';
import { failure, isSuccess, OK, type Outcome } from './outcome.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import { callRequest } from './transport.js';
import type { VersionRuntime } from './versionRuntime.js';

const APP_ERROR = failure(500, 'appError');
const DEPENDENCY_FAILED = failure(500, 'dependencyFailed');

/** A call step with its target resolved once, at build time. */
interface CompiledCall {
  readonly target: ServiceRuntime;
  readonly count: number;
  readonly probability: number;
  readonly method: string;
  readonly path: string;
  readonly requestSize: number;
  /** The app's own timeout and retries on this call; undefined when it has neither (the plain, allocation-free path). */
  readonly client: AppClientConfig | undefined;
}

/**
 * What a version's application does with a request once it holds a worker: its
 * own work (serviceTime, stretched by slowdowns), then maybe an error (errorRate
 * and `errors` faults), then its call steps in order. A step's calls go out
 * together; the step ends when all have returned, and a call that finally failed
 * fails the request with 500 (no further steps). Calls leave through the replica's
 * own outbound transport (its sidecar, or the direct path of `dataPlane: none`); a call
 * with a `timeout` or `retries` of the app's own goes through an AppCall that races and
 * retries its tries.
 */
export class App {
  private readonly steps: CompiledCall[][];

  constructor(
    private readonly version: VersionRuntime,
    steps: ReadonlyArray<CallStepSpec>,
    resolve: (service: string) => ServiceRuntime,
    private readonly sim: Simulator,
    private readonly metrics: MeshMetrics,
  ) {
    const compile = (c: CallSpec): CompiledCall => ({
      target: resolve(c.service),
      count: c.count,
      probability: c.probability,
      method: c.method,
      path: c.path,
      requestSize: c.requestSize,
      client: c.timeout !== undefined || c.retries !== undefined ? { timeout: c.timeout, retries: c.retries } : undefined,
    });
    this.steps = steps.map((s) => (s.kind === 'call' ? [compile(s)] : s.calls.map(compile)));
  }

  /** The request just got a worker. */
  start(req: InboundRequest): void {
    const v = this.version;
    const work = v.serviceTime.sample(v.workRng) * req.replica.slowdown;
    if (req.measured) v.metrics.cpuSeconds += work;
    req.workEvent = this.sim.schedule(work, afterWork, req);
  }

  /** The request's own work is done (its event, afterWork). */
  workDone(req: InboundRequest): void {
    req.workEvent = -1;
    if (req.aborted) return;
    const v = this.version;
    const errorRate = v.spec.errorRate + req.replica.faultErrorRate - v.spec.errorRate * req.replica.faultErrorRate;
    if (errorRate > 0 && v.appRng.next() < errorRate) {
      req.replica.finish(req, APP_ERROR);
      return;
    }
    this.runStep(req);
  }

  private runStep(req: InboundRequest): void {
    while (req.step < this.steps.length) {
      const calls = this.steps[req.step++] as CompiledCall[];
      const chosen = this.choose(calls);
      let total = 0;
      for (const c of chosen) total += c.count;
      if (total === 0) continue;
      // Set the whole count first: a call may return synchronously (zero delays).
      req.pending = total;
      req.stepFailed = false;
      const cancellable = this.version.spec.cancellation;
      if (cancellable) req.outstanding = [];
      for (const c of chosen) {
        // Headers travel down the chain (end-user routing works at every hop).
        const call = callRequest(req.headers, req.measured, c.method, c.path, c.requestSize, req.trace);
        const client = c.client;
        for (let k = 0; k < c.count; k++) {
          if (client !== undefined) {
            const appCall = new AppCall(req, c.target, call, client, this.sim, this.metrics);
            if (cancellable) req.outstanding?.push(appCall);
            appCall.start();
            continue;
          }
          const handle = req.replica.outbound.call(req.replica.origin, c.target, call, req);
          if (cancellable && handle !== undefined && !req.aborted) req.outstanding?.push(handle);
        }
      }
      return;
    }
    req.replica.finish(req, OK);
  }

  /** The calls of a step this request makes (optional ones drawn by probability). */
  private choose(calls: CompiledCall[]): CompiledCall[] {
    let all = true;
    for (const c of calls) if (c.probability < 1) all = false;
    if (all) return calls;
    return calls.filter((c) => c.probability >= 1 || this.version.appRng.next() < c.probability);
  }

  /** A call `req`'s app made has ended (InboundRequest.callDone). */
  onCallReturn(req: InboundRequest, o: Outcome): void {
    if (req.aborted) return;
    if (!isSuccess(o)) req.stepFailed = true;
    if (--req.pending > 0) return;
    if (req.stepFailed) req.replica.finish(req, DEPENDENCY_FAILED);
    else this.runStep(req);
  }
}

/**
 * One function for every app's work events, not a closure per app: in a large mesh an
 * app's closure (its function object and context) would be two more cache lines found
 * cold per request.
 */
function afterWork(req: InboundRequest): void {
  req.replica.version.app.workDone(req);
}
