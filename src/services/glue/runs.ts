import { createHash } from 'node:crypto';
import { ModelmillError } from '../../core/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { GlueContext } from './context.js';
import { finish, launch, requestStop, seconds, waitForRun } from './runner.js';
import type { RunPlan, RunRecord } from './store.js';
import type { BatchStopJobRunError, Job, JobRun, LocalGlue, StartJobRunInput } from './types.js';
import {
  checkJobName,
  checkStart,
  checkUpdate,
  compileJob,
  invalidInput,
  jobNotFound,
} from './validate.js';

/**
 * The job and run operations of the embedded Glue over its context:
 * definitions (CreateJob ... DeleteJob), runs (StartJobRun with
 * MaxConcurrentRuns, GetJobRun(s), BatchStopJobRun, waiting), and what
 * `start()` does with runs a previous process left unfinished.
 */

/** States of runs still in flight. */
export const ACTIVE_STATES = ['STARTING', 'RUNNING', 'STOPPING', 'WAITING'] as const;

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Offset and size of a page from NextToken and MaxResults. */
export function page(token: string | undefined, maxResults: number | undefined): [number, number] {
  const offset = token === undefined || token === '' ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) {
    throw invalidInput(
      `NextToken '${token}' was not returned by this API: pass the NextToken of the previous page`,
    );
  }
  return [offset, Math.min(Math.max(maxResults ?? 100, 1), 1000)];
}

/** The job called `name` (EntityNotFoundException when there is none). */
export function requireJob(ctx: GlueContext, name: unknown): Job {
  const job = ctx.store.getJob(checkJobName(name));
  if (!job) throw jobNotFound(String(name));
  return job;
}

/** CreateJob, GetJob(s), ListJobs, UpdateJob, DeleteJob. */
export function jobOps(ctx: GlueContext) {
  const now = (): number => seconds(ctx.clock.now());
  return {
    async createJob(input) {
      const name = checkJobName(input?.Name, 'Name');
      if (ctx.store.getJob(name)) {
        throw new ModelmillError(
          'AlreadyExistsException',
          `${name} already exists: a Glue job of that name is defined; change it with UpdateJob or delete it first`,
        );
      }
      ctx.store.putJob(compileJob(input, name, now(), now()));
      return { Name: name };
    },
    getJob: async (input) => ({ Job: requireJob(ctx, input?.JobName) }),
    async getJobs(input = {}) {
      const [offset, size] = page(input.NextToken, input.MaxResults);
      const jobs = ctx.store.jobs(undefined, offset + size + 1).slice(offset);
      const more = jobs.length > size;
      return { Jobs: jobs.slice(0, size), ...(more ? { NextToken: String(offset + size) } : {}) };
    },
    async listJobs(input = {}) {
      const [offset, size] = page(input.NextToken, input.MaxResults);
      const jobs = ctx.store.jobs(undefined, offset + size + 1).slice(offset);
      const more = jobs.length > size;
      return {
        JobNames: jobs.slice(0, size).map((j) => j.Name),
        ...(more ? { NextToken: String(offset + size) } : {}),
      };
    },
    async updateJob(input) {
      const job = requireJob(ctx, input?.JobName);
      const update = checkUpdate(input.JobUpdate, job.Name);
      ctx.store.putJob(compileJob(update, job.Name, job.CreatedOn, now()));
      return { JobName: job.Name };
    },
    async deleteJob(input) {
      const name = checkJobName(input?.JobName);
      for (const active of [...ctx.active.values()]) {
        if (active.record.run.JobName === name) requestStop(ctx, active.record.run.Id);
      }
      ctx.store.deleteJob(name);
      return { JobName: name };
    },
  } satisfies Partial<LocalGlue>;
}

function newRun(ctx: GlueContext, job: Job, input: StartJobRunInput): RunRecord {
  const id = `jr_${hex(ctx.ids.uuid())}`;
  const merged = {
    ...job.DefaultArguments,
    ...input.Arguments,
    ...job.NonOverridableArguments,
  };
  const own = ['--JOB_ID', `j_${hex(job.Name)}`, '--JOB_RUN_ID', id, '--JOB_NAME', job.Name];
  const plan: RunPlan = {
    scriptLocation: job.Command.ScriptLocation ?? '',
    commandName: job.Command.Name ?? 'glueetl',
    argv: [...own, ...Object.entries(merged).flat()],
    arguments: merged,
    maxRetries: job.MaxRetries ?? 0,
  };
  const now = seconds(ctx.clock.now());
  const optional = (key: 'MaxCapacity' | 'WorkerType' | 'NumberOfWorkers' | 'GlueVersion') => {
    const value = (input as unknown as Record<string, unknown>)[key] ?? job[key];
    return value === undefined ? {} : { [key]: value };
  };
  const run: JobRun = {
    Id: id,
    Attempt: 0,
    ...(input.JobRunId ? { PreviousRunId: input.JobRunId } : {}),
    JobName: job.Name,
    StartedOn: now,
    LastModifiedOn: now,
    JobRunState: 'STARTING',
    Arguments: { ...input.Arguments },
    PredecessorRuns: [],
    ExecutionTime: 0,
    Timeout: input.Timeout ?? job.Timeout ?? 2880,
    ...optional('MaxCapacity'),
    ...optional('WorkerType'),
    ...optional('NumberOfWorkers'),
    ...optional('GlueVersion'),
    LogGroupName: LogGroup.Glue.replace(/\/output$/, ''),
    ExecutionClass: input.ExecutionClass ?? job.ExecutionClass ?? 'STANDARD',
  };
  return { run, plan };
}

