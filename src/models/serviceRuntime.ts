import type { Replica } from './replica.js';
import type { VersionRuntime } from './versionRuntime.js';

/** A service at run time: its versions and every replica across them. */
export interface ServiceRuntime {
  readonly name: string;
  readonly versions: VersionRuntime[];
  /** All replicas of all versions, in declaration order (the endpoints a caller sees). */
  readonly replicas: Replica[];
}
