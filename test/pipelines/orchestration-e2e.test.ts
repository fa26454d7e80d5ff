import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatesError } from '../../src/asl/index.js';
import type { TaskInvocation } from '../../src/engine/index.js';
import type { Modelmill } from '../../src/modelmill.js';
import { orchestratorDefinition } from '../../src/pipelines/dapm/orchestrator.js';
import { INPUT_KEYS } from '../../src/pipelines/dapm/orchestrator.js';
import { LogGroup } from '../../src/runtime/index.js';
import { unmarshallItem } from '../../src/services/dynamodb/index.js';
import type { DapmFixture } from './orchestration-fixture.js';
import { createDapmFixture, names, putSampleInputs, sampleRows } from './orchestration-fixture.js';
import { CONTROL_KEY } from './orchestration-stand-ins.js';

/**
 * The whole training orchestrator with the orchestration jobs as Glue jobs
 * (programs), preprocessing as a SageMaker processing job, and stand-ins
 * for the model jobs (training on Batch, evaluation on Glue).
 */
let fx: DapmFixture;
const n = names.training;

/**
 * Until SageMaker is wired into the instance, `sagemaker:createProcessingJob.sync`
 * runs the image's program through the runtime, as the processing job would.
 */
function registerLocalProcessing(mm: Modelmill): void {
  const served = mm.integrations.keys();
  if (served.includes('sagemaker:createProcessingJob') || served.includes('sagemaker:*')) return;
  mm.integrations.register(
    'sagemaker:createProcessingJob',
    async ({ parameters }: TaskInvocation) => {
      const p = parameters as {
        ProcessingJobName: string;
        AppSpecification: { ImageUri: string; ContainerArguments?: string[] };
      };
      const image = mm.services.ecr.resolve(p.AppSpecification.ImageUri);
      if (image?.kind !== 'program')
        throw new StatesError('SageMaker.ValidationException', 'no program image');
      const handle = mm.runtime.start({
        target: {
          kind: 'program',
          name: image.program,
          args: p.AppSpecification.ContainerArguments ?? [],
        },
        env: { PROCESSING_JOB_NAME: p.ProcessingJobName },
        log: { group: LogGroup.SageMakerProcessing, stream: p.ProcessingJobName },
      });
      const result = await handle.done;
      const status = result.exitCode === 0 ? 'Completed' : 'Failed';
      const output = { ProcessingJobName: p.ProcessingJobName, ProcessingJobStatus: status };
      if (status === 'Failed') throw new StatesError('States.TaskFailed', JSON.stringify(output));
      return output;
    },
    ['sync'],
  );
}

async function createGlueJobs(mm: Modelmill): Promise<void> {
  const jobs: Array<[string, string]> = [
    [n.glueJobs.gatekeeper, 'dapm-gatekeeper'],
    [n.glueJobs.submit, 'dapm-submit'],
    [n.glueJobs.statusCheck, 'dapm-status-check'],
    [n.glueJobs.evaluation, 'test-stand-in-noop'],
    [n.glueJobs.cleanup, 'dapm-cleanup'],
  ];
  for (const [name, program] of jobs) {
    await mm.services.glue.createJob({
      Name: name,
      Role: 'arn:aws:iam::731580992380:role/glue',
      Command: { Name: 'glueetl', ScriptLocation: `program:${program}` },
    });
  }
}

beforeAll(async () => {
  fx = await createDapmFixture({ timeScale: 0.005 });
  registerLocalProcessing(fx.mm);
  await createGlueJobs(fx.mm);
  fx.mm.engine.createStateMachine({
    name: n.stateMachine,
    definition: JSON.stringify(orchestratorDefinition('training', names)),
  });
}, 60_000);

afterAll(async () => {
  await fx.close();
});

function input(): string {
  const args = fx.args('training');
  return JSON.stringify(Object.fromEntries(INPUT_KEYS.training.map((k) => [k, args[k]])));
}

