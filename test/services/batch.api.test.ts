import {
  BatchClient,
  CancelJobCommand,
  ClientException,
  DescribeJobsCommand,
  ListJobsCommand,
  SubmitJobCommand,
  UpdateJobQueueCommand,
} from '@aws-sdk/client-batch';
import { afterAll, describe, expect, it } from 'vitest';
import { batchApi, createAwsBatch } from '../../src/services/batch/index.js';
import { runBatchContract } from '../../src/services/batch/contract.js';
import { lazyServer, localSdkConfig } from '../support/aws-api.js';
import type { BatchFixture } from './batch-fixture.js';
import { createBatchFixture, standardSetup } from './batch-fixture.js';

/** Batch's REST API end to end: the real `@aws-sdk/client-batch` against the embedded Batch. */

let fixture: BatchFixture | undefined;

const server = lazyServer(async () => {
  fixture = await createBatchFixture();
  await standardSetup(fixture.batch);
  fixture.batch.start();
  return [batchApi(fixture.batch)];
});

async function serve(): Promise<{ url: string; fixture: BatchFixture }> {
  const { url } = await server();
  return { url, fixture: fixture as BatchFixture };
}

afterAll(async () => {
  await server.close();
  await fixture?.close();
});

runBatchContract('AWS SDK over HTTP to the embedded Batch', async () =>
  createAwsBatch({
    config: localSdkConfig((await serve()).url, 'ap-south-1'),
    pollMs: 50,
  }),
);

describe('Batch wire protocol details', () => {
  async function client(): Promise<BatchClient> {
    return new BatchClient({
      ...localSdkConfig((await serve()).url, 'ap-south-1'),
      maxAttempts: 1,
    });
  }

  it('submits an array job with overrides and dependencies, and waits for it through DescribeJobs', async () => {
    const batch = await client();
    const first = await batch.send(
      new SubmitJobCommand({ jobName: 'first', jobQueue: 'q', jobDefinition: 'noop' }),
    );
    const array = await batch.send(
      new SubmitJobCommand({
        jobName: 'array',
        jobQueue: 'q',
        jobDefinition: 'echo',
        arrayProperties: { size: 2 },
        dependsOn: [{ jobId: first.jobId }],
        containerOverrides: {
          command: ['--x', '1'],
          resourceRequirements: [{ type: 'VCPU', value: '1' }],
        },
        retryStrategy: { attempts: 2 },
        timeout: { attemptDurationSeconds: 600 },
        tags: { team: 'ml' },
      }),
    );
    const aws = createAwsBatch({ client: batch, pollMs: 20 });
    const done = await aws.waitForJob(array.jobId ?? '');
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      arrayProperties: { size: 2 },
      tags: { team: 'ml' },
      timeout: { attemptDurationSeconds: 600 },
    });
    const described = await batch.send(new DescribeJobsCommand({ jobs: [`${array.jobId}:0`] }));
    const child = described.jobs?.[0];
    expect(child?.arrayProperties?.index).toBe(0);
    expect(typeof child?.createdAt).toBe('number');
    expect(child?.container?.command).toEqual(['--x', '1']);
    expect(child?.attempts?.[0]?.container?.exitCode).toBe(0);
    const listed = await batch.send(
      new ListJobsCommand({ arrayJobId: array.jobId, jobStatus: 'SUCCEEDED' }),
    );
    expect(listed.jobSummaryList?.map((s) => s.arrayProperties?.index).sort()).toEqual([0, 1]);
  });

  it("answers ClientException as the SDK's exception class, and serves UpdateJobQueue and CancelJob", async () => {
    const batch = await client();
    const err = await batch
      .send(new SubmitJobCommand({ jobName: 'x', jobQueue: 'q', jobDefinition: 'nope' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientException);
    expect((err as Error).message).toBe(
      'JobDefinition name nope does not exist or is not in ACTIVE status',
    );
    await batch.send(new UpdateJobQueueCommand({ jobQueue: 'q', state: 'DISABLED' }));
    const disabled = await batch
      .send(new SubmitJobCommand({ jobName: 'x', jobQueue: 'q', jobDefinition: 'noop' }))
      .catch((e: unknown) => e);
    expect((disabled as Error).message).toMatch(/JobQueue q is DISABLED/);
    await batch.send(new UpdateJobQueueCommand({ jobQueue: 'q', state: 'ENABLED', priority: 3 }));
    const { fixture: f } = await serve();
    await f.batch.stop({ wait: true });
    const queued = await batch.send(
      new SubmitJobCommand({ jobName: 'later', jobQueue: 'q', jobDefinition: 'noop' }),
    );
    await batch.send(new CancelJobCommand({ jobId: queued.jobId, reason: 'changed my mind' }));
    const [job] =
      (await batch.send(new DescribeJobsCommand({ jobs: [queued.jobId ?? ''] }))).jobs ?? [];
    expect(job).toMatchObject({
      status: 'FAILED',
      statusReason: 'changed my mind',
      isCancelled: true,
    });
    f.batch.start();
  });
});
