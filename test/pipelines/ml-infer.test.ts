import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures, loadModel } from '../../src/ml/index.js';
import { dapmInfer } from '../../src/pipelines/dapm/jobs/infer.js';
import { dapmTrain } from '../../src/pipelines/dapm/jobs/train.js';
import { generateDefectRows } from '../../src/pipelines/sample/defects.js';
import type { MlFixture } from './ml-fixture.js';
import {
  DEFECT_COLUMN_TYPES,
  createMlFixture,
  names,
  readParquet,
  rowsByPart,
} from './ml-fixture.js';

/**
 * The inference container with models the training container wrote in the
 * same instance: predictions for every scoring row, equal to what the
 * model in `model.tar.gz` predicts, and per-algorithm failures.
 */
let fx: MlFixture;
const history = rowsByPart(generateDefectRows({ parts: 3, days: 60 }));
const scoring = rowsByPart(
  generateDefectRows({ parts: 3, days: 10, endDate: '2024-07-10', seed: 11 }),
);
const part = [...history.keys()][0] as string;
let models: { algorithm_name: string; model_s3_output_path: string }[] = [];

const local = (uri: string) => join(fx.home, 'objects', uri.replace(/^s3:\/\//, ''));

beforeAll(async () => {
  fx = await createMlFixture('inferencing');
  await fx.writePartition(part, history.get(part) ?? [], 'history');
  await fx.putStateItem('train-1', part);
  const trained = await fx.call(
    dapmTrain,
    {
      s3_pk_mappingid_data_input_path: fx.partitionUri(part, 'history'),
      s3_training_prefix_output_path: `s3://${fx.shared}/training/${fx.runPath}/`,
      s3_pred_or_eval_prefix_output_path: `s3://${fx.shared}/pred_or_eval/${fx.runPath}/`,
      train_statetable_name: names.inferencing.stateTable,
      prev_batch_job_id: 'NA',
      pk_id: part,
      mapping_id: 'default',
      algo_names: 'lr,xgb,rf',
    },
    { AWS_BATCH_JOB_ID: 'train-1' },
  );
  expect(trained.code, trained.lines.join('\n')).toBe(0);
  models = ((await fx.stateItem('train-1'))?.algo_final_run_s3outputpaths ?? []).map((o: any) => ({
    algorithm_name: o.algorithm_name,
    model_s3_output_path: o.model_s3_output_path,
  }));
  const rows = (scoring.get(part) ?? []).map(({ defect_count: _target, ...rest }) => rest);
  await fx.writePartition(part, rows);
});

afterAll(async () => {
  await fx.close();
});

function inferArgs(modelPaths: unknown, algos?: string): Record<string, string> {
  return {
    s3_pk_mappingid_data_input_path: fx.partitionUri(part),
    s3_training_prefix_output_path: `s3://${fx.shared}/training/${fx.runPath}/`,
    s3_pred_or_eval_prefix_output_path: `s3://${fx.shared}/pred_or_eval/${fx.runPath}/`,
    s3_inference_prefix_output_path: `s3://${fx.shared}/inferenceout/${fx.runPath}/`,
    inference_metatable_name: names.inferencing.metaTable,
    inference_statetable_name: names.inferencing.stateTable,
    prev_batch_job_id: 'NA',
    pk_id: part,
    mapping_id: 'default',
    model_paths: JSON.stringify(modelPaths),
    ...(algos ? { algo_names: algos } : {}),
    region: 'ap-south-1',
  };
}

describe('dapm-infer', () => {
  it('scores every row with each model and records the prediction paths', async () => {
    await fx.putStateItem('infer-1', part);
    const { code, lines } = await fx.call(dapmInfer, inferArgs(models, 'lr,xgb,rf'), {
      AWS_BATCH_JOB_ID: 'infer-1',
    });
    expect(code, lines.join('\n')).toBe(0);
    const item = await fx.stateItem('infer-1');
    expect(item?.algo_execution_status.map((s: any) => s.algorithm_execution_status)).toEqual([
      'SUCCESS',
      'SUCCESS',
      'SUCCESS',
    ]);
    const scored = scoring.get(part) ?? [];
    for (const output of item?.algo_final_run_s3outputpaths ?? []) {
      expect(output.pred_or_eval_s3_output_path).toBe(
        `s3://${fx.shared}/inferenceout/${fx.runPath}/pk=${part}/mapping=default/algoname=${output.algorithm_name}/prediction.parquet`,
      );
      const rows = await readParquet(local(output.pred_or_eval_s3_output_path));
      expect(rows).toHaveLength(10);
      expect(Object.keys(rows[0] ?? {})).toEqual([
        ...Object.keys(DEFECT_COLUMN_TYPES),
        'predicted',
      ]);
      expect(rows.map((r) => r.line_speed)).toEqual(scored.map((r) => r.line_speed));
      const dir = mkdtempSync(join(fx.home, 'model-'));
      await tar.x({ file: local(output.model_s3_output_path), cwd: dir });
      const model = loadModel(readFileSync(join(dir, 'model.json'), 'utf8'));
      const expected = model.predict(
        extractFeatures(scored as unknown as Record<string, unknown>[], {
          features: model.features,
        }).x,
      );
      expect(rows.map((r) => r.predicted)).toEqual(Array.from(expected));
    }
  });

  it('fails an algorithm without a model and one whose archive is not a model, scoring the rest', async () => {
    await fx.putStateItem('infer-2', part);
    const lr = models.find((m) => m.algorithm_name === 'lr');
    const broken = {
      algorithm_name: 'rf',
      model_s3_output_path: `${fx.partitionUri(part)}part-0.parquet`,
    };
    const { code, lines } = await fx.call(dapmInfer, inferArgs([lr, broken], 'lr,xgb,rf'), {
      AWS_BATCH_JOB_ID: 'infer-2',
    });
    expect(code).toBe(1);
    const statuses = (await fx.stateItem('infer-2'))?.algo_execution_status;
    expect(statuses.map((s: any) => [s.algorithm_name, s.algorithm_execution_status])).toEqual([
      ['lr', 'SUCCESS'],
      ['xgb', 'FAILED'],
      ['rf', 'FAILED'],
    ]);
    expect(statuses[1].reason).toBe("xgb: --model_paths has no model for 'xgb'");
    expect(statuses[2].reason).toMatch(/^rf: .*part-0\.parquet is not a readable tar archive/);
    expect(lines.join('\n')).toContain('2 of 3 algorithms failed');
  });
});
