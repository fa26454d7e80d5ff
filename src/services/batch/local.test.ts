import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import type { BatchFixture } from '../../../test/services/batch-fixture.js';
import { createBatchFixture, standardSetup } from '../../../test/services/batch-fixture.js';
import { runBatchContract } from './contract.js';
import { RESOURCE_MISCONFIGURATION } from './scheduler.js';

const fixtures: BatchFixture[] = [];
async function setup(
  options: Parameters<typeof createBatchFixture>[0] = {},
  maxvCpus = 4,
): Promise<BatchFixture> {
  const fixture = await createBatchFixture(options);
  fixtures.push(fixture);
  await standardSetup(fixture.batch, maxvCpus);
  return fixture;
}
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

runBatchContract('embedded (SQLite in memory)', async () => {
  const fixture = await createBatchFixture();
  fixture.batch.start();
  return fixture.batch;
});

function lines(f: BatchFixture, stream: string | undefined): string[] {
  return f.logs.read('/aws/batch/job', stream ?? '').events.map((e) => e.message);
}

describe('embedded Batch: a job from submit to SUCCEEDED', () => {
  it('goes through the lifecycle with the variables, log stream and attempt Batch gives', async () => {
    const f = await setup();
    f.batch.start();
    await f.batch.registerJobDefinition({
      jobDefinitionName: 'env',
      type: 'container',
      parameters: { who: 'world' },
      containerProperties: {
        image: 'amazonlinux:2023',
        vcpus: 1,
        memory: 256,
        command: [
          'sh',
          '-c',
          'echo "hello $0 $AWS_BATCH_JOB_ID $AWS_BATCH_JOB_ATTEMPT $AWS_BATCH_JQ_NAME $AWS_BATCH_CE_NAME $STAGE"',
          'Ref::who',
        ],
        environment: [{ name: 'STAGE', value: 'dev' }],
      },
    });
    const { jobId } = await f.batch.submitJob({
      jobName: 'hello',
      jobQueue: 'arn:aws:batch:us-east-1:999999999999:job-queue/q',
      jobDefinition: 'env',
      containerOverrides: { environment: [{ name: 'STAGE', value: 'test' }] },
    });
    const job = await f.batch.waitForJob(jobId);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      statusReason: 'Essential container in task exited',
    });
    expect(f.changes.filter((c) => c.startsWith(jobId)).map((c) => c.split(' ')[1])).toEqual([
      'SUBMITTED',
      'RUNNABLE',
      'STARTING',
      'RUNNING',
      'SUCCEEDED',
    ]);
    expect(job.attempts).toHaveLength(1);
    expect(job.attempts[0]?.container).toMatchObject({
      exitCode: 0,
      logStreamName: `env/default/${jobId}`,
    });
    expect(job.container).toMatchObject({ exitCode: 0, logStreamName: `env/default/${jobId}` });
    expect(job.startedAt).toBeGreaterThanOrEqual(job.createdAt);
    expect(job.stoppedAt).toBeGreaterThanOrEqual(job.startedAt ?? 0);
    expect(lines(f, job.container?.logStreamName).at(-1)).toBe(`hello world ${jobId} 1 q ce test`);
  });

  it('runs a program image with the command as arguments, and a failing one to FAILED', async () => {
    const f = await setup();
    f.batch.start();
    const ok = await f.batch.submitJob({
      jobName: 'echo',
      jobQueue: 'q',
      jobDefinition: 'echo',
      containerOverrides: { command: ['--pk_id', '7'] },
    });
    const bad = await f.batch.submitJob({
      jobName: 'fail',
      jobQueue: 'q',
      jobDefinition: 'fail',
      containerOverrides: { command: ['--code', '9'] },
    });
    const done = await f.batch.waitForJob(ok.jobId);
    expect(lines(f, done.container?.logStreamName)).toEqual([
      'info args {"pk_id":"7"}',
      'index=- attempt=1',
    ]);
    const failed = await f.batch.waitForJob(bad.jobId);
    expect(failed).toMatchObject({
      status: 'FAILED',
      statusReason: 'Essential container in task exited',
      container: { exitCode: 9 },
    });
  });

  it('fails a command that does not exist with the reason, and a program image with no command that is not one', async () => {
    const f = await setup();
    f.batch.start();
    await f.batch.registerJobDefinition({
      jobDefinitionName: 'missing',
      type: 'container',
      containerProperties: { image: 'busybox', vcpus: 1, command: ['no-such-binary-xyz', '--x'] },
    });
    const { jobId } = await f.batch.submitJob({
      jobName: 'missing',
      jobQueue: 'q',
      jobDefinition: 'missing',
    });
    const job = await f.batch.waitForJob(jobId);
    expect(job.status).toBe('FAILED');
    expect(job.statusReason).toBe('Task failed to start');
    expect(job.container?.reason).toMatch(
      /^CannotStartContainerError: .*exec: "no-such-binary-xyz": executable file not found in \$PATH/,
    );
    expect(job.container?.exitCode).toBeUndefined();
    await f.batch.registerJobDefinition({
      jobDefinitionName: 'nothing',
      type: 'container',
      containerProperties: { image: 'busybox', vcpus: 1 },
    });
    await expect(
      f.batch.submitJob({ jobName: 'x', jobQueue: 'q', jobDefinition: 'nothing' }),
    ).rejects.toMatchObject({
      code: 'ClientException',
      message: expect.stringMatching(
        /job definition 'nothing:1' has no command and its image 'busybox' is not registered to a built-in program/,
      ),
    });
  });
});