describe('DAPM training orchestrator end to end', () => {
  it('runs gatekeeper → preprocessing → one job per partition (one re-run) → evaluation → cleanup, and mails SUCCEEDED', async () => {
    await putSampleInputs(fx, 'training', { rows: sampleRows(4, 12) });
    await fx.mm.services.s3.putObject({
      Bucket: n.sharedBucket,
      Key: CONTROL_KEY,
      Body: JSON.stringify({ 'part-002': 'once' }),
    });
    const { executionArn } = fx.mm.engine.startExecution({
      stateMachineArn: n.stateMachine,
      name: 'e2e-1',
      input: input(),
    });
    const final = await fx.mm.engine.waitFor(executionArn);
    expect([final.status, final.error, final.cause]).toEqual(['SUCCEEDED', undefined, undefined]);

    const entered = fx.mm.engine
      .getExecutionHistory({ executionArn, maxResults: 1000 })
      .items.filter((e) => e.type.endsWith('StateEntered'))
      .map((e) => String(e.details?.name));
    expect(entered.slice(0, 5)).toEqual([
      'Read Live Job Definition',
      'Gatekeeper',
      'Read Preprocessing Image',
      'Preprocessing',
      'Submit Batch Jobs',
    ]);
    expect(entered.slice(-5)).toEqual([
      'Evaluation',
      'Mark Run Succeeded',
      'Cleanup',
      'Run Succeeded?',
      'Succeeded',
    ]);

    const run = `year=2024/month=06/day=30/stepjobid=${n.stateMachine}-e2e-1`;
    const dump = await fx.mm.services.s3.getObject({
      Bucket: n.sharedBucket,
      Key: `debug/${run}/step_job_overall_summary.json`,
    });
    const lines = Buffer.from(dump.Body)
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.pk, l.awsbatch_job_status_overall, l.num_runs])).toEqual([
      ['part-001', 'SUCCEEDED', 1],
      ['part-002', 'SUCCEEDED', 2],
      ['part-003', 'SUCCEEDED', 1],
      ['part-004', 'SUCCEEDED', 1],
    ]);
    const meta = await fx.mm.services.s3.getObject({
      Bucket: n.sharedBucket,
      Key: `meta/${run}/meta_ddb_table.json`,
    });
    const metaDump = JSON.parse(Buffer.from(meta.Body).toString()) as Record<string, unknown>;
    expect(metaDump).not.toHaveProperty('JOB_RUN_ID');
    expect(metaDump).toMatchObject({
      run_status: 'SUCCEEDED',
      preprocessing_total: 4,
      jobs_submitted: 4,
      jobs_succeeded: 4,
      jobs_failed: 0,
      jobs_rerun: 1,
    });
    for (const table of [n.inputTable, n.stateTable, n.metaTable]) {
      const left = (await fx.mm.services.dynamodb.scan({ TableName: table })).Items ?? [];
      expect(
        left.map((i) => unmarshallItem(i)),
        table,
      ).toEqual([]);
    }
    const flag = await fx.mm.services.ssm.getParameter({ Name: n.completeStatusParam });
    expect(flag.Parameter.Value).toBe('False');
    const outbox = join(fx.home, 'outbox');
    for (
      let i = 0;
      i < 100 && !(existsSync(outbox) && readdirSync(outbox).some((f) => f.endsWith('.eml')));
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readdirSync(outbox).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  }, 60_000);

  it('ends FAILED with the gatekeeper error after cleanup, when the data fails its quality rules', async () => {
    await putSampleInputs(fx, 'training', {
      rows: sampleRows(2, 6),
      rules: 'Rules = [ RowCount > 1000 ]',
    });
    const { executionArn } = fx.mm.engine.startExecution({
      stateMachineArn: n.stateMachine,
      name: 'e2e-2',
      input: input(),
    });
    const final = await fx.mm.engine.waitFor(executionArn);
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('States.TaskFailed');
    const entered = fx.mm.engine
      .getExecutionHistory({ executionArn, maxResults: 1000 })
      .items.filter((e) => e.type.endsWith('StateEntered'))
      .map((e) => String(e.details?.name));
    expect(entered).toEqual([
      'Read Live Job Definition',
      'Gatekeeper',
      'Mark Run Failed',
      'Cleanup',
      'Run Succeeded?',
      'Run Failed',
    ]);
  }, 60_000);
});
