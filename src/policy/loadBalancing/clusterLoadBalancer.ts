import type { Endpoint } from '../endpoint.js';
import { EdfScheduler } from './edfScheduler.js';
import { HashLoadBalancer } from './hashLoadBalancer.js';
import { hash64Mod } from './hash64.js';
import { pickWithHostPredicate, uniformIndex, type LoadBalancer, type PickContext } from './loadBalancer.js';
import { localityKey } from './localityDistribute.js';
import type { LocalityPlan } from './localityPriorities.js';
import { choosePriority, computePriorityLoad, DEFAULT_OVERPROVISIONING_FACTOR, excludePriorities, type PriorityLoad } from './priorityLoad.js';
import { chooseZone, zoneAwareRouting, type ZoneRouting } from './zoneAwareRouting.js';

/** Why a pick came back empty or how it was made; goes into metrics (503 UH, panic counters). */
export type PickReason = 'Picked' | 'PickedInPanic' | 'NoHealthyUpstream';

export interface PickResult {
  readonly host: Endpoint | undefined;
  readonly priority: number;
  readonly reason: PickReason;
}

/** One priority level's hosts for the current health view. */
interface LevelView {
  readonly all: readonly Endpoint[];
  readonly healthy: readonly Endpoint[];
  /** Present when locality-weighted LB is on. */
  readonly localities?: LocalityView;
  /** Present on P0 when zone-aware routing is configured. */
  readonly zones?: ZoneView;
}

interface ZoneView {
  readonly routing: ZoneRouting;
  readonly healthyByZone: ReadonlyMap<string, readonly Endpoint[]>;
  /** Stable small numbers per zone, for per-source rotations. */
  readonly zoneIndex: ReadonlyMap<string, number>;
}

/** Envoy zone-aware routing inputs (§5.5): the caller's zone and its own cluster's spread. */
export interface ZoneAwareOptions {
  readonly localZone: string;
  /** Healthy hosts of the caller's own service per zone (Envoy's local cluster). */
  readonly localHostsPerZone: ReadonlyMap<string, number>;
  readonly minClusterSize: number;
}

export interface ClusterLoadBalancerOptions {
  /** 50 by default; Istio's minHealthPercent (default 0) with outlier detection (§3.6). */
  readonly panicThresholdPercent: number;
  /** A non-negative integer drawn once (Envoy's seed_), for the locality EDF start. */
  readonly seed: number;
  readonly zoneAware?: ZoneAwareOptions;
}

interface LocalityView {
  readonly healthyByLocality: ReadonlyArray<readonly Endpoint[]>;
  /** EDF over the localities' effective weights (Envoy HostSetImpl::chooseHealthyLocality). */
  readonly healthySchedule: LocalitySchedule | undefined;
  readonly healthyEffective: readonly number[];
}

interface HealthView {
  readonly hosts: readonly Endpoint[];
  readonly levels: readonly LevelView[];
  readonly load: PriorityLoad;
}

/**
 * The whole per-cluster decision Envoy makes for one caller (docs/semantics/envoy-istio.md §9 step 2):
 * priority (§5.3: overprovisioning spill-over, panic) → locality (§5.4, when locality-weighted)
 * → host (the configured algorithm, §5.2). The plan (priorities per caller locality, §6) is fixed at
 * construction; health comes with every pick as `ctx.hosts` (the non-ejected hosts).
 */
export class ClusterLoadBalancer implements LoadBalancer {
  private view: HealthView | undefined;
  /**
   * The common case, read off the view when it is built: P0 takes all the load, not in
   * panic, with neither zone-aware routing nor locality weighting, so every first pick
   * from `fastFor` (the view's host list) is the algorithm's pick among `fastHosts` (P0's
   * healthy hosts). Kept on the balancer itself: in a large mesh each object on the way
   * (view, load, levels, level) is a cache miss per pick.
   */
  private fastFor: readonly Endpoint[] | undefined = undefined;
  private fastHosts: readonly Endpoint[] = [];
  private readonly hashed: boolean;

