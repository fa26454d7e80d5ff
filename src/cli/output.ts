/**
 * How commands print: human-readable by default, JSON with `--output json`.
 * Commands write through these helpers so scripts get stable output.
 */

/** Output format chosen with --output. */
export type OutputFormat = 'text' | 'json';

/** Writes a line to stdout. */
export function println(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a line to stderr. */
export function eprintln(text = ''): void {
  process.stderr.write(`${text}\n`);
}

/** Prints JSON (pretty) to stdout. */
export function printJson(value: unknown): void {
  println(JSON.stringify(value, null, 2));
}

/** Renders rows as an aligned text table. */
export function table(headers: string[], rows: Array<Array<string | number | undefined>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (c ?? '').padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Formats epoch ms as a local ISO-like timestamp. */
export function when(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
