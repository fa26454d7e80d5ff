import { ModelmillError } from '../../../core/index.js';
import type { JobDuck } from './ml-duck.js';
import { sqlString } from './ml-duck.js';
import type { PartitionOutput } from './ml-final-job.js';
import type { JobObjects } from './ml-objects.js';

/**
 * One DuckDB read of every partition output of a run: a glob over the run's
 * prefix, joined with the files the state table names (so leftovers of a
 * failed first run, which the state table no longer lists, are ignored),
 * each row tagged with its algorithm, pk and mapping.
 */

/**
 * Creates table `table` with `__algoname, __pk, __mapping` (prefixed, so no
 * data column collides), the file's columns, `filename` and
 * `file_row_number`; fails naming the outputs whose file is missing or empty.
 */
export async function loadRunFiles(
  duck: JobDuck,
  objects: JobObjects,
  outputs: readonly PartitionOutput[],
  prefix: string,
  fileName: string,
  table: string,
): Promise<void> {
  const files = await objects.filesOf(outputs.map((o) => o.predictions));
  await duck.load(`${table}_expected`, [
    { name: 'filename', type: 'VARCHAR', values: files },
    { name: 'algoname', type: 'VARCHAR', values: outputs.map((o) => o.algorithm) },
    { name: 'pk', type: 'VARCHAR', values: outputs.map((o) => o.pk) },
    { name: 'mapping', type: 'VARCHAR', values: outputs.map((o) => o.mapping) },
  ]);
  const glob = `${objects.pathOf(prefix).replace(/\/+$/, '')}/**/${fileName}`;
  await duck.run(
    `CREATE OR REPLACE TABLE ${table} AS SELECT f.algoname AS __algoname, f.pk AS __pk, f.mapping AS __mapping, t.* FROM read_parquet(${sqlString(glob)}, filename=true, file_row_number=true, hive_partitioning=false, union_by_name=true) t JOIN ${table}_expected f ON t.filename = f.filename`,
  );
  const [found] = await duck.rows(`SELECT count(DISTINCT filename) AS files FROM ${table}`);
  if (Number(found?.files ?? 0) >= files.length) return;
  const seen = new Set(
    (await duck.rows(`SELECT DISTINCT filename FROM ${table}`)).map((r) => String(r.filename)),
  );
  const missing = outputs.filter((_, i) => !seen.has(files[i] as string)).map((o) => o.predictions);
  throw new ModelmillError(
    'NoSuchKey',
    `${missing.length} output file${missing.length > 1 ? 's' : ''} of succeeded partitions ${missing.length > 1 ? 'are' : 'is'} missing or empty, e.g. ${missing.slice(0, 3).join(', ')}; the Batch job writes them before it succeeds`,
  );
}
