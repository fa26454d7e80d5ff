import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gatekeeper } from '../../src/pipelines/dapm/jobs/gatekeeper.js';
import { unmarshallItem } from '../../src/services/dynamodb/index.js';
import type { DapmFixture } from './orchestration-fixture.js';
import {
  ACCOUNT,
  PRE_IMAGE,
  REGION,
  createDapmFixture,
  names,
  programContext,
  putSampleInputs,
  runPath,
  stepJobId,
  testMapping,
} from './orchestration-fixture.js';

/** The gatekeeper against a real instance: what it refuses, and what it writes when it passes. */
let fx: DapmFixture;

beforeAll(async () => {
  fx = await createDapmFixture();
}, 60_000);

afterAll(async () => {
  await fx.close();
});

beforeEach(async () => {
  await putSampleInputs(fx, 'training');
  await fx.mm.services.ssm.putParameter({
    Name: names.training.ecrPreprocessingParam,
    Value: PRE_IMAGE,
    Type: 'String',
    Overwrite: true,
  });
});

async function run(ctx: 'training' | 'inferencing' = 'training', overrides = {}) {
  const c = programContext('dapm-gatekeeper', fx.args(ctx, overrides), fx.env);
  const code = await gatekeeper(c);
  c.cleanup();
  return { code, log: c.lines.join('\n'), errors: c.lines.filter((l) => l.startsWith('error')) };
}

async function param(name: string): Promise<string> {
  return (await fx.mm.services.ssm.getParameter({ Name: name })).Parameter.Value;
}

describe('dapm-gatekeeper (training)', () => {
  it('passes good inputs: flag False, meta item, mapping JSON copied under the run', async () => {
    const { code, log } = await run();
    expect(code, log).toBe(0);
    expect(await param(names.training.completeStatusParam)).toBe('False');
    const got = await fx.mm.services.dynamodb.getItem({
      TableName: names.training.metaTable,
      Key: { metaKey: { S: 'fixedlookupkey' } },
    });
    const meta = unmarshallItem(got.Item ?? {});
    expect(meta).toMatchObject({
      step_job_id: stepJobId('training'),
      pk_column: 'part_name',
      mapping_column: 'default',
      algo_names: ['lr', 'rf'],
      commit_id: 'abc123',
      repository: 'github/example/defects',
      use_case_name: 'jenkins',
      preprocessing_total: 0,
      training_prefix: `s3://${names.training.sharedBucket}/training/${runPath('training')}/`,
    });
    const times = (meta.stage_times as Record<string, { start_time: string; end_time: string }>)
      .gatekeeper;
    expect(Date.parse(times?.end_time ?? '')).toBeGreaterThanOrEqual(
      Date.parse(times?.start_time ?? ''),
    );
    const copy = await fx.mm.services.s3.getObject({
      Bucket: names.training.sharedBucket,
      Key: `mapping_json/${runPath('training')}/mapping_json.json`,
    });
    expect(JSON.parse(Buffer.from(copy.Body).toString())).toEqual(testMapping(['lr', 'rf']));
    const dq = await fx.mm.services.s3.listObjectsV2({
      Bucket: names.analyticsBucket,
      Prefix: 'dq/dqresults/',
    });
    expect(dq.Contents.length).toBeGreaterThan(0);
    const { rows } = await fx.mm.services.athena.query(
      `SELECT source, outcome FROM ${names.dqDatabase}.dqresults WHERE rule = 'dq_overall_status'`,
    );
    expect(rows).toContainEqual({ source: 'training_data', outcome: 'Passed' });
  });

  it('refuses images built from different commits, naming both', async () => {
    await fx.mm.services.ssm.putParameter({
      Name: names.training.ecrPreprocessingParam,
      Value: PRE_IMAGE.replace(':abc123', ':def456'),
      Type: 'String',
      Overwrite: true,
    });
    const { code, errors } = await run();
    expect(code).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/image tags differ: .*tag def456.* but .*tag abc123/);
  });

  it('refuses data that failed its quality rules, naming the failed rule', async () => {
    await putSampleInputs(fx, 'training', {
      rules: 'Rules = [ RowCount > 100000, IsComplete "part_name" ]',
    });
    const { code, errors } = await run();
    expect(code).toBe(1);
    expect(errors[0]).toContain('data quality Failed');
    expect(errors[0]).toContain('training_data: RowCount > 100000');
    expect(errors[0]).not.toContain('IsComplete');
  });

  it('refuses a mapping whose inference algorithms are not trained, or whose columns differ', async () => {
    const mapping = testMapping(['lr']);
    mapping.mapping_json_data.Inference.all_algorithms = ['lr', 'xgb'];
    mapping.mapping_json_data.Training.mappingColumn = 'plant';
    await putSampleInputs(fx, 'training', { mapping });
    const { code, errors } = await run();
    expect(code).toBe(1);
    expect(errors[0]).toContain('inference uses xgb, which training does not train');
    expect(errors[0]).toContain(
      `Training.mappingColumn 'plant' must be "default" or the inference mappingColumn 'default'`,
    );
  });

  it('refuses an unknown algorithm, listing the known ones', async () => {
    await putSampleInputs(fx, 'training', { mapping: testMapping(['lr', 'svm']) });
    const { code, errors } = await run();
    expect(code).toBe(1);
    expect(errors[0]).toMatch(
      /unknown algorithm 'svm' \(known: lr, ridge, logistic, rf, xgb, gbt, nb\)/,
    );
  });

  it('refuses a mapping whose columns are not in the data, and malformed JSON', async () => {
    const mapping = testMapping(['lr']);
    mapping.mapping_json_data.features.push('vibration');
    await putSampleInputs(fx, 'training', { mapping });
    const missing = await run();
    expect(missing.code).toBe(1);
    expect(missing.errors[0]).toMatch(
      /feature column 'vibration' is not in the data at s3:\/\/.*\/jenkins\/training_data\//,
    );
    await fx.mm.services.s3.putObject({
      Bucket: names.training.internalBucket,
      Key: 'mapping_json/mapping_json.json',
      Body: '{"mapping_json_data": ',
    });
    const malformed = await run();
    expect(malformed.errors[0]).toMatch(
      /mapping JSON s3:\/\/.*mapping_json.json: is not valid JSON/,
    );
  });
});

