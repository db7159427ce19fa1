import { describe, expect, it } from 'vitest';
import { formatLocated, InputError } from '../../src/scenarios/inputError.js';
import { MAX_ALIAS_COUNT, parseYamlDocuments } from '../../src/scenarios/yamlDocuments.js';

function errorsOf(text: string): string[] {
  try {
    parseYamlDocuments('f.yaml', text);
  } catch (err) {
    if (err instanceof InputError) return err.messages.map(formatLocated);
    throw err;
  }
  throw new Error('parsed');
}

describe('parseYamlDocuments', () => {
  it('returns every document as plain data, empty documents as null', () => {
    const { documents, warnings } = parseYamlDocuments('f.yaml', 'a: 1\n---\n---\nb: [x, y]\n');
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, null, { b: ['x', 'y'] }]);
    expect(warnings).toEqual([]);
  });

  it('reports syntax errors at the parser position, in every document', () => {
    expect(errorsOf('a: 1\n b: 2\n---\nc: "unterminated\n')).toEqual([
      'f.yaml:1:4: YAML syntax error: Nested mappings are not allowed in compact mappings',
      'f.yaml:1:4: YAML syntax error: Implicit keys need to be on a single line',
      'f.yaml:5:1: YAML syntax error: Missing closing "quote',
    ]);
  });

  it('refuses duplicate keys', () => {
    expect(errorsOf('a: 1\na: 2\n')).toEqual(['f.yaml:2:1: YAML syntax error: the same key appears twice in this mapping']);
  });

  it('expands modest aliases and refuses exponential ones at the first alias', () => {
    const few = 'd: &d {mean: 5ms}\n' + Array.from({ length: 20 }, (_, i) => `s${i}: *d\n`).join('');
    expect(Object.keys(parseYamlDocuments('f.yaml', few).documents[0]!.value as object)).toHaveLength(21);
    const levels = ['a: &a [x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 5; i++) levels.push(`l${i}: &l${i} [${Array(8).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    expect(errorsOf(levels.join('\n') + '\n')).toEqual([
      `f.yaml:2:10: YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions): refusing a possible alias bomb (expected anchors and aliases (&x / *x) used a bounded number of times, not nested exponentially)`,
    ]);
  });

  it('refuses a file of comments only', () => {
    expect(errorsOf('# nothing\n')).toEqual(['f.yaml:1:1: the file has no YAML document (only comments or blank lines) (expected a YAML document)']);
  });

  it('passes parser warnings on, located', () => {
    const { warnings } = parseYamlDocuments('f.yaml', 'a: !custom 1\n');
    expect(warnings.map(formatLocated)).toEqual(['f.yaml:1:4: warning: Unresolved tag: !custom [MSH0001]']);
  });
});
