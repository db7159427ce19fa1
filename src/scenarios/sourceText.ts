/**
 * Reads a user file as text, refusing what cannot be a YAML document before parsing:
 * missing files, anything but a regular file (a directory, a named pipe, /dev/zero),
 * files over 10 MiB, binary files and empty files. Each refusal is a located message at
 * line 1, column 1, so the CLI reports it like any other input error.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { TextDecoder } from 'node:util';
import { InputError, messageAtStart } from './inputError.js';

/**
 * The largest file read, in bytes. A scenario plus its Istio resources is a few
 * hundred kilobytes at most; 10 MiB keeps a mistaken path (a log, a tarball) from
 * being parsed into memory (the YAML parser reads about 1 MiB/s on a loaded machine).
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Reads `file` as UTF-8 text. Throws InputError when it is missing, not a regular file, too big, binary or empty. */
export function readSourceText(file: string, maxBytes = MAX_FILE_BYTES): string {
  return decodeText(file, readSourceBytes(file, maxBytes, 'a YAML scenario or manifest file'));
}

/**
 * The bytes of `file`, at most `maxBytes` of them. Anything but a regular file is
 * refused before a byte is read: reading /dev/zero or /dev/urandom never ends, and
 * opening a named pipe waits for a writer (the file is opened non-blocking, so even a
 * pipe put in its place after a check cannot hang the read). A file that grows while
 * being read is cut at `maxBytes` + 1 and refused.
 */
export function readSourceBytes(file: string, maxBytes: number, expected: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    throw new InputError([messageAtStart(file, 'cannot read the file: it does not exist or is not readable', expected)]);
  }
  try {
    const stat = fstatSync(fd);
    const kind = notRegular(stat);
    if (kind !== undefined) throw new InputError([messageAtStart(file, `is ${kind}, not a regular file`, expected)]);
    const tooLarge = (size: string) =>
      new InputError([messageAtStart(file, `the file is too large (${size} bytes; the limit is ${maxBytes} bytes = ${formatMiB(maxBytes)})`, expected)]);
    if (stat.size > maxBytes) throw tooLarge(String(stat.size));
    // Read to the end, not to the size fstat gave: a file may grow meanwhile (then it is refused past the limit).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(stat.size, 65536), maxBytes) + 1);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch {
        throw new InputError([messageAtStart(file, 'cannot read the file', expected)]);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(`more than ${maxBytes}`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
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

/** What a non-regular file is ("a directory", "a named pipe (FIFO)", …), or undefined for a regular file. */
export function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function formatMiB(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