  constructor(
    readonly plan: LocalityPlan,
    private readonly algorithm: LoadBalancer,
    readonly options: ClusterLoadBalancerOptions,
  ) {
    this.hashed = algorithm instanceof HashLoadBalancer;
  }

  pick(ctx: PickContext): Endpoint | undefined {
    return this.pickDetailed(ctx).host;
  }

  /** The current priority load for a health view (`hosts` = non-ejected hosts). */
  priorityLoad(hosts: readonly Endpoint[]): PriorityLoad {
    return this.viewFor(hosts).load;
  }

  /** Like pick, with the priority used and the reason. */
  pickDetailed(ctx: PickContext): PickResult {
    if (ctx.hosts === this.fastFor && ctx.shouldSelectAnotherHost === undefined && (ctx.excludedPriorities === undefined || ctx.excludedPriorities.size === 0)) {
      // pickOnce's priority draw, kept so the stream stays where it was: with all the load on P0 it chooses P0 whatever it draws.
      uniformIndex(ctx.random, 100);
      const host = this.algorithm.pick(amongHosts(ctx, this.fastHosts, 0));
      return { host, priority: 0, reason: host === undefined ? 'NoHealthyUpstream' : 'Picked' };
    }
    const view = this.viewFor(ctx.hosts);
    if (this.hashed) return this.pickHashed(ctx, view, this.algorithm as HashLoadBalancer);
    if (ctx.shouldSelectAnotherHost === undefined) return this.pickOnce(ctx, view);
    // Envoy re-runs the whole selection (priority, locality, host) for each predicate attempt.
    let result: PickResult = { host: undefined, priority: 0, reason: 'NoHealthyUpstream' };
    const inner: PickContext = {
      hosts: ctx.hosts,
      random: ctx.random,
      activeRequests: ctx.activeRequests,
      request: ctx.request,
      excludedPriorities: ctx.excludedPriorities,
      now: ctx.now,
      hostAddedAt: ctx.hostAddedAt,
    };
    pickWithHostPredicate(ctx, () => {
      result = this.pickOnce(inner, view);
      return result.host;
    });
    return result;
  }

  /** The load to choose a priority with: normal, or re-split around already-tried priorities. */
  private loadFor(ctx: PickContext, view: HealthView): readonly number[] {
    const excluded = ctx.excludedPriorities;
    if (excluded === undefined || excluded.size === 0) return view.load.load;
    return excludePriorities(view.load, excluded) ?? view.load.load;
  }

  private pickOnce(ctx: PickContext, view: HealthView): PickResult {
    const p = choosePriority(this.loadFor(ctx, view), uniformIndex(ctx.random, 100));
    const level = view.levels[p];
    const panic = view.load.panic[p] === true;
    if (level === undefined) return { host: undefined, priority: p, reason: 'NoHealthyUpstream' };
    let hosts = panic ? level.all : level.healthy;
    let sourceKey = p * 2 + (panic ? 1 : 0);
    // Zone-aware routing applies to P0 outside panic only (§5.5); it excludes locality weighting.
    const zones = level.zones;
    if (zones !== undefined && !panic && this.options.zoneAware !== undefined) {
      const zone = chooseZone(zones.routing, this.options.zoneAware.localZone, ctx.random);
      const inZone = zone === undefined ? undefined : zones.healthyByZone.get(zone);
      if (zone !== undefined && inZone !== undefined && inZone.length > 0) {
        hosts = inZone;
        sourceKey = sourceKey * 4096 + (zones.zoneIndex.get(zone) as number) + 1;
      }
    }
    // In panic Envoy balances over all the level's hosts (AllHosts source), with no locality pick.
    const loc = level.localities;
    if (loc !== undefined && !panic) {
      const i = loc.healthySchedule?.pickAndAdd((j) => loc.healthyEffective[j] as number);
      if (i !== undefined) {
        hosts = loc.healthyByLocality[i] as readonly Endpoint[];
        sourceKey = sourceKey * 4096 + i + 1;
      }
    }
    const host = this.algorithm.pick(amongHosts(ctx, hosts, sourceKey));
    return { host, priority: p, reason: host === undefined ? 'NoHealthyUpstream' : panic ? 'PickedInPanic' : 'Picked' };
  }

