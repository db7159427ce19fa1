/**
 * Which models a build runs: a SHA-256 over src/'s TypeScript files (relative paths and
 * contents, in sorted order), its first 12 hex digits. Two builds of one package version
 * from different sources (a developer's edit, a fork) give different results, so the
 * queue's jobs carry it beside the version (version.ts, distributed/). The build
 * (scripts/build.mjs) runs this same function over the tree it bundles.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function sourceFingerprint(srcDir: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, relative: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else if (entry.name.endsWith('.ts')) hash.update(`${rel}\0`).update(readFileSync(join(dir, entry.name))).update('\0');
    }
  };
  walk(srcDir, '');
  return hash.digest('hex').slice(0, 12);
}
