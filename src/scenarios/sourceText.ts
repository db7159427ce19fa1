/**
 * Reads a user file as text, refusing what cannot be a YAML document before parsing:
 * missing files, files over 10 MiB, binary files and empty files. Each refusal is a
 * located message at line 1, column 1, so the CLI reports it like any other input error.
 */
import { readFileSync, statSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { InputError, messageAtStart } from './inputError.js';

/**
 * The largest file read, in bytes. A scenario plus its Istio resources is a few
 * hundred kilobytes at most; 10 MiB keeps a mistaken path (a log, a tarball) from
 * being parsed into memory.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Reads `file` as UTF-8 text. Throws InputError when it is missing, too big, binary or empty. */
export function readSourceText(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputError([messageAtStart(file, 'is a directory, not a file', 'a YAML file')]);
    size = stat.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([messageAtStart(file, 'cannot read the file: it does not exist or is not readable')]);
  }
  if (size > MAX_FILE_BYTES) {
    throw new InputError([
      messageAtStart(file, `the file is too large (${size} bytes; the limit is ${MAX_FILE_BYTES} bytes = 10 MiB)`, 'a YAML scenario or manifest file'),
    ]);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new InputError([messageAtStart(file, 'cannot read the file')]);
  }
  return decodeText(file, bytes);
}

/** Decodes bytes as UTF-8 text, refusing binary (NUL bytes or invalid UTF-8) and empty content. */
export function decodeText(file: string, bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new InputError([messageAtStart(file, `this is a binary file (NUL byte at offset ${nul}), not YAML`, 'a UTF-8 YAML text file')]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError([messageAtStart(file, 'this is a binary file (not valid UTF-8), not YAML', 'a UTF-8 YAML text file')]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark is harmless
  if (text.trim() === '') throw new InputError([messageAtStart(file, 'the file is empty', 'a YAML document')]);
  return text;
}
