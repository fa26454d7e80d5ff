import { DuckDBTypeId, VARCHAR } from '@duckdb/node-api';
import { parseStatement } from './ddl-parser.js';
import type { ExecContext, ResultColumn, StatementRun } from './exec-context.js';
import { executeDdl } from './exec-ddl.js';
import { selectRows, selectToFile } from './exec-select.js';
import { SHOW_COLUMN, executeShow } from './exec-show.js';
import { executeCtas, executeInsert } from './exec-write.js';
import { AthenaErrorType, QueryFailure } from './query-errors.js';
import type { Statement } from './statements.js';
import { STATEMENT_TYPES } from './statements.js';

/**
 * Runs one statement of any kind. Athena executions write the result to a
 * file (`<id>.csv` for SELECT, CTAS and INSERT; `<id>.txt` for DDL and
 * utility statements); the programmatic API takes rows instead.
 */

/** What a statement produced. */
export type Outcome =
  | { kind: 'rows'; columns: ResultColumn[]; rowCount: number; rows?: Record<string, unknown>[] }
  | { kind: 'lines'; column: string; lines: string[] }
  | { kind: 'count'; rows: number };

/** A finished statement. */
export interface Executed {
  statementType: 'DDL' | 'DML' | 'UTILITY';
  substatementType: string;
  bytes: number;
  outcome: Outcome;
}

/** Parses and classifies a statement without running it (QueryFailure when it does not parse). */
export function classify(statement: string): Statement {
  return parseStatement(statement);
}

/**
 * Runs `run.statement`. With `csvFile`, a SELECT writes its result there
 * (and its outcome has no rows); without, the rows come back as objects.
 */
export async function execute(
  ctx: ExecContext,
  run: StatementRun,
  csvFile?: string,
  parsed: Statement = parseStatement(run.statement),
): Promise<Executed> {
  const [statementType, substatementType] = STATEMENT_TYPES[parsed.kind];
  const done = (outcome: Outcome, bytes = 0): Executed => ({
    statementType,
    substatementType,
    bytes,
    outcome,
  });
  if (
    parsed.kind !== 'createDatabase' &&
    parsed.kind !== 'showDatabases' &&
    !ctx.store.database(run.database)
  ) {
    throw new QueryFailure(
      `SCHEMA_NOT_FOUND: Schema '${run.database}' does not exist. Create it (CREATE DATABASE ${run.database}) or set QueryExecutionContext.Database to an existing database.`,
      AthenaErrorType.EntityNotFound,
    );
  }
  switch (parsed.kind) {
    case 'query': {
      const selected = csvFile
        ? await selectToFile(ctx, run, parsed.query, csvFile, parsed.explain)
        : await selectRows(ctx, run, parsed.query);
      const outcome: Outcome = {
        kind: 'rows',
        columns: selected.columns,
        rowCount: selected.rowCount,
      };
      if (selected.rows) outcome.rows = selected.rows;
      return done(outcome, selected.bytes);
    }
    case 'createTableAs':
      return done({ kind: 'count', rows: await executeCtas(ctx, run, parsed) });
    case 'insertInto':
      return done({ kind: 'count', rows: await executeInsert(ctx, run, parsed) });
    case 'showDatabases':
    case 'showTables':
    case 'showPartitions':
    case 'showColumns':
    case 'showCreateTable':
    case 'describe':
      return done({
        kind: 'lines',
        column: SHOW_COLUMN[parsed.kind],
        lines: executeShow(ctx, run, parsed),
      });
    default:
      return done({ kind: 'lines', column: 'result', lines: await executeDdl(ctx, run, parsed) });
  }
}

/** The single VARCHAR column of a `.txt` result. */
export function lineColumn(name: string): ResultColumn {
  return { name, type: VARCHAR };
}

/** True for result columns DuckDB types as text. */
export function isText(column: ResultColumn): boolean {
  return column.type.typeId === DuckDBTypeId.VARCHAR;
}
