import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './cliIo.js';

/**
 * Checks before any work that `path` can be written: its directory exists and
 * `path` is not a directory. So a typo in an output path fails at once, with exit
 * status 2, instead of after minutes of simulation (and nothing is half-written).
 */
export function checkOutputFile(flag: string, path: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag}: cannot write '${path}': directory '${dirname(path)}' does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag}: cannot write '${path}': it is a directory (expected a file path)`);
}

/**
 * Checks before any work that directory `path` exists or can be made: it is not a
 * file, and its nearest existing ancestor is a directory. It is created only when
 * there is something to write (ensureDirectory), so a run that fails leaves nothing.
 */
export function checkCreatableDirectory(flag: string, path: string): void {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new UsageError(`${flag}: '${path}' exists and is not a directory`);
    return;
  }
  let ancestor = dirname(resolve(path));
  while (!existsSync(ancestor)) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) throw new UsageError(`${flag}: cannot create '${path}': '${ancestor}' is not a directory`);
}

/** Creates directory `path` (and its parents) if missing. */
export function ensureDirectory(path: string): void {
  mkdirSync(path, { recursive: true });
}