describe('embedded Batch: retries and timeouts', () => {
  it('retries a failed attempt under the retry strategy, each attempt with its own stream', async () => {
    const f = await setup();
    f.batch.start();
    const marker = join(f.work, 'flaky-marker');
    const { jobId } = await f.batch.submitJob({
      jobName: 'flaky',
      jobQueue: 'q',
      jobDefinition: 'flaky',
      containerOverrides: { command: ['--marker', marker] },
      retryStrategy: { attempts: 2 },
    });
    const job = await f.batch.waitForJob(jobId);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.attempts.map((a) => a.container.exitCode)).toEqual([1, 0]);
    expect(new Set(job.attempts.map((a) => a.container.logStreamName)).size).toBe(2);
    expect(lines(f, job.attempts[0]?.container.logStreamName)).toEqual(['first attempt fails']);
  });

  it('stops retrying when an evaluateOnExit rule says EXIT, and when attempts run out', async () => {
    const f = await setup();
    f.batch.start();
    const exit = await f.batch.submitJob({
      jobName: 'exit',
      jobQueue: 'q',
      jobDefinition: 'fail',
      containerOverrides: { command: ['--code', '3'] },
      retryStrategy: {
        attempts: 5,
        evaluateOnExit: [
          { onExitCode: '3', action: 'EXIT' },
          { onReason: '*', action: 'RETRY' },
        ],
      },
    });
    const out = await f.batch.submitJob({
      jobName: 'out',
      jobQueue: 'q',
      jobDefinition: 'fail',
      containerOverrides: { command: ['--code', '4'] },
      retryStrategy: { attempts: 3, evaluateOnExit: [{ onExitCode: '3', action: 'EXIT' }] },
    });
    expect((await f.batch.waitForJob(exit.jobId)).attempts).toHaveLength(1);
    const failed = await f.batch.waitForJob(out.jobId);
    expect(failed.attempts.map((a) => a.container.exitCode)).toEqual([4, 4, 4]);
    expect(failed.status).toBe('FAILED');
  });

  it('terminates an attempt past its timeout and does not retry it', async () => {
    const f = await setup({ clock: createFakeClock() });
    f.batch.start();
    await f.batch.registerJobDefinition({
      jobDefinitionName: 'sleepy',
      type: 'container',
      containerProperties: { image: 'busybox', vcpus: 1, command: ['sleep', '30'] },
      timeout: { attemptDurationSeconds: 60 },
      retryStrategy: { attempts: 3 },
    });
    const { jobId } = await f.batch.submitJob({
      jobName: 'sleepy',
      jobQueue: 'q',
      jobDefinition: 'sleepy',
    });
    const job = await f.batch.waitForJob(jobId);
    expect(job).toMatchObject({
      status: 'FAILED',
      statusReason: 'Job attempt duration exceeded timeout',
    });
    expect(job.attempts).toHaveLength(1);
    expect(job.container?.exitCode).toBe(143);
  });
});

