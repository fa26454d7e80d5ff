import type { Clock } from '../../core/index.js';
import { ModelmillError, systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { CatalogStore, catalogName } from './catalog-store.js';
import type { DatabaseRow, PartitionRow, TableRow } from './catalog-store.js';
import type {
  DataCatalog,
  Database,
  DatabaseInput,
  Partition,
  PartitionError,
  PartitionInput,
  Table,
  TableInput,
} from './catalog-types.js';
import { compilePartitionFilter } from './partition-filter.js';
import { defaultPartitionLocation } from './partition-paths.js';
import { namePattern, paginate, withToken } from './catalog-paging.js';

/**
 * The embedded Glue Data Catalog over the SQLite rows of catalog-store.ts:
 * input checks with Glue's error names (EntityNotFoundException,
 * AlreadyExistsException, InvalidInputException), paging, and partition
 * defaults. The `default` database always exists, as in Glue.
 */

/** Options of the embedded catalog. */
export interface LocalCatalogOptions {
  db: SqliteDatabase;
  /** The CatalogId reported on every entity (the account id). */
  accountId: string;
  /** Default: the system clock. */
  clock?: Clock;
}

/** The embedded catalog and its synchronous store (the query engine reads the store directly). */
export interface LocalCatalog extends DataCatalog {
  readonly store: CatalogStore;
}

/** Creates the embedded catalog. */
export function createLocalCatalog(options: LocalCatalogOptions): LocalCatalog {
  const store = new CatalogStore(options.db);
  const clock = options.clock ?? systemClock;
  const catalogId = options.accountId;
  store.insertDatabase({ Name: 'default', Description: 'Default Hive database' }, clock.now());
  const database = (row: DatabaseRow): Database => ({
    ...row.input,
    Name: catalogName(row.input.Name),
    CreateTime: new Date(row.created),
    CatalogId: catalogId,
  });
  const table = (row: TableRow): Table => describeTable(row, catalogId);
  const partition = (db: string, t: string, row: PartitionRow): Partition => ({
    ...row.input,
    DatabaseName: catalogName(db),
    TableName: catalogName(t),
    CreationTime: new Date(row.created),
    CatalogId: catalogId,
  });

  return {
    store,
    async createDatabase({ DatabaseInput: input }) {
      checkName(input?.Name, 'DatabaseInput.Name');
      if (!store.insertDatabase(cleanDatabase(input), clock.now())) {
        throw new ModelmillError(
          'AlreadyExistsException',
          `Database already exists: ${catalogName(input.Name)}. Use it, or delete it first.`,
        );
      }
      return {};
    },
    async getDatabase({ Name }) {
      checkName(Name, 'Name');
      return { Database: database(store.requireDatabase(Name)) };
    },
    async getDatabases(input = {}) {
      const page = paginate(store.databases(), input, 100);
      return withToken({ DatabaseList: page.items.map(database) }, page.next);
    },
    async deleteDatabase({ Name }) {
      checkName(Name, 'Name');
      store.requireDatabase(Name);
      store.deleteDatabase(Name);
      return {};
    },
    async createTable({ DatabaseName, TableInput: input }) {
      checkName(DatabaseName, 'DatabaseName');
      checkTableInput(input);
      store.requireDatabase(DatabaseName);
      if (!store.insertTable(DatabaseName, cleanTable(input), clock.now())) {
        throw new ModelmillError(
          'AlreadyExistsException',
          `Table already exists: ${catalogName(DatabaseName)}.${catalogName(input.Name)}. Use UpdateTable to change it, or delete it first.`,
        );
      }
      return {};
    },
    async updateTable({ DatabaseName, TableInput: input }) {
      checkName(DatabaseName, 'DatabaseName');
      checkTableInput(input);
      store.requireTable(DatabaseName, input.Name);
      store.replaceTable(DatabaseName, cleanTable(input), clock.now());
      return {};
    },
    async getTable({ DatabaseName, Name }) {
      checkName(DatabaseName, 'DatabaseName');
      checkName(Name, 'Name');
      return { Table: table(store.requireTable(DatabaseName, Name)) };
    },
    async getTables(input) {
      checkName(input?.DatabaseName, 'DatabaseName');
      store.requireDatabase(input.DatabaseName);
      const match = namePattern(input.Expression);
      const rows = store.tables(input.DatabaseName).filter((r) => match(r.input.Name));
      const page = paginate(rows, input, 100);
      return withToken({ TableList: page.items.map(table) }, page.next);
    },
    async deleteTable({ DatabaseName, Name }) {
      checkName(DatabaseName, 'DatabaseName');
      checkName(Name, 'Name');
      store.requireTable(DatabaseName, Name);
      store.deleteTable(DatabaseName, Name);
      return {};
    },
    async createPartition({ DatabaseName, TableName, PartitionInput: input }) {
      const row = store.requireTable(DatabaseName, TableName);
      const full = completePartition(row, input);
      if (!store.insertPartition(DatabaseName, TableName, full, clock.now())) {
        throw partitionExists(row, input.Values);
      }
      return {};
    },
    async batchCreatePartition({ DatabaseName, TableName, PartitionInputList }) {
      const row = store.requireTable(DatabaseName, TableName);
      if (!Array.isArray(PartitionInputList) || PartitionInputList.length > 100) {
        throw new ModelmillError(
          'InvalidInputException',
          'PartitionInputList must be a list of 1 to 100 partitions; split larger batches.',
        );
      }
      const Errors: PartitionError[] = [];
      for (const input of PartitionInputList) {
        try {
          const full = completePartition(row, input);
          if (!store.insertPartition(DatabaseName, TableName, full, clock.now())) {
            throw partitionExists(row, input.Values);
          }
        } catch (err) {
          if (!(err instanceof ModelmillError)) throw err;
          Errors.push({
            PartitionValues: input?.Values ?? [],
            ErrorDetail: { ErrorCode: err.code, ErrorMessage: err.message },
          });
        }
      }
      return { Errors };
    },
    async getPartition({ DatabaseName, TableName, PartitionValues }) {
      const row = store.requireTable(DatabaseName, TableName);
      const found = store.partition(DatabaseName, TableName, PartitionValues ?? []);
      if (!found) throw partitionNotFound(row, PartitionValues ?? []);
      return { Partition: partition(DatabaseName, TableName, found) };
    },
    async getPartitions(input) {
      const row = store.requireTable(input.DatabaseName, input.TableName);
      const keys = (row.input.PartitionKeys ?? []).map((k) => k.Name);
      let rows = store.partitions(input.DatabaseName, input.TableName);
      if (input.Expression !== undefined && input.Expression.trim() !== '') {
        const test = compilePartitionFilter(input.Expression, keys);
        rows = rows.filter((p) =>
          test(Object.fromEntries(keys.map((k, i) => [k.toLowerCase(), p.values[i] ?? '']))),
        );
      }
      const page = paginate(rows, input, 1000);
      const Partitions = page.items.map((p) => partition(input.DatabaseName, input.TableName, p));
      return withToken({ Partitions }, page.next);
    },
    async deletePartition({ DatabaseName, TableName, PartitionValues }) {
      const row = store.requireTable(DatabaseName, TableName);
      if (!store.deletePartition(DatabaseName, TableName, PartitionValues ?? [])) {
        throw partitionNotFound(row, PartitionValues ?? []);
      }
      return {};
    },
  };
}

/** A stored table as Glue describes it. */
export function describeTable(row: TableRow, catalogId: string): Table {
  return {
    ...row.input,
    Name: catalogName(row.input.Name),
    DatabaseName: row.database,
    TableType: row.input.TableType ?? 'EXTERNAL_TABLE',
    PartitionKeys: row.input.PartitionKeys ?? [],
    CreateTime: new Date(row.created),
    UpdateTime: new Date(row.updated),
    CatalogId: catalogId,
    IsRegisteredWithLakeFormation: false,
    VersionId: String(row.version - 1),
  };
}

/** Fills a partition's storage from its table and checks the number of values. */
export function completePartition(row: TableRow, input: PartitionInput): PartitionRow['input'] {
  const keys = (row.input.PartitionKeys ?? []).map((k) => k.Name);
  const values = input?.Values;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    throw new ModelmillError(
      'InvalidInputException',
      'PartitionInput.Values must be a list of strings, one per partition key.',
    );
  }
  if (values.length !== keys.length) {
    throw new ModelmillError(
      'InvalidInputException',
      `The number of partition keys do not match the number of partition values: table ${row.database}.${catalogName(row.input.Name)} has keys (${keys.join(', ')}) but got ${values.length} value(s) [${values.join(', ')}].`,
    );
  }
  const tableSd = row.input.StorageDescriptor ?? {};
  const location =
    input.StorageDescriptor?.Location ??
    (tableSd.Location ? defaultPartitionLocation(tableSd.Location, keys, values) : undefined);
  return {
    ...input,
    Values: [...values],
    StorageDescriptor: {
      ...tableSd,
      ...(input.StorageDescriptor ?? {}),
      ...(location === undefined ? {} : { Location: location }),
    },
  };
}

