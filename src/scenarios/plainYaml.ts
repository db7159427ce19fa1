/**
 * The fast reading of plain YAML: js-yaml, about ten times faster than the `yaml`
 * package on a large scenario (a 3,000-service mesh: ~0.1 s against ~1 s), gives the
 * data when the text uses nothing on which the two parsers could differ. yamlDocuments.ts
 * then asks `yaml` for positions only when a message must be located.
 *
 * The two must give the same data and the same verdict, so js-yaml reads with a schema
 * that resolves plain scalars exactly as `yaml`'s YAML 1.2 core schema does (null,
 * booleans, 0o/0x/decimal integers, floats, .inf/.nan: the same patterns, the same
 * conversions), and a text is left to `yaml` alone (`undefined` here) when it has:
 * - tags (`!`), anchors (`&`), aliases (`*`), directives (`%`) or merge keys (`<<`):
 *   what `yaml` warns about, caps (alias expansion) or resolves by its own rules;
 * - a null key (`: x`, `~: x`, `null: x`: `yaml` names it "", js-yaml "null"), a
 *   collection as a key (`[a]: x`), an explicit key (`? x`);
 * - a carriage return, a line of spaces only, a `-` entry empty on its line, a
 *   block scalar keeping its trailing lines (`|+`), a compact nested sequence (`- -`), a document whose first line is
 *   indented, a null key without value in a flow mapping (`{null}`);
 * - a line starting `---` or `...` and more; a block scalar's indentation indicator (`|2`);
 * - a `#` right after a closing quote or bracket (`yaml` refuses it, js-yaml reads a comment);
 * - a flow collection (`[…]`, `{…}`) not closed on its line (`yaml` warns where its end
 *   is not indented past its parent), tabs, or a line over 1,000 characters (`yaml`
 *   refuses implicit keys over 1,024);
 * - anything js-yaml refuses or warns about (duplicate keys, bad escapes, bad indentation)
 *   or an empty document: `yaml` then reports it with its positions, as it always did.
 * Each test is conservative: a text it cannot clear is read by `yaml`, slower, never
 * differently. test/scenarios/plainYaml.test.ts reads every YAML file of the repository
 * and of the Istio corpus both ways and compares.
 */
import { FAILSAFE_SCHEMA, Type, loadAll } from 'js-yaml';

/**
 * A scalar type of js-yaml for `tag`, from `yaml`'s rules for it: a pattern and the
 * conversion of what it matches, the first that matches wins. Every plain scalar is
 * tried against every type, so one test of all its patterns at once says whether the
 * type applies; the rules are searched only for a scalar that matched.
 */
function scalarType(tag: string, rules: ReadonlyArray<readonly [RegExp, (s: string) => unknown]>): Type {
  const any = new RegExp(rules.map(([pattern]) => `(?:${pattern.source})`).join('|'));
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && any.test(data),
    construct: (data: string) => (rules.find(([pattern]) => pattern.test(data)) as readonly [RegExp, (s: string) => unknown])[1](data),
  });
}

/**
 * YAML 1.2 core schema, as the `yaml` package resolves plain scalars (its tags in its
 * order; js-yaml keeps one type per tag, and no string matches two tags' patterns).
 */
