import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDuck } from './ml-duck.js';
import { openDuck } from './ml-duck.js';
import type { JobObjects } from './ml-objects.js';
import { loadPartition, writeJoinedParquet } from './ml-partition-io.js';

/** Objects as plain files under `root` (s3://bucket/key → root/bucket/key). */
function fileObjects(root: string): JobObjects {
  const pathOf = (uri: string) => join(root, uri.replace(/^s3:\/\//, ''));
  const unused = () => Promise.reject(new Error('not used by these tests'));
  return {
    pathOf,
    folderOf: async (prefix) => pathOf(prefix),
    writeBytes: async (uri, body) => {
      mkdirSync(dirname(pathOf(uri)), { recursive: true });
      writeFileSync(pathOf(uri), body);
    },
    readText: unused,
    readBytes: unused,
    writeWith: unused,
    filesOf: unused,
  };
}

describe('partition Parquet in process', () => {
  let root: string;
  let duck: JobDuck;
  let objects: JobObjects;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mm-partition-io-'));
    objects = fileObjects(root);
    duck = await openDuck({ threads: 1 });
    const folder = join(root, 'data', 'pk=BRK-0001', 'mapping=default');
    mkdirSync(join(folder, 'part2'), { recursive: true });
    // Two files: the second lacks `shift`, as files written at different times may.
    await duck.run(
      `COPY (SELECT DATE '2024-01-01' + range::INT AS date, (range * 2)::BIGINT AS defects, range / 4 AS temperature, 'A' AS shift FROM range(3)) TO '${folder}/data_0.parquet' (FORMAT parquet)`,
    );
    await duck.run(
      `COPY (SELECT DATE '2024-01-04' + range::INT AS date, (range * 2 + 6)::BIGINT AS defects, 1.5 AS temperature FROM range(2)) TO '${folder}/part2/data_1.parquet' (FORMAT parquet)`,
    );
  });

  afterAll(() => {
    duck.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads every file under the folder, in order, with numbers for 64-bit integers', async () => {
    const partition = await loadPartition(objects, 's3://data/pk=BRK-0001/mapping=default/');
    expect(partition.columns).toEqual(['date', 'defects', 'temperature', 'shift']);
    expect(partition.rows.map((r) => r.defects)).toEqual([0, 2, 4, 6, 8]);
    expect(partition.rows[0]?.date).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(partition.rows[4]).toMatchObject({ temperature: 1.5, shift: null });
  });

  it('writes rows by position with their own column types, constants and new columns', async () => {
    const partition = await loadPartition(objects, 's3://data/pk=BRK-0001/mapping=default/');
    await writeJoinedParquet(objects, 's3://out/pred/test_pred.parquet', {
      partition,
      positions: [4, 1, 3],
      keep: ['date', 'defects', 'absent'],
      constants: { part_name: 'BRK-0001' },
      added: {
        predicted: { kind: 'double', values: [8.5, 2.5, Number.NaN] },
        label: { kind: 'text', values: ['high', 'low', 3] },
      },
    });
    const file = join(root, 'out', 'pred', 'test_pred.parquet');
    const types = await duck.rows(`DESCRIBE SELECT * FROM '${file}'`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual([
      ['part_name', 'VARCHAR'],
      ['date', 'DATE'],
      ['defects', 'BIGINT'],
      ['predicted', 'DOUBLE'],
      ['label', 'VARCHAR'],
    ]);
    const rows = await duck.rows(`SELECT part_name, defects, predicted, label FROM '${file}'`);
    expect(rows).toEqual([
      { part_name: 'BRK-0001', defects: 2, predicted: 2.5, label: 'low' },
      { part_name: 'BRK-0001', defects: 6, predicted: null, label: '3' },
      { part_name: 'BRK-0001', defects: 8, predicted: 8.5, label: 'high' },
    ]);
  });

  it('names a missing folder as having no data', async () => {
    await expect(loadPartition(objects, 's3://data/pk=NONE/')).rejects.toMatchObject({
      code: 'NoData',
      message: expect.stringContaining('s3://data/pk=NONE/') as unknown,
    });
  });
});
