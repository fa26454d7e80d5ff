import type { AccountScope, Clock, IdGenerator } from '../../core/index.js';
import { ModelmillError } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { compileCreateTable } from './create-table.js';
import type { KeyAttribute, TableSchema } from './keys.js';
import { limitOf, tableNameOf } from './requests.js';
import type { KeySchemaElement, ListTablesOutput, TableDescription } from './types.js';

/**
 * The tables of the local DynamoDB: their definitions in `dynamodb_tables`,
 * cached in memory. Item statements find tables by name themselves (see
 * item-store.ts), so the cache only has to keep key schemas; it is dropped
 * when another connection has written to the database (SQLite's
 * `data_version`, looked at no more than once a second: the look costs more
 * than a whole GetItem hit) and whenever a table turns out gone or re-created.
 */

/** A missing table, worded as DynamoDB words it, with the table's name. */
export function tableNotFound(name: string): ModelmillError {
  return new ModelmillError(
    'ResourceNotFoundException',
    `Requested resource not found: Table: ${name} not found (create it with CreateTable, or check the name and region)`,
  );
}

/** Options of the catalog. */
export interface CatalogOptions {
  db: SqliteDatabase;
  clock: Clock;
  ids: IdGenerator;
  scope: AccountScope;
}

const VERSION_CHECK_MS = 1000;

interface TableRow {
  id: number;
  name: string;
  description: string;
}

function schemaOf(row: TableRow): TableSchema {
  const description = JSON.parse(row.description) as TableDescription;
  const attribute = (key: KeySchemaElement | undefined): KeyAttribute | undefined => {
    if (!key) return undefined;
    const def = description.AttributeDefinitions.find((d) => d.AttributeName === key.AttributeName);
    return { name: key.AttributeName, type: def?.AttributeType ?? 'S' };
  };
  const hash = attribute(description.KeySchema[0]) as KeyAttribute;
  const range = attribute(description.KeySchema[1]);
  const keyNames = range ? [hash.name, range.name] : [hash.name];
  return { id: row.id, name: row.name, hash, range, keyNames, description };
}

/** The tables of the local DynamoDB. */
export class TableCatalog {
  private readonly cache = new Map<string, TableSchema>();
  private version = -1;
  private checkedAt = 0;
  private readonly versionStatement;
  private readonly selectStatement;

  constructor(private readonly options: CatalogOptions) {
    this.versionStatement = options.db.prepare('PRAGMA data_version').pluck();
    this.selectStatement = options.db.prepare(
      'SELECT id, name, description FROM dynamodb_tables WHERE name = ?',
    );
  }

  /** Creates a table from a CreateTable request. */
  create(input: Record<string, unknown>): TableDescription {
    const description = compileCreateTable(input, this.options);
    const name = description.TableName;
    if (this.read(name)) {
      throw new ModelmillError('ResourceInUseException', `Table already exists: ${name}`);
    }
    this.options.db
      .prepare('INSERT INTO dynamodb_tables (name, description) VALUES (?, ?)')
      .run(name, JSON.stringify(description));
    return description;
  }

  /** Drops a table from the cache (it was deleted or re-created elsewhere). */
  forget(name: string): void {
    this.cache.delete(name);
  }

  private read(name: string): TableSchema | undefined {
    const row = this.selectStatement.get(name) as TableRow | undefined;
    if (!row) {
      this.cache.delete(name);
      return undefined;
    }
    const schema = schemaOf(row);
    this.cache.set(name, schema);
    return schema;
  }

  /** The table named `name` (already validated), or undefined. */
  find(name: string): TableSchema | undefined {
    const now = Date.now();
    if (now - this.checkedAt >= VERSION_CHECK_MS) {
      this.checkedAt = now;
      const version = this.versionStatement.get() as number;
      if (version !== this.version) this.cache.clear();
      this.version = version;
    }
    return this.cache.get(name) ?? this.read(name);
  }

  /** The table named `name` (a name checked with tableNameOf), or ResourceNotFoundException. */
  get(name: string): TableSchema {
    const schema = this.find(name);
    if (!schema) throw tableNotFound(name);
    return schema;
  }

  /** Like `get`, but read from the database, not the cache (for describe and delete). */
  fresh(tableName: unknown): TableSchema {
    const name = tableNameOf(tableName);
    const schema = this.read(name);
    if (!schema) throw tableNotFound(name);
    return schema;
  }

  /** The description of a table with its current item count and size. */
  describe(schema: TableSchema): TableDescription {
    const stats = this.options.db
      .prepare(
        'SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM dynamodb_items WHERE table_id = ?',
      )
      .get(schema.id) as { n: number; bytes: number };
    return { ...schema.description, ItemCount: stats.n, TableSizeBytes: stats.bytes };
  }

  /** Deletes a table and its items; returns its last description (status DELETING). */
  delete(schema: TableSchema): TableDescription {
    const description = this.describe(schema);
    this.options.db.transaction(() => {
      this.options.db.prepare('DELETE FROM dynamodb_items WHERE table_id = ?').run(schema.id);
      this.options.db.prepare('DELETE FROM dynamodb_tables WHERE id = ?').run(schema.id);
    })();
    this.cache.delete(schema.name);
    return { ...description, TableStatus: 'DELETING' };
  }

  /** One page of table names, in name order. */
  list(input: Record<string, unknown>): ListTablesOutput {
    const limit = limitOf(input.Limit, 'limit', 100) ?? 100;
    const start =
      input.ExclusiveStartTableName === undefined
        ? ''
        : tableNameOf(input.ExclusiveStartTableName, 3, 'exclusiveStartTableName');
    const names = this.options.db
      .prepare('SELECT name FROM dynamodb_tables WHERE name > ? ORDER BY name LIMIT ?')
      .pluck()
      .all(start, limit + 1) as string[];
    const page = names.slice(0, limit);
    const last = page[page.length - 1];
    return names.length > limit && last !== undefined
      ? { TableNames: page, LastEvaluatedTableName: last }
      : { TableNames: page };
  }
}
