/**
 * An Athena aggregate (GROUP BY over a 10-million-row Parquet table,
 * partitioned by month, written by the bench under a temporary home) through
 * the embedded Athena — StartQueryExecution, wait, GetQueryResults, and the
 * direct `query()` API — against the same query in plain DuckDB over the same
 * files, in the same run. Goal: at least 0.9 of plain DuckDB's speed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createLocalAthena } from '../src/services/athena/index.js';
import { openDatabase } from '../src/store/index.js';
import type { BenchReport, BenchRow } from './harness.js';
import { timeMs } from './harness.js';

const ROWS = Number(process.env.MM_BENCH_ATHENA_ROWS ?? 10_000_000);
const ROUNDS = 15;
const SQL =
  'SELECT algoname, count(*) AS n, avg(metric_value) AS mean, max(metric_value) AS top FROM evaluation GROUP BY algoname ORDER BY algoname';

export default async function athenaBench(): Promise<BenchReport> {
  const home = mkdtempSync(join(tmpdir(), 'mm-bench-athena-'));
  try {
    return await measure(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function writeTable(dir: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const started = Date.now();
  await conn.run(
    `COPY (SELECT 'algo_' || (i % 50) AS algoname, (i * 7919 % 100003) / 100003.0 AS metric_value,
            i AS row_id, lpad(CAST(1 + i % 12 AS VARCHAR), 2, '0') AS month
          FROM range(${ROWS}) t(i))
     TO '${dir}' (FORMAT parquet, PARTITION_BY (month))`,
  );
  conn.closeSync();
  instance.closeSync();
  return Date.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(home: string): Promise<BenchReport> {
  const dir = join(home, 'objects', 'bench', 'evaluation');
  mkdirSync(dir, { recursive: true });
  const writeMs = await writeTable(dir);

  const db = openDatabase(join(home, 'modelmill.db'));
  const athena = createLocalAthena({
    db,
    home,
    scope: { region: 'us-east-1', accountId: '000000000000' },
    defaultOutputLocation: 's3://bench/results/',
  });
  await athena.query(
    "CREATE EXTERNAL TABLE evaluation (algoname string, metric_value double, row_id bigint) PARTITIONED BY (month string) STORED AS PARQUET LOCATION 's3://bench/evaluation/'",
  );
  await athena.query('MSCK REPAIR TABLE evaluation');

  const plain = await (await DuckDBInstance.create(':memory:')).connect();
  const plainSql = SQL.replace(
    'FROM evaluation',
    `FROM read_parquet('${dir}/*/*.parquet', hive_partitioning=true)`,
  );

  const spent = { api: [] as number[], direct: [] as number[], plain: [] as number[] };
  let groups = 0;
  // Warm both sides once (file metadata, OS cache), then alternate so both see the same conditions.
  await plain.runAndReadAll(plainSql);
  await athena.query(SQL);
  const sides: Record<keyof typeof spent, () => Promise<unknown>> = {
    plain: async () => (await plain.runAndReadAll(plainSql)).getRowsJson(),
    api: async () => {
      const { QueryExecutionId } = await athena.startQueryExecution({ QueryString: SQL });
      const done = await athena.waitForQueryExecution!(QueryExecutionId);
      if (done.Status.State !== 'SUCCEEDED') throw new Error(done.Status.StateChangeReason);
      const page = await athena.getQueryResults({ QueryExecutionId });
      groups = page.ResultSet.Rows.length - 1;
    },
    direct: () => athena.query(SQL),
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    // A fresh order each round, so load from other processes falls on every side alike.
    const order = (Object.keys(sides) as (keyof typeof spent)[]).sort(() => Math.random() - 0.5);
    for (const side of order) spent[side].push(await timeMs(sides[side]));
  }
  await athena.close();
  db.close();
  if (groups !== 50) throw new Error(`expected 50 groups, got ${groups}`);

  const baseline = median(spent.plain);
  const row = (name: string, ms: number): BenchRow => ({
    name,
    value: ms,
    unit: 'ms',
    baseline,
    baselineName: 'plain DuckDB read_parquet, same files',
    higherIsBetter: false,
    goal: '>= 0.9x',
    met: baseline / ms >= 0.9,
  });
  return {
    title: `Embedded Athena: GROUP BY over ${ROWS.toLocaleString('en-US')} Parquet rows (12 partitions), median of ${ROUNDS}`,
    rows: [
      row('StartQueryExecution + wait + GetQueryResults', median(spent.api)),
      row('direct query() API', median(spent.direct)),
    ],
    notes: [
      `Table written by DuckDB COPY in ${writeMs} ms; both sides read the same files with DuckDB's default threads.`,
      `Fastest runs: plain ${Math.min(...spent.plain).toFixed(0)} ms, API ${Math.min(...spent.api).toFixed(0)} ms, direct ${Math.min(...spent.direct).toFixed(0)} ms.`,
    ],
  };
}