describe('embedded Batch: arrays and dependencies', () => {
  it('runs an array job: children see their index, the parent sums them up', async () => {
    const f = await setup();
    f.batch.start();
    const { jobId } = await f.batch.submitJob({
      jobName: 'arr',
      jobQueue: 'q',
      jobDefinition: 'echo',
      arrayProperties: { size: 3 },
    });
    const parent = await f.batch.waitForJob(jobId);
    expect(parent).toMatchObject({
      status: 'SUCCEEDED',
      arrayProperties: { size: 3, statusSummary: { SUCCEEDED: 3, FAILED: 0, RUNNING: 0 } },
    });
    const children = await f.batch.listJobs({ arrayJobId: jobId, jobStatus: 'SUCCEEDED' });
    expect(children.jobSummaryList.map((c) => c.arrayProperties?.index).sort()).toEqual([0, 1, 2]);
    const { jobs } = await f.batch.describeJobs({ jobs: [`${jobId}:2`] });
    expect(jobs[0]?.arrayProperties).toEqual({ index: 2 });
    expect(lines(f, jobs[0]?.container?.logStreamName)).toContain('index=2 attempt=1');
    expect(
      (await f.batch.listJobs({ jobQueue: 'q', jobStatus: 'SUCCEEDED' })).jobSummaryList.map(
        (s) => s.jobId,
      ),
    ).toEqual([jobId]);
  });

  it('chains SEQUENTIAL children and pairs N_TO_N children', async () => {
    const f = await setup({}, 8);
    f.batch.start();
    const a = await f.batch.submitJob({
      jobName: 'a',
      jobQueue: 'q',
      jobDefinition: 'noop',
      arrayProperties: { size: 3 },
      dependsOn: [{ type: 'SEQUENTIAL' }],
    });
    const b = await f.batch.submitJob({
      jobName: 'b',
      jobQueue: 'q',
      jobDefinition: 'noop',
      arrayProperties: { size: 3 },
      dependsOn: [{ jobId: a.jobId, type: 'N_TO_N' }],
    });
    const c = await f.batch.submitJob({
      jobName: 'c',
      jobQueue: 'q',
      jobDefinition: 'noop',
      dependsOn: [{ jobId: b.jobId }],
    });
    expect((await f.batch.waitForJob(c.jobId)).status).toBe('SUCCEEDED');
    const ids = [0, 1, 2].flatMap((i) => [`${a.jobId}:${i}`, `${b.jobId}:${i}`]);
    const byId = new Map(
      (await f.batch.describeJobs({ jobs: [...ids, a.jobId, b.jobId, c.jobId] })).jobs.map((j) => [
        j.jobId,
        j,
      ]),
    );
    const at = (id: string, field: 'startedAt' | 'stoppedAt'): number =>
      byId.get(id)?.[field] ?? NaN;
    for (const i of [1, 2])
      expect(at(`${a.jobId}:${i}`, 'startedAt')).toBeGreaterThanOrEqual(
        at(`${a.jobId}:${i - 1}`, 'stoppedAt'),
      );
    for (const i of [0, 1, 2])
      expect(at(`${b.jobId}:${i}`, 'startedAt')).toBeGreaterThanOrEqual(
        at(`${a.jobId}:${i}`, 'stoppedAt'),
      );
    expect(at(c.jobId, 'startedAt')).toBeGreaterThanOrEqual(at(b.jobId, 'stoppedAt'));
    const order = f.changes.filter((x) => x.endsWith(' PENDING')).map((x) => x.split(' ')[0]);
    expect(order).toContain(c.jobId);
  });

  it('fails the jobs that depend on a failed job', async () => {
    const f = await setup();
    f.batch.start();
    const a = await f.batch.submitJob({ jobName: 'a', jobQueue: 'q', jobDefinition: 'fail' });
    const b = await f.batch.submitJob({
      jobName: 'b',
      jobQueue: 'q',
      jobDefinition: 'noop',
      dependsOn: [{ jobId: a.jobId }],
    });
    const job = await f.batch.waitForJob(b.jobId);
    expect(job).toMatchObject({
      status: 'FAILED',
      statusReason: 'Dependent Job failed',
      attempts: [],
    });
  });
});

