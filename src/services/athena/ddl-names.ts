import type { Cursor } from './sql-cursor.js';
import type { TableName } from './statements.js';
import { isOp, isWord } from './sql-lexer.js';

/**
 * Pieces several DDL statements share: `[catalog.][db.]table` names and
 * `('key' = 'value', ...)` property lists.
 */

/** `[awsdatacatalog.][db.]table`; names lower case, as the catalog stores them. */
export function readTableName(cursor: Cursor): TableName {
  const position = cursor.offset();
  const parts = [cursor.expectName('the table name')];
  while (isOp(cursor.peek(), '.')) {
    cursor.next();
    parts.push(cursor.expectName('a name after the dot'));
  }
  if (parts.length > 3 || (parts.length === 3 && parts[0]?.toLowerCase() !== 'awsdatacatalog')) {
    cursor.fail(
      `expected [database.]table (or awsdatacatalog.database.table), got '${parts.join('.')}'`,
    );
  }
  const name = (parts[parts.length - 1] ?? '').toLowerCase();
  const database = parts.length >= 2 ? parts[parts.length - 2]?.toLowerCase() : undefined;
  return database === undefined ? { name, position } : { database, name, position };
}

/** `('key' = 'value', ...)` — keys and values quoted strings. */
export function readProperties(cursor: Cursor): Record<string, string> {
  cursor.expectOp('(', ' to open the property list');
  const properties: Record<string, string> = {};
  if (cursor.acceptOp(')')) return properties;
  do {
    const key = cursor.expectString('a property name', true);
    cursor.expectOp('=', ` after property '${key}'`);
    properties[key] = cursor.expectString(`the value of property '${key}'`, true);
  } while (cursor.acceptOp(','));
  cursor.expectOp(')', ' to close the property list');
  return properties;
}

/** True when the next word is one of `words`. */
export function nextIsWord(cursor: Cursor, ...words: string[]): boolean {
  return words.some((w) => isWord(cursor.peek(), w));
}
