/**
 * The console report of `meshsim plan`, rendered from the plan JSON so the two never
 * disagree: a headline, one row per service (replicas now → planned, utilization, the
 * objective that breaks when one replica is taken away, and its headroom in the plan),
 * the objectives as judged, and the monthly cost of each data plane's plan.
 */
import { formatThreshold, parseSlo } from '../scenarios/slo.js';
import { table, type ConsoleWidth } from './consoleTable.js';
import { droppedNote, fitTable } from './fitTable.js';
import type { DataPlanePlanJson, PlanJson } from './planJson.js';

export function renderPlanTable(p: PlanJson, options: ConsoleWidth = {}): string {
  const lines: string[] = [];
  const dropped = new Set<string>();
  const fit = (rows: string[][], width: number | undefined, dropOrder: number[]): string[] => {
    const f = fitTable(rows, width, { dropOrder, render: (r) => table(r as string[][]) });
    for (const d of f.dropped) dropped.add(d);
    return f.lines;
  };
  const width = options.width;
  const survive = p.survive.length > 0 ? `, surviving ${p.survive.join(', ')}` : '';
  lines.push(`${p.scenario} — plan for data plane ${p.dataPlane}, load ${p.load}x${survive}, seed ${p.seed}`);
  lines.push(`objectives: ${p.slo.join(', ')}`);
  lines.push('');
  lines.push(...dataPlaneLines(p, (rows) => fit(rows, width, SERVICE_DROP_ORDER)));
  const others = Object.entries(p.dataPlanes).filter(([dp]) => dp !== p.dataPlane);
  for (const [dp, plan] of others) {
    // Indented by two: two fewer columns to fit in.
    const rows = (r: string[][]) => fit(r, width === undefined ? undefined : width - 2, SERVICE_DROP_ORDER);
    lines.push('', `data plane ${dp}:`, ...dataPlaneLines(plan, rows).map((l) => (l === '' ? l : `  ${l}`)));
  }
  lines.push('');
  const costs = Object.entries(p.cost).map(([dp, c]) => [dp, c ? `$${c.usdPerMonth.toFixed(2)}/month` : 'infeasible', c ? `${c.vcpu.toFixed(2)} vCPU (mesh ${c.meshVcpu.toFixed(2)})` : '', c ? `${c.memoryGiB.toFixed(2)} GiB` : '']);
  lines.push(...fit([['cost with the plan', 'per month', 'vCPU', 'memory'], ...costs], width, [3, 2]));
  lines.push(...droppedNote([...dropped]));
  return lines.join('\n') + '\n';
}

// Narrow terminals lose the zones first, then the headroom, then the binding objective.
const SERVICE_DROP_ORDER = [5, 4, 3];

function dataPlaneLines(p: DataPlanePlanJson, renderTable: (rows: string[][]) => string[]): string[] {
  const lines: string[] = [];
  const searched = `${p.simulations} simulations (${p.replications} replications) over ${p.candidates.length} candidates`;
  if (!p.feasible) {
    lines.push(`INFEASIBLE: ${p.reason ?? 'the objectives cannot be met'}`);
    if (p.blocking) lines.push(`blocking service: ${p.blocking}`);
    lines.push(searched);
    return lines;
  }
  const marginOf = (slo: string | undefined): string => {
    if (slo === undefined) return '';
    const m = p.judgements.filter((j) => j.slo === slo && j.margin !== null).reduce<number | undefined>((a, j) => (a === undefined || (j.margin as number) < a ? (j.margin as number) : a), undefined);
    return m === undefined ? '' : `${(m * 100).toFixed(1)}%`;
  };
  const rows: string[][] = [['service', 'replicas', 'utilization', 'binding objective (one fewer)', 'headroom', 'zones']];
  for (const [name, s] of Object.entries(p.services)) {
    const one = s.minusOne;
    const binding = one === undefined ? 'not planned (no traffic)' : one.slo !== undefined ? `${one.slo} ${one.why}` : ONE_FEWER[one.why] ?? one.why;
    rows.push([
      name,
      s.replicas === s.before ? `${s.replicas}` : `${s.before} → ${s.replicas}`,
      s.utilization === null ? '-' : `${(s.utilization * 100).toFixed(1)}%`,
      binding,
      marginOf(one?.slo),
      Object.entries(s.zones)
        .map(([z, n]) => `${z}:${n}`)
        .join(' '),
    ]);
  }
  lines.push(...renderTable(rows));
  lines.push('');
  for (const j of p.judgements) {
    const metric = parseSlo(j.slo).metric;
    const f = (x: number): string => formatThreshold(metric, x);
    const where = j.situation === 'normal' ? '' : ` [${j.situation}]`;
    const ci = j.ci95 ? ` (95% CI ${f(j.ci95[0])} – ${f(j.ci95[1])})` : '';
    lines.push(`  ${j.slo}${where}: ${j.estimate === null ? 'no value' : f(j.estimate)}${ci} ${j.verdict}`);
  }
  lines.push(`binding: ${p.binding ?? '-'}${p.margin !== null ? ` (${(p.margin * 100).toFixed(1)}% headroom)` : ''}; ${searched}`);
  if (p.budgetExhausted) lines.push('note: the candidate budget ran out while trimming: the plan holds but may not be the fewest replicas');
  return lines;
}

const ONE_FEWER: Readonly<Record<string, string>> = {
  unstable: 'utilization ≥ 1 with one fewer',
  floor: 'at its floor (one per version/zone)',
  'not-tried': 'not tried (budget)',
};
