/**
 * The Athena port: query executions with AWS's request and response field
 * names. Implemented by the embedded adapter (DuckDB over the object store)
 * and the AWS adapter (`@aws-sdk/client-athena`). The Glue Data Catalog port
 * the queries read their tables from is in catalog-types.ts.
 */

/** The states of a query execution. */
export const QueryExecutionState = {
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;
/** A query execution state. */
export type QueryExecutionState = (typeof QueryExecutionState)[keyof typeof QueryExecutionState];

/** Athena's classification of a statement. */
export const StatementType = { DDL: 'DDL', DML: 'DML', UTILITY: 'UTILITY' } as const;
/** A statement type. */
export type StatementType = (typeof StatementType)[keyof typeof StatementType];

/** Where results go. */
export interface ResultConfiguration {
  /** `s3://bucket/prefix/`; results are written to `<OutputLocation>/<QueryExecutionId>.csv`. */
  OutputLocation?: string;
}

/** The database (and catalog) unqualified names resolve in. */
export interface QueryExecutionContext {
  /** Default: `default`. */
  Database?: string;
  /** Only `AwsDataCatalog` exists locally. */
  Catalog?: string;
}

/** StartQueryExecution. */
export interface StartQueryExecutionInput {
  QueryString: string;
  /** Idempotency: a second start with the same token returns the first query's id. */
  ClientRequestToken?: string;
  QueryExecutionContext?: QueryExecutionContext;
  ResultConfiguration?: ResultConfiguration;
  /** Default: `primary`. */
  WorkGroup?: string;
  /** Values for the `?` placeholders, in order, as SQL literals (`'abc'`, `42`). */
  ExecutionParameters?: string[];
}

/** Athena's standardised error information for a failed query. */
export interface AthenaError {
  /** 1 system, 2 user, 3 other. */
  ErrorCategory: number;
  /** See Athena's error type reference (1006 syntax, 1110 table not found, ...). */
  ErrorType: number;
  Retryable: boolean;
  ErrorMessage: string;
}

/** Where a query stands. */
export interface QueryExecutionStatus {
  State: QueryExecutionState;
  /** Why it failed or was cancelled, e.g. `SYNTAX_ERROR: line 1:15: ...`. */
  StateChangeReason?: string;
  SubmissionDateTime: Date;
  CompletionDateTime?: Date;
  AthenaError?: AthenaError;
}

/** What a query cost. */
export interface QueryExecutionStatistics {
  EngineExecutionTimeInMillis: number;
  DataScannedInBytes: number;
  TotalExecutionTimeInMillis: number;
  QueryQueueTimeInMillis: number;
  ServicePreProcessingTimeInMillis: number;
  QueryPlanningTimeInMillis: number;
  ServiceProcessingTimeInMillis: number;
  ResultReuseInformation: { ReusedPreviousResult: boolean };
}

/** One query execution, as GetQueryExecution describes it. */
export interface QueryExecution {
  QueryExecutionId: string;
  Query: string;
  StatementType?: StatementType;
  /** `SELECT`, `CREATE_TABLE`, `CREATE_TABLE_AS_SELECT`, `INSERT`, `SHOW_TABLES`, ... */
  SubstatementType?: string;
  ResultConfiguration: ResultConfiguration;
  QueryExecutionContext: QueryExecutionContext;
  Status: QueryExecutionStatus;
  Statistics: QueryExecutionStatistics;
  WorkGroup: string;
  EngineVersion: { SelectedEngineVersion: string; EffectiveEngineVersion: string };
  ExecutionParameters?: string[];
}

/** One result cell: absent `VarCharValue` means NULL. */
export interface Datum {
  VarCharValue?: string;
}

/** One result column. */
export interface ColumnInfo {
  CatalogName: string;
  SchemaName: string;
  TableName: string;
  Name: string;
  Label: string;
  /** Athena's type name: `varchar`, `bigint`, `double`, `decimal`, `array`, `row`, ... */
  Type: string;
  Precision: number;
  Scale: number;
  Nullable: 'NOT_NULL' | 'NULLABLE' | 'UNKNOWN';
  CaseSensitive: boolean;
}

/** GetQueryResults. */
export interface GetQueryResultsInput {
  QueryExecutionId: string;
  NextToken?: string;
  /** 1 to 1000. Default 1000. */
  MaxResults?: number;
}

/** GetQueryResults' answer: for SELECT the first row of the first page holds the column names. */
export interface GetQueryResultsOutput {
  /** Rows written by CTAS / INSERT INTO; 0 otherwise. */
  UpdateCount: number;
  ResultSet: { Rows: { Data: Datum[] }[]; ResultSetMetadata: { ColumnInfo: ColumnInfo[] } };
  NextToken?: string;
}

/** ListQueryExecutions. */
export interface ListQueryExecutionsInput {
  WorkGroup?: string;
  /** 0 to 50. Default 50. */
  MaxResults?: number;
  NextToken?: string;
}

/** The Athena operations modelmill serves; every adapter implements all of them. */
export interface AthenaService {
  /** Returns at once; the query runs in the background. */
  startQueryExecution(input: StartQueryExecutionInput): Promise<{ QueryExecutionId: string }>;
  getQueryExecution(input: {
    QueryExecutionId: string;
  }): Promise<{ QueryExecution: QueryExecution }>;
  batchGetQueryExecution(input: { QueryExecutionIds: string[] }): Promise<{
    QueryExecutions: QueryExecution[];
    UnprocessedQueryExecutionIds: {
      QueryExecutionId: string;
      ErrorCode: string;
      ErrorMessage: string;
    }[];
  }>;
  /** Fails with InvalidRequestException until the query SUCCEEDED. */
  getQueryResults(input: GetQueryResultsInput): Promise<GetQueryResultsOutput>;
  /** Cancels a QUEUED or RUNNING query; succeeds (doing nothing) for one that has ended. */
  stopQueryExecution(input: { QueryExecutionId: string }): Promise<Record<string, never>>;
  /** Newest first. */
  listQueryExecutions(
    input?: ListQueryExecutionsInput,
  ): Promise<{ QueryExecutionIds: string[]; NextToken?: string }>;
  /**
   * Resolves with the execution once it has ended (SUCCEEDED, FAILED or CANCELLED),
   * or rejects with the signal's reason when `signal` aborts first. Adapters
   * without push notification poll GetQueryExecution.
   */
  waitForQueryExecution?(QueryExecutionId: string, signal?: AbortSignal): Promise<QueryExecution>;
}

/** Where the embedded adapter finds object files: the embedded S3's `localPath` has this shape. */
export interface ObjectFiles {
  /**
   * The real path of an object (`key`) or of a folder (`key` ending in `/`, or
   * empty for the bucket's folder). Need not exist.
   */
  localPath(bucket: string, key?: string): string;
}

/** An "Athena Query State Change" event, as EventBridge delivers it under `detail`. */
export interface QueryStateChange {
  queryExecutionId: string;
  currentState: QueryExecutionState;
  previousState: QueryExecutionState | undefined;
  statementType: StatementType | undefined;
  workgroupName: string;
  sequenceNumber: string;
  versionId: string;
}
