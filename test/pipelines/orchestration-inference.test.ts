import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatekeeper } from '../../src/pipelines/dapm/jobs/gatekeeper.js';
import { preprocessing } from '../../src/pipelines/dapm/jobs/preprocessing.js';
import { submit } from '../../src/pipelines/dapm/jobs/submit.js';
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
  testMapping,
} from './orchestration-fixture.js';

/**
 * The inference side of submit: model paths of the approved winner come from
 * the training run's debug table through Athena; a partition that training
 * left without a model is marked FAILED instead of getting a job.
 */
let fx: DapmFixture;
const trainingShared = names.training.sharedBucket;
const trainingStep = `${names.training.stateMachine}-t1`;
const trainingRun = `year=2024/month=06/day=01/stepjobid=${trainingStep}`;
const [untrained, gear, valve] = ['part-001', 'part-002', 'part-003'];

function debugLine(pk: string, status: string, algos: string[]) {
  return {
    batchjob_id: `job-${pk}`,
    pk,
    mapping_id: 'default',
    pk_mappingid: `${pk}|default`,
    awsbatch_job_status_overall: status,
    algo_final_run_s3outputpaths: algos.map((a) => ({
      algorithm_name: a,
      model_s3_output_path: `s3://${trainingShared}/training/${trainingRun}/pk=${pk}/mapping=default/batchjobid=job-${pk}/algoname=${a}/model.tar.gz`,
      pred_or_eval_s3_output_path: `s3://${trainingShared}/pred_or_eval/${trainingRun}/pk=${pk}/x.parquet`,
    })),
  };
}

async function putTrainingRun(): Promise<void> {
  const s3 = fx.mm.services.s3;
  const put = (Name: string, Value: string) =>
    fx.mm.services.ssm.putParameter({ Name, Value, Type: 'String', Overwrite: true });
  await put(names.winnerAlgorithmParam, 'rf');
  await put(names.approvedModelPrefixParam, `s3://${trainingShared}/training/${trainingRun}/`);
  await s3.putObject({
    Bucket: trainingShared,
    Key: `mapping_json/${trainingRun}/mapping_json.json`,
    Body: JSON.stringify(testMapping(['lr', 'rf'])),
  });
  await s3.putObject({
    Bucket: trainingShared,
    Key: `meta/${trainingRun}/meta_ddb_table.json`,
    Body: `${JSON.stringify({ step_job_id: trainingStep, commit_id: 'abc123' })}\n`,
  });
  const lines = [
    debugLine(gear, 'SUCCEEDED', ['lr', 'rf']),
    debugLine(valve, 'SUCCEEDED', ['lr', 'rf']),
    debugLine(untrained, 'FAILED', []),
  ];
  await s3.putObject({
    Bucket: trainingShared,
    Key: `debug/${trainingRun}/step_job_overall_summary.json`,
    Body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
  });
  const partitioned = `PARTITIONED BY (year string, month string, day string, stepjobid string)
    ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'`;
  await fx.mm.services.athena.query(
    `CREATE EXTERNAL TABLE default.metatable (step_job_id string, commit_id string) ${partitioned}
     LOCATION 's3://${trainingShared}/meta/'`,
  );
  await fx.mm.services.athena.query(
    `CREATE EXTERNAL TABLE default.debug (batchjob_id string, pk string, mapping_id string,
       awsbatch_job_status_overall string,
       algo_final_run_s3outputpaths array<struct<algorithm_name:string,model_s3_output_path:string,pred_or_eval_s3_output_path:string>>)
     ${partitioned} LOCATION 's3://${trainingShared}/debug/'`,
  );
}

beforeAll(async () => {
  fx = await createDapmFixture();
  await fx.mm.services.batch.updateComputeEnvironment({
    computeEnvironment: names.inferencing.computeEnvironment,
    state: 'DISABLED',
  });
  await putSampleInputs(fx, 'inferencing', { rows: sampleRows(3, 12) });
  await putTrainingRun();
}, 60_000);

afterAll(async () => {
  await fx.close();
});

describe('dapm-submit (inferencing)', () => {
  it('gives each job the approved models of its partition and marks untrained partitions FAILED', async () => {
    const gate = programContext('g', fx.args('inferencing'), fx.env);
    expect(await gatekeeper(gate), gate.lines.join('\n')).toBe(0);
    const pre = programContext(
      'p',
      {
        inference_metatable_name: names.inferencing.metaTable,
        region: REGION,
        execution_id: fx.args('inferencing').execution_id ?? '',
      },
      { ...fx.env, PROCESSING_JOB_NAME: 'inference-pre-run-1' },
    );
    expect(await preprocessing(pre), pre.lines.join('\n')).toBe(0);
    const c = programContext('s', fx.args('inferencing'), fx.env);
    expect(await submit(c), c.lines.join('\n')).toBe(0);
    expect(c.lines).toContain(
      `warn no trained model for pk=${untrained} mapping=default (algorithms rf,lr) in the approved training run`,
    );

    const inputs =
      (await fx.mm.services.dynamodb.scan({ TableName: names.inferencing.inputTable })).Items ?? [];
    const byPk = new Map(inputs.map((i) => unmarshallItem(i)).map((i) => [String(i.pk), i]));
    expect(byPk.get(untrained)).toMatchObject({
      batch_job_status_overall: 'FAILED',
      failure_reason: expect.stringContaining('no trained model'),
    });
    expect(byPk.get(gear)?.batch_job_status_overall).toBe('SUBMITTED');

    const states =
      (await fx.mm.services.dynamodb.scan({ TableName: names.inferencing.stateTable })).Items ?? [];
    expect(states).toHaveLength(2);
    const gearState = states.map((s) => unmarshallItem(s)).find((s) => s.pk === gear)!;
    const { jobs } = await fx.mm.services.batch.describeJobs({
      jobs: [String(gearState.batchjob_id)],
    });
    const command = jobs[0]!.container?.command ?? [];
    const arg = (name: string) => command[command.indexOf(name) + 1];
    expect(arg('--inference_metatable_name')).toBe(names.inferencing.metaTable);
    expect(arg('--algo_names')).toBe('rf,lr');
    expect(arg('--s3_inference_prefix_output_path')).toBe(
      `s3://${names.inferencing.sharedBucket}/inferenceout/${runPath('inferencing')}/`,
    );
    expect(JSON.parse(arg('--model_paths') ?? '[]')).toEqual([
      {
        algorithm_name: 'rf',
        model_s3_output_path: debugLine(gear, 'SUCCEEDED', ['rf']).algo_final_run_s3outputpaths[0]
          ?.model_s3_output_path,
      },
      {
        algorithm_name: 'lr',
        model_s3_output_path: debugLine(gear, 'SUCCEEDED', ['lr']).algo_final_run_s3outputpaths[0]
          ?.model_s3_output_path,
      },
    ]);
    const meta = unmarshallItem(
      (
        await fx.mm.services.dynamodb.getItem({
          TableName: names.inferencing.metaTable,
          Key: { metaKey: { S: 'fixedlookupkey' } },
        })
      ).Item ?? {},
    );
    expect(meta).toMatchObject({
      jobs_submitted: 2,
      jobs_without_model: 1,
      preprocessing_total: 3,
    });
    for (const x of [gate, pre, c]) x.cleanup();
  });
});
