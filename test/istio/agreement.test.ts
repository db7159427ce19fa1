import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ISTIO_REFERENCE_COMMIT } from '../../src/policy/supportMatrix.js';
import { AGREEMENT_MARKER, figures, renderAgreement, runCase } from './agreementReport.js';
import { authzCases } from './authzCases.js';
import { localityCases } from './localityCases.js';
import { mtlsCases } from './mtlsCases.js';
import { ISTIO_COMMIT, type PeerCase } from './peerCase.js';
import { retryCases } from './retryCases.js';
import { routeCases } from './routeCases.js';
import { trafficPolicyCases } from './trafficPolicyCases.js';
import { validationCases } from './validationCases.js';

/**
 * The peer suite (issue 17): every case names its Istio file and test, the expectation,
 * and either a check through the policy calls the proxies make or the reason meshsim
 * does not model it. A case that disagrees must say why (and is listed in
 * docs/istio-support.md); one that says it disagrees but agrees is stale.
 */
const all: PeerCase[] = [...authzCases, ...retryCases, ...routeCases, ...localityCases, ...trafficPolicyCases, ...mtlsCases, ...validationCases];
const results = all.map(runCase);
const docPath = fileURLToPath(new URL('../../docs/istio-support.md', import.meta.url));

describe('peer suite: istio/istio tests at the commit the policy engine follows', () => {
  it('the engine and the suite name the same Istio commit', () => {
    expect(ISTIO_REFERENCE_COMMIT).toBe(ISTIO_COMMIT);
  });

  it('every case names its Istio file, test and expectation, and is checked or says why not', () => {
    for (const c of all) {
      expect(c.file, c.test).toMatch(/\.go/);
      expect(c.expectation.length, c.test).toBeGreaterThan(10);
      expect(c.check !== undefined || (c.notModeled ?? '').length > 0, c.test).toBe(true);
      expect(c.check !== undefined && c.notModeled !== undefined, `${c.test}: both checked and not modeled`).toBe(false);
    }
  });

  it.each(results.filter((r) => r.outcome !== 'not-modeled').map((r) => [`${r.peer.family}: ${r.peer.test}`, r] as const))('%s', (_name, r) => {
    if (r.peer.disagreement === undefined) expect(r.outcome, r.detail).toBe('agrees');
    else expect(r.outcome, `${r.peer.test} is marked as a disagreement but agrees: remove the mark`).toBe('disagrees');
  });

  it('agrees on at least 95% of the modeled cases in every family', () => {
    for (const f of figures(results)) {
      expect(f.modeled, f.family).toBeGreaterThan(0);
      expect(f.agreement, `${f.family}: ${f.agrees}/${f.modeled}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('docs/istio-support.md ends with the agreement section rendered from these results', () => {
    // To regenerate: UPDATE_ISTIO_SUPPORT=1 npx vitest run test/policy/supportMatrix.test.ts test/istio
    const committed = readFileSync(docPath, 'utf8');
    const at = committed.indexOf(AGREEMENT_MARKER);
    const head = at < 0 ? committed : committed.slice(0, at);
    if (process.env['UPDATE_ISTIO_SUPPORT'] === '1') writeFileSync(docPath, head + renderAgreement(results));
    expect(readFileSync(docPath, 'utf8').slice(head.length), 'stale: run UPDATE_ISTIO_SUPPORT=1 npx vitest run test/policy/supportMatrix.test.ts test/istio').toBe(renderAgreement(results));
  });
});
