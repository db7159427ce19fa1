/**
 * Istio resolves conflicts between resources of one kind by age: the oldest
 * (metadata.creationTimestamp) wins. Without timestamps meshsim uses input order, so
 * earlier in the files counts as older. Timestamps are RFC 3339 in UTC, which sort as text.
 */
export interface Aged {
  readonly creationTimestamp?: string;
  readonly resourceIndex: number;
}

/** Sort comparator: oldest first; a resource without a timestamp sorts after those with one. */
export function olderFirst(a: Aged, b: Aged): number {
  const ta = a.creationTimestamp ?? '\uffff';
  const tb = b.creationTimestamp ?? '\uffff';
  return ta < tb ? -1 : ta > tb ? 1 : a.resourceIndex - b.resourceIndex;
}