const YAML_CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalarType('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalarType('int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalarType('float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? Number.NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});

/**
 * Where `yaml` could read the text differently or warn: a tag, anchor or alias at the
 * start of a node; a directive; a merge key; a tab; a null key; a collection key; an
 * explicit key. Matches inside quoted strings or comments only send the text to `yaml`.
 */
const NOT_PLAIN = new RegExp(
  [
    String.raw`(?:^|[\s[{,])[!&*]`,
    '^%',
    '<<',
    '\t',
    String.raw`(?:^|[\s,[{?-])(?:~|null|Null|NULL)?[ ]*:(?:[ ,[\]{}]|$)`,
    String.raw`[\]}][ ]*:`,
    String.raw`^[ ]*(?:-[ ]+)*\?(?:[ ]|$)`,
    // A comment not set off by a space after a quoted scalar or a collection (yaml: an error; js-yaml: a comment).
    String.raw`["'\]}]#`,
    // A line starting with a document marker and more ("----", "...x": yaml reads a scalar, js-yaml a marker).
    String.raw`^(?:---|\.\.\.)[^\s]`,
    // A block scalar with an indentation indicator (`|2`, `>-1`).
    String.raw`[|>][-+]?[0-9]`,
    // A null key with no value in a flow mapping (`{null}`), a compact nested sequence (`- -`), a carriage return.
    String.raw`[{,][ ]*(?:~|null|Null|NULL)[ ]*[,}]`,
    String.raw`-[ ]+-(?:[ ]|$)`,
    // A sequence entry with nothing after it on its line; a block scalar keeping its trailing lines (`|+`); a line of spaces only.
    String.raw`(?:^|[ ])-[ ]*$`,
    String.raw`[|>][-0-9]?\+`,
    '^[ ]+$',
    '\r',
    // A document whose first line is indented (yaml refuses a later line indented less; js-yaml reads it).
    String.raw`^---[^\n]*\n(?:[ ]*(?:#[^\n]*)?\n)*[ ]+[^ #\n]`,
  ].join('|'),
  'm',
);

/** The first document's first line indented (as the last pattern above, for the start of the text). */
const INDENTED_START = /^(?:[ ]*(?:#[^\n]*)?\n)*[ ]+[^ #\n]/;

const MAX_LINE = 1000;

/** The documents of `text` as plain data, or undefined when `yaml` must read it (see above). */
export function readPlainYaml(text: string): unknown[] | undefined {
  if (NOT_PLAIN.test(text) || INDENTED_START.test(text) || !flowsCloseOnTheirLines(text)) return undefined;
  let warned = false;
  let documents: unknown[];
  try {
    documents = loadAll(text, undefined, { schema: YAML_CORE, json: false, onWarning: () => (warned = true) });
  } catch {
    return undefined;
  }
  // A document with no content: js-yaml makes one of a text of comments, `yaml` none.
  return warned || documents.length === 0 || documents.some((d) => d === null || d === undefined) ? undefined : documents;
}

const NEWLINE = 10;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;
const HASH = 35;
const SPACE = 32;
const COMMA = 44;
const COLON = 58;

/**
 * True when every flow collection ends on the line it starts, every line is at most
 * MAX_LINE characters, and nothing inside a flow collection is ambiguous to this scan.
 * Conservative: brackets are counted everywhere (a `]` in a block-context plain scalar
 * or an unbalanced one in a comment fails the text); inside a flow collection a quoted
 * scalar is skipped only where a node starts (after `[`, `{`, `,` or `: `, and spaces) and must close
 * on its line; a quote within a plain scalar, a comment, or a collection as a key of a
 * flow mapping (`{[a]}`) there fails the text.
 */
function flowsCloseOnTheirLines(text: string): boolean {
  // The open flow collections, innermost last: OPEN_SQUARE or OPEN_CURLY.
  const open: number[] = [];
  let lineStart = 0;
  let nodeStart = false;
  // At a key of a flow mapping (after `{` or `,` in one): a collection there is a key.
  let atKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      if (open.length !== 0 || i - lineStart > MAX_LINE) return false;
      lineStart = i + 1;
      continue;
    }
    if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (atKey) return false;
      open.push(c);
      nodeStart = true;
      atKey = c === OPEN_CURLY;
      continue;
    }
    if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
      if (open.pop() === undefined) return false;
      nodeStart = false;
      atKey = false;
      continue;
    }
    if (open.length === 0) continue;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      if (!nodeStart) return false;
      const end = quoteEnd(text, i, c);
      if (end < 0) return false;
      i = end;
      nodeStart = false;
      atKey = false;
      continue;
    }
    if (c === HASH) return false;
    if (c === SPACE) continue;
    // After `[ { ,` (above: brackets) or `: ` a node may start; a quote anywhere else is inside a plain scalar.
    nodeStart = c === COMMA || (c === COLON && text.charCodeAt(i + 1) === SPACE);
    atKey = c === COMMA && open[open.length - 1] === OPEN_CURLY;
  }
  return open.length === 0 && text.length - lineStart <= MAX_LINE;
}

/** Index of the quote closing the one at `open`, on the same line; -1 if the line ends first. */
function quoteEnd(text: string, open: number, quote: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) return -1;
    if (quote === DOUBLE_QUOTE && c === BACKSLASH) i++;
    else if (c === quote) {
      // '' inside a single-quoted scalar is an escaped quote.
      if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) i++;
      else return i;
    }
  }
  return -1;
}
