import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Test data for the data-quality tests: tables written by DuckDB from a
 * SELECT (`COPY ... TO`), as Parquet, CSV or JSON lines, in a temp folder.
 */

/** A fresh temporary folder. */
export function tempDir(prefix = 'mm-dq-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes the rows of `select` to `path` in the format its extension names. */
export async function writeTable(path: string, select: string): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const format = path.endsWith('.csv')
    ? 'CSV, HEADER'
    : path.endsWith('.parquet')
      ? 'PARQUET'
      : 'JSON';
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (${select}) TO '${path.replace(/'/g, "''")}' (FORMAT ${format})`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return path;
}

/**
 * A day's defect-prediction extract: one row per part and date with plausible
 * measures (deterministic, `parts` parts × `days` days).
 */
export function defectsSelect(parts = 20, days = 10): string {
  return `SELECT
      printf('PRT-%04d', p) AS part_name,
      DATE '2024-03-01' + CAST(d AS INTEGER) AS date,
      CAST((p * 7 + d * 3) % 9 AS INTEGER) AS defect_count,
      CAST(400 + (p * 37 + d * 11) % 600 AS INTEGER) AS production_volume,
      ROUND(18 + ((p * 13 + d * 5) % 170) / 10.0, 1) AS temperature,
      ROUND(35 + ((p * 17 + d * 7) % 400) / 10.0, 1) AS humidity,
      ROUND(80 + ((p * 19 + d * 23) % 900) / 10.0, 1) AS line_speed,
      ['A', 'B', 'C'][1 + (p + d) % 3] AS shift,
      printf('PLANT-%d', 1 + p % 3) AS plant_id
    FROM range(${parts}) AS pp(p), range(${days}) AS dd(d)`;
}
