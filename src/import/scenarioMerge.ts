/**
 * Merges imported behaviour — service times, call steps, traffic rates — into a scenario
 * document (already loaded once, so it is a valid scenario) through the `yaml` Document API, so everything else the user wrote (other
 * fields, comments, order, the Istio documents after it) stays as it was.
 *
 * What an import owns it replaces: a service's `serviceTime` and `calls` (on the service;
 * per-version overrides are removed, since they would hide the imported values) and a
 * traffic source's `rate`. Each replacement of a value that was not a PLACEHOLDER is
 * reported, as is every service or source the import adds.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { addCommentBefore, addTrailingComment, PLACEHOLDER, PLACEHOLDER_SERVICE_TIME, seqItems, setValue } from './scenarioComments.js';

export interface MergedService {
  readonly name: string;
  /** The `serviceTime` value as written in YAML; undefined: the source cannot tell (kept, or a placeholder). */
  readonly serviceTime: unknown;
  /** Why there is no serviceTime, and what the source did say (a comment on the placeholder). */
  readonly serviceTimeHint?: string;
  /** The `calls` value as written in YAML. */
  readonly calls: unknown[];
  /** Comment put on the imported values: where they came from. */
  readonly provenance: string;
}

export interface MergedTraffic {
  /** The source's name; undefined: keep the existing name, or `client` for a new source. */
  readonly name: string | undefined;
  readonly to: string;
  readonly rate: number;
  readonly provenance: string;
}

/** Applies `services` and `traffic` to `doc` (a Scenario document); returns notes for the user. `origin`: "the traces", "the metrics". */
export function mergeIntoScenario(doc: Document, services: ReadonlyArray<MergedService>, traffic: ReadonlyArray<MergedTraffic>, origin: string): string[] {
  const notes: string[] = [];
  if (!isSeq(doc.get('services', true))) doc.set('services', doc.createNode([]));
  const serviceNames = () => seqItems(doc, ['services']).map((n) => (isMap(n) ? String(n.get('name')) : ''));
  for (const s of services) {
    let i = serviceNames().indexOf(s.name);
    if (i < 0) {
      i = serviceNames().length;
      doc.addIn(['services'], doc.createNode({ name: s.name, replicas: 1 }));
      addTrailingComment(doc.getIn(['services', i, 'replicas'], true) as Node, `${PLACEHOLDER}: ${origin} do not say how many replicas serve ${s.name}`);
      addCommentBefore(seqItems(doc, ['services'])[i] as Node, [`added from ${origin}`]);
      notes.push(`services[${i}] ${s.name}: added from ${origin}; its replicas (1) are a ${PLACEHOLDER}`);
    }
    if (s.serviceTime !== undefined) replace(doc, ['services', i, 'serviceTime'], s.serviceTime, s.provenance, `services[${i}] ${s.name}: serviceTime`, origin, notes);
    else if (!doc.hasIn(['services', i, 'serviceTime'])) {
      addTrailingComment(setValue(doc, ['services', i, 'serviceTime'], PLACEHOLDER_SERVICE_TIME), `${PLACEHOLDER}: ${s.serviceTimeHint ?? 'unknown'}`);
      notes.push(`services[${i}] ${s.name}: serviceTime is a ${PLACEHOLDER}: ${s.serviceTimeHint ?? 'unknown'}`);
    } else if (s.serviceTimeHint !== undefined) notes.push(`services[${i}] ${s.name}: serviceTime left as written: ${s.serviceTimeHint}`);
    replace(doc, ['services', i, 'calls'], s.calls, '', `services[${i}] ${s.name}: calls`, origin, notes);
    seqItems(doc, ['services', i, 'versions']).forEach((v, j) => {
      if (!isMap(v)) return;
      for (const field of ['serviceTime', 'calls']) {
        if (!v.has(field)) continue;
        v.delete(field);
        notes.push(`services[${i}] ${s.name}: versions[${j}].${field} removed: ${origin} give one ${field === 'calls' ? 'call list' : 'service time'} for the whole service, and the version's would hide it`);
      }
    });
  }

  if (!isSeq(doc.get('traffic', true))) doc.set('traffic', doc.createNode([]));
  for (const t of traffic) {
    const items = seqItems(doc, ['traffic']);
    let i = items.findIndex((n) => isMap(n) && n.get('to') === t.to && (t.name === undefined || n.get('name') === t.name));
    if (i < 0) i = items.findIndex((n) => isMap(n) && n.get('to') === t.to);
    if (i < 0) {
      i = items.length;
      doc.addIn(['traffic'], doc.createNode({ name: t.name ?? 'client', to: t.to, rate: t.rate, arrivals: 'poisson' }));
      notes.push(`traffic[${i}]: added from ${origin}: ${t.rate}/s to ${t.to}`);
    } else {
      replace(doc, ['traffic', i, 'rate'], t.rate, '', `traffic[${i}] to ${t.to}: rate`, origin, notes);
    }
    addTrailingComment(doc.getIn(['traffic', i, 'rate'], true) as Node, t.provenance);
  }
  return notes;
}

/** Sets the value at `path`, noting what it replaced unless that was a placeholder. */
function replace(doc: Document, path: (string | number)[], value: unknown, provenance: string, what: string, origin: string, notes: string[]): void {
  const old = doc.getIn(path, true) as Node | undefined;
  const wasPlaceholder = old !== undefined && old !== null && `${old.comment ?? ''}`.includes(PLACEHOLDER);
  if (old !== undefined && old !== null && !wasPlaceholder) {
    const before = isScalar(old) ? String(old.value) : old.toString();
    notes.push(`${what} replaced from ${origin} (was ${before.length > 80 ? `${before.slice(0, 77)}...` : before})`);
  }
  const node = setValue(doc, path, value);
  if (provenance !== '') addTrailingComment(node, provenance);
}
