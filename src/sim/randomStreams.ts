import seedrandom from 'seedrandom';
import { AleaStream } from './aleaStream.js';

/**
 * A stream of uniform draws in [0, 1). Structurally the same as policy's
 * RandomStream, so a stream is handed to policy code as it is, and neither
 * folder imports the other.
 */
export interface RandomStream {
  next(): number;
}

/**
 * What a random stream belongs to: the first part of its key, a fixed word chosen by
 * the code (never a name from the user's file).
 */
export type StreamFamily = 'traffic' | 'service' | 'route' | 'proxy' | 'dataplane' | 'inbound' | 'trace';

/**
 * Named random streams derived from one master seed.
 *
 * Each component asks for its own stream by a key of parts (`'traffic', 'users'`,
 * `'service', 'reviews', 'v1', 'work'`), so adding a component never shifts the draws
 * of another. The generator is seedrandom's alea: ~150M draws/s on Node 20
 * (docs/architecture.md), against ~29M for its default ARC4.
 */
export class RandomStreams {
  private readonly issued = new Set<string>();

  constructor(readonly masterSeed: number) {}

  /**
   * The stream for the key (family, ...parts); each key may be taken once per run (a
   * second taker would share draws). Distinct keys never share a stream, whatever their
   * parts hold (streamName).
   */
  stream(family: StreamFamily, ...parts: string[]): RandomStream {
    const name = streamName(family, parts);
    if (this.issued.has(name)) throw new Error(`random stream "${name}" was already issued`);
    this.issued.add(name);
    return createStream(this.masterSeed, name);
  }
}

/**
 * The name a stream's key seeds it with: its parts joined by '/', each part's '%' and
 * '/' escaped as %25 and %2F, so two different keys always give two different names
 * (a traffic source "users/replica" is "traffic/users%2Freplica", never the
 * "traffic/users/replica" of source "users"). A part without '%' or '/' — every valid
 * name — stands as it is, so the names read as they always have.
 */
export function streamName(family: StreamFamily, parts: ReadonlyArray<string>): string {
  let name: string = family;
  for (const part of parts) name += '/' + (part.includes('%') || part.includes('/') ? part.replace(/%/g, '%25').replace(/\//g, '%2F') : part);
  return name;
}

/** A stream for (seed, name), independent of every other name. */
export function createStream(seed: number, name: string): RandomStream {
  return new AleaStream(`meshsim:${seed}:${name}`);
}

/** A derived seed, e.g. for replication k of a run with master seed s. */
export function deriveSeed(seed: number, label: string): number {
  const prng = seedrandom.alea(`meshsim-derive:${seed}:${label}`);
  return Math.floor(prng() * 2 ** 31) + 1;
}
