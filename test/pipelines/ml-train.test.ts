import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, matrixFromRows } from '../../src/ml/index.js';
import { dapmTrain } from '../../src/pipelines/dapm/jobs/train.js';
import { generateDefectRows } from '../../src/pipelines/sample/defects.js';
import type { MlFixture } from './ml-fixture.js';
import { createMlFixture, names, readParquet, rowsByPart } from './ml-fixture.js';

/**
 * The training container against a real instance: a good partition of the
 * sample (60 days), a tiny one, an unknown algorithm, and a run through
 * AWS Batch in a worker thread.
 */
let fx: MlFixture;
const parts = rowsByPart(generateDefectRows({ parts: 3, days: 60 }));
const [good, second] = [...parts.keys()] as [string, string, string];

beforeAll(async () => {
  fx = await createMlFixture('training');
  await fx.writePartition(good, parts.get(good) ?? []);
  await fx.writePartition(second, parts.get(second) ?? []);
  await fx.writePartition(
    'tiny-001',
    (parts.get(good) ?? []).slice(0, 5).map((r) => ({ ...r, part_name: 'tiny-001' })),
  );
});

afterAll(async () => {
  await fx.close();
});

function trainArgs(pk: string, algos = 'lr,xgb,rf'): Record<string, string> {
  return {
    s3_pk_mappingid_data_input_path: fx.partitionUri(pk),
    s3_training_prefix_output_path: `s3://${fx.shared}/training/${fx.runPath}/`,
    s3_pred_or_eval_prefix_output_path: `s3://${fx.shared}/pred_or_eval/${fx.runPath}/`,
    train_metatable_name: names.training.metaTable,
    train_statetable_name: names.training.stateTable,
    prev_batch_job_id: 'NA',
    pk_id: pk,
    mapping_id: 'default',
    algo_names: algos,
    region: 'ap-south-1',
  };
}

