import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { CreateFunctionInput, FunctionConfiguration } from './types.js';

/**
 * The embedded Lambda's table: one JSON document per function — its
 * configuration, tags, image settings and where its unpacked code lives.
 */

const MIGRATIONS = [`CREATE TABLE lambda_functions (name TEXT PRIMARY KEY, doc TEXT NOT NULL);`];

/** A stored function. */
export interface FunctionRecord {
  configuration: FunctionConfiguration;
  tags: Record<string, string>;
  /** The unpacked code package, when there is one. */
  codeDir?: string;
  /** The image of an Image function. */
  imageUri?: string;
  imageConfig?: CreateFunctionInput['ImageConfig'];
}

/** The stored functions. */
export interface LambdaStore {
  get(name: string): FunctionRecord | undefined;
  put(record: FunctionRecord): void;
  delete(name: string): void;
  /** Functions by name, after `marker` (exclusive), at most `limit`. */
  list(marker: string | undefined, limit: number): FunctionRecord[];
}

/** Creates or upgrades the table and prepares the statements. */
export function createLambdaStore(db: SqliteDatabase): LambdaStore {
  migrate(db, 'lambda', MIGRATIONS);
  const get = db.prepare('SELECT doc FROM lambda_functions WHERE name = ?');
  const put = db.prepare('INSERT OR REPLACE INTO lambda_functions (name, doc) VALUES (?, ?)');
  const remove = db.prepare('DELETE FROM lambda_functions WHERE name = ?');
  const list = db.prepare('SELECT doc FROM lambda_functions WHERE name > ? ORDER BY name LIMIT ?');
  const parse = (row: unknown): FunctionRecord =>
    JSON.parse((row as { doc: string }).doc) as FunctionRecord;
  return {
    get: (name) => {
      const row = get.get(name);
      return row === undefined ? undefined : parse(row);
    },
    put: (record) => put.run(record.configuration.FunctionName, JSON.stringify(record)),
    delete: (name) => remove.run(name),
    list: (marker, limit) => list.all(marker ?? '', limit).map(parse),
  };
}
