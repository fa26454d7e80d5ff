/**
 * Program arguments as containers and Glue jobs pass them: `--key value`
 * words. Parsing keeps the last value of a repeated key; `--key=value` works
 * too; a `--flag` followed by another `--option` (or nothing) is `'true'`.
 * Words that belong to no option are left out of the map (they stay in argv).
 */

/** `['--pk_id', '7', '--dry-run']` → `{ pk_id: '7', 'dry-run': 'true' }`. */
export function parseProgramArgs(argv: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] ?? '';
    if (!word.startsWith('--') || word === '--') continue;
    const eq = word.indexOf('=');
    if (eq > 2) {
      args[word.slice(2, eq)] = word.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('--') && next.length > 2)) {
      args[word.slice(2)] = 'true';
    } else {
      args[word.slice(2)] = next;
      i += 1;
    }
  }
  return args;
}

/** `{ pk_id: '7' }` → `['--pk_id', '7']` (keys in insertion order). */
export function formatProgramArgs(args: Readonly<Record<string, string>>): string[] {
  return Object.entries(args).flatMap(([key, value]) => [`--${key}`, value]);
}

/** The words of a run's arguments, whichever form they were given in. */
export function argvOf(args: Record<string, string> | readonly string[] | undefined): string[] {
  if (args === undefined) return [];
  if (isWordList(args)) return [...args];
  return formatProgramArgs(args);
}

/** Quotes words for a shell-like display (`modelmill job x --a 'b c'`), never for execution. */
export function displayCommand(words: readonly string[]): string {
  return words
    .map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

function isWordList(args: Record<string, string> | readonly string[]): args is readonly string[] {
  return Array.isArray(args);
}
