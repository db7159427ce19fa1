/**
 * A fingerprint of a resolved scenario (flags applied, defaults filled, Istio files
 * read in): the SHA-256 of its canonical JSON — object keys sorted, non-finite
 * numbers spelled out (JSON would make Infinity and null alike). The file's path is
 * left out: the same scenario copied elsewhere is the same input. The results JSON
 * records it (`provenance.scenarioSha256`) so a result can be traced to what
 * produced it.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from './scenario.js';

export function scenarioSha256(scenario: Scenario): string {
  const { file: _path, ...content } = scenario;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** JSON with every object's keys in sorted order, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
