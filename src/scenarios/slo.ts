/**
 * Service-level objectives as users write them — `p99<250ms`, `availability>=99.9%`,
 * `services.reviews.p99 < 100ms`, `retryAmplification <= 1.3` — parsed into a typed
 * objective. One grammar serves `slo:` in a scenario, `--slo` on `meshsim plan`, and the
 * properties of `meshsim check` (which judge the same figures).
 *
 *   objective := [scope "."] metric operator threshold
 *   scope     := "endToEnd" | "services." NAME
 *   metric    := availability | mean | p50 | p90 | p99 | p999 (also p99.9) | retryAmplification
 *   operator  := "<" | "<=" | ">" | ">="
 *   threshold := a duration (latency), a percentage or a fraction in [0, 1] (availability),
 *                a number, optionally with "x" (retryAmplification)
 *
 * Parsing knows nothing of a particular scenario; `sloTargetProblems` checks the names
 * against one.
 */
import { DURATION_EXPECTED, formatDuration, parseDuration } from './units.js';

export type SloMetric = 'availability' | 'mean' | 'p50' | 'p90' | 'p99' | 'p999' | 'retryAmplification';
export type SloOperator = '<' | '<=' | '>' | '>=';

/** What the objective is about: what the callers in `traffic` saw, or one service's inbound side. */
export type SloScope = { readonly kind: 'endToEnd' } | { readonly kind: 'service'; readonly service: string };

export interface Slo {
  /** The objective as written (trimmed), for messages and reports. */
  readonly text: string;
  readonly scope: SloScope;
  readonly metric: SloMetric;
  readonly operator: SloOperator;
  /** Seconds for latencies, a fraction for availability, attempts per request for retryAmplification. */
  readonly threshold: number;
}

export const SLO_EXPECTED =
  "an objective such as 'p99<250ms', 'availability>=99.9%', 'services.NAME.p99<100ms' or 'retryAmplification<=1.3'";

const LATENCY_METRICS: ReadonlySet<SloMetric> = new Set(['mean', 'p50', 'p90', 'p99', 'p999']);
const METRIC_ALIASES: Readonly<Record<string, SloMetric>> = {
  availability: 'availability',
  mean: 'mean',
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  p999: 'p999',
  'p99.9': 'p999',
  retryamplification: 'retryAmplification',
};

/** Latency percentiles in order: a bound on one implies bounds on the others (p50 ≤ p90 ≤ p99 ≤ p999). */
const PERCENTILE_ORDER: ReadonlyArray<SloMetric> = ['p50', 'p90', 'p99', 'p999'];

/** A parse failure: `column` is 1-based within the objective's text. */
export class SloSyntaxError extends Error {
  constructor(
    message: string,
    readonly expected: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SloSyntaxError';
  }
}

export function isLatencyMetric(m: SloMetric): boolean {
  return LATENCY_METRICS.has(m);
}

/** Parses one objective; throws SloSyntaxError saying what is wrong and where. */
export function parseSlo(written: string): Slo {
  const text = written.trim();
  const lead = written.length - written.trimStart().length;
  const op = /<=|>=|<|>/.exec(text);
  if (op === null) throw new SloSyntaxError(`'${text}' has no comparison`, `${SLO_EXPECTED} (one of <, <=, >, >=)`, lead + 1);
  const operator = op[0] as SloOperator;
  const left = text.slice(0, op.index).trim();
  const right = text.slice(op.index + operator.length).trim();
  const rightColumn = lead + op.index + operator.length + (text.slice(op.index + operator.length).length - text.slice(op.index + operator.length).trimStart().length) + 1;
  if (/[<>=]/.test(right)) throw new SloSyntaxError(`'${text}' has more than one comparison`, SLO_EXPECTED, rightColumn);

  const { scope, metric } = parseSubject(left, lead + 1);
  if (right === '') throw new SloSyntaxError(`'${text}' has no threshold after ${operator}`, thresholdExpected(metric), rightColumn);
  const threshold = parseThreshold(metric, right, rightColumn);
  return { text, scope, metric, operator, threshold };
}

function parseSubject(left: string, column: number): { scope: SloScope; metric: SloMetric } {
  if (left === '') throw new SloSyntaxError('no metric before the comparison', SLO_EXPECTED, column);
  let scope: SloScope = { kind: 'endToEnd' };
  let rest = left;
  if (rest.startsWith('endToEnd.')) rest = rest.slice('endToEnd.'.length);
  else if (rest.startsWith('services.')) {
    const body = rest.slice('services.'.length);
    // The metric is what follows the last dot — except p99.9, whose dot is its own.
    const metricText = /\.(p99\.9)$/.exec(body)?.[1] ?? body.slice(body.lastIndexOf('.') + 1);
    const service = body.slice(0, body.length - metricText.length - 1);
    if (body.lastIndexOf('.') < 0 || service === '') {
      throw new SloSyntaxError(`'${left}' names no service`, "services.NAME.METRIC, such as 'services.reviews.p99'", column);
    }
    scope = { kind: 'service', service };
    rest = metricText;
  }
  const metric = METRIC_ALIASES[rest.toLowerCase()];
  if (metric === undefined) {
    throw new SloSyntaxError(
      `'${rest}' is not a metric`,
      'availability, mean, p50, p90, p99, p999 (or p99.9) or retryAmplification, optionally after services.NAME.',
      column + left.length - rest.length,
    );
  }
  return { scope, metric };
}

