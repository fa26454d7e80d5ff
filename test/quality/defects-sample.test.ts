import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFECTS_DQDL, evaluateRules, parseDqdl } from '../../src/quality/index.js';
import type { DqRuleset } from '../../src/quality/index.js';
import { defectsSelect, tempDir, writeTable } from './fixtures.js';

/** The sample rules of the defect-prediction use case over good and damaged extracts. */
describe('src/quality/samples/defects.dqdl', () => {
  let ruleset: DqRuleset;
  let dir: string;

  beforeAll(async () => {
    ruleset = parseDqdl(DEFECTS_DQDL);
    dir = tempDir();
    await writeTable(
      join(dir, 'good', 'extract_month=2024-03', 'part-0.parquet'),
      defectsSelect(20, 10),
    );
    // A damaged extract: a duplicated (part, date), a negative count, an unknown shift.
    await writeTable(
      join(dir, 'bad', 'extract.parquet'),
      `WITH base AS (${defectsSelect(20, 10)})
       SELECT * REPLACE (
           CASE WHEN part_name = 'PRT-0003' AND date = DATE '2024-03-02' THEN -1 ELSE defect_count END AS defect_count,
           CASE WHEN part_name = 'PRT-0004' THEN 'D' ELSE shift END AS shift)
         FROM base
       UNION ALL SELECT * FROM base WHERE part_name = 'PRT-0001' AND date = DATE '2024-03-05'`,
    );
  });

  it('is valid DQDL covering keys, measures, ranges, volume and uniqueness', () => {
    const types = new Set(ruleset.rules.map((r) => (r.kind === 'rule' ? r.type : 'composite')));
    expect([...types].sort()).toEqual(
      [
        'ColumnCount',
        'ColumnExists',
        'ColumnValues',
        'Completeness',
        'CustomSql',
        'DistinctValuesCount',
        'IsComplete',
        'Mean',
        'RowCount',
        'StandardDeviation',
        'composite',
      ].sort(),
    );
  });

  it('passes a good extract (a Hive-partitioned folder)', async () => {
    const result = await evaluateRules(ruleset, join(dir, 'good'), { source: 'defects' });
    const failed = result.results.filter((r) => r.outcome === 'Failed');
    expect(failed).toEqual([]);
    expect(result).toMatchObject({ overallStatus: 'Passed', rowCount: 200 });
  });

  it('fails a damaged extract on exactly the rules it breaks', async () => {
    const result = await evaluateRules(ruleset, join(dir, 'bad'), { source: 'defects' });
    const failed = result.results.filter((r) => r.outcome === 'Failed').map((r) => r.rule);
    expect(failed).toEqual([
      'CustomSql "select count(*) from (select part_name, date from primary group by part_name, date having count(*) > 1)" = 0',
      'ColumnValues "defect_count" >= 0',
      'ColumnValues "shift" in ["A","B","C"]',
    ]);
    expect(result.overallStatus).toBe('Failed');
  });
});
