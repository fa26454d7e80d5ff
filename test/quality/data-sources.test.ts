import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelmillError } from '../../src/core/index.js';
import { evaluateRules } from '../../src/quality/index.js';
import { createLocalS3 } from '../../src/services/s3/index.js';
import { openDatabase } from '../../src/store/index.js';
import { tempDir, writeTable } from './fixtures.js';

const ROWS = `SELECT i AS id, i * 10.0 AS price, ['US', 'CA'][1 + i % 2] AS country FROM range(1, 6) AS t(i)`;
const RULES = 'Rules = [ RowCount = 5, Mean "price" = 30, ColumnValues "country" in ["US","CA"] ]';

async function rejection(promise: Promise<unknown>): Promise<ModelmillError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ModelmillError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('data sources', () => {
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    await writeTable(join(dir, 'items.parquet'), ROWS);
    await writeTable(join(dir, 'items.csv'), ROWS);
    await writeTable(join(dir, 'items.jsonl'), ROWS);
  });

  it.each(['items.parquet', 'items.csv', 'items.jsonl'])('reads %s', async (file) => {
    const result = await evaluateRules(RULES, join(dir, file));
    expect(result.results.map((r) => r.outcome)).toEqual(['Passed', 'Passed', 'Passed']);
    expect(result.source).toBe('items');
  });

  it('reads a Hive-partitioned folder, partition folders as columns, skipping _ and . files', async () => {
    const root = join(dir, 'hive');
    await writeTable(join(root, 'year=2024', 'month=01', 'part-0.parquet'), ROWS);
    await writeTable(join(root, 'year=2024', 'month=02', 'part-0.parquet'), ROWS);
    writeFileSync(join(root, 'year=2024', '_SUCCESS'), '');
    writeFileSync(join(root, 'year=2024', 'month=01', '.part-0.parquet.crc'), 'junk');
    const result = await evaluateRules(
      'Rules = [ RowCount = 10, ColumnExists "month", ColumnValues "year" = 2024, DistinctValuesCount "month" = 2 ]',
      root,
    );
    expect([...result.columns].sort()).toEqual(['country', 'id', 'month', 'price', 'year']);
    expect(result.results.map((r) => r.outcome)).toEqual(['Passed', 'Passed', 'Passed', 'Passed']);
    expect(result.source).toBe('hive');
  });

  it('reads s3:// data through the object store', async () => {
    const home = tempDir('mm-dq-home-');
    const s3 = createLocalS3({
      db: openDatabase(':memory:'),
      home,
      scope: { region: 'us-east-1', accountId: '000000000000' },
    });
    await s3.createBucket({ Bucket: 'analytics' });
    const body = new Uint8Array(readFileSync(join(dir, 'items.parquet')));
    await s3.putObject({
      Bucket: 'analytics',
      Key: 'defects/date=2024-03-01/part-0.parquet',
      Body: body,
    });
    await s3.putObject({
      Bucket: 'analytics',
      Key: 'defects/date=2024-03-02/part-0.parquet',
      Body: body,
    });
    const result = await evaluateRules(
      'Rules = [ RowCount = 10, ColumnValues "date" > "2024-02-29" ]',
      's3://analytics/defects/',
      {
        objects: s3,
        source: 'defects',
      },
    );
    expect(result).toMatchObject({
      source: 'defects',
      data: 's3://analytics/defects/',
      rowCount: 10,
      overallStatus: 'Passed',
    });
    const missing = await rejection(
      evaluateRules(RULES, 's3://analytics/nothing/', { objects: s3 }),
    );
    expect(missing.code).toBe('EntityNotFoundException');
    expect(missing.message).toContain('no data at s3://analytics/nothing/');
  });

  it('reads files without an extension when the format is given', async () => {
    const root = join(dir, 'firehose');
    await writeTable(join(root, '2024', '03', 'batch-1.jsonl'), ROWS);
    const plain = join(root, '2024', '03', 'batch-1');
    writeFileSync(plain, readFileSync(`${plain}.jsonl`));
    writeFileSync(`${plain}.jsonl`, '');
    const result = await evaluateRules(
      'Rules = [ RowCount = 5 ]',
      join(root, '2024', '03', 'batch-1'),
      { format: 'json' },
    );
    expect(result.overallStatus).toBe('Passed');
  });

  it('says what is wrong with a source it cannot read', async () => {
    const missing = await rejection(evaluateRules(RULES, join(dir, 'nope')));
    expect(missing.code).toBe('EntityNotFoundException');
    expect(missing.message).toContain(`no data at ${join(dir, 'nope')}`);

    const s3 = await rejection(evaluateRules(RULES, 's3://bucket/data/'));
    expect(s3.message).toContain("pass the S3 service (mm.services.s3) as 'objects'");

    const mixed = join(dir, 'mixed');
    await writeTable(join(mixed, 'a.csv'), ROWS);
    await writeTable(join(mixed, 'b.parquet'), ROWS);
    const err = await rejection(evaluateRules(RULES, mixed));
    expect(err.message).toContain('mixes formats (csv, parquet)');

    const broken = join(dir, 'broken.parquet');
    writeFileSync(broken, 'not parquet at all');
    const unreadable = await rejection(evaluateRules(RULES, broken));
    expect(unreadable.message).toMatch(/^cannot read the data at .*broken\.parquet as parquet: /);
  });
});
