import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { GlueJobsService } from './types.js';

/**
 * The contract every Glue jobs adapter keeps, run against the embedded Glue
 * always and against Glue when an endpoint is configured. It asserts only what
 * Glue itself does, with Glue's error names. Runs are exercised only when the
 * caller gives a script that succeeds and one that fails there.
 */

/** Scripts the run part of the suite uses; leave out to skip runs (real Glue bills for them). */
export interface GlueContractScripts {
  /** A script location that exits 0 and accepts any `--key value` arguments. */
  succeeds: string;
  /** A script location that exits non-zero. */
  fails: string;
  role?: string;
}

/** Runs the suite against the adapter `makeAdapter` builds; jobs are prefixed and deleted afterwards. */
export function runGlueContract(
  name: string,
  makeAdapter: () => GlueJobsService | Promise<GlueJobsService>,
  scripts?: GlueContractScripts,
): void {
  const prefix = `mm-contract-${Date.now().toString(36)}`;
  const role = scripts?.role ?? 'arn:aws:iam::123456789012:role/glue-contract';
  const command = (location = 's3://mm-contract/scripts/none.py') => ({
    Name: 'pythonshell',
    ScriptLocation: location,
    PythonVersion: '3.9',
  });
  let glue: GlueJobsService;
  describe(`Glue jobs contract: ${name}`, () => {
    beforeAll(async () => {
      glue = await makeAdapter();
    });
    afterAll(async () => {
      const { JobNames } = await glue.listJobs({ MaxResults: 1000 });
      for (const job of JobNames.filter((n) => n.startsWith(prefix)))
        await glue.deleteJob({ JobName: job });
    });

    it('creates, reads, lists, updates and deletes a job', async () => {
      const jobName = `${prefix}-crud`;
      expect(
        await glue.createJob({
          Name: jobName,
          Role: role,
          Command: command(),
          DefaultArguments: { '--region': 'ap-south-1' },
          MaxRetries: 0,
          Timeout: 10,
        }),
      ).toEqual({ Name: jobName });
      const { Job: job } = await glue.getJob({ JobName: jobName });
      expect(job).toMatchObject({
        Name: jobName,
        Role: role,
        Command: { ScriptLocation: command().ScriptLocation },
        DefaultArguments: { '--region': 'ap-south-1' },
        Timeout: 10,
      });
      expect(typeof job.CreatedOn).toBe('number');
      expect((await glue.listJobs({ MaxResults: 1000 })).JobNames).toContain(jobName);
      const { Jobs } = await glue.getJobs({ MaxResults: 1000 });
      expect(Jobs.map((j) => j.Name)).toContain(jobName);
      await glue.updateJob({
        JobName: jobName,
        JobUpdate: { Role: role, Command: command(), Timeout: 20 },
      });
      expect((await glue.getJob({ JobName: jobName })).Job.Timeout).toBe(20);
      expect(await glue.deleteJob({ JobName: jobName })).toEqual({ JobName: jobName });
      const err = await rejection(glue.getJob({ JobName: jobName }));
      expect(err.code ?? err.name).toBe('EntityNotFoundException');
    });

    it('deletes a missing job without complaint', async () => {
      expect(await glue.deleteJob({ JobName: `${prefix}-never` })).toEqual({
        JobName: `${prefix}-never`,
      });
    });

    it('refuses a second job of the same name', async () => {
      const jobName = `${prefix}-twice`;
      await glue.createJob({ Name: jobName, Role: role, Command: command() });
      const err = await rejection(
        glue.createJob({ Name: jobName, Role: role, Command: command() }),
      );
      expect(err.code ?? err.name).toBe('AlreadyExistsException');
    });

    it('names a missing job in EntityNotFoundException', async () => {
      for (const call of [
        glue.getJob({ JobName: `${prefix}-missing` }),
        glue.startJobRun({ JobName: `${prefix}-missing` }),
        glue.getJobRun({ JobName: `${prefix}-missing`, RunId: 'jr_0' }),
      ]) {
        const err = await rejection(call);
        expect(err.code ?? err.name).toBe('EntityNotFoundException');
      }
    });

    if (!scripts) return;

    it('runs a job to SUCCEEDED with its run arguments on the JobRun', async () => {
      const jobName = `${prefix}-ok`;
      await glue.createJob({
        Name: jobName,
        Role: role,
        Command: command(scripts.succeeds),
        DefaultArguments: { '--region': 'ap-south-1', '--mode': 'default' },
      });
      const { JobRunId } = await glue.startJobRun({
        JobName: jobName,
        Arguments: { '--mode': 'run' },
      });
      const run = await glue.waitForJobRun(jobName, JobRunId);
      expect(run).toMatchObject({
        Id: JobRunId,
        JobName: jobName,
        JobRunState: 'SUCCEEDED',
        Attempt: 0,
        Arguments: { '--mode': 'run' },
      });
      expect((await glue.getJobRun({ JobName: jobName, RunId: JobRunId })).JobRun.JobRunState).toBe(
        'SUCCEEDED',
      );
      expect((await glue.getJobRuns({ JobName: jobName })).JobRuns.map((r) => r.Id)).toEqual([
        JobRunId,
      ]);
    });

    it('ends a failing script FAILED with an ErrorMessage', async () => {
      const jobName = `${prefix}-bad`;
      await glue.createJob({ Name: jobName, Role: role, Command: command(scripts.fails) });
      const { JobRunId } = await glue.startJobRun({ JobName: jobName });
      const run = await glue.waitForJobRun(jobName, JobRunId);
      expect(run.JobRunState).toBe('FAILED');
      expect(run.ErrorMessage).toBeTruthy();
    });
  });
}
