import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../src/core/index.js';
import type { DqEvaluation, DqRuleResult } from '../../src/quality/index.js';
import {
  dqResultsTableInput,
  latestOverallStatus,
  readDqResults,
  toDqResultRows,
  writeDqResults,
} from '../../src/quality/index.js';
import { createLocalAthena } from '../../src/services/athena/index.js';
import { createLocalS3 } from '../../src/services/s3/index.js';
import { openDatabase } from '../../src/store/index.js';
import { withDuckSession } from '../../src/quality/duck.js';
import { tempDir } from './fixtures.js';

const passed: DqRuleResult = {
  rule: 'RowCount > 0',
  outcome: 'Passed',
  evaluatedMetrics: { 'Dataset.*.RowCount': 200 },
  actualValue: 200,
};
const failed: DqRuleResult = {
  rule: 'Completeness "temperature" > 0.95',
  outcome: 'Failed',
  failureReason: 'Value: 0.9 does not meet the constraint requirement!',
  evaluatedMetrics: { 'Column.temperature.Completeness': 0.9 },
  actualValue: 0.9,
};
const run = (
  source: string,
  results: DqRuleResult[],
): Pick<DqEvaluation, 'source' | 'results'> => ({
  source,
  results,
});

describe('dqresults', () => {
  it('has one row per rule and one dq_overall_status row per source', () => {
    const at = new Date(Date.UTC(2024, 2, 5, 10));
    const rows = toDqResultRows([run('defects', [passed, failed]), run('sensors', [passed])], {
      correlationId: 'run-1',
      auditTimestamp: at,
    });
    expect(rows).toEqual([
      {
        corelation_id: 'run-1',
        source: 'defects',
        actual_value: 200,
        rule: 'RowCount > 0',
        outcome: 'Passed',
        failurereason: null,
        evaluatedmetrics: '{"Dataset.*.RowCount":200}',
        passcnt: 1,
        failcnt: 0,
        audittimestamp: at,
      },
      expect.objectContaining({
        rule: 'Completeness "temperature" > 0.95',
        outcome: 'Failed',
        failurereason: 'Value: 0.9 does not meet the constraint requirement!',
        passcnt: 0,
        failcnt: 1,
      }),
      expect.objectContaining({
        source: 'defects',
        rule: 'dq_overall_status',
        outcome: 'Failed',
        actual_value: 0.5,
        failurereason: '1 of 2 rules failed',
        passcnt: 1,
        failcnt: 1,
      }),
      expect.objectContaining({ source: 'sensors', rule: 'RowCount > 0' }),
      expect.objectContaining({
        source: 'sensors',
        rule: 'dq_overall_status',
        outcome: 'Passed',
        failurereason: null,
        passcnt: 1,
        failcnt: 0,
      }),
    ]);
  });

  it('writes Parquet under year=/month=/day= and reads the rows back with their types', async () => {
    const location = join(tempDir(), 'dqresults');
    const written = await writeDqResults(location, [run('defects', [passed, failed])], {
      clock: createFakeClock(Date.UTC(2024, 2, 5, 10, 30)),
      ids: createSequentialIds(),
      correlationId: 'exec-42',
    });
    const file = join(
      location,
      'year=2024',
      'month=03',
      'day=05',
      '00000000-0000-4000-8000-000000000001.parquet',
    );
    expect(written).toEqual({
      file,
      rows: 3,
      correlationId: 'exec-42',
      partition: {
        values: ['2024', '03', '05'],
        location: `${join(location, 'year=2024', 'month=03', 'day=05')}/`,
      },
    });
    expect(existsSync(file)).toBe(true);

    const schema = await withDuckSession((s) =>
      s.rows(`DESCRIBE SELECT * FROM read_parquet('${file}', hive_partitioning = false)`),
    );
    expect(Object.fromEntries(schema.map((c) => [c.column_name, c.column_type]))).toEqual({
      corelation_id: 'VARCHAR',
      source: 'VARCHAR',
      actual_value: 'DOUBLE',
      rule: 'VARCHAR',
      outcome: 'VARCHAR',
      failurereason: 'VARCHAR',
      evaluatedmetrics: 'VARCHAR',
      passcnt: 'BIGINT',
      failcnt: 'BIGINT',
      audittimestamp: 'TIMESTAMP',
    });

    const rows = await readDqResults(location);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({
      corelation_id: 'exec-42',
      source: 'defects',
      actual_value: 0.9,
      rule: 'Completeness "temperature" > 0.95',
      outcome: 'Failed',
      failurereason: 'Value: 0.9 does not meet the constraint requirement!',
      evaluatedmetrics: '{"Column.temperature.Completeness":0.9}',
      passcnt: 0,
      failcnt: 1,
      audittimestamp: new Date(Date.UTC(2024, 2, 5, 10, 30)),
      year: '2024',
      month: '03',
      day: '05',
    });
    expect(rows[2]).toMatchObject({
      rule: 'dq_overall_status',
      outcome: 'Failed',
      actual_value: 0.5,
    });
  });

  it("answers the gatekeeper's question: each source's latest overall status", async () => {
    const location = join(tempDir(), 'dqresults');
    expect(await latestOverallStatus(location)).toEqual(new Map());
    expect(await readDqResults(location)).toEqual([]);
    const clock = createFakeClock(Date.UTC(2024, 2, 30, 23));
    await writeDqResults(location, [run('defects', [passed]), run('sensors', [failed])], { clock });
    clock.advance(2 * 3_600_000); // the next day, the next month
    await writeDqResults(location, [run('defects', [failed])], { clock });
    expect(await latestOverallStatus(location)).toEqual(
      new Map([
        ['defects', 'Failed'],
        ['sensors', 'Failed'],
      ]),
    );
    clock.advance(60_000);
    await writeDqResults(location, [run('sensors', [passed])], { clock });
    expect(await latestOverallStatus(location)).toEqual(
      new Map([
        ['defects', 'Failed'],
        ['sensors', 'Passed'],
      ]),
    );
    expect(existsSync(join(location, 'year=2024', 'month=03', 'day=31'))).toBe(true);
  });

  it('stores s3:// results as objects, readable by the gatekeeper and by Athena as <db>.dqresults', async () => {
    const home = tempDir('mm-dq-home-');
    const db = openDatabase(':memory:');
    const scope = { region: 'us-east-1', accountId: '000000000000' };
    const s3 = createLocalS3({ db, home, scope });
    await s3.createBucket({ Bucket: 'shared' });
    const clock = createFakeClock(Date.UTC(2024, 2, 5, 10));
    const written = await writeDqResults(
      's3://shared/dq/dqresults',
      [run('defects', [passed, failed])],
      {
        objects: s3,
        clock,
        ids: createSequentialIds(),
      },
    );
    expect(written.file).toBe(
      's3://shared/dq/dqresults/year=2024/month=03/day=05/00000000-0000-4000-8000-000000000002.parquet',
    );
    const head = await s3.headObject({
      Bucket: 'shared',
      Key: written.file.slice('s3://shared/'.length),
    });
    expect(head.ContentLength).toBeGreaterThan(0);
    expect(await latestOverallStatus('s3://shared/dq/dqresults/', { objects: s3 })).toEqual(
      new Map([['defects', 'Failed']]),
    );

    const athena = createLocalAthena({ db, home, scope, objects: s3, clock });
    try {
      await athena.registerTable({
        DatabaseName: 'dq_db',
        TableInput: dqResultsTableInput('s3://shared/dq/dqresults'),
      });
      await athena.registerPartition({
        DatabaseName: 'dq_db',
        TableName: 'dqresults',
        Values: written.partition.values,
      });
      const answer = await athena.query(
        "SELECT source, outcome, passcnt, failcnt FROM dqresults WHERE rule = 'dq_overall_status'",
        { database: 'dq_db' },
      );
      expect(answer.rows).toEqual([
        { source: 'defects', outcome: 'Failed', passcnt: 1, failcnt: 1 },
      ]);
    } finally {
      await athena.close();
    }
  });

  it('refuses s3:// results without an object store', async () => {
    await expect(writeDqResults('s3://shared/dq', [run('defects', [passed])])).rejects.toThrow(
      "pass the S3 service (mm.services.s3) as 'objects'",
    );
  });
});
