import { AthenaErrorType, QueryFailure, sqlFailure } from './query-errors.js';

/**
 * DuckDB's errors (read as JSON: `errors_as_json` is on) as Athena's: the
 * Trino error names (SYNTAX_ERROR, COLUMN_NOT_FOUND, TABLE_NOT_FOUND,
 * SCHEMA_NOT_FOUND, FUNCTION_NOT_FOUND, INVALID_CAST_ARGUMENT, ...), with the
 * position mapped back onto the user's statement as `line L:C`.
 */

interface DuckErrorJson {
  exception_type?: string;
  exception_message?: string;
  error_subtype?: string;
  position?: string;
  type?: string;
  name?: string;
  candidates?: string;
}

/** The JSON body of a DuckDB error message, when there is one. */
export function duckErrorJson(err: unknown): DuckErrorJson | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const start = message.indexOf('{"');
  if (start < 0) return undefined;
  try {
    return JSON.parse(message.slice(start)) as DuckErrorJson;
  } catch {
    return undefined;
  }
}

/** True when DuckDB reports an interrupted query. */
export function isInterrupt(err: unknown): boolean {
  const json = duckErrorJson(err);
  const text = json?.exception_type ?? (err instanceof Error ? err.message : String(err));
  return /interrupt/i.test(text);
}

/** Where the statement runs, for naming missing tables. */
export interface ErrorContext {
  /** The statement as the user wrote it. */
  statement: string;
  /** Maps an offset in the SQL DuckDB saw to one in `statement`; undefined when DuckDB saw other text. */
  toOriginal?: (offset: number) => number;
  /** The database unqualified names resolve in. */
  database: string;
}

/** A DuckDB failure as a QueryFailure. */
export function duckFailure(err: unknown, ctx: ErrorContext): QueryFailure {
  if (err instanceof QueryFailure) return err;
  const json = duckErrorJson(err);
  if (!json) {
    const text = err instanceof Error ? err.message : String(err);
    return new QueryFailure(
      `GENERIC_INTERNAL_ERROR: ${firstLine(text)}`,
      AthenaErrorType.InternalError,
      1,
    );
  }
  const raw = json.position === undefined ? undefined : Number(json.position);
  const position = raw === undefined || !ctx.toOriginal ? undefined : ctx.toOriginal(raw);
  const message = firstLine(json.exception_message ?? '');
  const hint = json.candidates
    ? ` Did you mean ${json.candidates
        .split(',')
        .map((c) => `'${c.trim()}'`)
        .join(' or ')}?`
    : '';
  const fail = (name: string, text: string, type: number) =>
    sqlFailure(name, text, ctx.statement, position, type);
  switch (json.exception_type) {
    case 'Parser':
      return fail('SYNTAX_ERROR', message, AthenaErrorType.SyntaxError);
    case 'Catalog':
      return catalogFailure(json, message, ctx, position, hint);
    case 'Binder':
      if (json.error_subtype === 'COLUMN_NOT_FOUND') {
        return fail(
          'COLUMN_NOT_FOUND',
          `Column '${json.name ?? '?'}' cannot be resolved.${hint}`,
          AthenaErrorType.SchemaError,
        );
      }
      if (/No function matches|Cannot compare|Cannot mix|implicit cast/i.test(message)) {
        return fail('TYPE_MISMATCH', message, AthenaErrorType.UserError);
      }
      return fail('SYNTAX_ERROR', message, AthenaErrorType.SyntaxError);
    case 'Conversion':
      return fail('INVALID_CAST_ARGUMENT', message, AthenaErrorType.DataError);
    case 'Out of Range':
      return fail('NUMERIC_VALUE_OUT_OF_RANGE', message, AthenaErrorType.DataError);
    case 'Invalid Input':
      if (/JSON/i.test(message))
        return fail('HIVE_CURSOR_ERROR', message, AthenaErrorType.DataError);
      return fail('HIVE_BAD_DATA', message, AthenaErrorType.DataError);
    case 'IO':
      return fail('HIVE_CANNOT_OPEN_SPLIT', message, AthenaErrorType.DataError);
    case 'Not implemented':
      return fail('NOT_SUPPORTED', message, AthenaErrorType.NotSupported);
    default:
      return fail('GENERIC_USER_ERROR', message, AthenaErrorType.UserError);
  }
}

function catalogFailure(
  json: DuckErrorJson,
  message: string,
  ctx: ErrorContext,
  position: number | undefined,
  hint: string,
): QueryFailure {
  const schema = /because schema "([^"]+)" does not exist/.exec(message);
  if (schema) {
    return sqlFailure(
      'SCHEMA_NOT_FOUND',
      `Schema '${schema[1] ?? ''}' does not exist`,
      ctx.statement,
      position,
      AthenaErrorType.EntityNotFound,
    );
  }
  if (json.type === 'Table' || /^Table with name/.test(message)) {
    const written = position === undefined ? undefined : nameAt(ctx.statement, position);
    const parts = (written ?? json.name ?? '?').split('.');
    const full =
      parts.length >= 3
        ? parts.join('.')
        : parts.length === 2
          ? `awsdatacatalog.${parts.join('.')}`
          : `awsdatacatalog.${ctx.database}.${parts[0] ?? ''}`;
    return sqlFailure(
      'TABLE_NOT_FOUND',
      `Table '${full.toLowerCase()}' does not exist`,
      ctx.statement,
      position,
      AthenaErrorType.TableNotFound,
    );
  }
  if (/Function/.test(json.type ?? '')) {
    return sqlFailure(
      'FUNCTION_NOT_FOUND',
      `Function '${json.name ?? '?'}' not registered.${hint}`,
      ctx.statement,
      position,
      AthenaErrorType.FunctionNotFound,
    );
  }
  return sqlFailure('SYNTAX_ERROR', message, ctx.statement, position, AthenaErrorType.SyntaxError);
}

/** The dotted name written at `position` (quotes removed). */
function nameAt(statement: string, position: number): string | undefined {
  const match =
    /^(?:"(?:[^"]|"")*"|`[^`]*`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|`[^`]*`|[\w$]+))*/.exec(
      statement.slice(position),
    );
  if (!match) return undefined;
  return match[0]
    .split(/\s*\.\s*/)
    .map((part) => part.replace(/^["`]|["`]$/g, '').replace(/""/g, '"'))
    .join('.');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
