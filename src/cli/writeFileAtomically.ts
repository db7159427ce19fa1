import { renameSync, writeFileSync } from 'node:fs';

/** Writes via a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
