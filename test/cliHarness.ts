import { main } from '../src/cli.js';

/** Runs the CLI in-process, capturing what it writes; resolves to the exit status and the output. */
export async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { status, stdout, stderr };
}