describe('embedded Batch: scheduling', () => {
  it('runs higher-priority queues first, then in submission order, within the vCPUs of the environment', async () => {
    const f = await setup({}, 1);
    await f.batch.createJobQueue({
      jobQueueName: 'urgent',
      priority: 10,
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }],
    });
    const low1 = await f.batch.submitJob({ jobName: 'low1', jobQueue: 'q', jobDefinition: 'noop' });
    const low2 = await f.batch.submitJob({ jobName: 'low2', jobQueue: 'q', jobDefinition: 'noop' });
    const high = await f.batch.submitJob({
      jobName: 'high',
      jobQueue: 'urgent',
      jobDefinition: 'noop',
    });
    f.batch.start();
    await f.batch.waitForJob(low2.jobId);
    const starts = f.changes.filter((c) => c.endsWith(' STARTING')).map((c) => c.split(' ')[0]);
    expect(starts).toEqual([high.jobId, low1.jobId, low2.jobId]);
  });

  it("keeps a job no environment can hold RUNNABLE with Batch's reason, without holding up the others", async () => {
    const f = await setup({}, 2);
    f.batch.start();
    const big = await f.batch.submitJob({
      jobName: 'big',
      jobQueue: 'q',
      jobDefinition: 'noop',
      containerOverrides: { resourceRequirements: [{ type: 'VCPU', value: '8' }] },
    });
    const gpu = await f.batch.submitJob({
      jobName: 'gpu',
      jobQueue: 'q',
      jobDefinition: 'noop',
      containerOverrides: { resourceRequirements: [{ type: 'GPU', value: '1' }] },
    });
    const small = await f.batch.submitJob({
      jobName: 'small',
      jobQueue: 'q',
      jobDefinition: 'noop',
    });
    expect((await f.batch.waitForJob(small.jobId)).status).toBe('SUCCEEDED');
    const { jobs } = await f.batch.describeJobs({ jobs: [big.jobId, gpu.jobId] });
    for (const job of jobs)
      expect(job).toMatchObject({ status: 'RUNNABLE', statusReason: RESOURCE_MISCONFIGURATION });
    await f.batch.updateComputeEnvironment({
      computeEnvironment: 'ce',
      computeResources: { maxvCpus: 8 },
    });
    expect((await f.batch.waitForJob(big.jobId)).status).toBe('SUCCEEDED');
  });
});

