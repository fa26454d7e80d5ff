import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { batchGetItem, batchWriteItem } from './batch-ops.js';
import { TableCatalog } from './catalog.js';
import { ItemStore, migrateDynamoDb } from './item-store.js';
import { getItem, query, scan } from './read-ops.js';
import { requestOf } from './requests.js';
import type { TableStore } from './types.js';
import type { Backend } from './write-ops.js';
import { deleteItem, putItem, updateItem } from './write-ops.js';

/** What the embedded DynamoDB needs. */
export interface LocalDynamoDbOptions {
  /** The instance's database; the service creates its own tables in it (owner `dynamodb`). */
  db: SqliteDatabase;
  /** Where table ARNs are minted (`arn:aws:dynamodb:<region>:<account>:table/<name>`). */
  scope: AccountScope;
  /** For CreationDateTime. Default: the system clock. */
  clock?: Clock;
  /** For TableId. Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
}

/**
 * The embedded DynamoDB: tables and items in the instance's SQLite database.
 * Operations run synchronously under the hood (better-sqlite3) and resolve
 * with AWS's response shapes; failures reject with AWS-named ModelmillErrors.
 */
export function createLocalDynamoDb(options: LocalDynamoDbOptions): TableStore {
  migrateDynamoDb(options.db);
  const catalog = new TableCatalog({
    db: options.db,
    scope: options.scope,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
  });
  const backend: Backend = {
    catalog,
    store: new ItemStore(options.db, (name) => catalog.forget(name)),
  };
  const logger = options.logger ?? silentLogger;
  return {
    async createTable(input) {
      const description = catalog.create(requestOf(input));
      logger.info('dynamodb: table created', { table: description.TableName });
      return { TableDescription: description };
    },
    async describeTable(input) {
      return { Table: catalog.describe(catalog.fresh(requestOf(input).TableName)) };
    },
    async listTables(input) {
      return catalog.list(requestOf(input));
    },
    async deleteTable(input) {
      const description = catalog.delete(catalog.fresh(requestOf(input).TableName));
      logger.info('dynamodb: table deleted', { table: description.TableName });
      return { TableDescription: description };
    },
    putItem: async (input) => putItem(backend, input),
    getItem: async (input) => getItem(backend, input),
    updateItem: async (input) => updateItem(backend, input),
    deleteItem: async (input) => deleteItem(backend, input),
    query: async (input) => query(backend, input),
    scan: async (input) => scan(backend, input),
    batchWriteItem: async (input) => batchWriteItem(backend, input),
    batchGetItem: async (input) => batchGetItem(backend, input),
  };
}
