import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatRows, registerQuery } from './query.js';

/** `modelmill query` end to end over a temporary MODELMILL_HOME. */

let home: string;
const saved = process.env.MODELMILL_HOME;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'mm-cli-query-'));
  mkdirSync(join(home, 'objects', 'lake', 'scores'), { recursive: true });
  writeFileSync(
    join(home, 'objects', 'lake', 'scores', 'a.json'),
    '{"algo": "lr", "score": 0.5}\n{"algo": "xgb", "score": 0.75}\n',
  );
  process.env.MODELMILL_HOME = home;
});

afterAll(() => {
  if (saved === undefined) delete process.env.MODELMILL_HOME;
  else process.env.MODELMILL_HOME = saved;
  rmSync(home, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  let code = -1;
  const program = new Command('modelmill').exitOverride();
  registerQuery(program, (c) => {
    code = c;
  });
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['query', ...args], { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return { code, out: chunks.join('') };
}

describe('modelmill query', () => {
  it('runs DDL and prints SELECT results as a table, JSON or CSV', async () => {
    await cli(
      "CREATE EXTERNAL TABLE scores (algo string, score double) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/scores/'",
    );
    const sql = 'SELECT algo, score FROM scores ORDER BY score DESC';
    const text = await cli(sql);
    expect(text.code).toBe(0);
    expect(text.out).toBe('algo  score\nxgb   0.75\nlr    0.5\n(2 rows)\n');
    const json = await cli(sql, '--output', 'json');
    expect(JSON.parse(json.out)).toEqual([
      { algo: 'xgb', score: 0.75 },
      { algo: 'lr', score: 0.5 },
    ]);
    const csv = await cli('SHOW TABLES', '--output', 'csv');
    expect(csv.out).toBe('"tab_name"\n"scores"\n');
  });

  it('fails with Athena’s reason for a bad statement', async () => {
    await expect(cli('SELECT nope FROM scores')).rejects.toThrow(
      /^COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved/,
    );
    await expect(cli('SELECT 1', '--output', 'yaml')).rejects.toThrow(
      /--output must be table, json or csv/,
    );
  });

  it('renders NULLs as empty cells and nested values as JSON', () => {
    const result = {
      columns: [
        { name: 'a', type: 'varchar' },
        { name: 'b', type: 'array' },
      ],
      rows: [{ a: null, b: [1, 2] }],
    };
    expect(formatRows(result, 'csv')).toBe('"a","b"\n,"[1,2]"');
    expect(formatRows(result, 'table')).toBe('a  b\n   [1,2]\n(1 row)');
  });
});
