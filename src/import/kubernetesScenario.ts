/**
 * The topology read from Kubernetes manifests, written as a scenario file: what was
 * derived carries a comment saying from which object; what manifests cannot say
 * (service times, the call graph, traffic) is a value marked PLACEHOLDER that runs
 * but means nothing, with a warning for each. The Istio resources follow the Scenario
 * as they were written (comments kept; see meshNamespace.ts for the one field changed).
 */
import { Document, isMap } from 'yaml';
import type { ParsedDocument } from '../scenarios/yamlDocuments.js';
import type { KubernetesTopology } from './kubernetesTopology.js';
import { addCommentBefore, addTrailingComment, keyNode, PLACEHOLDER, PLACEHOLDER_RATE, PLACEHOLDER_SERVICE_TIME, seqItems, setFlow, YAML_OUTPUT } from './scenarioComments.js';


export interface DraftText {
  readonly text: string;
  /** Warnings that belong to no input position: one per placeholder. */
  readonly placeholders: string[];
}

/** Renders the scenario; `sources` are the manifest paths, named in the header. */
export function renderKubernetesScenario(topology: KubernetesTopology, istio: ReadonlyArray<ParsedDocument>, name: string, sources: ReadonlyArray<string>): DraftText {
  const placeholders: string[] = [];
  const doc = new Document({
    apiVersion: 'meshsim/v1',
    kind: 'Scenario',
    metadata: { name },
    simulation: { duration: '60s', warmup: '5s', seed: 1 },
    dataPlane: topology.dataPlane.kind,
  });
  doc.commentBefore = [
    ` Imported by \`meshsim import k8s\` from ${sources.join(', ')}.`,
    ' Derived from the manifests: services (one per Service), versions (the pods\' version label),',
    ' replicas per zone, app memory requests, and the Istio resources (after this document).',
    ` ${PLACEHOLDER} marks what manifests cannot say: service times, the call graph and the traffic.`,
    ' Fill those in by hand, or from traces: meshsim import traces TRACES.json --into THIS_FILE',
  ].join('\n');
  addTrailingComment(doc.get('dataPlane', true) as never, topology.dataPlane.why);

  if (topology.zones.length > 0) doc.set('zones', doc.createNode(topology.zones.map((z) => doc.createNode(z, { flow: true }))));

  const services = topology.services.map((s) => {
    const out: Record<string, unknown> = { name: s.name, serviceTime: PLACEHOLDER_SERVICE_TIME, calls: [] };
    if (s.replicas !== undefined) out['replicas'] = s.replicas;
    if (s.memory !== undefined) out['memory'] = s.memory;
    if (s.versions !== undefined)
      out['versions'] = s.versions.map((v) => ({ name: v.name, replicas: v.replicas, ...(v.memory === undefined ? {} : { memory: v.memory }) }));
    return out;
  });
  doc.set('services', doc.createNode(services));
  const serviceNodes = seqItems(doc, ['services']);
  topology.services.forEach((s, i) => {
    const node = serviceNodes[i];
    if (node === undefined) return;
    addCommentBefore(node, s.notes);
    const time = setFlow(doc, ['services', i, 'serviceTime'], PLACEHOLDER_SERVICE_TIME);
    addTrailingComment(time, `${PLACEHOLDER}: the app's own time per request is not in the manifests`);
    placeholders.push(`services[${i}] ${s.name}: serviceTime is a ${PLACEHOLDER} (${PLACEHOLDER_SERVICE_TIME.mean} exponential): manifests do not say how long the app works per request`);
    addTrailingComment(setFlow(doc, ['services', i, 'calls'], []), `${PLACEHOLDER}: which services this one calls is not in the manifests`);
    if (s.replicas !== undefined && typeof s.replicas === 'object') setFlow(doc, ['services', i, 'replicas'], s.replicas);
    const versionNodes = seqItems(doc, ['services', i, 'versions']);
    s.versions?.forEach((v, j) => {
      if (typeof v.replicas === 'object') setFlow(doc, ['services', i, 'versions', j, 'replicas'], v.replicas);
      const vn = versionNodes[j];
      if (vn !== undefined) addCommentBefore(vn, v.notes);
    });
  });
  if (topology.services.length > 0) placeholders.push(`services: the call graph is a ${PLACEHOLDER} (no service calls another): manifests do not say who calls whom`);

  const entry = topology.entry?.service ?? topology.services[0]?.name ?? 'none';
  doc.set('traffic', doc.createNode([{ name: 'client', to: entry, rate: PLACEHOLDER_RATE, arrivals: 'poisson' }]));
  const traffic = doc.getIn(['traffic', 0], true);
  if (isMap(traffic)) {
    addCommentBefore(traffic, [topology.entry !== undefined ? `traffic enters at ${entry}: ${topology.entry.why}` : `${PLACEHOLDER}: the entry point is a guess (the first service); nothing in the manifests says where traffic enters`]);
    addTrailingComment(doc.getIn(['traffic', 0, 'rate'], true) as never, `${PLACEHOLDER}: requests per second are not in the manifests`);
  }
  placeholders.push(`traffic[0]: rate ${PLACEHOLDER_RATE}/s to ${entry} is a ${PLACEHOLDER}${topology.entry === undefined ? ', and so is the entry point' : ''}: manifests do not say how much traffic arrives`);
  const zonesKey = keyNode(doc, [], 'zones');
  if (zonesKey !== undefined) addCommentBefore(zonesKey, ['zones named by node affinity and node selectors in the manifests']);

  const parts = [doc.toString(YAML_OUTPUT)];
  for (const d of istio) parts.push(d.source.doc.toString(YAML_OUTPUT).replace(/^---\n/, ''));
  return { text: parts.join('---\n'), placeholders };
}
