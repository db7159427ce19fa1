/** Faults and fault sets in words, for the check report, progress lines and the library's messages. */
import type { FaultSet } from '../experiments/faultSet.js';
import type { FaultSpec } from '../scenarios/scenario.js';
import { formatDuration } from '../scenarios/units.js';

/** "slowdown ×4 of server at 5s for 3.2s", "crash of db (2 replicas) at 60s until the end". */
export function describeFault(f: FaultSpec): string {
  const window = `at ${formatDuration(f.at)} ${Number.isFinite(f.for) ? `for ${formatDuration(f.for)}` : 'until the end'}`;
  switch (f.kind) {
    case 'zone-outage':
      return `zone-outage of ${f.zone} ${window}`;
    case 'partition':
      return `partition between ${f.between[0]} and ${f.between[1]} ${window}`;
    default: {
      const target = `${f.service}${f.version !== undefined ? ` version ${f.version}` : ''}${f.replicas !== undefined ? ` (${f.replicas} replica${f.replicas === 1 ? '' : 's'})` : ''}`;
      const what = f.kind === 'slowdown' ? `slowdown ×${f.factor}` : f.kind === 'errors' ? `errors at rate ${f.rate}` : 'crash';
      return `${what} of ${target} ${window}`;
    }
  }
}

/** One line for a whole set: its faults, then the load. */
export function describeFaultSet(set: FaultSet): string {
  const faults = set.faults.length === 0 ? 'no fault' : set.faults.map(describeFault).join('; ');
  return `${faults}; load ${set.load}x`;
}
