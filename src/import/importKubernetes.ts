/**
 * `meshsim import k8s`: manifests → a scenario file's text, checked by loading it the way
 * `meshsim run` will (so an import never hands the user a file that does not load).
 */
import { basename, extname } from 'node:path';
import { InputError, messageAtStart, type LocatedMessage } from '../scenarios/inputError.js';
import { loadParsedScenario } from '../scenarios/loadScenario.js';
import { parseYamlDocuments, type ParsedDocument } from '../scenarios/yamlDocuments.js';
import { toDnsLabel } from './dnsLabel.js';
import { renderKubernetesScenario } from './kubernetesScenario.js';
import { kubernetesTopology } from './kubernetesTopology.js';
import { readManifests } from './manifestDocuments.js';
import { intoMeshNamespace, ROOT_NAMESPACE } from './meshNamespace.js';
import { MESH_NAMESPACE } from '../scenarios/scenario.js';

export interface ImportOutcome {
  /** The file to write. */
  readonly text: string;
  /** Warnings about the input, located in it. */
  readonly warnings: LocatedMessage[];
  /** Warnings about the output: each placeholder, each value an import replaced. */
  readonly notes: string[];
}

export interface KubernetesImportOptions {
  /** metadata.name of the scenario (default: from the first manifest's file name). */
  readonly name?: string;
  /** The path the scenario will be written to, named in messages about it. */
  readonly outFile: string;
}

/** Imports `files`. Throws InputError when a file is not a Kubernetes manifest or the result does not load. */
export function importKubernetes(files: ReadonlyArray<string>, options: KubernetesImportOptions): ImportOutcome {
  const manifests = readManifests(files);
  const topology = kubernetesTopology(manifests.objects);
  const name = toDnsLabel(options.name ?? basename(files[0] ?? 'imported', extname(files[0] ?? '')), 'imported');
  const moved = topology.istio.map(intoMeshNamespace);
  const istioDocs = moved.map((m) => m.document);
  const draft = renderKubernetesScenario(topology, istioDocs, name, files);
  const warnings = [...manifests.warnings, ...topology.warnings];
  const namespaces = [...new Set(manifests.objects.map((o) => o.namespace ?? MESH_NAMESPACE))].filter((n) => n !== MESH_NAMESPACE && n !== ROOT_NAMESPACE);
  if (namespaces.length > 0)
    draft.placeholders.unshift(
      `namespace ${namespaces.join(', ')}: simulated as namespace ${MESH_NAMESPACE} (a scenario has one namespace)${moved.some((m) => m.moved) ? '; the Istio resources there were moved with them (metadata.namespace rewritten)' : ''}`,
    );
  if (topology.services.length === 0)
    throw new InputError([messageAtStart(files[0] ?? '', 'no Deployment or StatefulSet found: there is nothing to simulate', "the mesh's workloads (Deployments or StatefulSets) among the manifests"), ...warnings]);

  // The Scenario from the text we wrote; the Istio resources from the manifests, so what
  // the loader says about them points at the user's files.
  const parsed = parseYamlDocuments(options.outFile, draft.text);
  const scenarioDoc = parsed.documents[0] as ParsedDocument;
  const loaded = loadParsedScenario(options.outFile, [scenarioDoc, ...istioDocs], parsed.warnings);
  warnings.push(...loaded.warnings);
  return { text: draft.text, warnings, notes: draft.placeholders };
}
