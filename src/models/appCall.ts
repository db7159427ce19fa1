import type { Simulator } from '../sim/simulator.js';
import type { AppRetrySpec } from '../scenarios/scenario.js';
import { appRetryDelay } from './appRetryDelay.js';
import type { InboundRequest } from './inboundRequest.js';
import type { MeshMetrics } from './metrics/meshMetrics.js';
import { failure, isSuccess, type Outcome } from './outcome.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import type { CallHandle, CallRequest, CallSink } from './transport.js';

/** What the app saw of a try it stopped waiting on: a gateway timeout of its own. */
const APP_TIMEOUT = failure(504, 'appTimeout');

/** A call step's client settings, compiled once per call step. */
export interface AppClientConfig {
  /** Seconds the app waits on one try (undefined: as long as it takes). */
  readonly timeout: number | undefined;
  readonly retries: AppRetrySpec | undefined;
}

/**
 * One call an app makes with its own client behaviour (a call step's `timeout` and
 * `retries`), from the first try to the answer the app acts on.
 *
 * Each try is one call through the replica's outbound transport — its proxy, with the
 * route's own timeout and retries inside it — so the app's timeout bounds the proxy's
 * whole attempt sequence, as an HTTP client's read timeout does. The app's timer races
 * the try; when it fires first the app stops waiting: the try goes on in the mesh (the
 * callee still does the work, the proxy still counts the call) and its response is
 * dropped when it arrives. A failed or timed-out try is retried after appRetryDelay
 * while retries remain; the answer is the last try's outcome (`appTimeout` for a try
 * given up on). The request holds its worker throughout, as it does for any call.
 */
export class AppCall implements CallHandle {
  /** Tries started so far. */
  private tries = 0;
  /** The pending timeout or backoff event (-1 when none). */
  private timer = -1;
  /** The try being waited on (undefined between tries and after the answer). */
  private current: AppTry | undefined;
  private currentHandle: CallHandle | undefined;
  private done = false;

  constructor(
    private readonly req: InboundRequest,
    private readonly target: ServiceRuntime,
    private readonly request: CallRequest,
    private readonly config: AppClientConfig,
    private readonly sim: Simulator,
    private readonly metrics: MeshMetrics,
  ) {}

  /** Makes the first try. */
  start(): void {
    this.tryOnce();
  }

  /** The request this call serves was cancelled (`cancellation: true`): drop everything, answer nobody. */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    this.current = undefined;
    const handle = this.currentHandle;
    this.currentHandle = undefined;
    handle?.cancel();
  }

  /** Timer event: one try's time is up, or one backoff is over. */
  onTimer(): void {
    this.timer = -1;
    if (this.done) return;
    if (this.req.aborted) {
      // The serving replica went down: nobody waits for this call any more.
      this.done = true;
      return;
    }
    if (this.current === undefined) {
      this.tryOnce();
      return;
    }
    this.current = undefined;
    this.currentHandle = undefined;
    if (this.req.measured) this.edge().appTimeouts++;
    this.failed(APP_TIMEOUT);
  }

  /** One try answered: acted on when the app still waits for it, dropped otherwise. */
  tryDone(t: AppTry, outcome: Outcome): void {
    if (t !== this.current || this.done) return;
    this.current = undefined;
    this.currentHandle = undefined;
    this.clearTimer();
    if (isSuccess(outcome)) this.answer(outcome);
    else this.failed(outcome);
  }

  private tryOnce(): void {
    if (this.req.aborted) {
      this.done = true;
      return;
    }
    this.tries++;
    const t = new AppTry(this);
    this.current = t;
    // Armed before the call goes out: with zero delays the try may answer inside call().
    if (this.config.timeout !== undefined) this.timer = this.sim.schedule(this.config.timeout, onAppCallTimer, this);
    const replica = this.req.replica;
    const handle = replica.outbound.call(replica.origin, this.target, this.request, t);
    if (this.current === t) this.currentHandle = handle;
  }

  private failed(outcome: Outcome): void {
    const retries = this.config.retries;
    if (retries !== undefined && this.tries <= retries.attempts) {
      if (this.req.measured) this.edge().appRetries++;
      // Scheduled even when the delay is 0: a chain of failing tries never recurses.
      const delay = appRetryDelay(retries, this.tries, this.req.replica.version.retryRng);
      this.timer = this.sim.schedule(delay, onAppCallTimer, this);
      return;
    }
    this.answer(outcome);
  }

  private answer(outcome: Outcome): void {
    this.done = true;
    this.req.callDone(outcome);
  }

  private clearTimer(): void {
    if (this.timer >= 0) this.sim.cancel(this.timer);
    this.timer = -1;
  }

  /** The edge caller → callee (looked up only when a timeout or retry is counted). */
  private edge() {
    return this.metrics.edge(this.req.replica.version.service.name, this.target.name);
  }
}

/** One try of an AppCall: its own sink, so a late answer of an abandoned try is told apart. */
class AppTry implements CallSink {
  constructor(private readonly owner: AppCall) {}

  callDone(outcome: Outcome): void {
    this.owner.tryDone(this, outcome);
  }
}

function onAppCallTimer(call: AppCall): void {
  call.onTimer();
}
