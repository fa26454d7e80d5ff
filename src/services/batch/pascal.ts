import { isPlainObject } from '../../core/index.js';

/**
 * Step Functions speaks to Batch in PascalCase (`JobQueue`,
 * `ContainerOverrides.Environment[].Name`) and returns Batch's answers in
 * PascalCase with sorted keys, as its Java SDK serialises them. Keys of maps
 * (`Parameters`, `Tags`, `StatusSummary`) are data and stay as they are.
 */

const MAPS = new Set(['parameters', 'tags', 'statusSummary']);

function convert(value: unknown, key: (k: string) => string, sort: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, key, sort));
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (sort) entries.sort(([a], [b]) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const lower = k.charAt(0).toLowerCase() + k.slice(1);
    out[key(k)] = MAPS.has(lower) && isPlainObject(v) ? { ...v } : convert(v, key, sort);
  }
  return out;
}

/** A Step Functions request (PascalCase) as the Batch API's camelCase. */
export function toCamel(value: unknown): any {
  return convert(value, (k) => k.charAt(0).toLowerCase() + k.slice(1), false);
}

/** A Batch answer as Step Functions returns it: PascalCase, keys sorted. */
export function toPascal(value: unknown): any {
  return convert(value, (k) => k.charAt(0).toUpperCase() + k.slice(1), true);
}
