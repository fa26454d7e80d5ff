import { lineCol } from './sql-lexer.js';

/**
 * How a query fails: the `StateChangeReason` text Athena would show
 * (`SYNTAX_ERROR: line 1:15: ...` for SQL, `FAILED: ParseException line 1:15 ...`
 * for Hive DDL, `FAILED: SemanticException ...` for catalog problems) and the
 * AthenaError category and type numbers from Athena's error catalog.
 */

/** Athena's ErrorType numbers used here. */
export const AthenaErrorType = {
  UserError: 1000,
  DataError: 1001,
  DdlTaskFailed: 1003,
  SchemaError: 1004,
  SyntaxError: 1006,
  QueryCanceled: 1011,
  InvalidArgument: 1100,
  InvalidTableProperty: 1103,
  S3PathNotFound: 1109,
  TableNotFound: 1110,
  NotSupported: 1200,
  EntityNotFound: 1301,
  FunctionNotFound: 1303,
  BucketNotFound: 1306,
  InternalError: 9999,
} as const;

/** A query failure with Athena's reason text and error numbers. */
export class QueryFailure extends Error {
  constructor(
    /** The StateChangeReason. */
    readonly reason: string,
    /** AthenaError.ErrorType. */
    readonly errorType: number = AthenaErrorType.UserError,
    /** AthenaError.ErrorCategory: 1 system, 2 user, 3 other. */
    readonly category: number = 2,
  ) {
    super(reason);
    this.name = 'QueryFailure';
  }
}

/** `NAME: line L:C: message`, Trino's form, with the position taken in `sql`. */
export function sqlFailure(
  name: string,
  message: string,
  sql: string,
  position: number | undefined,
  errorType: number = AthenaErrorType.SyntaxError,
): QueryFailure {
  if (position === undefined) return new QueryFailure(`${name}: ${message}`, errorType);
  const { line, col } = lineCol(sql, position);
  return new QueryFailure(`${name}: line ${line}:${col}: ${message}`, errorType);
}

/** `FAILED: ParseException line L:C message`, Hive's form for malformed DDL. */
export function ddlParseFailure(message: string, sql: string, position: number): QueryFailure {
  const { line, col } = lineCol(sql, position);
  return new QueryFailure(
    `FAILED: ParseException line ${line}:${col} ${message}`,
    AthenaErrorType.SyntaxError,
  );
}

/** `FAILED: SemanticException message`, Hive's form for DDL on missing or clashing entities. */
export function ddlSemanticFailure(
  message: string,
  errorType: number = AthenaErrorType.DdlTaskFailed,
): QueryFailure {
  return new QueryFailure(`FAILED: SemanticException ${message}`, errorType);
}

/** NOT_SUPPORTED with a hint at what to do instead. */
export function notSupported(message: string, sql?: string, position?: number): QueryFailure {
  return sql === undefined
    ? new QueryFailure(`NOT_SUPPORTED: ${message}`, AthenaErrorType.NotSupported)
    : sqlFailure('NOT_SUPPORTED', message, sql, position, AthenaErrorType.NotSupported);
}
