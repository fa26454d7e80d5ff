import { createHash } from 'node:crypto';
import type { SqliteDatabase } from '../store/index.js';

/**
 * The definitions executions run, stored once per distinct text.
 *
 * An execution runs the definition it started with, even after
 * UpdateStateMachine, so it needs its own copy. Copying the text into every
 * execution row (hundreds of KB for a large machine, written at the start and
 * again at the end) cost more than running it; so an execution row names its
 * definition by the SHA-256 of the text, and the text is written once, in
 * `sfn_definitions`.
 */
export interface DefinitionTable {
  /** The reference of `text`; when it is not known to be stored, `enqueue` gets the write. */
  refer(text: string, enqueue: (op: () => void) => void): string;
  /** The text a reference names. */
  text(hash: string): string;
  /** Forgets what is known to be stored (after a commit failed). */
  forget(): void;
}

/** How many definitions (text and hash) are remembered at most. */
const REMEMBERED = 64;

/** The definitions table of the durable store (`sfn_definitions`, created by its migrations). */
export function createDefinitionTable(db: SqliteDatabase): DefinitionTable {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO sfn_definitions (hash, definition) VALUES (?, ?)',
  );
  const select = db.prepare('SELECT definition FROM sfn_definitions WHERE hash = ?');
  // Text -> hash, for texts written (or queued to be). A machine's record is cached, so
  // the same string comes back each time and the lookup compares no characters.
  const hashes = new Map<string, string>();
  // Hash -> text, for reads.
  const texts = new Map<string, string>();

  function remember(text: string, hash: string): void {
    if (hashes.size >= REMEMBERED) hashes.clear();
    if (texts.size >= REMEMBERED) texts.clear();
    hashes.set(text, hash);
    texts.set(hash, text);
  }

  return {
    refer(text, enqueue) {
      const known = hashes.get(text);
      if (known !== undefined) return known;
      const hash = createHash('sha256').update(text).digest('base64url');
      enqueue(() => insert.run(hash, text));
      remember(text, hash);
      return hash;
    },
    text(hash) {
      const known = texts.get(hash);
      if (known !== undefined) return known;
      const row = select.get(hash) as { definition: string } | undefined;
      if (!row)
        throw new Error(`stepfunctions store: definition ${hash} is missing from sfn_definitions`);
      remember(row.definition, hash);
      return row.definition;
    },
    forget() {
      hashes.clear();
    },
  };
}
