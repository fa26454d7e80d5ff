import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../modelmill.js';
import { createModelmill } from '../../modelmill.js';
import { evaluateRules, parseDqdl, DEFECTS_DQDL } from '../../quality/index.js';
import { dapmNames } from './names.js';
import { writeSampleData } from './sample-data.js';

let mm: Modelmill;
const names = dapmNames({ useCase: 'demo', env: 'dev', region: 'us-east-1' });

beforeAll(async () => {
  mm = await createModelmill({
    home: mkdtempSync(join(tmpdir(), 'mm-sample-')),
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await mm.close();
});

describe('sample data', () => {
  it('writes extracts that pass the sample DQ rules, and the mapping JSON and rules', async () => {
    const report = await writeSampleData(mm, names, 'demo', { parts: 12, days: 40 });
    expect(report.trainingRows).toBe(12 * 40);
    expect(report.scoringRows).toBe(12 * 14);
    const rules = parseDqdl(DEFECTS_DQDL);
    const result = await evaluateRules(rules, `s3://${names.analyticsBucket}/demo/training_data/`, {
      objects: mm.services.s3,
      format: 'parquet',
      source: 'training_data',
    });
    const failed = result.results
      .filter((r) => r.outcome === 'Failed')
      .map((r) => `${r.rule}: ${r.failureReason}`);
    expect(failed).toEqual([]);
    const mapping = await mm.services.s3.getObject({
      Bucket: names.training.internalBucket,
      Key: 'mapping_json/mapping_json.json',
    });
    expect(JSON.parse(Buffer.from(mapping.Body).toString()).mapping_json_data.primary_key).toBe(
      'part_name',
    );
  });

  it('makes extracts that fail the gate when asked to', async () => {
    const other = dapmNames({ useCase: 'bad', env: 'dev', region: 'us-east-1' });
    await writeSampleData(mm, other, 'bad', { parts: 12, days: 40, badShare: 0.3 });
    const result = await evaluateRules(
      parseDqdl(DEFECTS_DQDL),
      `s3://${other.analyticsBucket}/bad/training_data/`,
      { objects: mm.services.s3, format: 'parquet', source: 'training_data' },
    );
    expect(result.results.some((r) => r.outcome === 'Failed')).toBe(true);
  });
});
