/**
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): a decimal
 * number with a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal suffix (n u m k M G T P E)
 * or a decimal exponent (e3, E6). `128Mi` is 134217728 bytes; `250m` is 0.25 CPU.
 */

const SUFFIX: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** The quantity's value (bytes for memory, cores for CPU); undefined if it is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value.trim());
  if (!m) return undefined;
  const number = Number(m[1]);
  if (m[2] !== undefined) return number * 10 ** Number(m[2].slice(1));
  const factor = SUFFIX[m[3] ?? ''];
  return factor === undefined ? undefined : number * factor;
}

/** A byte count as meshsim writes sizes: the largest binary unit that divides it, e.g. 128MiB. */
export function formatBytes(bytes: number): string {
  const rounded = Math.round(bytes);
  for (const [unit, factor] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (rounded >= factor && rounded % factor === 0) return `${rounded / factor}${unit}`;
  }
  if (rounded >= 2 ** 20) return `${Number((rounded / 2 ** 20).toFixed(3))}MiB`;
  return `${rounded}B`;
}

/** A CPU amount as Kubernetes writes it: whole cores, or millicores. */
export function formatCpu(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}
