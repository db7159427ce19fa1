/**
 * meshsim's own version, from package.json: what `--version` prints and what every
 * results JSON records (`provenance.meshsim`). The build (scripts/build.mjs) writes it
 * into the bundle; running from the TypeScript sources (tests), it is read from the
 * package.json beside src/.
 */
import { readFileSync } from 'node:fs';

declare const MESHSIM_BUILD_VERSION: string | undefined;

export const MESHSIM_VERSION: string =
  typeof MESHSIM_BUILD_VERSION === 'string' ? MESHSIM_BUILD_VERSION : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
