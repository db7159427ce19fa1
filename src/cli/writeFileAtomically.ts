import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes via a temporary file and a rename, so a reader never sees half a file; if
 * either step fails the temporary file is removed, so nothing stray is left beside
 * the target.
 */
export function writeFileAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
