import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readPlainYaml } from '../../src/scenarios/plainYaml.js';
import { CORPUS, listYamlFiles } from '../policy/corpusWalk.js';
import { describeWithShared } from '../sharedFiles.js';

const repo = resolve(import.meta.dirname, '..', '..');

/** What the `yaml` package alone makes of a text: its documents' data, or that it errs or warns (duplicate keys included). */
function yamlReading(text: string): { data: unknown[] } | { refused: string } {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) {
    const problem = d.errors[0] ?? d.warnings[0];
    if (problem !== undefined) return { refused: problem.message };
  }
  try {
    return { data: list.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown) };
  } catch (err) {
    return { refused: String(err) };
  }
}

/**
 * The fast path may decline any text (then `yaml` reads it, as before); what it reads
 * must be what `yaml` reads: the same documents, the same data in the same key order,
 * and no error or warning from `yaml`.
 */
function expectAgreement(text: string): boolean {
  const fast = readPlainYaml(text);
  if (fast === undefined) return false;
  const slow = yamlReading(text);
  expect(slow, `yaml refuses a text the fast path read: ${JSON.stringify(text).slice(0, 200)}`).toHaveProperty('data');
  const data = (slow as { data: unknown[] }).data;
  expect(fast).toStrictEqual(data);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(data));
  return true;
}

function expectAgreementOnFiles(files: string[], minimumRead: number): void {
  let read = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    try {
      if (expectAgreement(text)) read++;
    } catch (err) {
      throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  // The fast path must actually be taken on plain files, or the comparison compares nothing.
  expect(read).toBeGreaterThanOrEqual(minimumRead);
}

describe('readPlainYaml agrees with the yaml package', () => {
  it('on every YAML file of scenarios/ and test/fixtures/', () => {
    const files = [...listYamlFiles(join(repo, 'scenarios')), ...listYamlFiles(join(repo, 'test', 'fixtures'))];
    expect(files.length).toBeGreaterThan(20);
    expectAgreementOnFiles(files, Math.floor(files.length / 3));
  });

  it('on generated meshes', async () => {
    const generator = '../../bench/lib/meshGenerator.mjs';
    const { meshScenario } = (await import(generator)) as { meshScenario: (o: object) => { yaml: string } };
    for (const dataPlane of ['none', 'sidecar']) expect(expectAgreement(meshScenario({ services: 60, dataPlane, rate: 300, duration: 20 }).yaml)).toBe(true);
  });

  it.each([
    ['YAML 1.1 booleans are strings', 'a: [yes, no, on, off, y, n, Yes, NO]\n'],
    ['1.2 booleans and nulls', 'a: [true, True, TRUE, false, False, FALSE, null, Null, NULL, ~, ]\nb:\n'],
    ['integers: decimal, 0o octal, 0x hex; a leading zero is decimal; 1.1 octal and binary are strings', 'a: [0, -0, +12, 017, 0o17, 0x1F, 0b11, 1_000, 12345678901234567890]\n'],
    ['floats, exponents, infinities and NaN', 'a: [1.5, -.5, +.5, 1., 1e3, 1.5E-2, .inf, -.Inf, +.INF, .nan, .NaN, 1:30, 0.1.2]\n'],
    ['quoted scalars stay strings, escapes included', `a: ["1", '2', "true", "null", "\\x41\\u00e9\\t", 'it''s']\n`],
    ['block scalars', 'a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: |+\n  keep\n\n'],
    ['multi-line plain scalars', 'a: one\n  two\n  three\nb: - x\n'],
    ['several documents', 'a: 1\n---\nb: 2\n...\n---\nc: 3\n'],
    ['a leading document marker', '---\na: 1\n'],
    ['numbers and booleans as keys', '1: a\n0x10: b\ntrue: c\n1.50: d\n'],
    ['a __proto__ key', '__proto__: {a: 1}\nb: 2\n'],
    ['flow collections on one line, implicit pairs in sequences', 'a: {b: [1, {c: d}], e: "x, y]"}\nf: [g: 1, h]\n'],
    ['comments', '# head\na: 1 # tail\n# end\n'],
    ['CRLF line ends', 'a: 1\r\nb: [x, y]\r\n'],
  ])('%s', (_name, text) => {
    expectAgreement(text);
  });

  it.each([
    ['anchors and aliases', 'a: &x {b: 1}\nc: *x\n'],
    ['merge keys', 'a: {b: 1}\nc:\n  <<: {d: 2}\n'],
    ['tags', 'a: !!str 1\nb: !custom x\n'],
    ['directives', '%YAML 1.1\n---\na: yes\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['keys that clash only once stringified', '1: a\n"1": b\n'],
    ['null keys', ': a\n', '~: a\n', 'null: a\n'],
    ['collection keys', '[a, b]: c\n'],
    ['explicit keys', '? a\n: b\n'],
    ['a flow collection over several lines (yaml warns where its end sits)', 'a: [\n  1,\n  2\n]\n'],
    ['a multi-line quoted scalar in a flow collection', 'a: ["x\n  y"]\n'],
    ['a quote inside a plain scalar in a flow collection', 'a: [x"y, [z"]\n]\n'],
    ['tabs', 'a:\t1\n'],
    ['a bad escape', 'a: "\\q"\n'],
    ['only comments', '# nothing\n'],
    ['empty documents', 'a: 1\n---\n---\nb: 2\n', 'a: 1\n---\n'],
    ['a line over 1,000 characters', `${'k'.repeat(1100)}: 1\n`],
  ])('leaves %s to the yaml package', (_name, ...texts) => {
    for (const text of texts) expect(readPlainYaml(text)).toBeUndefined();
  });

  it('reads texts of random YAML tokens as yaml does, or leaves them to it', () => {
    const token = fc.constantFrom(
      'a', 'b', 'key', '1', '0x1', '0o7', '.5', '1e3', '-', 'null', '~', 'true', 'yes', '"q"', "'s'", '"x]"', '"a\\"b"', "'it''s'",
      '.inf', '.nan', '-1', '1.0', 'Null', '__proto__', '"\\u00e9"', '"\\x"', '{a: 1}', '[1, 2]', 'a: ', '\n- ', '- a', '|-', '>+',
      ':', ': ', ' ', '  ', '    ', '\n', '\n  ', '\n    ', '- ', '[', ']', '{', '}', ', ', ',', '#', ' # c', '|', '>', '---\n', '...\n', '?', '"', "'", '\\', '*', '&', '!', '%', '<<', '\t', '\r\n',
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        if (expectAgreement(tokens.join(''))) read++;
      }),
      { seed: Number(process.env.SEED ?? 15), numRuns: Number(process.env.RUNS ?? 20_000) },
    );
    expect(read).toBeGreaterThan(1000);
  });
});

describeWithShared(CORPUS, 'readPlainYaml agrees with the yaml package on the Istio corpus', (corpusRoot) => {
  it('on every file', () => {
    const files = listYamlFiles(corpusRoot);
    expect(files.length).toBeGreaterThan(100);
    expectAgreementOnFiles(files, Math.floor(files.length / 4));
  });
});
