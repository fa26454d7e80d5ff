import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { ModelmillError, randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { LocalCatalog } from './catalog.js';
import { completePartition, createLocalCatalog } from './catalog.js';
import type { TableInput } from './catalog-types.js';
import type { DuckHostOptions } from './duck-host.js';
import { createLazyDuckHost } from './duck-host.js';
import type { ExecContext } from './exec-context.js';
import { execute } from './exec.js';
import { columnInfo, describeQuery, resultPage } from './query-describe.js';
import { QueryFailure } from './query-errors.js';
import type { WorkGroupSettings } from './query-runner.js';
import { QueryRunner } from './query-runner.js';
import { QueryStore, isOwnerAlive } from './query-store.js';
import type { WriteRowsOptions, WrittenRows } from './row-writer.js';
import { writeRows } from './row-writer.js';
import { homeObjectFiles } from './table-files.js';
import type { AthenaService, ObjectFiles, QueryStateChange } from './types.js';
import { ViewManager } from './views.js';

/**
 * The embedded Athena: Glue catalog rows in SQLite, tables read by DuckDB
 * straight from the object store's files, queries run in the background with
 * results written under their output location. Besides the Athena port it
 * offers what pipeline programs use directly: `query` (rows as objects),
 * `registerTable`, `registerPartition` and `writeRows`.
 *
 * Choices, as in Athena: a partitioned table shows only the partitions
 * registered in the catalog (ALTER TABLE ADD PARTITION, MSCK REPAIR TABLE,
 * CTAS / INSERT INTO, Glue CreatePartition) — other `k=v/` folders stay
 * invisible until repaired — except tables with TBLPROPERTIES
 * `projection.enabled` = `true`, which read the folders present. A LOCATION
 * prefix with no objects reads as empty; a LOCATION whose bucket does not
 * exist fails the query naming the bucket and the table.
 */

/** Options of the embedded Athena. */
export interface LocalAthenaOptions {
  /** The instance's database; the service creates its `athena_*` tables there. */
  db: SqliteDatabase;
  /** The home folder; objects are read under `<home>/objects` unless `objects` is given. */
  home: string;
  /** CatalogId (account) of catalog entities. */
  scope: AccountScope;
  /** Where object files are: the embedded S3 adapter (its `localPath`). Default: `<home>/objects/<bucket>/<key>`. */
  objects?: ObjectFiles;
  /** OutputLocation of the `primary` workgroup, used when a request names none. Default: none (Athena's error). */
  defaultOutputLocation?: string;
  /** More workgroups, by name, with their output locations. Default: only `primary`. */
  workGroups?: Record<string, WorkGroupSettings>;
  /** Queries running at once; more wait QUEUED. Default 4. */
  maxConcurrentQueries?: number;
  /** DuckDB settings (threads, memory limit). Default: DuckDB's. */
  duckdb?: DuckHostOptions;
  /** Called on every query state change (for EventBridge's "Athena Query State Change"). Default: none. */
  onQueryStateChange?: (event: QueryStateChange) => void;
  /** Default: the system clock. */
  clock?: Clock;
  /** Query execution ids. Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
}

/** Options of a direct query. */
export interface QueryOptions {
  /** Unqualified names resolve here. Default `default`. */
  database?: string;
  /** Values of `?` placeholders, as SQL literals. */
  parameters?: string[];
  signal?: AbortSignal;
}

/** A direct query's answer. */
export interface QueryRows {
  /** Result columns with Athena type names. */
  columns: { name: string; type: string }[];
  /** Rows as objects; 64-bit integers and decimals are numbers when exact, otherwise strings. */
  rows: Record<string, unknown>[];
}

/** The embedded Athena. */
export interface LocalAthena extends AthenaService {
  /** The Glue Data Catalog the queries read (serve it as `AWSGlue.*`, `aws-sdk:glue:*`). */
  readonly catalog: LocalCatalog;
  /** Runs one statement now and returns its rows (no output location, no query record). */
  query(sql: string, options?: QueryOptions): Promise<QueryRows>;
  /** Creates the table, or replaces its definition when it exists; creates the database when missing. */
  registerTable(input: { DatabaseName: string; TableInput: TableInput }): Promise<void>;
  /** Registers a partition unless it exists (Location defaults to the Hive path); true when added. */
  registerPartition(input: {
    DatabaseName: string;
    TableName: string;
    Values: string[];
    Location?: string;
  }): Promise<boolean>;
  /** Writes rows as Parquet / JSON lines / CSV files under an `s3://` location. */
  writeRows(
    location: string,
    rows: readonly Record<string, unknown>[],
    options?: WriteRowsOptions,
  ): Promise<WrittenRows>;
  /** Cancels running queries and closes DuckDB. */
  close(): Promise<void>;
}

/** Creates the embedded Athena (DuckDB opens on first use). */
export function createLocalAthena(options: LocalAthenaOptions): LocalAthena {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? silentLogger;
  const catalog = createLocalCatalog({ db: options.db, accountId: options.scope.accountId, clock });
  const objects = options.objects ?? homeObjectFiles(options.home);
  const host = createLazyDuckHost(options.duckdb);
  const ctx: ExecContext = {
    host,
    store: catalog.store,
    views: new ViewManager(catalog.store, objects),
    objects,
    clock,
  };
  const queries = new QueryStore(options.db);
  queries.failInterrupted(clock.now(), isOwnerAlive);
  const primary: WorkGroupSettings =
    options.defaultOutputLocation === undefined
      ? {}
      : { OutputLocation: options.defaultOutputLocation };
  const runner = new QueryRunner({
    ctx,
    queries,
    ids,
    clock,
    logger,
    workGroups: { primary, ...(options.workGroups ?? {}) },
    maxConcurrent: options.maxConcurrentQueries ?? 4,
    ...(options.onQueryStateChange ? { onEvent: options.onQueryStateChange } : {}),
  });

  return {
    catalog,
    async startQueryExecution(input) {
      return { QueryExecutionId: runner.start(input) };
    },
    async getQueryExecution({ QueryExecutionId }) {
      return { QueryExecution: describeQuery(runner.require(QueryExecutionId)) };
    },
    async batchGetQueryExecution({ QueryExecutionIds }) {
      if (
        !Array.isArray(QueryExecutionIds) ||
        QueryExecutionIds.length < 1 ||
        QueryExecutionIds.length > 50
      ) {
        throw new ModelmillError(
          'InvalidRequestException',
          'QueryExecutionIds must list 1 to 50 ids.',
        );
      }
      const found = QueryExecutionIds.map((id) => ({ id, record: queries.get(id) }));
      return {
        QueryExecutions: found.flatMap((f) => (f.record ? [describeQuery(f.record)] : [])),
        UnprocessedQueryExecutionIds: found
          .filter((f) => !f.record)
          .map((f) => ({
            QueryExecutionId: f.id,
            ErrorCode: 'INVALID_INPUT',
            ErrorMessage: `QueryExecution ${f.id} was not found`,
          })),
      };
    },
    async getQueryResults(input) {
      return resultPage(runner.require(input.QueryExecutionId), input.NextToken, input.MaxResults);
    },
    async stopQueryExecution({ QueryExecutionId }) {
      runner.stop(QueryExecutionId);
      return {};
    },
    async listQueryExecutions(input = {}) {
      return listQueries(queries, input);
    },
    async waitForQueryExecution(id, signal) {
      return describeQuery(await runner.wait(id, signal));
    },
    async query(sql, queryOptions = {}) {
      return directQuery(ctx, ids, sql, queryOptions);
    },
    async registerTable({ DatabaseName, TableInput: input }) {
      if (!catalog.store.database(DatabaseName))
        await catalog.createDatabase({ DatabaseInput: { Name: DatabaseName } });
      if (catalog.store.table(DatabaseName, input.Name))
        await catalog.updateTable({ DatabaseName, TableInput: input });
      else await catalog.createTable({ DatabaseName, TableInput: input });
    },
    async registerPartition({ DatabaseName, TableName, Values, Location }) {
      const row = catalog.store.requireTable(DatabaseName, TableName);
      const input = completePartition(
        row,
        Location === undefined ? { Values } : { Values, StorageDescriptor: { Location } },
      );
      return catalog.store.insertPartition(DatabaseName, TableName, input, clock.now());
    },
    async writeRows(location, rows, writeOptions = {}) {
      return writeRows(host, objects, location, rows, { ...writeOptions, fileBase: ids.uuid() });
    },
    async close() {
      await runner.abortAll();
      host.close();
    },
  };
}

async function directQuery(
  ctx: ExecContext,
  ids: IdGenerator,
  sql: string,
  options: QueryOptions,
): Promise<QueryRows> {
  try {
    const executed = await execute(ctx, {
      statement: sql,
      database: (options.database ?? 'default').toLowerCase(),
      parameters: options.parameters ?? [],
      queryId: ids.uuid(),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const outcome = executed.outcome;
    switch (outcome.kind) {
      case 'rows': {
        const info = columnInfo(outcome.columns);
        return {
          columns: info.map((c) => ({ name: c.Name, type: c.Type })),
          rows: outcome.rows ?? [],
        };
      }
      case 'count':
        return { columns: [{ name: 'rows', type: 'bigint' }], rows: [{ rows: outcome.rows }] };
      case 'lines':
        return {
          columns: [{ name: outcome.column, type: 'varchar' }],
          rows: outcome.lines.map((line) => ({ [outcome.column]: line })),
        };
    }
  } catch (err) {
    if (err instanceof QueryFailure)
      throw new ModelmillError('InvalidRequestException', err.reason, {
        cause: err,
        details: { AthenaErrorCode: err.reason.split(':')[0] ?? '' },
      });
    throw err;
  }
}

function listQueries(
  queries: QueryStore,
  input: { WorkGroup?: string; MaxResults?: number; NextToken?: string },
) {
  const max = input.MaxResults === undefined || input.MaxResults === 0 ? 50 : input.MaxResults;
  if (!Number.isInteger(max) || max < 0 || max > 50) {
    throw new ModelmillError(
      'InvalidRequestException',
      `MaxResults must be between 0 and 50 (got ${String(input.MaxResults)})`,
    );
  }
  const start =
    input.NextToken === undefined
      ? 0
      : Number(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) {
    throw new ModelmillError(
      'InvalidRequestException',
      'NextToken is not a token ListQueryExecutions returned.',
    );
  }
  const page = queries.ids(input.WorkGroup ?? 'primary', start, max);
  return {
    QueryExecutionIds: page.ids,
    ...(page.more ? { NextToken: Buffer.from(String(start + max)).toString('base64url') } : {}),
  };
}