  /** Hash balancers pick the priority from the request hash (`h % 100 + 1`, §5.2 [E-TALB]) and keep it across predicate attempts. */
  private pickHashed(ctx: PickContext, view: HealthView, lb: HashLoadBalancer): PickResult {
    const h = lb.hashFor(ctx);
    const p = choosePriority(this.loadFor(ctx, view), hash64Mod(h, 100));
    const level = view.levels[p];
    const panic = view.load.panic[p] === true;
    if (level === undefined) return { host: undefined, priority: p, reason: 'NoHealthyUpstream' };
    const hosts = panic ? level.all : level.healthy;
    const weightOf = this.plan.localityWeights === undefined ? undefined : this.foldedWeights(hosts);
    const host = lb.pick({
      hosts,
      sourceKey: p * 2 + (panic ? 1 : 0),
      hash: h,
      weightOf,
      random: ctx.random,
      request: ctx.request,
      shouldSelectAnotherHost: ctx.shouldSelectAnotherHost,
      hostSelectionRetryMaxAttempts: ctx.hostSelectionRetryMaxAttempts,
    });
    return { host, priority: p, reason: host === undefined ? 'NoHealthyUpstream' : panic ? 'PickedInPanic' : 'Picked' };
  }

  private readonly folded = new WeakMap<readonly Endpoint[], (h: Endpoint) => number>();

  /** Locality-folded host weights per host list, built once per health view. */
  private foldedWeights(hosts: readonly Endpoint[]): (h: Endpoint) => number {
    let f = this.folded.get(hosts);
    if (f === undefined) {
      f = localityFoldedWeights(hosts, this.plan.localityWeights);
      this.folded.set(hosts, f);
    }
    return f;
  }

  private viewFor(hosts: readonly Endpoint[]): HealthView {
    if (this.view !== undefined && this.view.hosts === hosts) return this.view;
    const healthyIds = new Set<number>();
    for (const h of hosts) healthyIds.add(h.id);
    const levels = this.plan.levels.map((all, p) => this.levelView(all, all.filter((e) => healthyIds.has(e.id)), p));
    const load = computePriorityLoad(
      levels.map((l) => ({ healthy: l.healthy.length, total: l.all.length })),
      this.options.panicThresholdPercent,
    );
    this.view = { hosts, levels, load };
    const p0 = levels[0];
    const fast = !this.hashed && p0 !== undefined && load.load[0] === 100 && load.panic[0] !== true && p0.zones === undefined && p0.localities === undefined;
    this.fastFor = fast ? hosts : undefined;
    this.fastHosts = fast ? p0.healthy : [];
    return this.view;
  }

  private levelView(all: readonly Endpoint[], healthy: readonly Endpoint[], priority: number): LevelView {
    const configured = this.plan.localityWeights;
    const za = this.options.zoneAware;
    if (za !== undefined && priority === 0) return { all, healthy, zones: zoneView(all, healthy, za) };
    if (configured === undefined) return { all, healthy };
    const keys: string[] = [];
    const index = new Map<string, number>();
    const allBy: Endpoint[][] = [];
    const healthyBy: Endpoint[][] = [];
    for (const e of all) {
      const k = localityKey(e.locality);
      let i = index.get(k);
      if (i === undefined) {
        i = keys.length;
        index.set(k, i);
        keys.push(k);
        allBy.push([]);
        healthyBy.push([]);
      }
      (allBy[i] as Endpoint[]).push(e);
    }
    for (const e of healthy) (healthyBy[index.get(localityKey(e.locality)) as number] as Endpoint[]).push(e);
    const weights = keys.map((k) => configured.get(k) ?? 0);
    // §5.4 [ED-LW]: effective weight = weight · min(1, 1.4 · healthy/total); zero-weight localities are skipped.
    const effective = keys.map((_, i) => {
      const total = (allBy[i] as Endpoint[]).length;
      if (total === 0) return 0;
      const ratio = (healthyBy[i] as Endpoint[]).length / total;
      return (weights[i] as number) * Math.min(1, (DEFAULT_OVERPROVISIONING_FACTOR / 100) * ratio);
    });
    return {
      all,
      healthy,
      localities: {
        healthyByLocality: healthyBy,
        healthyEffective: effective,
        healthySchedule: positiveSchedule(effective, this.options.seed),
      },
    };
  }
}