const local = (uri: string) => join(fx.home, 'objects', uri.replace(/^s3:\/\//, ''));

describe('dapm-train', () => {
  it('trains every algorithm of a partition: loadable models, held-out predictions, state item', async () => {
    await fx.putStateItem('job-good', good);
    const { code, lines } = await fx.call(dapmTrain, trainArgs(good), {
      AWS_BATCH_JOB_ID: 'job-good',
    });
    expect(code, lines.join('\n')).toBe(0);
    const item = await fx.stateItem('job-good');
    expect(item?.version).toBe(2);
    expect(item?.algo_execution_status).toEqual(
      ['lr', 'xgb', 'rf'].map((a) => ({
        algorithm_name: a,
        runid: 'job-good',
        algorithm_execution_status: 'SUCCESS',
      })),
    );
    const outputs = item?.algo_final_run_s3outputpaths as Record<string, string>[];
    expect(outputs.map((o) => o.model_s3_output_path)).toEqual(
      ['lr', 'xgb', 'rf'].map(
        (a) =>
          `s3://${fx.shared}/training/${fx.runPath}/pk=${good}/mapping=default/batchjobid=job-good/algoname=${a}/model.tar.gz`,
      ),
    );
    const rows = parts.get(good) ?? [];
    const heldOutDates = [...new Set(rows.map((r) => r.date))].sort().slice(-12);
    for (const output of outputs) {
      const dir = mkdtempSync(join(fx.home, 'untar-'));
      await tar.x({ file: local(output.model_s3_output_path ?? ''), cwd: dir });
      const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
      expect(metadata).toMatchObject({
        algorithm: output.algorithm_name,
        pk: good,
        mapping: 'default',
        target: 'defect_count',
        task: 'regression',
        split: 'date',
        rows: { train: 48, test: 12 },
        metric: { name: 'rmse' },
      });
      expect(metadata.metric.value).toBeGreaterThan(0);
      const model = loadModel(readFileSync(join(dir, 'model.json'), 'utf8'));
      const features = metadata.features as string[];
      const x = matrixFromRows(
        rows.slice(0, 3).map((r) => features.map((f) => Number((r as any)[f]))),
      );
      expect(Array.from(model.predict(x)).every(Number.isFinite)).toBe(true);

      const preds = await readParquet(local(output.pred_or_eval_s3_output_path ?? ''));
      expect(preds).toHaveLength(12);
      expect(Object.keys(preds[0] ?? {})).toEqual(['part_name', 'date', 'actual', 'predicted']);
      const dates = preds.map((p) => (p.date as Date).toISOString().slice(0, 10));
      expect(dates).toEqual(heldOutDates);
      expect(preds.map((p) => p.actual)).toEqual(
        heldOutDates.map((d) => rows.find((r) => r.date === d)?.defect_count),
      );
      expect(preds.every((p) => p.part_name === good && Number.isFinite(p.predicted))).toBe(true);
    }
  });

  it('fails every algorithm of a partition with fewer than 10 rows, saying why', async () => {
    await fx.putStateItem('job-tiny', 'tiny-001');
    const { code, lines } = await fx.call(dapmTrain, trainArgs('tiny-001'), {
      AWS_BATCH_JOB_ID: 'job-tiny',
    });
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('too few rows');
    const item = await fx.stateItem('job-tiny');
    expect(item?.algo_final_run_s3outputpaths).toEqual([]);
    for (const status of item?.algo_execution_status ?? []) {
      expect(status.algorithm_execution_status).toBe('FAILED');
      expect(status.reason).toMatch(/too few rows: the partition has 5 rows .* at least 10/);
    }
    expect(existsSync(local(`s3://${fx.shared}/training/${fx.runPath}/pk=tiny-001/`))).toBe(false);
  });

  it('fails an unknown algorithm with the known names and still trains the others', async () => {
    await fx.putStateItem('job-first', second, { version: 4 });
    const { code } = await fx.call(
      dapmTrain,
      { ...trainArgs(second, 'lr,prophet'), prev_batch_job_id: 'job-first' },
      {
        AWS_BATCH_JOB_ID: 'job-rerun',
      },
    );
    expect(code).toBe(1);
    const item = await fx.stateItem('job-first');
    expect(item?.version).toBe(5);
    expect(item?.algo_execution_status).toEqual([
      { algorithm_name: 'lr', runid: 'job-rerun', algorithm_execution_status: 'SUCCESS' },
      {
        algorithm_name: 'prophet',
        runid: 'job-rerun',
        algorithm_execution_status: 'FAILED',
        reason:
          "unknown algorithm 'prophet'; the known ones are lr, ridge, logistic, rf, xgb, gbt, nb",
      },
    ]);
    expect(item?.algo_final_run_s3outputpaths).toHaveLength(1);
    expect(item?.algo_final_run_s3outputpaths[0].model_s3_output_path).toContain(
      'batchjobid=job-rerun/algoname=lr/',
    );
  });

  it('runs as an AWS Batch job in a worker thread, from the image the job definition names', async () => {
    const image =
      '000000000000.dkr.ecr.ap-south-1.amazonaws.com/jenkins-pl-apsouth1-training-train:abc123';
    const { mm } = fx;
    await mm.services.ecr.registerImage({ imageUri: image, program: 'dapm-train' });
    await mm.services.batch.createComputeEnvironment({
      computeEnvironmentName: names.training.computeEnvironment,
      type: 'MANAGED',
      computeResources: { type: 'FARGATE', maxvCpus: 2, subnets: [], securityGroupIds: [] },
    });
    await mm.services.batch.createJobQueue({
      jobQueueName: names.training.jobQueue,
      priority: 1,
      computeEnvironmentOrder: [
        { order: 1, computeEnvironment: names.training.computeEnvironment },
      ],
    });
    await mm.services.batch.registerJobDefinition({
      jobDefinitionName: names.training.jobDefinition,
      type: 'container',
      containerProperties: {
        image,
        resourceRequirements: [
          { type: 'VCPU', value: '1' },
          { type: 'MEMORY', value: '1024' },
        ],
      },
    });
    const args = trainArgs(second, 'lr,xgb');
    const { jobId } = await mm.services.batch.submitJob({
      jobName: 'jenkins-pl-apsouth1-job_0a1b2c3d_second_default',
      jobQueue: names.training.jobQueue,
      jobDefinition: names.training.jobDefinition,
      containerOverrides: { command: Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]) },
    });
    // No state item yet: the job creates it (the submit job's upsert keeps what the job wrote).
    const detail = await mm.services.batch.waitForJob(jobId);
    expect(detail.status, detail.statusReason).toBe('SUCCEEDED');
    const item = await fx.stateItem(jobId);
    expect(
      item?.algo_execution_status.map((s: any) => [
        s.algorithm_name,
        s.runid,
        s.algorithm_execution_status,
      ]),
    ).toEqual([
      ['lr', jobId, 'SUCCESS'],
      ['xgb', jobId, 'SUCCESS'],
    ]);
    expect(item?.version).toBe(1);
    expect(existsSync(local(item?.algo_final_run_s3outputpaths[1].model_s3_output_path))).toBe(
      true,
    );
  });

  it('reads and writes through the S3 API when the objects are not local files', async () => {
    const { code, lines } = await fx.call(
      dapmTrain,
      { ...trainArgs(good, 'lr'), prev_batch_job_id: 'job-good' },
      {
        AWS_BATCH_JOB_ID: 'job-remote',
        MODELMILL_HOME: '',
      },
    );
    expect(code, lines.join('\n')).toBe(0);
    const item = await fx.stateItem('job-good');
    const [output] = item?.algo_final_run_s3outputpaths ?? [];
    expect(output.model_s3_output_path).toContain(
      '/batchjobid=job-remote/algoname=lr/model.tar.gz',
    );
    const preds = await readParquet(local(output.pred_or_eval_s3_output_path));
    expect(preds).toHaveLength(12);
    const dir = mkdtempSync(join(fx.home, 'untar-'));
    await tar.x({ file: local(output.model_s3_output_path), cwd: dir });
    expect(loadModel(readFileSync(join(dir, 'model.json'), 'utf8')).algorithm).toBe('lr');
  });
});
