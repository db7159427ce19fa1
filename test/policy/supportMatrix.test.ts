import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { readFields, renderSupportMatrix, supportMatrix, supportOf } from '../../src/policy/supportMatrix.js';

const docPath = fileURLToPath(new URL('../../docs/istio-support.md', import.meta.url));

describe('support matrix', () => {
  it('docs/istio-support.md begins with the rendered table (the peer suite\'s agreement section follows, kept by test/istio)', () => {
    // To regenerate after changing the table: UPDATE_ISTIO_SUPPORT=1 npx vitest run test/policy/supportMatrix.test.ts test/istio
    const committed = readFileSync(docPath, 'utf8');
    const marker = committed.indexOf('<!-- Agreement section');
    const tail = marker < 0 ? '' : committed.slice(marker);
    if (process.env['UPDATE_ISTIO_SUPPORT'] === '1') writeFileSync(docPath, renderSupportMatrix() + tail);
    expect(readFileSync(docPath, 'utf8'), 'docs/istio-support.md is stale: run UPDATE_ISTIO_SUPPORT=1 npx vitest run test/policy/supportMatrix.test.ts test/istio').toBe(renderSupportMatrix() + tail);
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