function requireRun(ctx: GlueContext, jobName: string, runId: unknown): RunRecord {
  const record = typeof runId === 'string' ? ctx.store.getRun(runId) : undefined;
  if (!record || record.run.JobName !== jobName) {
    throw new ModelmillError(
      'EntityNotFoundException',
      `Job run ${String(runId)} of job '${jobName}' not found: use an Id that StartJobRun returned for this job (GetJobRuns lists them)`,
    );
  }
  return record;
}

/** StartJobRun, GetJobRun(s), BatchStopJobRun, waiting for a run. */
export function runOps(ctx: GlueContext) {
  return {
    async startJobRun(input) {
      const job = requireJob(ctx, input?.JobName);
      checkStart(input, job.Name);
      const max = job.ExecutionProperty?.MaxConcurrentRuns ?? 1;
      if (ctx.store.countRuns(job.Name, ACTIVE_STATES) >= max) {
        throw new ModelmillError(
          'ConcurrentRunsExceededException',
          `Concurrent runs exceeded for ${job.Name}: ${max} run(s) of this job are already in flight (ExecutionProperty.MaxConcurrentRuns = ${max}); wait for one to finish or raise MaxConcurrentRuns`,
        );
      }
      const record = newRun(ctx, job, input);
      ctx.store.putRun(record);
      ctx.hook?.(record.run);
      void launch(ctx, record);
      return { JobRunId: record.run.Id };
    },
    async getJobRun(input) {
      const job = requireJob(ctx, input?.JobName);
      return { JobRun: requireRun(ctx, job.Name, input.RunId).run };
    },
    async getJobRuns(input) {
      const job = requireJob(ctx, input?.JobName);
      const [offset, size] = page(input.NextToken, input.MaxResults);
      const runs = ctx.store.runs(job.Name, offset, size + 1);
      const more = runs.length > size;
      return {
        JobRuns: runs.slice(0, size).map((r) => r.run),
        ...(more ? { NextToken: String(offset + size) } : {}),
      };
    },
    async batchStopJobRun(input) {
      const name = checkJobName(input?.JobName);
      if (
        !Array.isArray(input.JobRunIds) ||
        input.JobRunIds.length < 1 ||
        input.JobRunIds.length > 25
      ) {
        throw invalidInput('JobRunIds must list 1 to 25 run ids of the job');
      }
      const SuccessfulSubmissions: Array<{ JobName: string; JobRunId: string }> = [];
      const Errors: BatchStopJobRunError[] = [];
      for (const id of input.JobRunIds) {
        const record = ctx.store.getRun(id);
        const error = (ErrorCode: string, ErrorMessage: string) =>
          Errors.push({ JobName: name, JobRunId: id, ErrorDetail: { ErrorCode, ErrorMessage } });
        if (!record || record.run.JobName !== name) {
          error('EntityNotFoundException', `Job run ${id} of job '${name}' not found`);
        } else if (requestStop(ctx, id)) {
          SuccessfulSubmissions.push({ JobName: name, JobRunId: id });
        } else {
          error(
            'InvalidInputException',
            `Job run ${id} cannot be stopped: it is ${record.run.JobRunState}`,
          );
        }
      }
      return { SuccessfulSubmissions, Errors };
    },
    async waitForJobRun(jobName, runId, opts = {}) {
      const record = requireRun(ctx, jobName, runId);
      const active = ctx.active.get(runId);
      return waitForRun(ctx, active?.record.run ?? record.run, opts.signal);
    },
  } satisfies Partial<LocalGlue>;
}

/** Runs left unfinished by a previous process: STOPPING ones are STOPPED, the others run again. */
export function recover(ctx: GlueContext): void {
  for (const record of ctx.store.runsIn(ACTIVE_STATES)) {
    if (ctx.active.has(record.run.Id)) continue;
    if (record.run.JobRunState === 'STOPPING') {
      finish(ctx, { record }, { stopped: true });
      continue;
    }
    ctx.runtime.logs.append(LogGroup.Glue, record.run.Id, [
      {
        timestamp: ctx.clock.now(),
        message: `modelmill: the process that ran ${record.run.Id} stopped before the run ended; running it again`,
      },
    ]);
    record.run.JobRunState = 'STARTING';
    ctx.store.putRun(record);
    void launch(ctx, record);
  }
}