/**
 * What the algorithm is told for a pick among `hosts` (one priority's, zone's or
 * locality's) under `sourceKey`. A plain literal, not a spread: spreading the context
 * cost ~2 µs per pick in V8.
 */
function amongHosts(ctx: PickContext, hosts: readonly Endpoint[], sourceKey: number): PickContext {
  return {
    hosts,
    sourceKey,
    random: ctx.random,
    activeRequests: ctx.activeRequests,
    request: ctx.request,
    now: ctx.now,
    hostAddedAt: ctx.hostAddedAt,
  };
}

/** P0's healthy hosts by zone and Envoy's routing state for them (§5.5). */
function zoneView(all: readonly Endpoint[], healthy: readonly Endpoint[], za: ZoneAwareOptions): ZoneView {
  const healthyByZone = new Map<string, Endpoint[]>();
  const zoneIndex = new Map<string, number>();
  for (const e of all) if (!zoneIndex.has(e.locality.zone)) zoneIndex.set(e.locality.zone, zoneIndex.size);
  for (const e of healthy) {
    const list = healthyByZone.get(e.locality.zone);
    if (list === undefined) healthyByZone.set(e.locality.zone, [e]);
    else list.push(e);
  }
  const upstreamHostsPerZone = new Map([...healthyByZone].map(([z, l]) => [z, l.length] as const));
  const routing = zoneAwareRouting({ localZone: za.localZone, localHostsPerZone: za.localHostsPerZone, upstreamHostsPerZone, minClusterSize: za.minClusterSize });
  return { routing, healthyByZone, zoneIndex };
}

/** EDF over the localities with weight > 0 (others are never picked). Items are locality indices. */
function positiveSchedule(weights: readonly number[], seed: number): LocalitySchedule | undefined {
  const toIndex = weights.flatMap((w, i) => (w > 0 ? [i] : []));
  if (toIndex.length === 0) return undefined;
  const edf = EdfScheduler.createWithPicks(toIndex.map((i) => weights[i] as number), seed);
  return {
    pickAndAdd: (weightOf) => {
      const k = edf.pickAndAdd((j) => weightOf(toIndex[j] as number));
      return k === undefined ? undefined : toIndex[k];
    },
  };
}

/** An EDF over locality indices (createWithPicks numbers its items 0..k-1; this maps them back). */
interface LocalitySchedule {
  pickAndAdd(weightOf: (localityIndex: number) => number): number | undefined;
}

/**
 * Host weights for hash balancers under locality weighting (Envoy ThreadAwareLoadBalancerBase
 * normalizes per locality): (locality weight / Σ locality weights) · (host weight / Σ host weights in its locality).
 */
function localityFoldedWeights(hosts: readonly Endpoint[], configured: ReadonlyMap<string, number> | undefined): (h: Endpoint) => number {
  const hostSum = new Map<string, number>();
  for (const h of hosts) hostSum.set(localityKey(h.locality), (hostSum.get(localityKey(h.locality)) ?? 0) + h.weight);
  let locSum = 0;
  for (const k of hostSum.keys()) locSum += configured?.get(k) ?? 0;
  return (h) => {
    const k = localityKey(h.locality);
    const lw = configured?.get(k) ?? 0;
    return locSum === 0 ? 0 : (lw / locSum) * (h.weight / (hostSum.get(k) as number));
  };
}
