import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatekeeper } from '../../src/pipelines/dapm/jobs/gatekeeper.js';
import { updateVersioned } from '../../src/pipelines/dapm/jobs/orchestration-tables.js';
import { preprocessing } from '../../src/pipelines/dapm/jobs/preprocessing.js';
import { statusCheck } from '../../src/pipelines/dapm/jobs/status-check.js';
import { submit } from '../../src/pipelines/dapm/jobs/submit.js';
import type { ProgramFunction } from '../../src/runtime/index.js';
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
} from './orchestration-fixture.js';
import { CONTROL_KEY } from './orchestration-stand-ins.js';

/**
 * Submit and status check over a real Batch queue whose jobs run the
 * stand-in training program: jobs and state items, the single re-run at
 * double resources, the debug dump, the counters and the failure threshold.
 */
let fx: DapmFixture;
const shared = names.training.sharedBucket;
const [broken, good, flaky] = ['part-001', 'part-002', 'part-003'];

beforeAll(async () => {
  fx = await createDapmFixture();
  await putSampleInputs(fx, 'training', { rows: sampleRows(3, 12) });
  await fx.mm.services.s3.putObject({
    Bucket: shared,
    Key: CONTROL_KEY,
    Body: JSON.stringify({ [flaky]: 'once', [broken]: 'always' }),
  });
  const gate = programContext('g', fx.args('training'), fx.env);
  expect(await gatekeeper(gate), gate.lines.join('\n')).toBe(0);
  const pre = programContext(
    'p',
    {
      train_metatable_name: names.training.metaTable,
      region: REGION,
      execution_id: fx.args('training').execution_id ?? '',
    },
    fx.env,
  );
  expect(await preprocessing(pre), pre.lines.join('\n')).toBe(0);
}, 60_000);

afterAll(async () => {
  await fx.close();
});

async function run(fn: ProgramFunction, overrides: Record<string, string> = {}) {
  const c = programContext('job', fx.args('training', overrides), fx.env);
  const code = (await fn(c)) ?? 0;
  c.cleanup();
  return {
    code,
    log: c.lines.join('\n'),
    info: c.lines.filter((l) => l.startsWith('info')),
    errors: c.lines.filter((l) => l.startsWith('error')),
  };
}

async function scan(table: string) {
  const out = await fx.mm.services.dynamodb.scan({ TableName: table });
  return (out.Items ?? []).map((i) => unmarshallItem(i));
}

async function states() {
  const items = await scan(names.training.stateTable);
  return new Map(items.map((i) => [String(i.pk), i]));
}

async function meta() {
  const got = await fx.mm.services.dynamodb.getItem({
    TableName: names.training.metaTable,
    Key: { metaKey: { S: 'fixedlookupkey' } },
  });
  return unmarshallItem(got.Item ?? {});
}

async function flag(): Promise<string> {
  return (await fx.mm.services.ssm.getParameter({ Name: names.training.completeStatusParam }))
    .Parameter.Value;
}

async function setEnvironment(state: 'ENABLED' | 'DISABLED'): Promise<void> {
  await fx.mm.services.batch.updateComputeEnvironment({
    computeEnvironment: names.training.computeEnvironment,
    state,
  });
}

async function waitForJobs(ids: unknown[]): Promise<void> {
  for (const id of ids) await fx.mm.services.batch.waitForJob(String(id));
}

