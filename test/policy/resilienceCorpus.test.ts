import { expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describeWithShared } from '../sharedFiles.js';
import { CORPUS } from './corpusWalk.js';
import { compileConnectionPool } from '../../src/policy/connectionPool.js';
import { Diagnostics, type FieldPath } from '../../src/policy/diagnostics.js';
import { compileOutlierDetection } from '../../src/policy/outlierDetection.js';
import { compileRetryPolicy } from '../../src/policy/retryPolicy.js';
import { compileRouteTimeout } from '../../src/policy/timeouts.js';

/**
 * Every retries / timeout / connectionPool / outlierDetection block in the real Istio
 * corpus compiles without errors (warnings allowed: they name unmodeled fields).
 */

function* yamlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* yamlFiles(p);
    else if (/\.ya?ml$/.test(name)) yield p;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Found {
  file: string;
  diag: Diagnostics;
}

function compileResource(doc: Obj, file: string, out: Found[]): void {
  const spec = doc.spec;
  if (!isObj(spec)) return;
  const note = (diag: Diagnostics) => out.push({ file, diag });
  if (doc.kind === 'VirtualService' && Array.isArray(spec.http)) {
    spec.http.forEach((route: unknown, i) => {
      if (!isObj(route)) return;
      const d = new Diagnostics();
      if (!('retries' in route) && !('timeout' in route)) return;
      if ('retries' in route) compileRetryPolicy(route.retries, ['spec', 'http', i, 'retries'], d);
      if ('timeout' in route) compileRouteTimeout(route.timeout, ['spec', 'http', i, 'timeout'], d);
      note(d);
    });
  }
  if (doc.kind === 'DestinationRule') {
    const policies: Array<[unknown, FieldPath]> = [[spec.trafficPolicy, ['spec', 'trafficPolicy']]];
    if (Array.isArray(spec.subsets)) spec.subsets.forEach((s: unknown, i) => isObj(s) && policies.push([s.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy']]));
    for (const [tp, path] of policies) {
      if (!isObj(tp) || !('connectionPool' in tp || 'outlierDetection' in tp)) continue;
      const d = new Diagnostics();
      if ('connectionPool' in tp) compileConnectionPool(tp.connectionPool, [...path, 'connectionPool'], d);
      if ('outlierDetection' in tp) compileOutlierDetection(tp.outlierDetection, [...path, 'outlierDetection'], d);
      note(d);
    }
  }
}

describeWithShared(CORPUS, 'resilience blocks from the Istio corpus', (corpusRoot) => {
  const found: Found[] = [];
  for (const file of yamlFiles(corpusRoot)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) continue; // docs with shell variables / Hugo shortcodes
      const value: unknown = doc.toJS();
      if (isObj(value)) compileResource(value, file, found);
    }
  }

  it('finds a meaningful number of blocks', () => {
    expect(found.length).toBeGreaterThanOrEqual(20); // 24 at the time of writing
  });

  it('warns (not errors) about the deprecated consecutiveErrors the istio-tutorial uses', () => {
    const warned = found.filter(({ diag }) => diag.items.some((d) => d.severity === 'warning' && d.path.at(-1) === 'consecutiveErrors'));
    expect(warned.length).toBeGreaterThanOrEqual(2);
  });

  it('compiles all of them without errors', () => {
    const errors = found.flatMap(({ file, diag }) => diag.items.filter((d) => d.severity === 'error').map((d) => `${file}: ${d.path.join('.')}: ${d.message}`));
    expect(errors).toEqual([]);
  });
});
