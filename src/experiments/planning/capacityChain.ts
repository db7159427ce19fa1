/**
 * The candidates `meshsim plan` simulates first: a chain of replica counts, each
 * element at least the one before in every service, that grows every service in
 * proportion to its work — element t is n_s(t) = max(floor_s, ⌈work_s · t⌉), taken at
 * every t where some count steps up.
 *
 * Why a chain (docs/planning.md, "Why the plan is monotone"): it depends only on the
 * scenario's work per service, not on the objectives, and scaling the load by L only
 * moves where the chain is entered (the first element with every service stable) —
 * so the planner's first answer is "the first element whose simulation holds", and a
 * looser objective can only stop earlier on the same chain, a heavier load only later.
 */
import type { ReplicaCounts } from './replicaCounts.js';

export interface ChainSpec {
  /** Service names, in the scenario's order (ties step up together). */
  readonly services: ReadonlyArray<string>;
  /** Replica-units of work per service at load factor 1 (workOf); 0 = capacity never binds. */
  readonly work: Readonly<Record<string, number>>;
  /** Fewest replicas per service (its versions, or its zones under --survive). */
  readonly floor: Readonly<Record<string, number>>;
  /** Most replicas per service (--max-replicas). */
  readonly ceiling: number;
}

/** Tie tolerance between two services' step points (relative). */
const TIE = 1e-12;

/** Every this many elements a full copy is kept; between copies, only which services stepped up. */
const CHECKPOINT_EVERY = 64;

/**
 * The chain's elements from the first to the last within the ceiling, generated
 * lazily (the search reads a few elements). Memory grows with the chain's length, not
 * with length × services: each element is stored as the services that stepped up, with
 * a full copy every CHECKPOINT_EVERY elements to replay from.
 */
export class CapacityChain {
  private readonly checkpoints: Record<string, number>[] = [];
  private readonly stepped: string[][] = [];
  private last: Record<string, number> | undefined;
  private length = 0;
  private done = false;

  constructor(private readonly spec: ChainSpec) {
    const first = Object.fromEntries(spec.services.map((s) => [s, spec.floor[s] ?? 1]));
    if (this.exceedsCeiling(first)) this.done = true;
    else this.append(first, []);
  }

  /** Element `k` (from 0), or undefined past the ceiling. */
  at(k: number): ReplicaCounts | undefined {
    while (!this.done && this.length <= k) this.grow();
    if (k < 0 || k >= this.length) return undefined;
    const base = Math.floor(k / CHECKPOINT_EVERY);
    const element = { ...(this.checkpoints[base] as Record<string, number>) };
    for (let i = base * CHECKPOINT_EVERY + 1; i <= k; i++) for (const s of this.stepped[i] as string[]) element[s] = (element[s] as number) + 1;
    return element;
  }

  /** The index of the first element where `accept` holds, scanning from `from`; undefined if none within the ceiling. */
  firstWhere(accept: (counts: ReplicaCounts) => boolean, from = 0): number | undefined {
    for (let k = from; ; k++) {
      const e = this.at(k);
      if (e === undefined) return undefined;
      if (accept(e)) return k;
    }
  }

  /** The last element's index (generates the whole chain up to the ceiling). */
  lastIndex(): number {
    while (!this.done) this.grow();
    return this.length - 1;
  }

  private append(element: Record<string, number>, stepped: string[]): void {
    if (this.length % CHECKPOINT_EVERY === 0) this.checkpoints.push({ ...element });
    this.stepped.push(stepped);
    this.last = element;
    this.length++;
  }

  private grow(): void {
    const last = this.last as Record<string, number>;
    const { services, work } = this.spec;
    // The next step point: the smallest t at which ⌈work·t⌉ exceeds a current count.
    let next = Number.POSITIVE_INFINITY;
    for (const s of services) {
      const w = work[s] ?? 0;
      if (w > 0) next = Math.min(next, (last[s] as number) / w);
    }
    if (!Number.isFinite(next)) {
      this.done = true;
      return;
    }
    const element = { ...last };
    const stepped: string[] = [];
    for (const s of services) {
      const w = work[s] ?? 0;
      if (w > 0 && (last[s] as number) / w <= next * (1 + TIE)) {
        element[s] = (last[s] as number) + 1;
        stepped.push(s);
      }
    }
    if (this.exceedsCeiling(element)) {
      this.done = true;
      return;
    }
    this.append(element, stepped);
  }

  private exceedsCeiling(e: Record<string, number>): boolean {
    return this.spec.services.some((s) => (e[s] as number) > this.spec.ceiling);
  }
}
