import { ModelmillError } from '../../core/index.js';
import type { ResultColumn } from './exec-context.js';
import { athenaTypeOfDuckDb } from './hive-types.js';
import type { QueryRecord } from './query-store.js';
import { readResultPage } from './results.js';
import type { ColumnInfo, GetQueryResultsOutput, QueryExecution } from './types.js';

/**
 * Query records as Athena's API shapes: GetQueryExecution's QueryExecution
 * and GetQueryResults' ResultSet (first row of the first page holds the
 * column names for CSV results, as Athena does).
 */

/** Athena's description of the result columns. */
export function columnInfo(columns: readonly ResultColumn[]): ColumnInfo[] {
  return columns.map((column) => {
    const type = athenaTypeOfDuckDb(column.type);
    return {
      CatalogName: 'hive',
      SchemaName: '',
      TableName: '',
      Name: column.name,
      Label: column.name,
      Type: type.Type,
      Precision: type.Precision,
      Scale: type.Scale,
      Nullable: 'UNKNOWN',
      CaseSensitive: type.Type === 'varchar' || type.Type === 'char',
    };
  });
}

/** A stored record as GetQueryExecution's QueryExecution. */
export function describeQuery(record: QueryRecord): QueryExecution {
  const end = record.completed;
  const started = record.started;
  const engine = started !== undefined && end !== undefined ? end - started : 0;
  const queued = (started ?? end ?? record.submitted) - record.submitted;
  const execution: QueryExecution = {
    QueryExecutionId: record.id,
    Query: record.query,
    ResultConfiguration: {
      OutputLocation: record.outputUri ?? `${record.outputLocation}${record.id}.csv`,
    },
    QueryExecutionContext: { Database: record.database, Catalog: record.catalog },
    Status: {
      State: record.state,
      SubmissionDateTime: new Date(record.submitted),
      ...(record.reason === undefined ? {} : { StateChangeReason: record.reason }),
      ...(end === undefined ? {} : { CompletionDateTime: new Date(end) }),
      ...(record.error === undefined ? {} : { AthenaError: record.error }),
    },
    Statistics: {
      EngineExecutionTimeInMillis: engine,
      DataScannedInBytes: record.bytes,
      TotalExecutionTimeInMillis: end === undefined ? 0 : end - record.submitted,
      QueryQueueTimeInMillis: queued,
      ServicePreProcessingTimeInMillis: 0,
      QueryPlanningTimeInMillis:
        record.planned !== undefined && started !== undefined ? record.planned - started : 0,
      ServiceProcessingTimeInMillis: 0,
      ResultReuseInformation: { ReusedPreviousResult: false },
    },
    WorkGroup: record.workGroup,
    EngineVersion: {
      SelectedEngineVersion: 'AUTO',
      EffectiveEngineVersion: 'Athena engine version 3',
    },
  };
  if (record.statementType !== undefined) execution.StatementType = record.statementType;
  if (record.substatementType !== undefined) execution.SubstatementType = record.substatementType;
  if (record.parameters !== undefined) execution.ExecutionParameters = record.parameters;
  return execution;
}

/** One page of a finished query's results. */
export function resultPage(
  record: QueryRecord,
  nextToken: string | undefined,
  maxResults: number | undefined,
): GetQueryResultsOutput {
  if (record.state !== 'SUCCEEDED') {
    const detail = record.reason === undefined ? '' : ` ${record.reason}`;
    throw new ModelmillError(
      'InvalidRequestException',
      record.state === 'QUEUED' || record.state === 'RUNNING'
        ? `Query has not yet finished. Current state: ${record.state}. Wait for SUCCEEDED (GetQueryExecution) before reading results.`
        : `Query did not finish successfully. Final query state: ${record.state}.${detail}`,
    );
  }
  const max = maxResults ?? 1000;
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new ModelmillError(
      'InvalidRequestException',
      `MaxResults must be between 1 and 1000 (got ${String(maxResults)})`,
    );
  }
  const result = record.result;
  if (!result) {
    return { UpdateCount: 0, ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } };
  }
  let page;
  try {
    page = readResultPage(result.file, result.format, nextToken, max);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new ModelmillError(
      'InvalidRequestException',
      `The result file of query ${record.id} (${record.outputUri ?? result.file}) no longer exists; run the query again.`,
    );
  }
  const Rows = page.rows.map((row) => ({
    Data: row.map((cell) => (cell === null ? {} : { VarCharValue: cell })),
  }));
  return {
    UpdateCount: result.updateCount,
    ResultSet: { Rows, ResultSetMetadata: { ColumnInfo: result.columns } },
    ...(page.next === undefined ? {} : { NextToken: page.next }),
  };
}
