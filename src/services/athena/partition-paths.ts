/**
 * Hive-style partition folders (`year=2024/month=01/`): the escaping Hive
 * applies to values in paths, the default location of a partition, and
 * reading `key=value` segments back.
 */

/** Characters Hive escapes as `%XX` in partition path values. */
const ESCAPED = new Set([
  '"',
  '#',
  '%',
  "'",
  '*',
  '/',
  ':',
  '=',
  '?',
  '\\',
  '\x7f',
  '{',
  '[',
  ']',
  '^',
]);

/** Escapes one partition value for a path segment, as Hive does. */
export function escapePathValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    out +=
      code < 0x20 || ESCAPED.has(ch) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** Reverses escapePathValue (`%3A` → `:`); leaves malformed escapes as they are. */
export function unescapePathValue(segment: string): string {
  return segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** `k1=v1/k2=v2` for the keys and values, escaped. */
export function partitionPath(keys: readonly string[], values: readonly string[]): string {
  return keys.map((key, i) => `${key}=${escapePathValue(values[i] ?? '')}`).join('/');
}

/** A location with exactly one trailing slash. */
export function withSlash(location: string): string {
  return location.endsWith('/') ? location : `${location}/`;
}

/** The default location of a partition: `<table location>/k1=v1/k2=v2/`. */
export function defaultPartitionLocation(
  tableLocation: string,
  keys: readonly string[],
  values: readonly string[],
): string {
  return `${withSlash(tableLocation)}${partitionPath(keys, values)}/`;
}

/**
 * The partition values a relative folder path spells for `keys`
 * (`year=2024/month=01` → `['2024', '01']`), or undefined when its segments
 * are not exactly `key=value` for the keys in order (names compared case-insensitively).
 */
export function valuesOfPath(relative: string, keys: readonly string[]): string[] | undefined {
  const segments = relative.split('/').filter((s) => s !== '');
  if (segments.length !== keys.length) return undefined;
  const values: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const eq = segment.indexOf('=');
    if (eq <= 0 || segment.slice(0, eq).toLowerCase() !== (keys[i] ?? '').toLowerCase()) {
      return undefined;
    }
    values.push(unescapePathValue(segment.slice(eq + 1)));
  }
  return values;
}
