import type { Replica } from './replica.js';
import type { VersionRuntime } from './versionRuntime.js';

/** A service at run time: its versions and every replica across them. */
export interface ServiceRuntime {
  readonly name: string;
  /** Declaration order in the scenario (dense from 0; also the service's CallOrigin.callerIndex). */
  readonly index: number;
  readonly versions: VersionRuntime[];
  /** All replicas of all versions, in declaration order (the endpoints a caller sees). */
  readonly replicas: Replica[];
}