function checkName(name: unknown, field: string): asserts name is string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) {
    throw new ModelmillError(
      'InvalidInputException',
      `1 validation error detected: Value '${String(name)}' at '${field}' failed to satisfy constraint: Member must have length between 1 and 255`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) {
    throw new ModelmillError(
      'InvalidInputException',
      `'${field}' must not contain control characters (got ${JSON.stringify(name)})`,
    );
  }
}

function checkTableInput(input: TableInput | undefined): asserts input is TableInput {
  checkName(input?.Name, 'TableInput.Name');
  for (const [i, column] of (input.PartitionKeys ?? []).entries()) {
    checkName(column?.Name, `TableInput.PartitionKeys.${i + 1}.member.Name`);
  }
  for (const [i, column] of (input.StorageDescriptor?.Columns ?? []).entries()) {
    checkName(column?.Name, `TableInput.StorageDescriptor.Columns.${i + 1}.member.Name`);
  }
}

function cleanDatabase(input: DatabaseInput): DatabaseInput {
  return { ...input, Name: catalogName(input.Name) };
}

function cleanTable(input: TableInput): TableInput {
  return { ...input, Name: catalogName(input.Name) };
}

function partitionExists(row: TableRow, values: string[]): ModelmillError {
  return new ModelmillError(
    'AlreadyExistsException',
    `Partition already exists: ${row.database}.${catalogName(row.input.Name)} (${values.join(', ')}).`,
  );
}

function partitionNotFound(row: TableRow, values: string[]): ModelmillError {
  return new ModelmillError(
    'EntityNotFoundException',
    `Cannot find partition: ${row.database}.${catalogName(row.input.Name)} has no partition (${values.join(', ')}). Add it (ALTER TABLE ... ADD PARTITION, MSCK REPAIR TABLE or CreatePartition).`,
  );
}
