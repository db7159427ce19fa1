import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allAnalyzers } from '../../../src/policy/analysis/analyzers/index.js';
import { istioMessages, meshsimMessages, messageOfCode } from '../../../src/policy/analysis/messages.js';
import { validateFiles } from '../../../src/scenarios/validateFiles.js';

/**
 * One directory per code under test/fixtures/analysis/: `trigger*.yaml` files that raise it
 * and a `clean.yaml` that does not, each a scenario or a set of manifests as a user writes
 * them. Each file ends with what `meshsim validate` must say of that code:
 * `# expect: CODE LEVEL LINE:COL PATH`, one line per finding, or `# expect: none`.
 */
const root = 'test/fixtures/analysis';
const codes = readdirSync(root).sort();

function expectations(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => l.slice('# expect: '.length).trim())
    .filter((l) => l !== 'none');
}

describe('analyzer fixtures', () => {
  it('cover every code the analyzers report, with a trigger and a clean file each', () => {
    const reported = new Set([...allAnalyzers.flatMap((a) => a.messages.map((m) => m.code)), istioMessages.SchemaValidationError.code, istioMessages.SchemaWarning.code, meshsimMessages.MeshNotDeclared.code]);
    expect(codes).toEqual([...reported].sort());
    for (const code of codes) {
      const files = readdirSync(join(root, code));
      expect(files, code).toContain('clean.yaml');
      expect(files.some((f) => f.startsWith('trigger')), code).toBe(true);
    }
  });

  for (const code of codes) {
    describe(`${code} ${messageOfCode(code)?.name ?? '?'}`, () => {
      for (const name of readdirSync(join(root, code)).sort()) {
        const file = join(root, code, name);
        it(name, () => {
          const { messages } = validateFiles([file]);
          const found = messages.filter((m) => m.code === code).map((m) => `${m.code} ${m.severity} ${m.line}:${m.col} ${m.path}`.trim());
          const expected = expectations(file);
          if (name === 'clean.yaml') expect(expected).toEqual([]);
          else expect(expected.length).toBeGreaterThan(0);
          expect(found).toEqual(expected);
          // A clean file is clean of errors of any code, so it shows the fix, not another mistake.
          if (name === 'clean.yaml') expect(messages.filter((m) => m.severity === 'error')).toEqual([]);
        });
      }
    });
  }
});
