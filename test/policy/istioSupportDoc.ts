import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAnalysisDoc } from '../../src/policy/analysis/renderAnalysisDoc.js';
import { renderSupportMatrix } from '../../src/policy/supportMatrix.js';
import { AGREEMENT_MARKER } from '../istio/agreementReport.js';

/**
 * docs/istio-support.md: the field matrix and the diagnostic codes, generated from the
 * code (checked by supportMatrix.test.ts); the corpus findings, measured over
 * ../shared/istio-corpus (checked by corpus.test.ts, which needs the corpus); last, the
 * peer suite's agreement section (test/istio/agreement.test.ts, which keeps everything
 * from its marker to the end). UPDATE_ISTIO_SUPPORT=1 makes each test rewrite its part.
 */
export const docPath = fileURLToPath(new URL('../../docs/istio-support.md', import.meta.url));

export const CORPUS_BEGIN = '<!-- corpus-findings: measured by test/policy/corpus.test.ts (UPDATE_ISTIO_SUPPORT=1 to refresh) -->';
export const CORPUS_END = '<!-- corpus-findings: end -->';

export function generatedPart(): string {
  return `${renderSupportMatrix()}\n${renderAnalysisDoc()}`;
}

export interface DocParts {
  readonly generated: string;
  readonly corpus: string;
  /** The agreement section, from its marker to the end. */
  readonly agreement: string;
}

/** The committed file split into its parts. */
export function committedParts(): DocParts {
  const text = readFileSync(docPath, 'utf8');
  const at = text.indexOf(AGREEMENT_MARKER);
  const agreement = at < 0 ? '' : text.slice(at);
  const head = at < 0 ? text : text.slice(0, at);
  const begin = head.indexOf(CORPUS_BEGIN);
  const end = head.indexOf(CORPUS_END);
  if (begin < 0 || end < begin) return { generated: head, corpus: '', agreement };
  return { generated: head.slice(0, begin), corpus: head.slice(begin, end + CORPUS_END.length + 1), agreement };
}

export function writeDoc(parts: DocParts): void {
  writeFileSync(docPath, parts.generated + parts.corpus + parts.agreement);
}

export const updating = process.env['UPDATE_ISTIO_SUPPORT'] === '1';
