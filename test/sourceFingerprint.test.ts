import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../src/sourceFingerprint.js';
import { meshsimBuild, MESHSIM_VERSION } from '../src/version.js';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-fingerprint-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sourceFingerprint', () => {
  it('changes with a source file’s content or name, not with files that are not TypeScript', () => {
    const base = sourceFingerprint(tree({ 'a.ts': 'x', 'sim/b.ts': 'y' }));
    expect(base).toMatch(/^[0-9a-f]{12}$/);
    expect(sourceFingerprint(tree({ 'a.ts': 'x', 'sim/b.ts': 'y', 'notes.md': 'z' }))).toBe(base);
    expect(sourceFingerprint(tree({ 'a.ts': 'x', 'sim/b.ts': 'y!' }))).not.toBe(base);
    expect(sourceFingerprint(tree({ 'a.ts': 'x', 'sim/c.ts': 'y' }))).not.toBe(base);
    // The separators keep a moved boundary from hashing alike.
    expect(sourceFingerprint(tree({ 'a.ts': 'xsim/b.ts', 'sim/b.ts': '' }))).not.toBe(base);
  });

  it('names the build as version+fingerprint of src/', () => {
    expect(meshsimBuild()).toBe(`${MESHSIM_VERSION}+${sourceFingerprint(join(import.meta.dirname, '..', 'src'))}`);
  });
});
