/**
 * Where a workload's pods may run, by zone, read from its pod template: `nodeSelector`
 * and required node affinity on the well-known zone and region labels, and topology
 * spread constraints over zones.
 *
 * The scenario then places the replicas: evenly over the zones the pods may use. That
 * is what a `topologySpreadConstraints` on the zone key with maxSkew 1 enforces, and
 * what kube-scheduler's default spreading (zone, maxSkew 5, ScheduleAnyway — the
 * PodTopologySpread plugin's system defaults) aims for when nothing is said.
 */
import { messageAt, type FieldPath } from '../scenarios/locate.js';
import type { LocatedMessage } from '../scenarios/inputError.js';
import { toDnsLabel } from './dnsLabel.js';
import type { ManifestObject } from './manifestDocuments.js';

/** The zone label, and the beta label it replaced (still set by many clusters). */
export const ZONE_KEYS: readonly string[] = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
export const REGION_KEYS: readonly string[] = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];

export interface ZonePlacement {
  /** Zones the pods are restricted to, in the order written; undefined = any zone. */
  readonly zones: string[] | undefined;
  /** Zones excluded by `NotIn`. */
  readonly excluded: string[];
  /** The region the pods are pinned to, if any. */
  readonly region: string | undefined;
  /** Whether a topology spread constraint over zones is set. */
  readonly spread: boolean;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === 'string');

/** Reads the placement of a pod spec at `podPath` inside `object`. Warnings name what is not used. */
export function readZonePlacement(object: ManifestObject, podSpec: Obj, podPath: FieldPath, warnings: LocatedMessage[]): ZonePlacement {
  let zones: string[] | undefined;
  const excluded: string[] = [];
  let region: string | undefined;
  // Zone names become scenario names, which are DNS labels (cloud zone names already are).
  const restrict = (values: string[]) => {
    const labels = values.map((v) => toDnsLabel(v, 'zone'));
    zones = zones === undefined ? labels : zones.filter((z) => labels.includes(z));
  };

  const selector = asObject(podSpec['nodeSelector']) ?? {};
  for (const key of ZONE_KEYS) {
    const value = selector[key];
    if (typeof value === 'string') restrict([value]);
  }
  for (const key of REGION_KEYS) {
    const value = selector[key];
    if (typeof value === 'string') region = toDnsLabel(value, 'region');
  }

  const nodeAffinity = asObject(asObject(podSpec['affinity'])?.['nodeAffinity']);
  const required = asObject(nodeAffinity?.['requiredDuringSchedulingIgnoredDuringExecution']);
  const terms = asArray(required?.['nodeSelectorTerms']);
  // Terms are ORed: the pods may use the union of the zones each term allows.
  const termZones: string[] = [];
  let everyTermNamesZones = terms.length > 0;
  terms.forEach((term, t) => {
    let named = false;
    asArray(asObject(term)?.['matchExpressions']).forEach((e, i) => {
      const expr = asObject(e) ?? {};
      const key = String(expr['key'] ?? '');
      const operator = expr['operator'];
      const values = strings(expr['values']);
      const at = [...podPath, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', t, 'matchExpressions', i];
      if (ZONE_KEYS.includes(key)) {
        if (operator === 'In') {
          named = true;
          for (const v of values) if (!termZones.includes(v)) termZones.push(v);
        } else if (operator === 'NotIn') {
          excluded.push(...values.map((v) => toDnsLabel(v, 'zone')));
        } else {
          warnings.push(messageAt(object.source, [...at, 'operator'], `zone affinity with operator ${String(operator)} is not used to place replicas`, { severity: 'warning', expected: 'In or NotIn' }));
        }
      } else if (REGION_KEYS.includes(key) && operator === 'In' && values.length === 1) {
        region = toDnsLabel(values[0] as string, 'region');
      }
    });
    if (!named) everyTermNamesZones = false;
  });
  // A term that does not name zones allows every zone, so the union is unrestricted.
  if (everyTermNamesZones) restrict(termZones);

  const preferred = asArray(nodeAffinity?.['preferredDuringSchedulingIgnoredDuringExecution']);
  if (preferred.some((p) => asArray(asObject(asObject(p)?.['preference'])?.['matchExpressions']).some((e) => ZONE_KEYS.includes(String(asObject(e)?.['key'])))))
    warnings.push(
      messageAt(object.source, [...podPath, 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'], 'preferred zone affinity is a scheduling hint, not a placement: replicas are spread evenly over the allowed zones', {
        severity: 'warning',
        expected: 'required affinity or a replicas-per-zone map in the scenario if the placement matters',
      }),
    );

  const spread = asArray(podSpec['topologySpreadConstraints']).some((c) => ZONE_KEYS.includes(String(asObject(c)?.['topologyKey'])));
  return { zones, excluded, region, spread };
}

/**
 * `replicas` split evenly over `zones` in order (the first zones get one more when it
 * does not divide), as `{zone: count}`; zones with no replica are left out.
 */
export function splitEvenly(replicas: number, zones: ReadonlyArray<string>): Record<string, number> {
  const out: Record<string, number> = {};
  const base = Math.floor(replicas / zones.length);
  const extra = replicas % zones.length;
  zones.forEach((z, i) => {
    const n = base + (i < extra ? 1 : 0);
    if (n > 0) out[z] = n;
  });
  return out;
}
