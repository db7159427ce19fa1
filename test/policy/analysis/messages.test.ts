import { describe, expect, it } from 'vitest';
import { allAnalyzers } from '../../../src/policy/analysis/analyzers/index.js';
import { allMessages, messageOfCode } from '../../../src/policy/analysis/messages.js';
import { renderAnalysisDoc } from '../../../src/policy/analysis/renderAnalysisDoc.js';

describe('the message catalog', () => {
  it('has one entry per code, IST codes as Istio writes them and MSH codes in the same shape', () => {
    const codes = allMessages().map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^(IST|MSH)\d{4}$/);
  });

  it('holds every code an analyzer may report', () => {
    for (const a of allAnalyzers) for (const m of a.messages) expect(messageOfCode(m.code), `${a.name} ${m.code}`).toBeDefined();
  });

  it('documents each Istio code either as implemented or as not, never both', () => {
    const doc = renderAnalysisDoc();
    const notReported = doc.slice(doc.indexOf('Istio analyzer codes meshsim does not report'));
    const notCodes = [...notReported.matchAll(/IST\d{4}/g)].map((m) => m[0]);
    const implemented = allMessages().map((m) => m.code);
    expect(notCodes.filter((c) => implemented.includes(c))).toEqual([]);
    expect(new Set(notCodes).size).toBe(notCodes.length);
  });
});
