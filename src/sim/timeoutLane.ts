import type { EventCalendar, EventHandler } from './eventCalendar.js';

/**
 * Timers that all wait the same `delay`: timeouts that are almost always cancelled (a
 * request's deadline), or the periodic sweeps of many objects with one period. Their
 * deadlines come in the order they are scheduled, so the lane keeps them in a FIFO ring
 * and only its earliest one sits in the calendar. Cancelling marks an entry dead in O(1);
 * dead entries are dropped when the clock passes them. The calendar so stays the size of
 * the live work instead of holding every pending timer, and a cancelled timer costs no
 * heap operation. Each timer keeps the sequence number it took when scheduled, so it
 * fires at exactly the (time, sequence) place an ordinary event would: runs do not change.
 */
export class TimeoutLane {
  private times: Float64Array;
  private seqs: Float64Array;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous payloads, typed at schedule()
  private handlers: Array<EventHandler<any> | undefined>;
  private args: unknown[];
  /** Ring index of the earliest entry, entries held, and the id of the earliest. */
  private head = 0;
  private count = 0;
  private headId = 0;
  /** Filled by surface(): the timer that is due. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  dueHandler: EventHandler<any> | undefined = undefined;
  dueArg: unknown = undefined;

  constructor(
    /** Seconds from scheduling to firing (≥ 0). */
    readonly delay: number,
    private readonly clock: { readonly now: number },
    private readonly calendar: EventCalendar,
  ) {
    this.times = new Float64Array(16);
    this.seqs = new Float64Array(16);
    this.handlers = new Array(16);
    this.args = new Array(16);
  }

  /** Schedules `handler(arg)` after the lane's delay; returns an id for cancel(). */
  schedule<A>(handler: EventHandler<A>, arg: A): number {
    const time = this.clock.now + (this.delay > 0 ? this.delay : 0);
    const seq = this.calendar.takeSeq();
    if (this.count === this.times.length) this.grow();
    const slot = (this.head + this.count) & (this.times.length - 1);
    this.times[slot] = time;
    this.seqs[slot] = seq;
    this.handlers[slot] = handler;
    this.args[slot] = arg;
    // An empty lane has nothing in the calendar; a non-empty one has its earliest entry there.
    if (this.count++ === 0) this.calendar.pushSeq(time, seq, surfaceLane, this);
    return this.headId + this.count - 1;
  }

  /** Cancels a pending timer; cancelling one that fired (or was cancelled) is a no-op. */
  cancel(id: number): void {
    const k = id - this.headId;
    if (k < 0 || k >= this.count) return;
    const slot = (this.head + k) & (this.times.length - 1);
    this.handlers[slot] = undefined;
    this.args[slot] = undefined;
  }

  /**
   * The lane's calendar entry came up (its earliest timer's time and sequence): takes that
   * timer out, into due* when it is live, and puts the next live one in the calendar.
   * Returns whether a timer is due (false: it was cancelled, nothing runs).
   */
  surface(): boolean {
    const mask = this.times.length - 1;
    const handlers = this.handlers;
    const args = this.args;
    let h = this.head;
    const handler = handlers[h];
    this.dueHandler = handler;
    this.dueArg = args[h];
    handlers[h] = undefined;
    args[h] = undefined;
    h = (h + 1) & mask;
    let count = this.count - 1;
    let headId = this.headId + 1;
    while (count > 0 && handlers[h] === undefined) {
      args[h] = undefined;
      h = (h + 1) & mask;
      count--;
      headId++;
    }
    this.head = h;
    this.count = count;
    this.headId = headId;
    if (count > 0) this.calendar.pushSeq(this.times[h] as number, this.seqs[h] as number, surfaceLane, this);
    return handler !== undefined;
  }

  private grow(): void {
    const cap = this.times.length;
    const times = new Float64Array(cap * 2);
    const seqs = new Float64Array(cap * 2);
    const handlers = new Array<EventHandler | undefined>(cap * 2);
    const args = new Array<unknown>(cap * 2);
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) & (cap - 1);
      times[k] = this.times[slot] as number;
      seqs[k] = this.seqs[slot] as number;
      handlers[k] = this.handlers[slot];
      args[k] = this.args[slot];
    }
    this.times = times;
    this.seqs = seqs;
    this.handlers = handlers;
    this.args = args;
    this.head = 0;
  }
}

/**
 * The handler of a lane's calendar entry. Simulator.run recognises it and runs the due
 * timer in its place (or nothing, when it was cancelled); it never runs itself.
 */
export function surfaceLane(lane: TimeoutLane): void {
  if (lane.surface()) (lane.dueHandler as EventHandler)(lane.dueArg);
}
