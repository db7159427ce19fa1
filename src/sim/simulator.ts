import { EventCalendar, type EventHandler } from './eventCalendar.js';
import { surfaceLane, TimeoutLane } from './timeoutLane.js';

/** Identifies a scheduled event so it can be cancelled. */
export type EventId = number;

/**
 * Calls made through Simulator.callNested that may be open on the JavaScript stack at
 * once. A level of a mesh's response path is about ten frames, so 32 levels are a few
 * hundred frames: a run stays far inside any stack it may start from (a worker thread,
 * a test runner, node --stack-size=300). 200 levels (2,000 frames) overflowed a
 * self-call chain under a third of Node's default stack (issue 18). Deeper zero-time
 * chains continue as events at the same time, in the order they were deferred.
 */
export const MAX_NESTED_CALLS = 32;

/**
 * The engine: a virtual clock (seconds, float64) and an event calendar.
 * Handlers are plain functions called with their argument; no promises.
 * Cancellation marks a tombstone that is dropped when the event surfaces,
 * so cancelling never searches the heap.
 */
export class Simulator {
  /** Current virtual time in seconds. */
  now = 0;
  /** Events executed so far (cancelled ones excluded). */
  eventsProcessed = 0;
  private readonly calendar: EventCalendar;
  private readonly cancelled = new Set<number>();
  private readonly lanes = new Map<number, TimeoutLane>();
  private stopRequested = false;
  private nested = 0;

  constructor(initialCapacity = 1024) {
    this.calendar = new EventCalendar(initialCapacity);
  }

  /** Schedules `handler(arg)` after `delay` seconds (delay ≥ 0). */
  schedule<A>(delay: number, handler: EventHandler<A>, arg: A): EventId {
    return this.calendar.push(this.now + (delay > 0 ? delay : 0), handler, arg);
  }

  /** Schedules `handler(arg)` at absolute time `time` (not before now). */
  scheduleAt<A>(time: number, handler: EventHandler<A>, arg: A): EventId {
    return this.calendar.push(time > this.now ? time : this.now, handler, arg);
  }

  /**
   * Calls `handler(a, b)` at once, inside the current event, unless MAX_NESTED_CALLS
   * such calls are already open: then it runs as an event at the current time instead.
   * A chain of zero-delay steps as long as the input makes it (a response passing up
   * thousands of services with no time between them) so never overflows the JavaScript
   * stack, and below the bound nothing changes: no event, no reordering.
   */
  callNested<A, B>(handler: (a: A, b: B) => void, a: A, b: B): void {
    if (this.nested >= MAX_NESTED_CALLS) {
      this.schedule(0, runDeferred as EventHandler<Deferred<A, B>>, { handler, a, b });
      return;
    }
    this.nested++;
    try {
      handler(a, b);
    } finally {
      this.nested--;
    }
  }

  /**
   * The lane of timers that wait `delay` seconds (one per delay, made on first use): for
   * timeouts that are almost always cancelled and periodic sweeps, which would otherwise
   * crowd the calendar (timeoutLane.ts). Its timers fire exactly where schedule(delay, …)
   * would put them.
   */
  timeoutLane(delay: number): TimeoutLane {
    let lane = this.lanes.get(delay);
    if (lane === undefined) {
      lane = new TimeoutLane(delay, this, this.calendar);
      this.lanes.set(delay, lane);
    }
    return lane;
  }

  /** Cancels a pending event; cancelling one that already ran is a no-op. */
  cancel(id: EventId): void {
    this.cancelled.add(id);
  }

  /** Pending events (cancelled ones still count until they surface). */
  get pending(): number {
    return this.calendar.size;
  }

  /** Time of the next pending event (+Infinity when none). */
  nextEventTime(): number {
    return this.calendar.peekTime();
  }

  /** Ends the current run() after the event being executed. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Executes events in (time, sequence) order while their time is ≤ `until`,
   * or until `maxEvents` more have run. The clock ends at `until` if the
   * calendar ran dry or passed it, else at the last event's time.
   */
  run(until: number = Number.POSITIVE_INFINITY, maxEvents: number = Number.POSITIVE_INFINITY): void {
    const calendar = this.calendar;
    const cancelled = this.cancelled;
    let executed = 0;
    this.stopRequested = false;
    while (calendar.size > 0 && calendar.peekTime() <= until && executed < maxEvents) {
      calendar.pop();
      if (cancelled.size > 0 && cancelled.delete(calendar.poppedSeq)) continue;
      let handler = calendar.poppedHandler as EventHandler<unknown>;
      let arg = calendar.poppedArg;
      if (handler === surfaceLane) {
        // A lane's earliest timer: run it, unless it was cancelled (then it is a tombstone).
        const lane = arg as TimeoutLane;
        if (!lane.surface()) continue;
        handler = lane.dueHandler as EventHandler<unknown>;
        arg = lane.dueArg;
      }
      this.now = calendar.poppedTime;
      handler(arg);
      executed++;
      if (this.stopRequested) break;
    }
    this.eventsProcessed += executed;
    if (!this.stopRequested && executed < maxEvents && until !== Number.POSITIVE_INFINITY && this.now < until) {
      this.now = until;
    }
  }
}

interface Deferred<A, B> {
  readonly handler: (a: A, b: B) => void;
  readonly a: A;
  readonly b: B;
}

function runDeferred<A, B>(d: Deferred<A, B>): void {
  d.handler(d.a, d.b);
}