describe('dapm-submit and dapm-status-check', () => {
  it('fails when jobs cannot be submitted, saying how many were', async () => {
    const { code, errors } = await run(submit, { aws_batch_job_queue: 'no-such-queue' });
    expect(code).toBe(1);
    expect(errors[0]).toMatch(/submitted 0 of 3 jobs; 3 failed, first: .*no-such-queue/);
    expect(await scan(names.training.stateTable)).toEqual([]);
  });

  it('submits one job per partition with the contract arguments, and one state item each', async () => {
    await setEnvironment('DISABLED');
    const { code, log } = await run(submit);
    expect(code, log).toBe(0);
    const items = await states();
    expect([...items.keys()].sort()).toEqual([broken, good, flaky]);
    const item = items.get(good)!;
    expect(item).toMatchObject({
      cur_batchjob_id: item.batchjob_id,
      rerun_batchjob_id: 'NA',
      num_runs: 1,
      awsbatch_job_status_overall: 'SUBMITTED',
      pk_mappingid: `${good}|default`,
      mapping_id: 'default',
      step_job_id: stepJobId('training'),
      version: 1,
      algo_execution_status: [],
    });
    const { jobs } = await fx.mm.services.batch.describeJobs({ jobs: [String(item.batchjob_id)] });
    const job = jobs[0]!;
    expect(job.jobName).toMatch(new RegExp(`^${names.batchJobName}_[0-9a-f]{8}_${good}_default$`));
    expect(item.job_name).toBe(job.jobName);
    const prefix = runPath('training');
    expect(job.container?.command).toEqual([
      '--s3_pk_mappingid_data_input_path',
      `s3://${shared}/preprocessing/${prefix}/smid=train-pre-run-1/pk=${good}/mapping=default/`,
      '--s3_training_prefix_output_path',
      `s3://${shared}/training/${prefix}/`,
      '--s3_pred_or_eval_prefix_output_path',
      `s3://${shared}/pred_or_eval/${prefix}/`,
      '--train_metatable_name',
      names.training.metaTable,
      '--train_statetable_name',
      names.training.stateTable,
      '--prev_batch_job_id',
      'NA',
      '--pk_id',
      good,
      '--mapping_id',
      'default',
      '--algo_names',
      'lr,rf',
      '--region',
      REGION,
    ]);
    const inputs = await scan(names.training.inputTable);
    expect(inputs.map((i) => i.batch_job_status_overall)).toEqual([
      'SUBMITTED',
      'SUBMITTED',
      'SUBMITTED',
    ]);
    expect((await meta()).jobs_submitted).toBe(3);
  });

  it('reports jobs held RUNNABLE as running and keeps the flag False', async () => {
    const { code, info } = await run(statusCheck);
    expect(code).toBe(0);
    expect(info).toContain('info 0/3 succeeded, 0 failed (0 re-running), 3 running');
    expect([...(await states()).values()].map((s) => s.awsbatch_job_status_overall)).toEqual([
      'RUNNABLE',
      'RUNNABLE',
      'RUNNABLE',
    ]);
    expect(await flag()).toBe('False');
  });

  it('re-runs first-run failures once at double vCPU and memory, after deleting their outputs', async () => {
    await setEnvironment('ENABLED');
    const first = await states();
    await waitForJobs([...first.values()].map((s) => s.batchjob_id));
    const firstFlaky = String(first.get(flaky)!.batchjob_id);
    const flakyOutputs = `training/${runPath('training')}/pk=${flaky}/mapping=default/batchjobid=${firstFlaky}/`;
    const before = await fx.mm.services.s3.listObjectsV2({ Bucket: shared, Prefix: flakyOutputs });
    expect(before.KeyCount).toBe(2);

    const { code, info } = await run(statusCheck);
    expect(code).toBe(0);
    expect(info).toContain('info 1/3 succeeded, 2 failed (2 re-running), 0 running');
    expect(await flag()).toBe('False');
    const after = await fx.mm.services.s3.listObjectsV2({ Bucket: shared, Prefix: flakyOutputs });
    expect(after.KeyCount).toBe(0);
    const items = await states();
    expect(items.get(good)).toMatchObject({
      awsbatch_job_status_overall: 'SUCCEEDED',
      num_runs: 1,
    });
    const rerun = items.get(flaky)!;
    expect(rerun).toMatchObject({
      num_runs: 2,
      batchjob_id: firstFlaky,
      awsbatch_job_status_overall: 'SUBMITTED',
    });
    expect(rerun.rerun_batchjob_id).toBe(rerun.cur_batchjob_id);
    expect(rerun.first_run_log_stream).not.toBe('');
    const { jobs } = await fx.mm.services.batch.describeJobs({
      jobs: [String(rerun.cur_batchjob_id)],
    });
    const command = jobs[0]!.container?.command ?? [];
    expect(command[command.indexOf('--prev_batch_job_id') + 1]).toBe(firstFlaky);
    expect(jobs[0]!.container?.resourceRequirements).toEqual(
      expect.arrayContaining([
        { type: 'VCPU', value: '2' },
        { type: 'MEMORY', value: '2048' },
      ]),
    );
  });

  it('once every job is final: dumps the state table, counts, and fails above the threshold', async () => {
    await waitForJobs([...(await states()).values()].map((s) => s.cur_batchjob_id));
    const { code, errors } = await run(statusCheck);
    expect(code).toBe(1);
    expect(errors[0]).toContain(
      `1 of 3 partitions failed (33.3%), above batch_job_failure_threshold_percent 0; each job's reason is in s3://${shared}/debug/${runPath('training')}/step_job_overall_summary.json`,
    );
    expect(await flag()).toBe('False');
    const items = await states();
    expect(items.get(flaky)).toMatchObject({
      awsbatch_job_status_overall: 'SUCCEEDED',
      num_runs: 2,
    });
    expect(items.get(broken)).toMatchObject({ awsbatch_job_status_overall: 'FAILED', num_runs: 2 });
    expect((items.get(flaky)!.algo_final_run_s3outputpaths as unknown[]).length).toBe(2);
    const dump = await fx.mm.services.s3.getObject({
      Bucket: shared,
      Key: `debug/${runPath('training')}/step_job_overall_summary.json`,
    });
    const lines = Buffer.from(dump.Body)
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.pk, l.awsbatch_job_status_overall])).toEqual([
      [broken, 'FAILED'],
      [good, 'SUCCEEDED'],
      [flaky, 'SUCCEEDED'],
    ]);
    expect(await meta()).toMatchObject({
      jobs_succeeded: 2,
      jobs_failed: 1,
      jobs_rerun: 2,
      models_created: 4,
    });
  });

  it('sets the flag True when the failed share is within the threshold', async () => {
    const { code, info } = await run(statusCheck, { batch_job_failure_threshold_percent: '50' });
    expect(code).toBe(0);
    expect(info).toContain('info 2/3 succeeded, 1 failed (0 re-running), 0 running');
    expect(await flag()).toBe('True');
  });

  it('writes state items only under the version lock', async () => {
    const item = (await states()).get(good)!;
    const key = { name: 'batchjob_id', value: String(item.batchjob_id) };
    const table = names.training.stateTable;
    const version = Number(item.version);
    expect(
      await updateVersioned(fx.mm.services.dynamodb, table, key, version - 1, { note: 'stale' }),
    ).toBe(false);
    expect(
      await updateVersioned(fx.mm.services.dynamodb, table, key, version, { note: 'fresh' }),
    ).toBe(true);
    expect((await states()).get(good)).toMatchObject({ note: 'fresh', version: version + 1 });
  });
});
