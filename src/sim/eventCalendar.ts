/**
 * The event calendar: a binary min-heap ordered by (time, insertion sequence).
 *
 * Keys live in typed arrays and payloads in parallel plain arrays, so a hold
 * (pop + push) allocates nothing. Ties in time are broken by insertion order,
 * which makes runs deterministic (docs/architecture.md, "Determinism").
 */
export type EventHandler<A = unknown> = (arg: A) => void;

export class EventCalendar {
  private times: Float64Array;
  private seqs: Float64Array;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous payloads, typed at schedule()
  private handlers: Array<EventHandler<any> | undefined>;
  private args: unknown[];
  private count = 0;
  private nextSeq = 0;

  /** Filled by pop(): the event just removed. */
  poppedTime = 0;
  poppedSeq = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  poppedHandler: EventHandler<any> | undefined = undefined;
  poppedArg: unknown = undefined;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.handlers = new Array(cap);
    this.args = new Array(cap);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; +Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? (this.times[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Adds an event at absolute time `time` (seconds); returns its sequence number (its id). */
  push<A>(time: number, handler: EventHandler<A>, arg: A): number {
    const seq = this.nextSeq++;
    this.pushSeq(time, seq, handler, arg);
    return seq;
  }

  /** Takes the next sequence number without adding an event: its holder adds it later with pushSeq (timeoutLane.ts). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Adds an event under a sequence number taken earlier (by takeSeq), so it keeps its place among events at the same time. */
  pushSeq<A>(time: number, seq: number, handler: EventHandler<A>, arg: A): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const handlers = this.handlers;
    const args = this.args;
    // Sift up with a hole: move parents down until the new key fits.
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      handlers[i] = handlers[parent];
      args[i] = args[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    handlers[i] = handler;
    args[i] = arg;
  }

  /** Removes the earliest event into popped*; returns false when empty. */
  pop(): boolean {
    const n = this.count;
    if (n === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    const handlers = this.handlers;
    const args = this.args;
    this.poppedTime = times[0] as number;
    this.poppedSeq = seqs[0] as number;
    this.poppedHandler = handlers[0];
    this.poppedArg = args[0];
    const last = n - 1;
    this.count = last;
    if (last > 0) {
      const t = times[last] as number;
      const s = seqs[last] as number;
      const h = handlers[last];
      const a = args[last];
      // Sift down with a hole from the root.
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        const right = child + 1;
        if (right < last) {
          const ct = times[child] as number;
          const rt = times[right] as number;
          if (rt < ct || (rt === ct && (seqs[right] as number) < (seqs[child] as number))) child = right;
        }
        const ct = times[child] as number;
        if (t < ct || (t === ct && s < (seqs[child] as number))) break;
        times[i] = ct;
        seqs[i] = seqs[child] as number;
        handlers[i] = handlers[child];
        args[i] = args[child];
        i = child;
      }
      times[i] = t;
      seqs[i] = s;
      handlers[i] = h;
      args[i] = a;
    }
    handlers[last] = undefined; // let payloads be collected
    args[last] = undefined;
    return true;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.handlers.length = cap;
    this.args.length = cap;
  }
}
