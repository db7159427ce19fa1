/**
 * What `meshsim validate` reads, as `istioctl analyze` takes its arguments: files;
 * `-` for standard input (`helm template … | meshsim validate -`); directories, whose
 * YAML files (.yaml, .yml, .json) are read — only those directly inside unless
 * `recursive` (`-R`), then every subdirectory too. Files of a directory come in name
 * order, so the messages come in the same order on every machine.
 */
import { readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, messageAtStart, type LocatedMessage } from './inputError.js';
import { decodeText, MAX_FILE_BYTES, readSourceText } from './sourceText.js';

/** The argument that means standard input, and the name its messages carry. */
export const STDIN_ARGUMENT = '-';
export const STDIN_NAME = '<stdin>';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface ExpandedInputs {
  /** Files to read, in order (`-` kept as it is). */
  readonly files: string[];
  /** Directories with no YAML file in them (an error: a typo in a path should not pass silently). */
  readonly messages: LocatedMessage[];
}

/** Expands directory arguments into their YAML files. */
export function expandValidateInputs(args: ReadonlyArray<string>, recursive: boolean): ExpandedInputs {
  const files: string[] = [];
  const messages: LocatedMessage[] = [];
  for (const arg of args) {
    if (arg === STDIN_ARGUMENT || !isDirectory(arg)) {
      files.push(arg);
      continue;
    }
    const found = yamlFilesIn(arg, recursive);
    if (found.length === 0) {
      const where = recursive ? 'in it or below' : 'directly in it (-R reads subdirectories too)';
      messages.push(messageAtStart(arg, `the directory has no .yaml, .yml or .json file ${where}`, 'a directory of Istio/Kubernetes manifests or scenario files'));
    }
    files.push(...found);
  }
  return { files, messages };
}

/** The text of one input: a file, or standard input for `-` (refused as files are: too big, binary, empty). */
export function readValidateInput(file: string): string {
  return file === STDIN_ARGUMENT ? decodeText(STDIN_NAME, readStdin(MAX_FILE_BYTES)) : readSourceText(file);
}

/** The name messages about `file` carry. */
export function inputName(file: string): string {
  return file === STDIN_ARGUMENT ? STDIN_NAME : file;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reading it reports what is wrong
  }
}

function yamlFilesIn(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (recursive) out.push(...yamlFilesIn(path, true));
    } else if (MANIFEST_EXTENSIONS.some((ext) => e.name.endsWith(ext))) out.push(path);
  }
  return out;
}

/** Standard input to its end, refused past `maxBytes` (a stream that never ends must not hang or fill memory). */
function readStdin(maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const chunk = Buffer.alloc(65536);
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (err) {
      // A non-blocking stdin with nothing yet: wait a little (synchronously; validate does nothing else meanwhile).
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw new InputError([messageAtStart(STDIN_NAME, 'cannot read standard input', 'YAML on standard input')]);
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw new InputError([messageAtStart(STDIN_NAME, `standard input is too large (more than ${maxBytes} bytes)`, `at most ${maxBytes} bytes of YAML`)]);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}
