/**
 * The fields of a YAML mapping by their camelCase name — protojson (and so Istio) accepts
 * snake_case too (`use_source_ip`) — keeping each key as written so diagnostics point at it.
 */
export interface NamedField {
  /** The key as written in the resource, for diagnostic paths. */
  readonly key: string;
  /** camelCase name, for matching. */
  readonly name: string;
  readonly value: unknown;
}

export function camelFields(raw: Readonly<Record<string, unknown>>): Map<string, NamedField> {
  const m = new Map<string, NamedField>();
  for (const [key, value] of Object.entries(raw)) {
    const name = key.replace(/_([a-z0-9])/g, (_s, c: string) => c.toUpperCase());
    m.set(name, { key, name, value });
  }
  return m;
}
