import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { RandomSource } from './randomSource.js';
import { readList } from './fieldReaders.js';
import { readPercent, rollPerMillion, perMillion } from './percentage.js';
import { readFields } from './supportMatrix.js';
import { compileDestination, type RouteDestination } from './routeDestination.js';

/**
 * VirtualService mirroring (§7.3 [IA-VS][II-ROUTE][E-RT]): a fire-and-forget copy of the
 * request to another destination, sent after the request is complete; its response is
 * ignored and never affects the primary. Percentage defaults to 100%.
 */
export interface MirrorTarget {
  readonly destination: RouteDestination;
  /** Share of requests mirrored, per million. */
  readonly perMillion: number;
}

const K = 'VirtualService';

/** Compiles `mirror` + `mirrorPercentage`/`mirrorPercent` and `mirrors[]` of one HTTP route. */
export function compileMirrors(route: Record<string, unknown>, path: FieldPath, namespace: string, diag: Diagnostics): MirrorTarget[] {
  const out: MirrorTarget[] = [];
  if (route['mirror'] !== undefined && route['mirror'] !== null) {
    const d = compileDestination(route['mirror'], 'spec.http[].mirror', [...path, 'mirror'], namespace, diag);
    const pm = readPercent(K, 'spec.http[].mirrorPercentage', route['mirrorPercentage'], route['mirrorPercent'], [...path, 'mirrorPercentage'], 'mirrorPercent', diag);
    if (d !== undefined) out.push({ destination: d, perMillion: pm ?? perMillion });
  } else if (route['mirrorPercentage'] !== undefined || route['mirrorPercent'] !== undefined) {
    diag.warn([...path, route['mirrorPercentage'] !== undefined ? 'mirrorPercentage' : 'mirrorPercent'], 'has no effect without mirror');
  }
  const many = readList(route['mirrors'], [...path, 'mirrors'], diag, (raw, p) => {
    const o = readFields(K, 'spec.http[].mirrors[]', raw, p, diag);
    if (o === undefined) return undefined;
    const d = compileDestination(o['destination'], 'spec.http[].mirrors[].destination', [...p, 'destination'], namespace, diag);
    const pm = readPercent(K, 'spec.http[].mirrors[].percentage', o['percentage'], undefined, [...p, 'percentage'], 'percentage', diag);
    return d === undefined ? undefined : { destination: d, perMillion: pm ?? perMillion };
  });
  if (many !== undefined) out.push(...many);
  return out;
}

/** The mirror copies to send for one request (each rolled independently). */
export function chooseMirrors(targets: readonly MirrorTarget[], random: RandomSource): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const t of targets) if (rollPerMillion(t.perMillion, random)) out.push(t.destination);
  return out;
}
