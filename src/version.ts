/**
 * meshsim's own version, from package.json: what `--version` prints and what every
 * results JSON records (`provenance.meshsim`). The build (scripts/build.mjs) writes it
 * into the bundle; running from the TypeScript sources (tests), it is read from the
 * package.json beside src/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceFingerprint } from './sourceFingerprint.js';

declare const MESHSIM_BUILD_VERSION: string | undefined;
declare const MESHSIM_BUILD_SOURCE: string | undefined;

export const MESHSIM_VERSION: string =
  typeof MESHSIM_BUILD_VERSION === 'string' ? MESHSIM_BUILD_VERSION : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let build: string | undefined;

/**
 * The version and the fingerprint of the sources it was built from (sourceFingerprint.ts),
 * `0.1.0+3f2a…`: what a queue job is made by and a worker must run, since only the same
 * models give byte-identical results. Computed over src/ once when running from the sources.
 */
export function meshsimBuild(): string {
  build ??= `${MESHSIM_VERSION}+${typeof MESHSIM_BUILD_SOURCE === 'string' ? MESHSIM_BUILD_SOURCE : sourceFingerprint(fileURLToPath(new URL('.', import.meta.url)))}`;
  return build;
}
