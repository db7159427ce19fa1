import { existsSync, statSync } from 'node:fs';
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

/** Checks that `path` is an existing directory. */
export function checkOutputDirectory(flag: string, path: string): void {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`${flag}: '${path}' is not an existing directory`);
}
