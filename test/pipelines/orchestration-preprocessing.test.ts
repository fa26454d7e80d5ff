import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatekeeper } from '../../src/pipelines/dapm/jobs/gatekeeper.js';
import { withDuck } from '../../src/pipelines/dapm/jobs/orchestration-duck.js';
import { preprocessing } from '../../src/pipelines/dapm/jobs/preprocessing.js';
import { unmarshallItem } from '../../src/services/dynamodb/index.js';
import type { DapmFixture } from './orchestration-fixture.js';
import {
  REGION,
  createDapmFixture,
  names,
  programContext,
  putSampleInputs,
  runPath,
  sampleRows,
  stepJobId,
  testMapping,
} from './orchestration-fixture.js';

/** Preprocessing after a passed gatekeeper: Parquet partitions and one input item each. */
let fx: DapmFixture;

beforeAll(async () => {
  fx = await createDapmFixture();
}, 60_000);

afterAll(async () => {
  await fx.close();
});

async function runJobs(): Promise<{ code: number; log: string }> {
  const gate = programContext('dapm-gatekeeper', fx.args('training'), fx.env);
  expect(await gatekeeper(gate), gate.lines.join('\n')).toBe(0);
  const args = {
    train_metatable_name: names.training.metaTable,
    region: REGION,
    execution_id: fx.args('training').execution_id ?? '',
  };
  const c = programContext('dapm-preprocessing', args, {
    ...fx.env,
    PROCESSING_JOB_NAME: 'train-pre-run-1',
  });
  const code = await preprocessing(c);
  c.cleanup();
  gate.cleanup();
  return { code, log: c.lines.join('\n') };
}

async function inputItems() {
  const out = await fx.mm.services.dynamodb.scan({ TableName: names.training.inputTable });
  return (out.Items ?? [])
    .map((i) => unmarshallItem(i))
    .sort((a, b) => String(a.pk_mappingid).localeCompare(String(b.pk_mappingid)));
}

const root = `preprocessing/${runPath('training')}/smid=train-pre-run-1/`;

describe('dapm-preprocessing', () => {
  it('writes one Parquet partition and one input item per primary key (default mapping)', async () => {
    const rows = sampleRows(3, 20);
    await putSampleInputs(fx, 'training', { rows });
    const { code, log } = await runJobs();
    expect(code, log).toBe(0);
    const items = await inputItems();
    const parts = [...new Set(rows.map((r) => r.part_name))].sort();
    expect(items.map((i) => i.pk_mappingid)).toEqual(parts.map((p) => `${p}|default`));
    expect(items[0]).toMatchObject({
      pk: parts[0],
      mapping_id: 'default',
      algo_names: ['lr', 'rf'],
      s3_input_path: `s3://${names.training.sharedBucket}/${root}pk=${parts[0]}/mapping=default/`,
      output_bucket: names.training.sharedBucket,
      job_definition: fx.jobDefinitionArn,
      batch_job_status_overall: 'TO_BE_CREATED',
      year: '2024',
      month: '06',
      day: '30',
      step_job_id: stepJobId('training'),
      row_count: 20,
    });
    const listed = await fx.mm.services.s3.listObjectsV2({
      Bucket: names.training.sharedBucket,
      Prefix: root,
    });
    expect(listed.Contents.map((o) => o.Key)).toEqual(
      parts.map((p) => `${root}pk=${p}/mapping=default/part-0.parquet`),
    );
    const file = join(
      fx.home,
      'objects',
      names.training.sharedBucket,
      ...listed.Contents[0]!.Key.split('/'),
    );
    const read = await withDuck((d) =>
      d.rows(
        `SELECT count(*) AS n, min(part_name) AS p, count(DISTINCT date) AS days FROM read_parquet('${file}')`,
      ),
    );
    expect(read).toEqual([{ n: 20, p: parts[0], days: 20 }]);
    const meta = unmarshallItem(
      (
        await fx.mm.services.dynamodb.getItem({
          TableName: names.training.metaTable,
          Key: { metaKey: { S: 'fixedlookupkey' } },
        })
      ).Item ?? {},
    );
    expect(meta).toMatchObject({
      preprocessing_total: 3,
      preprocessing_rows: 60,
      smid: 'train-pre-run-1',
    });
    expect(Object.keys(meta.stage_times as object).sort()).toEqual(['gatekeeper', 'preprocessing']);
    expect(log).toContain('preprocessing wrote 3 partitions (60 rows)');
  });

  it('splits by the mapping column, keeps awkward values addressable, and leaves out rows without a key', async () => {
    await fx.mm.services.dynamodb.deleteTable({ TableName: names.training.inputTable });
    await fx.mm.services.dynamodb.createTable({
      TableName: names.training.inputTable,
      KeySchema: [{ AttributeName: 'pk_mappingid', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk_mappingid', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    const rows = sampleRows(2, 10).map((r, i) => ({
      ...r,
      part_name: i % 7 === 0 ? 'bolt/7 ü' : r.part_name,
      plant: i % 2 === 0 ? 'gurgaon' : 'manesar',
    }));
    const mapping = testMapping(['lr']);
    mapping.mapping_json_data.Training.mappingColumn = 'plant';
    mapping.mapping_json_data.Inference.mappingColumn = 'plant';
    await putSampleInputs(fx, 'training', {
      rows: [...rows, { ...rows[0]!, part_name: null }],
      mapping,
      rules: 'Rules = [ RowCount > 10 ]',
    });
    const { code, log } = await runJobs();
    expect(code, log).toBe(0);
    expect(log).toContain('1 rows have no part_name or mapping value and were left out');
    const items = await inputItems();
    const expected = new Map<string, number>();
    for (const r of rows)
      expected.set(
        `${r.part_name}|${r.plant}`,
        (expected.get(`${r.part_name}|${r.plant}`) ?? 0) + 1,
      );
    expect(items.map((i) => [i.pk_mappingid, i.row_count])).toEqual(
      [...expected].sort((a, b) => a[0].localeCompare(b[0])),
    );
    const awkward = items.find((i) => i.pk === 'bolt/7 ü' && i.mapping_id === 'gurgaon');
    expect(awkward?.s3_input_path).toBe(
      `s3://${names.training.sharedBucket}/${root}pk=bolt%2F7%20%C3%BC/mapping=gurgaon/`,
    );
    const folder = join(
      fx.home,
      'objects',
      names.training.sharedBucket,
      root,
      'pk=bolt%2F7%20%C3%BC',
      'mapping=gurgaon',
    );
    const read = await withDuck((d) =>
      d.rows(`SELECT DISTINCT part_name, plant FROM read_parquet('${folder}/*.parquet')`),
    );
    expect(read).toEqual([{ part_name: 'bolt/7 ü', plant: 'gurgaon' }]);
  });

  it('fails, saying so, when the meta item belongs to another run', async () => {
    const args = {
      train_metatable_name: names.training.metaTable,
      region: REGION,
      execution_id: `arn:aws:states:${REGION}:1:execution:${names.training.stateMachine}:other`,
    };
    const c = programContext('dapm-preprocessing', args, fx.env);
    expect(await preprocessing(c)).toBe(1);
    expect(c.lines.filter((l) => l.startsWith('error'))).toEqual([
      expect.stringContaining(
        `belongs to run ${stepJobId('training')}, not ${names.training.stateMachine}-other`,
      ),
    ]);
    c.cleanup();
  });
});
