/**
 * Builds a C reference with the system compiler into bench/out/ (git-ignored).
 * Always rebuilt, so the binary matches the source and compiler of this run.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './childProcess.mjs';

/** The flags every reference is built with; RESULTS.md quotes them. */
export const C_FLAGS = ['-O2', '-Wall', '-Wextra'];

/** Compiles bench/c/NAME.c to bench/out/NAME and returns the binary's path. */
export function compileC(benchDir, name) {
  const outDir = join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const binary = join(outDir, name);
  runChild('cc', [...C_FLAGS, '-o', binary, join(benchDir, 'c', `${name}.c`), '-lm']);
  return binary;
}