describe('dapm-gatekeeper (inferencing)', () => {
  beforeEach(async () => {
    await putSampleInputs(fx, 'inferencing');
  });

  it('refuses to run without an approved model', async () => {
    const { code, errors } = await run('inferencing');
    expect(code).toBe(1);
    expect(errors[0]).toContain('no approved model: approve one with `modelmill models approve');
  });

  it('passes with an approved model whose training run has one meta row, and records it', async () => {
    const trainingRun = `year=2024/month=06/day=01/stepjobid=${names.training.stateMachine}-t1`;
    const prefix = `s3://${names.training.sharedBucket}/training/${trainingRun}/`;
    const put = (Name: string, Value: string) =>
      fx.mm.services.ssm.putParameter({ Name, Value, Type: 'String', Overwrite: true });
    await put(names.winnerAlgorithmParam, 'rf');
    await put(names.approvedModelPrefixParam, prefix);
    await fx.mm.services.s3.putObject({
      Bucket: names.training.sharedBucket,
      Key: `mapping_json/${trainingRun}/mapping_json.json`,
      Body: JSON.stringify(testMapping(['lr', 'rf'])),
    });
    await fx.mm.services.s3.putObject({
      Bucket: names.training.sharedBucket,
      Key: `meta/${trainingRun}/meta_ddb_table.json`,
      Body: `${JSON.stringify({ metaKey: 'fixedlookupkey', step_job_id: `${names.training.stateMachine}-t1`, commit_id: 'abc123' })}\n`,
    });
    await fx.mm.services.athena.query(
      `CREATE EXTERNAL TABLE IF NOT EXISTS default.metatable (metakey string, step_job_id string, commit_id string)
       PARTITIONED BY (year string, month string, day string, stepjobid string)
       ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
       LOCATION 's3://${names.training.sharedBucket}/meta/'`,
    );
    const { code, log } = await run('inferencing');
    expect(code, log).toBe(0);
    const got = await fx.mm.services.dynamodb.getItem({
      TableName: names.inferencing.metaTable,
      Key: { metaKey: { S: 'fixedlookupkey' } },
    });
    expect(unmarshallItem(got.Item ?? {})).toMatchObject({
      step_job_id: stepJobId('inferencing'),
      winner_algorithm: 'rf',
      approved_model_prefix_path: prefix,
      algo_names: ['rf', 'lr'],
      training_run: {
        year: '2024',
        month: '06',
        day: '01',
        stepjobid: `${names.training.stateMachine}-t1`,
      },
      training_commit_id: 'abc123',
      sns_topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:${names.topic}`,
    });
    expect(await param(names.inferencing.completeStatusParam)).toBe('False');

    // A winner the training run never trained does not fit it.
    await put(names.winnerAlgorithmParam, 'xgb');
    const refused = await run('inferencing');
    expect(refused.code).toBe(1);
    expect(refused.errors[0]).toContain(
      "the approved winner 'xgb' is not among the training algorithms (lr, rf)",
    );
  });
});
