/**
 * The text of a planned scenario (`meshsim plan --out`): the user's file with the
 * planned replica counts and the traffic scaled by the load, edited in place through
 * the yaml Document API so comments, layout and the Istio documents after the scenario
 * stay as the user wrote them. Pure: text in, text out (the CLI writes it).
 */
import { isMap, isNode, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import type { Scenario, VersionSpec } from './scenario.js';

export interface PlannedScenarioEdit {
  /** The scenario as loaded from `text` (its order of services and traffic is the file's). */
  readonly original: Scenario;
  /** The same scenario with the planned replicas (traffic not yet scaled). */
  readonly planned: Scenario;
  /** Traffic multiplier written into every rate. */
  readonly load: number;
  /** Objectives to write under `slo:` (the flags'), or undefined to leave the file's. */
  readonly slo?: ReadonlyArray<string>;
  /** A comment line for the top of the scenario document. */
  readonly note: string;
}

/** `text` with the plan applied. */
export function plannedScenarioText(text: string, edit: PlannedScenarioEdit): string {
  const docs = parseAllDocuments(text) as Document[];
  const doc = docs[0] as Document;
  edit.planned.services.forEach((s, i) => {
    const before = edit.original.services[i];
    if (!before || before.versions.every((v, k) => sameZones(v, s.versions[k] as VersionSpec))) return;
    const values = s.versions.map((v) => replicasValue(v, edit.planned));
    if (s.implicitVersion) {
      setValue(doc, ['services', i, 'replicas'], values[0]);
      return;
    }
    s.versions.forEach((v, k) => {
      if (sameZones(before.versions[k] as VersionSpec, v) && !doc.hasIn(['services', i, 'replicas'])) return;
      setValue(doc, ['services', i, 'versions', k, 'replicas'], values[k]);
    });
    // Every version now says its own count: a service-level default would only mislead.
    if (doc.hasIn(['services', i, 'replicas'])) doc.deleteIn(['services', i, 'replicas']);
  });
  if (edit.load !== 1) {
    edit.original.traffic.forEach((_, i) => {
      const rate = doc.getIn(['traffic', i, 'rate'], true);
      if (isScalar(rate) && typeof rate.value === 'number') rate.value = scale(rate.value, edit.load);
      else if (isSeq(rate)) {
        rate.items.forEach((step, j) => {
          const r = doc.getIn(['traffic', i, 'rate', j, 'rate'], true);
          if (isMap(step) && isScalar(r) && typeof r.value === 'number') r.value = scale(r.value, edit.load);
        });
      }
    });
  }
  if (edit.slo !== undefined) setValue(doc, ['slo'], [...edit.slo]);
  doc.commentBefore = doc.commentBefore ? ` ${edit.note}\n${doc.commentBefore}` : ` ${edit.note}`;
  // Flow maps as users write them ({name: a}), never re-wrapped.
  return docs.map((d) => d.toString({ flowCollectionPadding: false, lineWidth: 0 })).join('');
}

function sameZones(a: VersionSpec, b: VersionSpec): boolean {
  return a.replicaZones.length === b.replicaZones.length && a.replicaZones.every((z, i) => z === b.replicaZones[i]);
}

/** `N` when the replicas sit the way `replicas: N` places them (round robin over every zone), else `{zone: n}`. */
function replicasValue(v: VersionSpec, scenario: Scenario): number | Record<string, number> {
  const zones = scenario.zones;
  if (v.replicaZones.every((z, i) => z === zones[i % zones.length]?.name)) return v.replicaZones.length;
  const out: Record<string, number> = {};
  for (const z of v.replicaZones) out[z] = (out[z] ?? 0) + 1;
  return out;
}

function setValue(doc: Document, path: ReadonlyArray<string | number>, value: unknown): void {
  const existing = doc.getIn(path, true);
  if (isScalar(existing) && typeof value === 'number') {
    existing.value = value;
    return;
  }
  const node = doc.createNode(value);
  if (isMap(node) || isSeq(node)) node.flow = true;
  // The user's comment on the value stays with the new value.
  if (isNode(existing)) {
    if (existing.comment) node.comment = existing.comment;
    if (existing.commentBefore) node.commentBefore = existing.commentBefore;
  }
  doc.setIn(path, node);
}

/** A scaled rate without binary noise (1.1 × 100 = 110, not 110.00000000000001). */
function scale(rate: number, load: number): number {
  return Number((rate * load).toPrecision(12));
}
