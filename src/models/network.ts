import type { RandomSource } from '../policy/randomSource.js';
import type { Distribution } from '../sim/distributions.js';
import { createDistribution } from './distributionFromSpec.js';
import type { NetworkSpec, ZoneSpec } from '../scenarios/scenario.js';

/**
 * Zones, their regions, one-way delays by zone relation, and reachability
 * (zone outages and partitions). Zones are referred to by dense index.
 */
export class Network {
  readonly zoneIndex = new Map<string, number>();
  readonly zoneNames: string[];
  private readonly region: number[];
  private readonly sameZone: Distribution;
  private readonly crossZone: Distribution;
  private readonly crossRegion: Distribution;
  /** Reference counts, so overlapping faults compose. */
  private readonly zoneDown: Int32Array;
  private readonly partitioned: Int32Array;
  private readonly n: number;

  constructor(zones: ReadonlyArray<ZoneSpec>, spec: NetworkSpec) {
    this.zoneNames = zones.map((z) => z.name);
    const regions = new Map<string, number>();
    this.region = zones.map((z) => {
      if (!regions.has(z.region)) regions.set(z.region, regions.size);
      return regions.get(z.region) as number;
    });
    zones.forEach((z, i) => this.zoneIndex.set(z.name, i));
    this.n = zones.length;
    this.zoneDown = new Int32Array(this.n);
    this.partitioned = new Int32Array(this.n * this.n);
    this.sameZone = createDistribution(spec.sameZone);
    this.crossZone = createDistribution(spec.crossZone);
    this.crossRegion = createDistribution(spec.crossRegion);
  }

  zone(name: string): number {
    const i = this.zoneIndex.get(name);
    if (i === undefined) throw new Error(`unknown zone ${name}`);
    return i;
  }

  /**
   * A one-way delay (seconds) between workloads in zones a and b, drawn from the
   * caller's stream (one per edge, so a new edge never shifts another's delays).
   */
  delay(a: number, b: number, rng: RandomSource): number {
    if (a === b) return this.sameZone.mean === 0 ? 0 : this.sameZone.sample(rng);
    if (this.region[a] === this.region[b]) return this.crossZone.sample(rng);
    return this.crossRegion.sample(rng);
  }

  isCrossZone(a: number, b: number): boolean {
    return a !== b;
  }

  /** Whether a packet from zone a reaches zone b now. */
  reachable(a: number, b: number): boolean {
    return this.zoneDown[a] === 0 && this.zoneDown[b] === 0 && this.partitioned[a * this.n + b] === 0;
  }

  isZoneDown(z: number): boolean {
    return this.zoneDown[z] !== 0;
  }

  setZoneDown(z: number, down: boolean): void {
    this.zoneDown[z] = (this.zoneDown[z] as number) + (down ? 1 : -1);
  }

  setPartition(a: number, b: number, on: boolean): void {
    const d = on ? 1 : -1;
    this.partitioned[a * this.n + b] = (this.partitioned[a * this.n + b] as number) + d;
    this.partitioned[b * this.n + a] = (this.partitioned[b * this.n + a] as number) + d;
  }
}
