import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { AthenaService, QueryExecution } from '../../../services/athena/index.js';
import type { RunId } from './orchestration-args.js';

/**
 * Athena queries from a job, as on AWS: StartQueryExecution, wait until it
 * ends, page through GetQueryResults. Rows come back as objects of strings
 * (NULL as null), keyed by the column names Athena reports.
 */

/** One result row: column → text (null for NULL). */
export type AthenaRow = Record<string, string | null>;

async function waitFor(athena: AthenaService, id: string): Promise<QueryExecution> {
  if (athena.waitForQueryExecution) return athena.waitForQueryExecution(id);
  for (let delay = 20; ; delay = Math.min(delay * 2, 1000)) {
    const { QueryExecution: execution } = await athena.getQueryExecution({ QueryExecutionId: id });
    const state = execution.Status.State;
    if (state !== 'QUEUED' && state !== 'RUNNING') return execution;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Runs `sql` and returns its rows; a failed query is an error carrying Athena's reason. */
export async function athenaRows(
  clients: ServiceClients,
  sql: string,
  outputLocation: string,
): Promise<AthenaRow[]> {
  const { athena } = clients;
  const { QueryExecutionId } = await athena.startQueryExecution({
    QueryString: sql,
    ResultConfiguration: { OutputLocation: outputLocation },
  });
  const execution = await waitFor(athena, QueryExecutionId);
  if (execution.Status.State !== 'SUCCEEDED') {
    throw new ModelmillError(
      'AthenaQueryFailed',
      `Athena query ${QueryExecutionId} ${execution.Status.State}: ${execution.Status.StateChangeReason ?? 'no reason given'} (query: ${sql})`,
    );
  }
  const rows: AthenaRow[] = [];
  let names: string[] | undefined;
  let token: string | undefined;
  let first = true;
  do {
    const page = await athena.getQueryResults({
      QueryExecutionId,
      ...(token ? { NextToken: token } : {}),
    });
    names ??= page.ResultSet.ResultSetMetadata.ColumnInfo.map((c) => c.Name);
    const data = page.ResultSet.Rows;
    // The first row of the first page repeats the column names.
    for (const row of data.slice(first ? 1 : 0)) {
      const out: AthenaRow = {};
      (names ?? []).forEach((name, i) => {
        out[name] = row.Data[i]?.VarCharValue ?? null;
      });
      rows.push(out);
    }
    token = page.NextToken;
    first = false;
  } while (token);
  return rows;
}

/** `"db"."table"`, quoted for Athena. */
export function qualifiedTable(database: string, table: string): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return `${quote(database)}.${quote(table)}`;
}

/** The WHERE clause selecting one run's partition (`year`, `month`, `day`, `stepjobid` as strings). */
export function runFilter(run: RunId): string {
  const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return `year = ${lit(run.year)} AND month = ${lit(run.month)} AND day = ${lit(run.day)} AND stepjobid = ${lit(run.stepJobId)}`;
}

/**
 * Rows of one run's partition of a table. When none are found the table's
 * partitions are repaired once (`MSCK REPAIR TABLE`: a partition written
 * after the table was created is not registered yet) and the query re-run.
 */
export async function runPartitionRows(
  clients: ServiceClients,
  select: (table: string) => string,
  table: { database: string; name: string },
  outputLocation: string,
): Promise<AthenaRow[]> {
  const qualified = qualifiedTable(table.database, table.name);
  const sql = select(qualified);
  const rows = await athenaRows(clients, sql, outputLocation);
  if (rows.length > 0) return rows;
  await athenaRows(clients, `MSCK REPAIR TABLE ${qualified}`, outputLocation);
  return athenaRows(clients, sql, outputLocation);
}
