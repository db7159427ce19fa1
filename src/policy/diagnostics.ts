/**
 * Diagnostics produced while compiling and analyzing Istio resources.
 *
 * The policy layer never sees files or YAML nodes: it reports a path inside the
 * resource (e.g. ['spec', 'http', 0, 'retries', 'attempts']) and the resource's
 * index in the list it was given. The caller (src/scenarios) maps the path back to
 * FILE:LINE:COL with the YAML document it parsed, so policy stays pure.
 *
 * Every diagnostic carries a code from the catalog (analysis/messages.ts): Istio's IST
 * code where Istio makes the same check, meshsim's MSH code otherwise.
 */
import { istioMessages, meshsimMessages, type MessageLevel, type MessageType } from './analysis/messages.js';

export type FieldPath = ReadonlyArray<string | number>;

export type Severity = MessageLevel;

export interface Diagnostic {
  readonly severity: Severity;
  /** Catalog code (IST0101, MSH0101, ...). */
  readonly code: string;
  /** Index of the resource in the list handed to the compiler (-1: not tied to one). */
  readonly resource: number;
  /** Path inside that resource, from its root (apiVersion/kind/metadata/spec). */
  readonly path: FieldPath;
  /** What is wrong, phrased for a person ("must be between 0 and 100"). */
  readonly message: string;
  /** What was expected, when that helps ("a duration such as 250ms"). */
  readonly expected?: string;
}

/** Collects diagnostics for one resource; cheap to create per resource. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  constructor(readonly resource: number = -1) {}

  /**
   * An invalid value: the resource cannot be applied as written. Istio's webhook would
   * refuse it, which istioctl analyze reports as IST0106.
   */
  error(path: FieldPath, message: string, expected?: string): void {
    const code = istioMessages.SchemaValidationError.code;
    this.items.push({ severity: 'error', code, resource: this.resource, path, message, ...(expected === undefined ? {} : { expected }) });
  }

  /**
   * Something applied differently from a real cluster, or not at all. `type` says which
   * (its code and level); without one the warning is a setting without effect where it
   * is written (MSH0108).
   */
  warn(path: FieldPath, message: string, type: MessageType = meshsimMessages.IneffectiveSetting): void {
    this.items.push({ severity: type.level, code: type.code, resource: this.resource, path, message });
  }

  /** A field meshsim reads but does not model: never silently dropped. */
  notModeled(path: FieldPath, detail?: string): void {
    this.warn(path, `not modeled by meshsim${detail ? ` (${detail})` : ''}; it has no effect in the simulation`, meshsimMessages.NotModeledField);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}
