import { describe, expect, it } from 'vitest';
import { locate, messageAt } from '../../src/scenarios/locate.js';
import { parseYamlDocuments } from '../../src/scenarios/yamlDocuments.js';

const text = `top: 1
services:
  - name: web
    replicas: 2
    calls: [{service: db}, {service: cache, count: 3}]
  - name: db
    base: &b {mean: 5ms}
    copy: *b
    empty:
`;
const [doc] = parseYamlDocuments('x.yaml', text).documents;
const source = doc!.source;

describe('locate', () => {
  it('finds values in maps, lists and flow collections (1-based line and column)', () => {
    expect(locate(source, ['top'])).toEqual({ line: 1, col: 6 });
    expect(locate(source, ['services', 0, 'replicas'])).toEqual({ line: 4, col: 15 });
    expect(locate(source, ['services', 0, 'calls', 1, 'count'])).toEqual({ line: 5, col: 52 });
    expect(locate(source, ['services', 1])).toEqual({ line: 6, col: 5 });
  });
  it('finds keys when asked (where unknown fields are reported)', () => {
    expect(locate(source, ['services', 0, 'replicas'], 'key')).toEqual({ line: 4, col: 5 });
  });
  it('falls back to the deepest existing node for a missing path', () => {
    expect(locate(source, ['services', 0, 'serviceTime'])).toEqual({ line: 3, col: 5 });
    expect(locate(source, ['services', 9, 'name'])).toEqual({ line: 3, col: 3 });
    expect(locate(source, ['nope'])).toEqual({ line: 1, col: 1 });
  });
  it('follows aliases into their anchor', () => {
    expect(locate(source, ['services', 1, 'copy', 'mean'])).toEqual({ line: 7, col: 21 });
  });
  it('points just after the colon of a field written without a value', () => {
    expect(locate(source, ['services', 1, 'empty'])).toEqual({ line: 9, col: 11 });
  });
  it('messageAt formats the path and carries severity and expected', () => {
    expect(messageAt(source, ['services', 0, 'replicas'], 'too many', { expected: 'fewer', severity: 'warning' })).toEqual({
      file: 'x.yaml', line: 4, col: 15, path: 'services[0].replicas', message: 'too many', expected: 'fewer', severity: 'warning',
    });
  });
});
