import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dapmInfer } from '../../src/pipelines/dapm/jobs/infer.js';
import { dapmInferenceSummary } from '../../src/pipelines/dapm/jobs/inference-summary.js';
import { dapmTrain } from '../../src/pipelines/dapm/jobs/train.js';
import { generateDefectRows } from '../../src/pipelines/sample/defects.js';
import { marshallItem } from '../../src/services/dynamodb/index.js';
import type { MlFixture } from './ml-fixture.js';
import { createMlFixture, names, readParquet, rowsByPart } from './ml-fixture.js';

/**
 * The inference summary over an inference run of three scored partitions
 * (models trained in the same instance) and one that failed: the summary
 * recomputed from the prediction files, the meta item and its dump, the
 * data-quality event, and the three Athena tables queried.
 */
let fx: MlFixture;
const history = rowsByPart(generateDefectRows({ parts: 3, days: 40 }));
const scoring = rowsByPart(
  generateDefectRows({ parts: 3, days: 10, endDate: '2024-07-10', seed: 5 }),
);
const pks = [...history.keys()];
const predictions = new Map<string, number[]>();

const local = (uri: string) => join(fx.home, 'objects', uri.replace(/^s3:\/\//, ''));
const prefix = (area: string) => `s3://${fx.shared}/${area}/${fx.runPath}/`;

async function trainThenScore(pk: string, i: number): Promise<void> {
  await fx.writePartition(pk, history.get(pk) ?? [], 'history');
  await fx.putStateItem(`train-${i}`, pk, { step_job_id: 'training-run' });
  const common = { pk_id: pk, mapping_id: 'default', prev_batch_job_id: 'NA' };
  await fx.call(
    dapmTrain,
    {
      ...common,
      s3_pk_mappingid_data_input_path: fx.partitionUri(pk, 'history'),
      s3_training_prefix_output_path: prefix('training'),
      s3_pred_or_eval_prefix_output_path: prefix('pred_or_eval'),
      train_statetable_name: names.inferencing.stateTable,
      algo_names: 'lr,xgb,rf',
    },
    { AWS_BATCH_JOB_ID: `train-${i}` },
  );
  const models = (await fx.stateItem(`train-${i}`))?.algo_final_run_s3outputpaths;
  await fx.writePartition(
    pk,
    (scoring.get(pk) ?? []).map(({ defect_count: _y, ...rest }) => rest),
  );
  await fx.putStateItem(`infer-${i}`, pk);
  const { code } = await fx.call(
    dapmInfer,
    {
      ...common,
      s3_pk_mappingid_data_input_path: fx.partitionUri(pk),
      s3_inference_prefix_output_path: prefix('inferenceout'),
      inference_statetable_name: names.inferencing.stateTable,
      model_paths: JSON.stringify(models),
      algo_names: 'lr,xgb,rf',
    },
    { AWS_BATCH_JOB_ID: `infer-${i}` },
  );
  const item = await fx.stateItem(`infer-${i}`);
  await fx.putStateItem(`infer-${i}`, pk, {
    ...item,
    awsbatch_job_status_overall: code === 0 ? 'SUCCEEDED' : 'FAILED',
  });
  for (const o of item?.algo_final_run_s3outputpaths ?? []) {
    const rows = await readParquet(local(o.pred_or_eval_s3_output_path));
    predictions.set(
      `${o.algorithm_name}|${pk}`,
      rows.map((r) => r.predicted as number),
    );
  }
}

beforeAll(async () => {
  fx = await createMlFixture('inferencing');
  for (const [i, pk] of pks.entries()) await trainThenScore(pk, i);
  await fx.putStateItem('infer-failed', 'gear-009', {
    awsbatch_job_status_overall: 'FAILED',
    num_runs: 2,
  });
  await fx.mm.services.dynamodb.putItem({
    TableName: names.inferencing.metaTable,
    Item: marshallItem({
      metaKey: 'fixedlookupkey',
      ...fx.glueArgs(),
      step_job_id: fx.stepJobId,
      winner_algorithm: 'xgb',
    }),
  });
  const items = await Promise.all([0, 1, 2].map((i) => fx.stateItem(`infer-${i}`)));
  await fx.mm.services.s3.putObject({
    Bucket: fx.shared,
    Key: `debug/${fx.runPath}/step_job_overall_summary.json`,
    Body: items.map((i) => JSON.stringify(i)).join('\n'),
  });
}, 60_000);

afterAll(async () => {
  await fx.close();
});

describe('dapm-inference-summary', () => {
  it('summarises predictions per algorithm and partition and publishes the tables and the event', async () => {
    const { code, lines } = await fx.call(dapmInferenceSummary, fx.glueArgs());
    expect(code, lines.join('\n')).toBe(0);
    const summary = await readParquet(local(`${prefix('inference_summary')}part-0.parquet`));
    expect(summary).toHaveLength(9);
    for (const row of summary) {
      const values = predictions.get(`${String(row.algoname)}|${String(row.pk)}`) ?? [];
      expect(values).toHaveLength(10);
      expect(row).toMatchObject({
        mapping: 'default',
        rows_scored: 10,
        min_prediction: Math.min(...values),
        max_prediction: Math.max(...values),
      });
      expect(row.mean_prediction).toBeCloseTo(values.reduce((s, v) => s + v, 0) / 10, 10);
    }
    expect(summary.map((r) => `${String(r.algoname)}|${String(r.pk)}`)).toEqual(
      ['lr', 'rf', 'xgb'].flatMap((a) => [...pks].sort().map((pk) => `${a}|${pk}`)),
    );

    const dump = JSON.parse(readFileSync(local(`${prefix('meta')}meta_ddb_table.json`), 'utf8'));
    expect(dump).toMatchObject({
      rows_scored: 90,
      partitions_scored: 3,
      winner_algorithm: 'xgb',
      step_job_id: fx.stepJobId,
    });
    expect(dump.stage_times.inference_summary.end_time).toMatch(/^\d{4}-/);

    const events = fx.mm.services.events.listEvents().filter((e) => e.bus === names.bus);
    expect(events.map((e) => [e.source, e.detailType])).toEqual([
      ['jenkins.dataquality', 'data_quality_event'],
    ]);
    expect(events[0]?.event.detail).toMatchObject({
      '--source': 'scoring_data',
      '--stepjobid': fx.stepJobId,
      '--month': '06',
    });

    const athena = fx.mm.services.athena;
    const where = `stepjobid = '${fx.stepJobId}' AND year = '2024'`;
    const scored = await athena.query(
      `SELECT sum(rows_scored) AS n FROM "default".inference WHERE ${where}`,
    );
    expect(scored.rows).toEqual([{ n: 90 }]);
    const meta = await athena.query(
      `SELECT winner_algorithm, rows_scored FROM "default".meta_inference WHERE ${where}`,
    );
    expect(meta.rows).toEqual([{ winner_algorithm: 'xgb', rows_scored: 90 }]);
    const debug = await athena.query(
      `SELECT count(*) AS n FROM "default".debug_inference CROSS JOIN UNNEST(algo_final_run_s3outputpaths) AS t(p) WHERE ${where}`,
    );
    expect(debug.rows).toEqual([{ n: 9 }]);
  }, 60_000);

  it('fails, saying so, when no partition of the run succeeded', async () => {
    const { code, lines } = await fx.call(
      dapmInferenceSummary,
      fx.glueArgs({ inference_statetable_name: names.inferencing.inputTable }),
    );
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/no partition of run .* succeeded \(0 state items/);
  });
});
