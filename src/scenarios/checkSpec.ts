/**
 * The `check:` section resolved (checkSchema.ts parses it, resolveCheck.ts checks its
 * names against the scenario): the space of fault sets and loads `meshsim check`
 * explores, and the properties every point of it must keep.
 */
import type { Range } from './checkSchema.js';
import type { Slo } from './slo.js';

export type { Range } from './checkSchema.js';

/** Which replicas a service fault may hit: a service, optionally one version of it. */
export interface ReplicaChoice {
  readonly service: string;
  readonly version?: string;
}

interface WindowRanges {
  /** Seconds from the start of the run (warm-up included). */
  readonly at: Range;
  /** Seconds; undefined = until the end of the run. */
  readonly for?: Range;
}

interface ReplicaRanges {
  readonly targets: ReadonlyArray<ReplicaChoice>;
  /** How many of the matching replicas (the first N); undefined = all of them. */
  readonly replicas?: Range;
}

/** One entry of `check.faults`: a fault kind with its ranges and its choice of targets. */
export type FaultDimension =
  | (WindowRanges & ReplicaRanges & { readonly kind: 'crash' })
  | (WindowRanges & ReplicaRanges & { readonly kind: 'slowdown'; readonly factor: Range })
  | (WindowRanges & ReplicaRanges & { readonly kind: 'errors'; readonly rate: Range })
  | (WindowRanges & { readonly kind: 'zone-outage'; readonly zones: ReadonlyArray<string> })
  | (WindowRanges & { readonly kind: 'partition'; readonly pairs: ReadonlyArray<readonly [string, string]> });

export interface CheckSpec {
  /** `check.properties`; empty when the section gives none (the scenario's `slo:` then applies). */
  readonly properties: ReadonlyArray<Slo>;
  readonly faults: ReadonlyArray<FaultDimension>;
  /** Most faults in one fault set (default DEFAULT_MAX_FAULTS; 0 without fault entries). */
  readonly maxFaults: number;
  /** Multiplier of every traffic rate (default 1x). */
  readonly load: Range;
  /** Random fault sets the search tries after the single-fault enumeration (default DEFAULT_CHECK_RUNS). */
  readonly runs: number;
}

export const DEFAULT_MAX_FAULTS = 2;
export const DEFAULT_CHECK_RUNS = 50;

/** How many distinct targets a dimension offers. */
export function targetCount(d: FaultDimension): number {
  switch (d.kind) {
    case 'zone-outage':
      return d.zones.length;
    case 'partition':
      return d.pairs.length;
    default:
      return d.targets.length;
  }
}
