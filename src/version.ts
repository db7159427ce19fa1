/**
 * meshsim's own version, from package.json: what `--version` prints and what every
 * results JSON records (`provenance.meshsim`). Read at start-up rather than copied into
 * the source, so a release changes one place. The path is the same from src/ (tests)
 * and from dist/ (the bundle): one directory below the package root either way.
 */
import { readFileSync } from 'node:fs';

export const MESHSIM_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
