import type { LocatedMessage } from '../scenarios/inputError.js';

/**
 * `meshsim validate --json`: the diagnostics as JSON for editors and CI jobs. One entry
 * per message, in the order they are printed; `code` is the catalog code (IST… as
 * istioctl analyze names the check, MSH… for meshsim's own), null for errors in
 * meshsim's own scenario format, which have none.
 */
export interface DiagnosticJson {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string | null;
  readonly message: string;
  /** Dotted field path inside the document ('' when the message is about the document). */
  readonly path: string;
  readonly expected?: string;
}

export interface ValidationJson {
  readonly schema: 'meshsim.validate/v1';
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly diagnostics: readonly DiagnosticJson[];
}

export function validationJson(messages: ReadonlyArray<LocatedMessage>): ValidationJson {
  const count = (s: LocatedMessage['severity']): number => messages.filter((m) => m.severity === s).length;
  return {
    schema: 'meshsim.validate/v1',
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    diagnostics: messages.map((m) => ({
      file: m.file,
      line: m.line,
      column: m.col,
      severity: m.severity,
      code: m.code ?? null,
      message: m.message,
      path: m.path,
      ...(m.expected === undefined ? {} : { expected: m.expected }),
    })),
  };
}
