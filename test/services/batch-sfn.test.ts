import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSequentialIds } from '../../src/core/index.js';
import {
  IntegrationRegistry,
  createEngine,
  createMemoryStore,
  createSqliteStore,
} from '../../src/engine/index.js';
import type { Engine } from '../../src/engine/index.js';
import { registerBatchIntegrations } from '../../src/services/batch/index.js';
import { runDefinition } from '../support/executions.js';
import type { BatchFixture } from './batch-fixture.js';
import { createBatchFixture, scope, standardSetup } from './batch-fixture.js';

/**
 * Step Functions over the embedded Batch: `batch:submitJob` and
 * `batch:submitJob.sync` in real state machines, with AWS's output, error
 * and cause shapes, Retry and Catch, stopping, and a restart of both the
 * engine and Batch over one SQLite file in the middle of a `.sync` job.
 */

const fixtures: BatchFixture[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function setup(file?: string): Promise<{ f: BatchFixture; engine: Engine }> {
  const f = await createBatchFixture(file ? { file } : {});
  fixtures.push(f);
  const integrations = new IntegrationRegistry();
  registerBatchIntegrations(integrations, f.batch, { ids: createSequentialIds() });
  const engine = createEngine({
    store: file ? createSqliteStore(f.db) : createMemoryStore(),
    integrations,
    scope,
  });
  engines.push(engine);
  return { f, engine };
}

describe('batch:submitJob.sync', () => {
  it('runs an array job end to end and returns its description in PascalCase', async () => {
    const { f, engine } = await setup();
    await standardSetup(f.batch);
    f.batch.start();
    const { final, output, history } = await runDefinition(
      engine,
      {
        StartAt: 'Train',
        States: {
          Train: {
            Type: 'Task',
            Resource: 'arn:aws:states:::batch:submitJob.sync',
            Parameters: {
              JobName: 'train-partitions',
              'JobQueue.$': '$.queue',
              JobDefinition: 'arn:aws:batch:eu-west-1:111111111111:job-definition/echo',
              ArrayProperties: { 'Size.$': '$.partitions' },
              ContainerOverrides: {
                Command: ['--pk_id', 'Ref::pk'],
                Environment: [{ Name: 'STAGE', Value: 'dev' }],
                ResourceRequirements: [{ Type: 'VCPU', Value: '1' }],
              },
              Parameters: { pk: 'part_name' },
            },
            ResultSelector: {
              'status.$': '$.Status',
              'size.$': '$.ArrayProperties.Size',
              'summary.$': '$.ArrayProperties.StatusSummary',
              'env.$': '$.Container.Environment',
              'jobId.$': '$.JobId',
            },
            End: true,
          },
        },
      },
      { queue: 'q', partitions: 3 },
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toMatchObject({
      status: 'SUCCEEDED',
      size: 3,
      summary: { SUCCEEDED: 3, FAILED: 0 },
    });
    expect(output.env).toEqual([
      { Name: 'STAGE', Value: 'dev' },
      { Name: 'MANAGED_BY_AWS', Value: 'STARTED_BY_STEP_FUNCTIONS' },
    ]);
    expect(history.map((e) => e.type)).toContain('TaskSubmitted');
    const children = await f.batch.listJobs({ arrayJobId: output.jobId, jobStatus: 'SUCCEEDED' });
    expect(children.jobSummaryList).toHaveLength(3);
    const [child] = (await f.batch.describeJobs({ jobs: [`${output.jobId}:1`] })).jobs;
    expect(
      f.logs
        .read('/aws/batch/job', child?.container?.logStreamName ?? '')
        .events.map((e) => e.message),
    ).toEqual(['info args {"pk_id":"part_name"}', 'index=1 attempt=1']);
  });

  it('fails the state with States.TaskFailed and the job description as cause; Retry and Catch work unchanged', async () => {
    const { f, engine } = await setup();
    await standardSetup(f.batch);
    f.batch.start();
    const { final, output, history } = await runDefinition(engine, {
      StartAt: 'Job',
      States: {
        Job: {
          Type: 'Task',
          Resource: 'arn:aws:states:::batch:submitJob.sync',
          Parameters: {
            JobName: 'failing',
            JobQueue: 'q',
            JobDefinition: 'fail',
            ContainerOverrides: { Command: ['--code', '2'] },
          },
          Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handle' }],
          End: true,
        },
        Handle: { Type: 'Pass', End: true },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output.error.Error).toBe('States.TaskFailed');
    const cause = JSON.parse(output.error.Cause);
    expect(cause).toMatchObject({
      JobName: 'failing',
      Status: 'FAILED',
      StatusReason: 'Essential container in task exited',
      Container: { ExitCode: 2, Command: ['--code', '2'] },
    });
    expect(cause.Attempts[0]).toMatchObject({
      Container: { ExitCode: 2 },
      StatusReason: 'Essential container in task exited',
    });
    expect(Object.keys(cause)).toEqual([...Object.keys(cause)].sort());
    expect(history.filter((e) => e.type === 'TaskSubmitted')).toHaveLength(2);
  });

  it('terminates the job when the execution is stopped', async () => {
    const { f, engine } = await setup();
    await standardSetup(f.batch);
    f.batch.start();
    engine.createStateMachine({
      name: 'stoppable',
      definition: JSON.stringify({
        StartAt: 'Job',
        States: {
          Job: {
            Type: 'Task',
            Resource: 'arn:aws:states:::batch:submitJob.sync',
            Parameters: { JobName: 'slow', JobQueue: 'q', JobDefinition: 'slow' },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: 'stoppable', input: '{}' });
    const jobId = await submittedJobId(engine, executionArn);
    engine.stopExecution({ executionArn, error: 'Stop', cause: 'test' });
    const job = await f.batch.waitForJob(jobId);
    expect(job).toMatchObject({ status: 'FAILED', isTerminated: true });
    expect(job.statusReason).toMatch(/^Terminated by AWS Step Functions/);
    expect((await engine.waitFor(executionArn)).status).toBe('ABORTED');
  });
});

describe('batch:submitJob (request-response)', () => {
  it('returns the SubmitJob answer at once, and names bad requests Batch.ClientException', async () => {
    const { f, engine } = await setup();
    await standardSetup(f.batch);
    const { output } = await runDefinition(engine, {
      StartAt: 'Submit',
      States: {
        Submit: {
          Type: 'Task',
          Resource: 'arn:aws:states:::batch:submitJob',
          Parameters: { JobName: 'later', JobQueue: 'q', JobDefinition: 'noop' },
          ResultPath: '$.submitted',
          Next: 'Bad',
        },
        Bad: {
          Type: 'Task',
          Resource: 'arn:aws:states:::batch:submitJob',
          Parameters: { JobName: 'bad', JobQueue: 'nowhere', JobDefinition: 'noop' },
          Catch: [{ ErrorEquals: ['Batch.ClientException'], ResultPath: '$.error', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    });
    expect(output.submitted).toMatchObject({
      JobName: 'later',
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(output.submitted.JobArn).toBe(
      `arn:aws:batch:ap-south-1:123456789012:job/${output.submitted.JobId}`,
    );
    const [job] = (await f.batch.describeJobs({ jobs: [output.submitted.JobId] })).jobs;
    expect(job?.status).toBe('SUBMITTED');
    expect(output.error.Error).toBe('Batch.ClientException');
    expect(output.error.Cause).toMatch(
      /^JobQueue nowhere not found\. \(Service: AWSBatch; Status Code: 400; Error Code: ClientException; Request ID: [0-9a-f-]+; Proxy: null\)$/,
    );
  });
});

describe('restart in the middle of a .sync job', () => {
  it('loses no job: two instances over one SQLite file; the running attempt is retried and the execution re-attaches', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mm-batch-restart-')), 'modelmill.db');
    const first = await setup(file);
    await standardSetup(first.f.batch, 1);
    first.f.batch.start();
    first.engine.createStateMachine({
      name: 'durable',
      definition: JSON.stringify({
        StartAt: 'Job',
        States: {
          Job: {
            Type: 'Task',
            Resource: 'arn:aws:states:::batch:submitJob.sync',
            Parameters: {
              JobName: 'long',
              JobQueue: 'q',
              JobDefinition: 'slow',
              ContainerOverrides: { Command: ['--ms', '800'] },
              RetryStrategy: {
                Attempts: 2,
                EvaluateOnExit: [
                  { OnStatusReason: 'Host EC2*', Action: 'RETRY' },
                  { OnReason: '*', Action: 'EXIT' },
                ],
              },
            },
            ResultSelector: { 'status.$': '$.Status', 'attempts.$': '$.Attempts[*].StatusReason' },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = first.engine.startExecution({
      stateMachineArn: 'durable',
      input: '{}',
    });
    const jobId = await submittedJobId(first.engine, executionArn);
    const queued = await first.f.batch.submitJob({
      jobName: 'queued',
      jobQueue: 'q',
      jobDefinition: 'noop',
    });
    await waitStatus(first.f, jobId, 'RUNNING');
    // The "crash": the engine and the scheduler stop; the attempt in flight is lost.
    await first.engine.close();
    await first.f.batch.stop();
    engines.splice(engines.indexOf(first.engine), 1);
    await first.f.close();
    fixtures.splice(fixtures.indexOf(first.f), 1);

    const second = await setup(file);
    second.f.batch.start();
    expect(second.engine.recover()).toBe(1);
    const final = await second.engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    expect(JSON.parse(final.output ?? '')).toEqual({
      status: 'SUCCEEDED',
      attempts: [
        'Host EC2 (instance modelmill-local) terminated.',
        'Essential container in task exited',
      ],
    });
    expect((await second.f.batch.waitForJob(queued.jobId)).status).toBe('SUCCEEDED');
    const types = second.engine.getExecutionHistory({ executionArn }).items.map((e) => e.type);
    expect(types.filter((t) => t === 'TaskSubmitted')).toHaveLength(1);
  });
});

async function submittedJobId(engine: Engine, executionArn: string): Promise<string> {
  for (let i = 0; i < 500; i += 1) {
    const submitted = engine
      .getExecutionHistory({ executionArn, maxResults: 1000 })
      .items.find((e) => e.type === 'TaskSubmitted');
    const output = (submitted?.details as { output?: string } | undefined)?.output;
    if (output) return (JSON.parse(output) as { JobId: string }).JobId;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the task was never submitted');
}

async function waitStatus(f: BatchFixture, jobId: string, status: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const [job] = (await f.batch.describeJobs({ jobs: [jobId] })).jobs;
    if (job?.status === status) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`job ${jobId} never reached ${status}`);
}
