import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { readFields, supportMatrix, supportOf } from '../../src/policy/supportMatrix.js';
import { committedParts, generatedPart, updating, writeDoc } from './istioSupportDoc.js';

describe('support matrix', () => {
  it('docs/istio-support.md is the rendered table and code list (then the corpus findings)', () => {
    // To regenerate after changing the table or the codes: UPDATE_ISTIO_SUPPORT=1 npx vitest run test/policy/supportMatrix.test.ts test/policy/corpus.test.ts test/istio
    if (updating) writeDoc({ ...committedParts(), generated: generatedPart() });
    expect(committedParts().generated, 'docs/istio-support.md is stale: run UPDATE_ISTIO_SUPPORT=1 npx vitest run test/policy/supportMatrix.test.ts').toBe(generatedPart());
  });

  it('lists each field once', () => {
    const keys = supportMatrix.map((e) => `${e.kind}:${e.field}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('warns about a not-modeled field by name and about unknown fields, and camel-cases snake_case keys', () => {
    const diag = new Diagnostics(3);
    const out = readFields('VirtualService', 'spec.http[]', { corsPolicy: {}, mirror_percent: 5, bogus: 1 }, ['spec', 'http', 0], diag);
    expect(out).toEqual({ corsPolicy: {}, mirrorPercent: 5 });
    expect(diag.items.map((d) => [d.severity, d.path.join('.')])).toEqual([
      ['warning', 'spec.http.0.corsPolicy'],
      ['warning', 'spec.http.0.bogus'],
    ]);
    expect(diag.items[0]?.message).toContain('not modeled');
    expect(diag.items[1]?.message).toContain('unknown field "bogus"');
    expect(diag.items[0]?.resource).toBe(3);
  });

  it('rejects a non-object with a located error', () => {
    const diag = new Diagnostics();
    expect(readFields('DestinationRule', 'spec', [1], ['spec'], diag)).toBeUndefined();
    expect(diag.items[0]).toMatchObject({ severity: 'error', path: ['spec'] });
  });

  it('knows the fields the compilers read', () => {
    expect(supportOf('VirtualService', 'spec.http[].fault.abort.httpStatus')?.status).toBe('modeled');
    expect(supportOf('AuthorizationPolicy', 'spec.rules[].from[].source.requestPrincipals')?.status).toBe('partial');
    expect(supportOf('VirtualService', 'spec.tcp')?.status).toBe('not-modeled');
  });
});
