import type { RandomSource } from '../../policy/randomSource.js';
import type { ProxyCostSpec } from '../../scenarios/scenario.js';
import type { Distribution } from '../../sim/distributions.js';
import { createDistribution } from '../distributionFromSpec.js';
import type { Simulator } from '../../sim/simulator.js';
import type { MeasurementWindow } from '../metrics/measurementWindow.js';
import { SPAN_KIND } from '../tracing/traceData.js';
import type { TraceParent } from '../tracing/tracer.js';

/**
 * One proxy instance's worker threads (a sidecar, a ztunnel, a waypoint, a node Envoy)
 * as a FIFO queue with `workers` servers: each pass of a message holds a thread for its
 * CPU cost, so the latency a proxy adds grows with its load as an M/G/c queue predicts
 * (the seed document's M/M/1 sidecar model, generalized). Work after the response
 * (telemetry) keeps the thread busy without delaying that response.
 *
 * Because the queue is FIFO and a pass's cost is known when it arrives, each thread's
 * next free time follows Kiefer–Wolfowitz's recursion (Lindley's for c = 1): a pass
 * starts at max(now, earliest free time) on that thread. That is the same queue as an
 * explicit one, with one event per pass instead of three. CPU is accounted in the
 * measured window for the cost block.
 */
export class ProxyWorkers {
  /**
   * [0]: CPU seconds spent inside the measured window; [1 + k]: when thread k is next
   * free (seconds; a bounded pool only). One typed array, not a number field beside it:
   * a double field is a separate heap number in V8, one more cache line per pass in a
   * large mesh, where every proxy is found cold.
   */
  private readonly state: Float64Array;
  private readonly threads: number;
  private readonly passCpu: Distribution;

  constructor(
    /** "sidecar productpage#0", "ztunnel us-east-1a/node-2", … */
    readonly name: string,
    readonly kind: 'sidecar' | 'ztunnel' | 'waypoint' | 'nodeEnvoy' | 'kernel',
    readonly cost: ProxyCostSpec,
    private readonly sim: Simulator,
    private readonly window: MeasurementWindow,
    private readonly rng: RandomSource,
    /** What a trace's critical path charges this proxy's passes to: "sidecar reviews", "ztunnel", "waypoint default". */
    readonly component: string = kind,
  ) {
    this.passCpu = createDistribution(cost.passCpu);
    this.threads = Number.isFinite(cost.workers) ? cost.workers : 0;
    this.state = new Float64Array(1 + this.threads);
  }

  /** CPU seconds spent inside the measured window. */
  get cpuSeconds(): number {
    return this.state[0] as number;
  }

  /**
   * A request (or response) of `bytes` passes through: it waits for a thread, spends its
   * CPU, and `then` runs after the pass's non-CPU latency. `last`: the exchange is over
   * at this proxy, so its after-response work (offPathCpu) follows on the same thread.
   */
  pass(bytes: number, last: boolean, then: () => void): void {
    this.passTo(bytes, last, runCallback, then);
  }

  /**
   * pass(), then `handler(arg)`: the form for the per-request path, which so allocates no
   * closure per pass (the handler is a module function, the state its argument).
   */
  passTo<A>(bytes: number, last: boolean, handler: (arg: A) => void, arg: A): void {
    const cpu = this.passCpu.sample(this.rng) + (this.cost.cpuPerKiB * bytes) / 1024;
    this.run(cpu, last ? this.cost.offPathCpu : 0, this.cost.passLatency, handler, arg);
  }

  /**
   * pass(), recorded as a span under `parent` when the request is traced ("sidecar
   * outbound request"): the wait for a thread, the CPU and the pass latency. Untraced,
   * it is pass() itself.
   */
  passTraced(bytes: number, last: boolean, parent: TraceParent | undefined, label: string, then: () => void): void {
    if (parent === undefined) {
      this.pass(bytes, last, then);
      return;
    }
    const span = parent.child(`${this.kind} ${label}`, SPAN_KIND.internal, this.name, this.component);
    this.pass(bytes, last, () => {
      span.end();
      then();
    });
  }

  /** A new mTLS connection's handshake at this end: CPU on a thread, then `then`. */
  handshake(then: () => void): void {
    if (this.cost.handshakeCpu <= 0) then();
    else this.run(this.cost.handshakeCpu, 0, 0, runCallback, then);
  }

  private run<A>(cpu: number, offPath: number, latency: number, handler: (arg: A) => void, arg: A): void {
    const now = this.sim.now;
    let start = now;
    const state = this.state;
    if (this.threads > 0) {
      let k = 1;
      for (let i = 2; i < state.length; i++) if ((state[i] as number) < (state[k] as number)) k = i;
      if ((state[k] as number) > start) start = state[k] as number;
      state[k] = start + cpu + offPath;
    }
    state[0] = (state[0] as number) + this.window.overlap(start, start + cpu + offPath);
    const delay = start - now + cpu + latency;
    if (delay > 0) this.sim.schedule(delay, handler, arg);
    else handler(arg);
  }
}

function runCallback(fn: () => void): void {
  fn();
}
