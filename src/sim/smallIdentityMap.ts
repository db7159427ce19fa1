/** Entries kept in the flat array before a Map takes over. */
const FLAT_ENTRIES = 8;

/**
 * A map keyed by object identity that holds its first few entries as a flat array of
 * key, value pairs and scans it, with a Map only past FLAT_ENTRIES. Meant for per-object
 * lookups on a hot path with few keys (a proxy's targets, an app's callees): a Map
 * lookup hashes into a table of its own, one more object to find cold when thousands of
 * such maps are each touched a few times a second; the scan reads one short array.
 */
export class SmallIdentityMap<K extends object, V> {
  /** key0, value0, key1, value1, … */
  private readonly flat: unknown[] = [];
  private overflow: Map<K, V> | undefined = undefined;

  get(key: K): V | undefined {
    const flat = this.flat;
    for (let i = 0; i < flat.length; i += 2) if (flat[i] === key) return flat[i + 1] as V;
    return this.overflow?.get(key);
  }

  /** Adds `key` (which must not be present yet). */
  add(key: K, value: V): void {
    if (this.flat.length < 2 * FLAT_ENTRIES) this.flat.push(key, value);
    else (this.overflow ??= new Map()).set(key, value);
  }

  get size(): number {
    return this.flat.length / 2 + (this.overflow?.size ?? 0);
  }

  /** The values, in the order their keys were added. */
  *values(): IterableIterator<V> {
    for (let i = 1; i < this.flat.length; i += 2) yield this.flat[i] as V;
    if (this.overflow !== undefined) yield* this.overflow.values();
  }
}
