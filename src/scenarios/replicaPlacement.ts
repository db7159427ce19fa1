/**
 * Where a scenario's replicas run, and how many there are in the whole mesh.
 *
 * `replicas: N` spreads N replicas over the zones round-robin in declaration order;
 * `{a: 1, b: 2}` puts that many in each named zone, in map order. Counting is kept
 * apart from placing: no more replicas are placed than the mesh may have, so a file
 * asking for 10,000 replicas in each of 100,000 versions is refused, not built.
 */
import type { FieldPath } from './locate.js';
import { listNames } from './messageLog.js';
import type { ProblemReport } from './resolveScenario.js';
import type { ZoneSpec } from './scenario.js';
import { MAX_REPLICAS } from './scenarioSchema.js';

/**
 * Most replicas in the mesh, the services' and the traffic sources' together. Each is
 * simulated on its own (with its proxy under a data plane): 100,000 take about 10 s to
 * build and 0.25 GB without a data plane, 0.5 GB with sidecars (bench machine, loaded).
 */
export const MAX_MESH_REPLICAS = 100_000;

export class ReplicaPlacement {
  private readonly zoneNames: ReadonlySet<string>;
  /** Replicas asked for so far, placed or not. */
  private requested = 0;
  /** Where the mesh first went over MAX_MESH_REPLICAS. */
  private overAt: FieldPath | undefined;

  constructor(private readonly zones: ReadonlyArray<ZoneSpec>) {
    this.zoneNames = new Set(zones.map((z) => z.name));
  }

  /**
   * The zones of the replicas `replicas` asks for (one entry per replica), at most
   * MAX_REPLICAS and at most what the mesh still has room for; `count` is how many were
   * asked for. An unknown zone is reported at `path.zone`.
   */
  place(replicas: number | Readonly<Record<string, number>>, path: FieldPath, problems: ProblemReport): { zones: string[]; count: number } {
    const room = Math.max(0, Math.min(MAX_REPLICAS, MAX_MESH_REPLICAS - this.requested));
    const zones: string[] = [];
    let count = 0;
    if (typeof replicas === 'number') {
      count = replicas;
      for (let i = 0; i < Math.min(count, room); i++) zones.push((this.zones[i % this.zones.length] as ZoneSpec).name);
    } else {
      for (const [zone, n] of Object.entries(replicas)) {
        if (!this.zoneNames.has(zone)) {
          problems.error([...path, zone], `unknown zone "${zone}"`, `one of the zones: ${listNames(this.zoneNames)}`);
          continue;
        }
        for (let i = 0; i < n && count + i < room; i++) zones.push(zone);
        count += n;
      }
    }
    this.count(count, path);
    return { zones, count };
  }

  /** Counts replicas that are not placed in zones here (a traffic source's). */
  count(n: number, path: FieldPath): void {
    this.requested += n;
    if (this.requested > MAX_MESH_REPLICAS && this.overAt === undefined) this.overAt = path;
  }

  /** Reports a mesh with more than MAX_MESH_REPLICAS replicas, where it went over. */
  checkTotal(problems: ProblemReport): void {
    if (this.overAt === undefined) return;
    problems.error(
      this.overAt,
      `the mesh has ${this.requested.toLocaleString('en-US')} replicas (services' and traffic sources' together), more than meshsim simulates`,
      `at most ${MAX_MESH_REPLICAS.toLocaleString('en-US')} replicas in the mesh`,
    );
  }
}
