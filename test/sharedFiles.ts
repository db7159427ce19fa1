import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/**
 * Files that live beside the clone, not in it: `../shared/istio-corpus` (~400 real
 * Istio manifests) and the reference notes. CI puts ../shared there and runs every
 * test that reads it; a clone without it skips those tests, each saying what is
 * missing, and everything else still runs.
 */
export const sharedRoot = resolve(import.meta.dirname, '..', '..', 'shared');

/** The absolute path of `../shared/<relative>`. */
export function sharedPath(relative: string): string {
  return join(sharedRoot, relative);
}

/**
 * `describe(name, body)` when `../shared/<relative>` exists. Otherwise the block is
 * skipped under a name that says what is missing (its body, which would read the
 * missing files while collecting, is not run) — except under CI, which has
 * ../shared: there a missing file is a broken setup and fails loudly.
 */
export function describeWithShared(relative: string, name: string, body: (path: string) => void): void {
  const path = sharedPath(relative);
  if (existsSync(path)) {
    describe(name, () => body(path));
    return;
  }
  if (process.env.CI) throw new Error(`${name}: ${path} is missing; CI must have ../shared beside the clone`);
  const reason = `../shared/${relative} is missing beside the clone`;
  // Said twice: the skipped block's name (verbose reporters) and a line every reporter shows.
  console.warn(`skipping "${name}": ${reason} (CI has it)`);
  describe.skip(`${name} (skipped: ${reason})`, () => {
    it(`reads ../shared/${relative}`, () => undefined);
  });
}