describe('embedded Batch: terminate and cancel', () => {
  it('terminates a running job (killing its process) and cancels one not yet started', async () => {
    const f = await setup({}, 1);
    f.batch.start();
    await f.batch.registerJobDefinition({
      jobDefinitionName: 'long',
      type: 'container',
      containerProperties: { image: 'busybox', vcpus: 1, command: ['sleep', '30'] },
      retryStrategy: { attempts: 3 },
    });
    const running = await f.batch.submitJob({
      jobName: 'long',
      jobQueue: 'q',
      jobDefinition: 'long',
    });
    const queued = await f.batch.submitJob({
      jobName: 'queued',
      jobQueue: 'q',
      jobDefinition: 'noop',
    });
    for (let i = 0; i < 200; i += 1) {
      const [job] = (await f.batch.describeJobs({ jobs: [running.jobId] })).jobs;
      if (job?.status === 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await f.batch.cancelJob({ jobId: running.jobId, reason: 'ignored: already running' });
    await f.batch.cancelJob({ jobId: queued.jobId, reason: 'not needed' });
    expect(await f.batch.waitForJob(queued.jobId)).toMatchObject({
      status: 'FAILED',
      statusReason: 'not needed',
      isCancelled: true,
    });
    const t0 = Date.now();
    await f.batch.terminateJob({ jobId: running.jobId, reason: 'user stop' });
    const job = await f.batch.waitForJob(running.jobId);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(job).toMatchObject({ status: 'FAILED', statusReason: 'user stop', isTerminated: true });
    expect(job.attempts).toHaveLength(1);
    await expect(f.batch.terminateJob({ jobId: 'nope', reason: 'x' })).rejects.toMatchObject({
      code: 'ClientException',
    });
  });
});

describe('embedded Batch: ListJobs', () => {
  it('filters by status, name and definition, and pages newest first', async () => {
    const f = await setup();
    f.batch.start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(
        (
          await f.batch.submitJob({
            jobName: `part-${i}`,
            jobQueue: 'q',
            jobDefinition: i < 3 ? 'noop' : 'echo',
          })
        ).jobId,
      );
    }
    for (const id of ids) await f.batch.waitForJob(id);
    const first = await f.batch.listJobs({ jobQueue: 'q', jobStatus: 'SUCCEEDED', maxResults: 2 });
    expect(first.jobSummaryList.map((s) => s.jobId)).toEqual([ids[4], ids[3]]);
    const rest = await f.batch.listJobs({
      jobQueue: 'q',
      jobStatus: 'SUCCEEDED',
      maxResults: 10,
      nextToken: first.nextToken ?? '',
    });
    expect(rest.jobSummaryList.map((s) => s.jobId)).toEqual([ids[2], ids[1], ids[0]]);
    expect(rest.nextToken).toBeUndefined();
    expect((await f.batch.listJobs({ jobQueue: 'q' })).jobSummaryList).toEqual([]);
    const named = await f.batch.listJobs({
      jobQueue: 'q',
      filters: [{ name: 'JOB_NAME', values: ['part-1'] }],
    });
    expect(named.jobSummaryList.map((s) => s.jobId)).toEqual([ids[1]]);
    const echo = await f.batch.listJobs({
      jobQueue: 'q',
      filters: [
        {
          name: 'JOB_DEFINITION',
          values: ['arn:aws:batch:ap-south-1:123456789012:job-definition/echo:1'],
        },
      ],
    });
    expect(echo.jobSummaryList).toHaveLength(2);
    expect(echo.jobSummaryList[0]).toMatchObject({
      status: 'SUCCEEDED',
      container: { exitCode: 0 },
    });
  });
});

describe('embedded Batch: working folders', () => {
  it('gives each attempt its own folder', async () => {
    const f = await setup();
    f.batch.start();
    const { jobId } = await f.batch.submitJob({
      jobName: 'w',
      jobQueue: 'q',
      jobDefinition: 'echo',
      containerOverrides: { command: ['--a', 'b'] },
    });
    const job = await f.batch.waitForJob(jobId);
    const folder = job.container?.logStreamName?.split('/').pop() ?? '';
    const written = readFileSync(join(f.work, folder, 'args.json'), 'utf8');
    expect(JSON.parse(written)).toEqual({ args: { a: 'b' }, argv: ['--a', 'b'] });
  });
});
