import type { Command } from 'commander';
import { ModelmillError } from '../../core/index.js';
import type { Modelmill } from '../../modelmill.js';
import { createModelmill } from '../../modelmill.js';
import type { LocalAthena, QueryRows } from '../../services/athena/index.js';
import { createLocalAthena } from '../../services/athena/index.js';
import { println, table } from '../output.js';

/** How `modelmill query` prints rows. */
export const QueryOutput = { Table: 'table', Json: 'json', Csv: 'csv' } as const;
/** A `--output` value of `modelmill query`. */
export type QueryOutput = (typeof QueryOutput)[keyof typeof QueryOutput];

/**
 * `modelmill query "SQL" [--database db] [--output table|json|csv]`: runs one
 * Athena statement (SELECT, DDL, SHOW, CTAS, ...) against the tables under
 * MODELMILL_HOME and prints the rows. A failing statement prints Athena's
 * reason (`SYNTAX_ERROR: line 1:8: ...`) and exits 1.
 */
export function registerQuery(program: Command, setExit: (code: number) => void): void {
  program
    .command('query <sql>')
    .description('run an Athena SQL statement over the local tables and print the result')
    .option('--database <name>', 'database unqualified table names resolve in', 'default')
    .option('--output <format>', 'table, json or csv', 'table')
    .action(async (sql: string, opts: { database: string; output: string }) => {
      const format = opts.output as QueryOutput;
      if (!Object.values(QueryOutput).includes(format)) {
        throw new ModelmillError(
          'InvalidArgument',
          `--output must be table, json or csv (got '${opts.output}')`,
        );
      }
      const mm = await createModelmill();
      const { athena, owned } = athenaOf(mm);
      try {
        const result = await athena.query(sql, { database: opts.database });
        println(formatRows(result, format));
        setExit(0);
      } finally {
        if (owned) await athena.close();
        await mm.close();
      }
    });
}

/** The instance's Athena, or one built over its database and object store until the root wires it. */
function athenaOf(mm: Modelmill): { athena: LocalAthena; owned: boolean } {
  const wired = (mm.services as { athena?: LocalAthena }).athena;
  if (wired) return { athena: wired, owned: false };
  const athena = createLocalAthena({
    db: mm.db,
    home: mm.config.home,
    scope: { region: mm.config.region, accountId: mm.config.accountId },
    objects: mm.services.s3,
    clock: mm.clock,
    ids: mm.ids,
    logger: mm.logger,
  });
  return { athena, owned: true };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function csvCell(value: unknown): string {
  return value === null || value === undefined ? '' : `"${cell(value).replace(/"/g, '""')}"`;
}

/** Renders a query's rows as an aligned table, JSON (an array of objects) or CSV (header row first). */
export function formatRows(result: QueryRows, format: QueryOutput): string {
  const names = result.columns.map((c) => c.name);
  switch (format) {
    case 'json':
      return JSON.stringify(result.rows, null, 2);
    case 'csv':
      return [names, ...result.rows.map((row) => names.map((n) => row[n]))]
        .map((row) => row.map(csvCell).join(','))
        .join('\n');
    case 'table': {
      const lines = table(
        names,
        result.rows.map((row) => names.map((n) => cell(row[n]))),
      );
      const count = result.rows.length;
      return `${lines}\n(${count} row${count === 1 ? '' : 's'})`;
    }
  }
}
