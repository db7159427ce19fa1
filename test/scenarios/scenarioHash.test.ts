import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/scenarios/scenarioHash.js';

describe('canonical JSON for the scenario hash', () => {
  it('does not depend on key order, and keeps Infinity apart from null', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: [2, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: Infinity })).not.toBe(canonicalJson({ a: null }));
  });
});
