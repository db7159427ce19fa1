import { ALL_DATA_PLANES, POLICY_ONLY, type ComparedPlane } from '../experiments/compare.js';
import type { DataPlaneKind } from '../scenarios/scenario.js';
import { UsageError } from './cliIo.js';

const EXPECTED = `a comma-separated list of ${ALL_DATA_PLANES.join(', ')}`;

/**
 * --data-planes: "none,sidecar,ambient,ebpf" → the data planes in that order
 * (the first is the baseline). Unknown, repeated or missing names are usage errors.
 */
export function parseDataPlanesFlag(text: string): DataPlaneKind[] {
  const names = text.split(',').map((s) => s.trim());
  const out: DataPlaneKind[] = [];
  for (const name of names) {
    if (name === '') throw new UsageError(`--data-planes: '${text}' has an empty name (expected ${EXPECTED})`);
    if (!(ALL_DATA_PLANES as readonly string[]).includes(name)) throw new UsageError(`--data-planes: '${name}' is not a data plane (expected ${EXPECTED})`);
    if (out.includes(name as DataPlaneKind)) throw new UsageError(`--data-planes: '${name}' is listed twice (expected each data plane once)`);
    out.push(name as DataPlaneKind);
  }
  return out;
}

const BASELINES: readonly string[] = [POLICY_ONLY, ...ALL_DATA_PLANES];

/** --baseline: one data plane, or policy-only (compare.ts, POLICY_ONLY). */
export function parseBaselineFlag(text: string): ComparedPlane {
  const name = text.trim();
  if (!BASELINES.includes(name)) throw new UsageError(`--baseline: '${text}' is not a baseline (expected one of ${BASELINES.join(', ')})`);
  return name as ComparedPlane;
}