function thresholdExpected(metric: SloMetric): string {
  if (metric === 'availability') return 'a percentage such as 99.9%, or a fraction from 0 to 1 such as 0.999';
  if (metric === 'retryAmplification') return 'attempts per request, a number of at least 1 such as 1.3 (or 1.3x)';
  return DURATION_EXPECTED;
}

function parseThreshold(metric: SloMetric, text: string, column: number): number {
  const fail = (why: string): never => {
    throw new SloSyntaxError(why, thresholdExpected(metric), column);
  };
  if (metric === 'availability') {
    const percent = /^([0-9]+(?:\.[0-9]+)?)\s*%$/.exec(text);
    // `99.9e-2` parses to the double nearest 0.999; 99.9 / 100 would not.
    const value = percent ? Number(`${percent[1]}e-2`) : /^[0-9]*\.?[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value)) fail(`'${text}' is not an availability`);
    if (value < 0 || value > 1) fail(`${text} is not between 0% and 100%`);
    return value;
  }
  if (metric === 'retryAmplification') {
    const m = /^([0-9]*\.?[0-9]+)\s*x?$/.exec(text);
    const value = m ? Number(m[1]) : NaN;
    if (!Number.isFinite(value)) fail(`'${text}' is not a number of attempts per request`);
    return value;
  }
  const seconds = parseDuration(text);
  if (seconds === undefined) fail(`'${text}' is not a duration`);
  return seconds as number;
}

/** The threshold as a person writes it: 0.25 → "250ms", 0.999 → "99.9%", 1.3 → "1.3". */
export function formatThreshold(metric: SloMetric, value: number): string {
  if (metric === 'availability') return `${Number((value * 100).toPrecision(6))}%`;
  if (metric === 'retryAmplification') return String(Number(value.toPrecision(6)));
  return formatDuration(value);
}

/** A problem with a list of objectives as a whole, tied to the objective at `index`. */
export interface SloProblem {
  readonly index: number;
  readonly message: string;
  readonly expected: string;
}

/**
 * Objectives that can never hold together or on their own: a threshold outside what
 * the figure can be (availability above 100% with `>`, a latency below 0 with `<`), or
 * bounds that leave nothing between them on one figure — or on ordered percentiles
 * (`p50>200ms` with `p99<100ms`: p50 ≤ p99 always).
 */
export function sloContradictions(slos: ReadonlyArray<Slo>): SloProblem[] {
  const problems: SloProblem[] = [];
  slos.forEach((s, i) => {
    const impossible =
      (s.metric === 'availability' && ((s.operator === '>' && s.threshold >= 1) || (s.operator === '<' && s.threshold <= 0))) ||
      (s.operator === '<' && s.threshold <= 0) ||
      (s.metric === 'retryAmplification' && (s.operator === '<' ? s.threshold <= 1 : s.operator === '<=' && s.threshold < 1));
    if (impossible) {
      problems.push({ index: i, message: `'${s.text}' can never hold`, expected: s.metric === 'retryAmplification' ? 'a bound of at least 1 attempt per request' : 'a threshold the figure can reach' });
    }
  });
  for (let i = 0; i < slos.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = slos[j] as Slo;
      const b = slos[i] as Slo;
      if (!sameScope(a.scope, b.scope) || !boundsClash(a, b)) continue;
      problems.push({ index: i, message: `'${b.text}' contradicts '${a.text}': no value meets both`, expected: 'bounds that leave room between them' });
    }
  }
  return problems;
}

function sameScope(a: SloScope, b: SloScope): boolean {
  return a.kind === b.kind && (a.kind === 'endToEnd' || (b.kind === 'service' && a.service === b.service));
}

/** Whether a lower bound on one figure and an upper bound on a figure at least as large leave no room. */
function boundsClash(a: Slo, b: Slo): boolean {
  const [lower, upper] = isLower(a) && isUpper(b) ? [a, b] : isLower(b) && isUpper(a) ? [b, a] : [undefined, undefined];
  if (lower === undefined || upper === undefined) return false;
  const comparable =
    lower.metric === upper.metric ||
    (PERCENTILE_ORDER.includes(lower.metric) &&
      PERCENTILE_ORDER.includes(upper.metric) &&
      PERCENTILE_ORDER.indexOf(lower.metric) <= PERCENTILE_ORDER.indexOf(upper.metric));
  if (!comparable) return false;
  const strict = lower.operator === '>' || upper.operator === '<';
  return strict ? lower.threshold >= upper.threshold : lower.threshold > upper.threshold;
}

function isLower(s: Slo): boolean {
  return s.operator === '>' || s.operator === '>=';
}

function isUpper(s: Slo): boolean {
  return s.operator === '<' || s.operator === '<=';
}
