/**
 * Earliest-deadline-first scheduler: Envoy's weighted round robin (EdfScheduler).
 * Each entry's next deadline is `current_time + 1/weight`; a pick takes the earliest
 * deadline (ties: first inserted) and re-adds it with its weight *at that moment*,
 * which is how LEAST_REQUEST's dynamic weights take effect (docs/semantics/envoy-istio.md §5.2 [ED-LBS]).
 *
 * Deadlines are in abstract "time" units (1/weight), unrelated to simulated seconds.
 */
interface EdfEntry {
  deadline: number;
  /** FIFO tie-break among equal deadlines. */
  order: number;
  item: number;
}

/** Envoy caps the emulated start-up picks at UINT32_MAX/10. */
const MAX_PREPICKS = 429496729;
/** Envoy adds 1e-13 to every weight when emulating picks so multiples of weights stay exact. */
const PREPICK_EPSILON = 1e-13;

export class EdfScheduler {
  private readonly heap: EdfEntry[] = [];
  private currentTime = 0;
  private orderOffset = 0;

  /** Empty scheduler; add items with `add`. */
  constructor() {}

  /**
   * Envoy's EdfScheduler::createWithPicks: a schedule over items 0..weights.length-1 as if
   * `picks` picks had already been made (so balancers seeded differently start at
   * different points of the rotation). Weights must be > 0.
   */
  static createWithPicks(weights: readonly number[], picks: number): EdfScheduler {
    const s = new EdfScheduler();
    const n = weights.length;
    if (n === 0) return s;
    const p = picks % MAX_PREPICKS;
    let sum = 0;
    for (const w of weights) sum += w + PREPICK_EPSILON;
    let picksSoFar = 0;
    let maxPickTime = 0;
    for (let i = 0; i < n; i++) {
      const w = (weights[i] as number) + PREPICK_EPSILON;
      let floorPicks = Math.floor((w * p) / sum);
      // Envoy's guard against floor(A*B) > A*B in floating point.
      if (floorPicks > 0 && floorPicks / w >= p / sum) floorPicks--;
      maxPickTime = Math.max(maxPickTime, floorPicks / w);
      s.heap.push({ deadline: (floorPicks + 1) / w, order: i, item: i });
      picksSoFar += floorPicks;
    }
    s.currentTime = maxPickTime;
    s.orderOffset = n;
    s.heapify();
    // The leftover (< n) picks are made one by one with the un-augmented weights, as Envoy does.
    while (picksSoFar < p) {
      s.pickAndAdd((i) => weights[i] as number);
      picksSoFar++;
    }
    return s;
  }

  /** Adds an item with a weight > 0; its first deadline is now + 1/weight. */
  add(weight: number, item: number): void {
    this.push({ deadline: this.currentTime + 1 / weight, order: this.orderOffset++, item });
  }

  /** Pops the earliest item and re-adds it with `weightOf(item)` evaluated now; undefined if empty. */
  pickAndAdd(weightOf: (item: number) => number): number | undefined {
    const top = this.pop();
    if (top === undefined) return undefined;
    this.currentTime = top.deadline;
    this.add(weightOf(top.item), top.item);
    return top.item;
  }

  get size(): number {
    return this.heap.length;
  }

  private less(a: EdfEntry, b: EdfEntry): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.order < b.order);
  }

  private push(e: EdfEntry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] as EdfEntry, h[parent] as EdfEntry)) break;
      [h[i], h[parent]] = [h[parent] as EdfEntry, h[i] as EdfEntry];
      i = parent;
    }
  }

  private pop(): EdfEntry | undefined {
    const h = this.heap;
    const top = h[0];
    if (top === undefined) return undefined;
    const last = h.pop() as EdfEntry;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private heapify(): void {
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(start: number): void {
    const h = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l] as EdfEntry, h[m] as EdfEntry)) m = l;
      if (r < h.length && this.less(h[r] as EdfEntry, h[m] as EdfEntry)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as EdfEntry, h[i] as EdfEntry];
      i = m;
    }
  }
}
