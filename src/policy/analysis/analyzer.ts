import type { AnalysisContext } from './analysisContext.js';
import type { MessageType } from './messages.js';

/**
 * One check over a set of resources, as Istio's analyzers are (pkg/config/analysis/
 * analyzers: one concern per analyzer, metadata saying what it reads and may report).
 * Analyzers report through the context and keep no state between runs.
 */
export interface Analyzer {
  /** Short name, for docs and for turning an analyzer off later. */
  readonly name: string;
  /** What it checks, one sentence. */
  readonly description: string;
  /** The codes it may report. */
  readonly messages: readonly MessageType[];
  /** Istio kinds it reads. */
  readonly inputs: readonly string[];
  /**
   * True when it checks references against the mesh (hosts, workloads, namespaces):
   * it is skipped when the input declares no mesh (MeshView.complete is false).
   */
  readonly needsMesh: boolean;
  analyze(ctx: AnalysisContext): void;
}
