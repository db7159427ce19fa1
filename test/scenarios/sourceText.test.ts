import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLocated, InputError } from '../../src/scenarios/inputError.js';
import { decodeText, MAX_FILE_BYTES, readSourceText } from '../../src/scenarios/sourceText.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.messages.map(formatLocated).join('\n');
    throw err;
  }
  throw new Error('did not throw');
}

describe('readSourceText', () => {
  it('reads UTF-8 text and drops a byte-order mark', () => {
    const file = join(dir, 'bom.yaml');
    writeFileSync(file, '\uFEFFa: µs\n');
    expect(readSourceText(file)).toBe('a: µs\n');
  });

  it('accepts exactly 10 MiB and refuses one byte more, before reading it', () => {
    const file = join(dir, 'big.yaml');
    const fd = openSync(file, 'w');
    writeSync(fd, '#', MAX_FILE_BYTES);
    closeSync(fd);
    // A sparse file of MAX_FILE_BYTES + 1 bytes: it ends in '#' and has NUL bytes before it,
    // so only the size check can explain the message.
    expect(messageOf(() => readSourceText(file))).toBe(
      `${file}:1:1: the file is too large (${MAX_FILE_BYTES + 1} bytes; the limit is ${MAX_FILE_BYTES} bytes = 10 MiB) (expected a YAML scenario or manifest file)`,
    );
    const ok = join(dir, 'ok.yaml');
    writeFileSync(ok, 'a'.repeat(MAX_FILE_BYTES - 3) + ': 1');
    expect(readSourceText(ok)).toHaveLength(MAX_FILE_BYTES);
  });

  it('refuses missing files and directories at 1:1', () => {
    expect(messageOf(() => readSourceText(join(dir, 'nope.yaml')))).toBe(`${join(dir, 'nope.yaml')}:1:1: cannot read the file: it does not exist or is not readable (expected a YAML scenario or manifest file)`);
    expect(messageOf(() => readSourceText(dir))).toBe(`${dir}:1:1: is a directory, not a regular file (expected a YAML scenario or manifest file)`);
  });
});

describe('decodeText', () => {
  it('refuses NUL bytes, invalid UTF-8, and blank text', () => {
    expect(messageOf(() => decodeText('f', new Uint8Array([0x61, 0x00])))).toBe('f:1:1: this is a binary file (NUL byte at offset 1), not YAML (expected a UTF-8 YAML text file)');
    expect(messageOf(() => decodeText('f', new Uint8Array([0x61, 0xc3, 0x28])))).toBe('f:1:1: this is a binary file (not valid UTF-8), not YAML (expected a UTF-8 YAML text file)');
    expect(messageOf(() => decodeText('f', new TextEncoder().encode(' \n\t\n')))).toBe('f:1:1: the file is empty (expected a YAML document)');
  });
});
