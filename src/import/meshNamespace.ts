/**
 * A scenario simulates one namespace (MESH_NAMESPACE): every imported service lives in
 * it, whatever namespace its Service had. Istio resources are kept as written except
 * for that one field — a VirtualService left in namespace `shop` would resolve the short
 * host `api` to api.shop.svc.cluster.local, a host the scenario does not have, and so
 * apply to nothing. Resources in Istio's root namespace (istio-system) stay there: they
 * are mesh-wide.
 */
import { isMap } from 'yaml';
import { MESH_NAMESPACE } from '../scenarios/scenario.js';
import type { ParsedDocument } from '../scenarios/yamlDocuments.js';
import type { ManifestObject } from './manifestDocuments.js';
import { addTrailingComment } from './scenarioComments.js';

/** Istio's root namespace (meshConfig.rootNamespace default): policies there apply mesh-wide. */
export const ROOT_NAMESPACE = 'istio-system';

/** The resource as the scenario will hold it, and whether its namespace was changed. */
export function intoMeshNamespace(o: ManifestObject): { readonly document: ParsedDocument; readonly moved: boolean } {
  const ns = o.namespace;
  if (ns === undefined || ns === MESH_NAMESPACE || ns === ROOT_NAMESPACE) return { document: { source: o.source, value: o.value }, moved: false };
  // The clone keeps every node's offsets, so messages about the resource still point into the manifest.
  const doc = o.source.doc.clone();
  doc.setIn(['metadata', 'namespace'], MESH_NAMESPACE);
  // Block style, so the comment below sits on its own line.
  const metadataNode = doc.get('metadata', true);
  if (isMap(metadataNode)) metadataNode.flow = false;
  const node = doc.getIn(['metadata', 'namespace'], true);
  if (node !== undefined && node !== null && typeof node === 'object') addTrailingComment(node as never, `was ${ns}: the scenario simulates one namespace`);
  const metadata = { ...(o.value['metadata'] as Record<string, unknown>), namespace: MESH_NAMESPACE };
  return { document: { source: { ...o.source, doc }, value: { ...o.value, metadata } }, moved: true };
}
