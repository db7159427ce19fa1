/**
 * Writing scenario YAML a person will edit: comments that say where a value came from,
 * and PLACEHOLDER comments on values an import could not derive, through the `yaml`
 * package's Document API (which keeps comments and order when a file is merged into).
 */
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Every placeholder comment starts with this word, so `grep PLACEHOLDER` finds what is left to say. */
export const PLACEHOLDER = 'PLACEHOLDER';

/** A service time that keeps a placeholder scenario runnable; nothing about the app is known. */
export const PLACEHOLDER_SERVICE_TIME = { dist: 'exponential', mean: '10ms' } as const;

/** A request rate low enough that placeholder service times cannot overload any replica. */
export const PLACEHOLDER_RATE = 10;

/** Options for toString: flow maps as `{a: 1}`, no line folding (long comments stay on one line). */
export const YAML_OUTPUT = { flowCollectionPadding: false, lineWidth: 0 } as const;

/** Comment lines (`# text`) before the node: a sequence item or a map key. */
export function addCommentBefore(node: Node, lines: ReadonlyArray<string>): void {
  if (lines.length === 0) return;
  const text = lines.map((l) => ` ${l}`).join('\n');
  node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
}

/** A comment at the end of the value's line. */
export function addTrailingComment(node: Node, text: string): void {
  node.comment = node.comment ? `${node.comment}; ${text}` : ` ${text}`;
}

/** The node at `path` (created if missing, with `value`), written in flow style when it is a collection. */
export function setFlow(doc: Document, path: ReadonlyArray<string | number>, value: unknown): Node {
  doc.setIn(path, doc.createNode(value, { flow: true }));
  return doc.getIn(path, true) as Node;
}

/**
 * Sets the value at `path`: a list as a block sequence of flow items (one call per
 * line), anything else in flow style.
 */
export function setValue(doc: Document, path: ReadonlyArray<string | number>, value: unknown): Node {
  if (!Array.isArray(value) || value.length === 0) return setFlow(doc, path, value);
  doc.setIn(path, doc.createNode(value.map((item) => doc.createNode(item, { flow: true }))));
  return doc.getIn(path, true) as Node;
}

/** The key node of `key` in the map at `path` (where comments before a field go). */
export function keyNode(doc: Document, path: ReadonlyArray<string | number>, key: string): Node | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  return pair !== undefined && isNode(pair.key) ? pair.key : undefined;
}

/** Sequence items of the node at `path` ([] when it is not a sequence). */
export function seqItems(doc: Document, path: ReadonlyArray<string | number>): Node[] {
  const seq = doc.getIn(path, true);
  return isSeq(seq) ? (seq.items.filter((i) => isNode(i)) as Node[]) : [];
}
