import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { BatchService, JobDetail } from './types.js';

/**
 * The contract every BatchService adapter keeps: run against the embedded
 * Batch in every test run and against AWS Batch when an endpoint is
 * configured. It uses an UNMANAGED compute environment (no instances, no
 * network settings needed on AWS), so on AWS jobs stay RUNNABLE and the
 * suite asserts only what holds in both places: the control plane, job
 * descriptions, Batch's ClientException for bad input, and TerminateJob.
 */

/** Options of the contract run. */
export interface BatchContractOptions {
  /** Prefix of everything the suite creates (and deletes). Default `mm-contract`. */
  prefix?: string;
  /** How long to wait for environments and queues to become VALID, and jobs to fail. Default 120 s. */
  waitMs?: number;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs the suite against the adapter `makeAdapter` builds. */
export function runBatchContract(
  name: string,
  makeAdapter: () => BatchService | Promise<BatchService>,
  options: BatchContractOptions = {},
): void {
  const prefix = `${options.prefix ?? 'mm-contract'}-${Date.now().toString(36)}`;
  const waitMs = options.waitMs ?? 120_000;
  const ce = `${prefix}-ce`;
  const queue = `${prefix}-q`;
  const def = `${prefix}-def`;
  let batch: BatchService;

  describe(`Batch contract: ${name}`, () => {
    beforeAll(async () => {
      batch = await makeAdapter();
      await batch.createComputeEnvironment({
        computeEnvironmentName: ce,
        type: 'UNMANAGED',
        state: 'ENABLED',
      });
      await until('the compute environment to be VALID', waitMs, async () => {
        const [found] = (await batch.describeComputeEnvironments({ computeEnvironments: [ce] }))
          .computeEnvironments;
        return found?.status === 'VALID' ? found : undefined;
      });
      await batch.createJobQueue({
        jobQueueName: queue,
        priority: 5,
        computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }],
      });
      await until('the job queue to be VALID', waitMs, async () => {
        const [found] = (await batch.describeJobQueues({ jobQueues: [queue] })).jobQueues;
        return found?.status === 'VALID' ? found : undefined;
      });
    }, waitMs * 2);

    afterAll(async () => {
      await batch.updateJobQueue({ jobQueue: queue, state: 'DISABLED' }).catch(() => undefined);
      await until('the job queue to be deletable', waitMs, async () =>
        batch.deleteJobQueue({ jobQueue: queue }).then(
          () => true,
          () => undefined,
        ),
      ).catch(() => undefined);
      await batch
        .updateComputeEnvironment({ computeEnvironment: ce, state: 'DISABLED' })
        .catch(() => undefined);
      await until('the compute environment to be deletable', waitMs, async () =>
        batch.deleteComputeEnvironment({ computeEnvironment: ce }).then(
          () => true,
          () => undefined,
        ),
      ).catch(() => undefined);
    }, waitMs * 3);

    it('describes compute environments and job queues with their ARNs', async () => {
      const [env] = (await batch.describeComputeEnvironments({ computeEnvironments: [ce] }))
        .computeEnvironments;
      expect(env).toMatchObject({
        computeEnvironmentName: ce,
        type: 'UNMANAGED',
        state: 'ENABLED',
        status: 'VALID',
      });
      expect(env?.computeEnvironmentArn).toMatch(
        new RegExp(`^arn:aws:batch:[a-z0-9-]+:\\d{12}:compute-environment/${ce}$`),
      );
      const [q] = (await batch.describeJobQueues({ jobQueues: [queue] })).jobQueues;
      expect(q).toMatchObject({
        jobQueueName: queue,
        priority: 5,
        state: 'ENABLED',
        status: 'VALID',
      });
      expect(q?.computeEnvironmentOrder).toEqual([
        { order: 1, computeEnvironment: env?.computeEnvironmentArn },
      ]);
      expect((await batch.describeJobQueues({ jobQueues: [`${prefix}-none`] })).jobQueues).toEqual(
        [],
      );
    });

    it('refuses a second compute environment of the same name', async () => {
      const err = await rejection(
        batch.createComputeEnvironment({ computeEnvironmentName: ce, type: 'UNMANAGED' }),
      );
      expect(err.code ?? err.name).toBe('ClientException');
      expect(err.message).toContain('Object already exists');
    });

    it('keeps job definition revisions and deregisters one', async () => {
      const first = await batch.registerJobDefinition({
        jobDefinitionName: def,
        type: 'container',
        parameters: { greeting: 'hello' },
        containerProperties: {
          image: 'busybox',
          command: ['echo', 'Ref::greeting'],
          resourceRequirements: [
            { type: 'VCPU', value: '1' },
            { type: 'MEMORY', value: '128' },
          ],
        },
      });
      const second = await batch.registerJobDefinition({
        jobDefinitionName: def,
        type: 'container',
        containerProperties: {
          image: 'busybox',
          command: ['true'],
          resourceRequirements: [
            { type: 'VCPU', value: '1' },
            { type: 'MEMORY', value: '128' },
          ],
        },
      });
      expect(second.revision).toBe(first.revision + 1);
      expect(second.jobDefinitionArn).toMatch(
        new RegExp(`:job-definition/${def}:${second.revision}$`),
      );
      await batch.deregisterJobDefinition({ jobDefinition: second.jobDefinitionArn });
      const { jobDefinitions } = await batch.describeJobDefinitions({ jobDefinitionName: def });
      const byRevision = Object.fromEntries(jobDefinitions.map((d) => [d.revision, d.status]));
      expect(byRevision).toEqual({ [first.revision]: 'ACTIVE', [second.revision]: 'INACTIVE' });
      const active = await batch.describeJobDefinitions({
        jobDefinitionName: def,
        status: 'ACTIVE',
      });
      expect(active.jobDefinitions.map((d) => d.revision)).toEqual([first.revision]);
    });

    it('answers bad submissions with ClientException', async () => {
      const base = { jobName: 'bad', jobQueue: queue, jobDefinition: def };
      const cases = [
        { ...base, jobQueue: `${prefix}-no-such-queue` },
        { ...base, jobDefinition: `${prefix}-no-such-def` },
        { ...base, arrayProperties: { size: 10_001 } },
        { ...base, dependsOn: [{ jobId: '00000000-0000-4000-8000-00000000dead' }] },
        { ...base, jobName: 'has spaces' },
      ];
      for (const request of cases) {
        const err = await rejection(batch.submitJob(request));
        expect(err.code ?? err.name).toBe('ClientException');
      }
    });

    it(
      'describes a submitted job with its parameters applied, and terminates it',
      async () => {
        const { jobId, jobArn, jobName } = await batch.submitJob({
          jobName: 'contract-job',
          jobQueue: queue,
          jobDefinition: `${def}:1`,
          parameters: { greeting: 'namaste' },
          containerOverrides: { command: ['sh', '-c', 'sleep 600', 'Ref::greeting'] },
        });
        expect(jobName).toBe('contract-job');
        expect(jobArn).toMatch(new RegExp(`^arn:aws:batch:[a-z0-9-]+:\\d{12}:job/${jobId}$`));
        const [job] = (await batch.describeJobs({ jobs: [jobId] })).jobs;
        expect(job).toMatchObject({
          jobId,
          jobName: 'contract-job',
          parameters: { greeting: 'namaste' },
        });
        expect(job?.jobQueue).toMatch(new RegExp(`:job-queue/${queue}$`));
        expect(job?.jobDefinition).toMatch(new RegExp(`:job-definition/${def}:1$`));
        expect(job?.container?.command).toEqual(['sh', '-c', 'sleep 600', 'namaste']);
        expect(typeof job?.createdAt).toBe('number');
        await batch.terminateJob({ jobId, reason: 'contract says stop' });
        const failed = await until<JobDetail>('the terminated job to fail', waitMs, async () => {
          const [found] = (await batch.describeJobs({ jobs: [jobId] })).jobs;
          return found?.status === 'FAILED' ? found : undefined;
        });
        expect(failed.statusReason).toBe('contract says stop');
        const listed = await batch.listJobs({ jobQueue: queue, jobStatus: 'FAILED' });
        expect(listed.jobSummaryList.map((s) => s.jobId)).toContain(jobId);
      },
      waitMs + 10_000,
    );
  });
}
