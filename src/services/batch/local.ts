import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { ImageResolver, Runtime } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { HostCapacity } from './catalog.js';
import { createCatalog } from './catalog.js';
import type { BatchContext } from './context.js';
import { cancel, terminate, waitFor } from './control.js';
import { createDefinitions } from './definitions.js';
import { jobDetail, jobSummary } from './describe.js';
import { createJobStore } from './job-store.js';
import { admit, scheduleDispatch } from './lifecycle.js';
import { clientError } from './names.js';
import { recover } from './recover.js';
import { dispatch } from './scheduler.js';
import { migrateBatch } from './schema.js';
import { compileSubmit } from './submit.js';
import type { JobStateChangeHook, LocalBatch } from './types.js';

/**
 * The embedded AWS Batch: environments, queues, definitions and jobs in the
 * instance's SQLite database; a scheduler that dispatches RUNNABLE jobs by
 * queue priority and submission order within each environment's vCPU, memory
 * and GPU capacity; attempts run on the job runtime (images resolved through
 * the image registry); logs in `/aws/batch/job`. Start the scheduler with
 * `start()`; it recovers what a previous process left unfinished.
 */

/** Options of the embedded Batch. */
export interface LocalBatchOptions {
  db: SqliteDatabase;
  scope: AccountScope;
  /** Runs the attempts. */
  runtime: Runtime;
  /** Resolves image URIs (the ECR service). Default: none (every image runs its command on the host). */
  images?: ImageResolver;
  /** Parent of the attempts' working folders. Default: `<os tmpdir>/modelmill-batch`. */
  workDir?: string;
  /** What every environment may use besides vCPUs. Default: all CPUs (UNMANAGED), the host's memory, no GPU. */
  host?: Partial<HostCapacity>;
  /** Called on every job state change with the job's description (EventBridge `Batch Job State Change`). */
  onJobStateChange?: JobStateChangeHook;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
}

function page<T>(
  items: T[],
  maxResults?: number,
  nextToken?: string,
): { items: T[]; nextToken?: string } {
  const start = nextToken === undefined ? 0 : Number(nextToken);
  if (!Number.isInteger(start) || start < 0)
    throw clientError(`nextToken '${nextToken}' was not returned by this API`);
  const size = Math.min(Math.max(maxResults ?? 100, 1), 1000);
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), ...(next ? { nextToken: next } : {}) };
}

/** Creates the embedded Batch (tables `batch_*`); call `start()` to run jobs. */
export function createLocalBatch(options: LocalBatchOptions): LocalBatch {
  migrateBatch(options.db);
  const ids = options.ids ?? randomIds;
  const host: HostCapacity = {
    vcpus: options.host?.vcpus ?? availableParallelism(),
    memoryMiB: options.host?.memoryMiB ?? Math.floor(totalmem() / 2 ** 20),
    gpus: options.host?.gpus ?? 0,
  };
  const ctx: BatchContext = {
    scope: options.scope,
    clock: options.clock ?? systemClock,
    ids,
    logger: options.logger ?? silentLogger,
    runtime: options.runtime,
    images: options.images,
    workDir: options.workDir ?? join(tmpdir(), 'modelmill-batch'),
    catalog: createCatalog(options.db, options.scope, ids, host),
    definitions: createDefinitions(options.db, options.scope),
    jobs: createJobStore(options.db),
    runnable: new Map(),
    running: new Map(),
    dependents: new Map(),
    waiters: new Map(),
    hook: options.onJobStateChange,
    active: false,
    epoch: 0,
    dispatchScheduled: false,
    seq: 0,
    dispatch: () => dispatch(ctx),
  };
  ctx.seq = ctx.jobs.maxSeq();
  const changed = <T>(result: T): T => {
    scheduleDispatch(ctx);
    return result;
  };
  return { ...catalogOps(ctx, changed), ...jobOps(ctx), ...control(ctx) };
}

function catalogOps(ctx: BatchContext, changed: <T>(result: T) => T) {
  const { catalog, definitions } = ctx;
  return {
    createComputeEnvironment: async (input) => changed(catalog.createComputeEnvironment(input)),
    describeComputeEnvironments: async (input = {}) => {
      const { items, nextToken } = page(
        catalog.computeEnvironments(input.computeEnvironments),
        input.maxResults,
        input.nextToken,
      );
      return { computeEnvironments: items, ...(nextToken ? { nextToken } : {}) };
    },
    updateComputeEnvironment: async (input) => changed(catalog.updateComputeEnvironment(input)),
    deleteComputeEnvironment: async (input) => (
      catalog.deleteComputeEnvironment(input.computeEnvironment),
      {}
    ),
    createJobQueue: async (input) => changed(catalog.createJobQueue(input)),
    describeJobQueues: async (input = {}) => {
      const { items, nextToken } = page(
        catalog.jobQueues(input.jobQueues),
        input.maxResults,
        input.nextToken,
      );
      return { jobQueues: items, ...(nextToken ? { nextToken } : {}) };
    },
    updateJobQueue: async (input) => changed(catalog.updateJobQueue(input)),
    deleteJobQueue: async (input) => (catalog.deleteJobQueue(input.jobQueue), {}),
    registerJobDefinition: async (input) => definitions.register(input),
    describeJobDefinitions: async (input = {}) => {
      const { items, nextToken } = page(
        definitions.describe(input),
        input.maxResults,
        input.nextToken,
      );
      return { jobDefinitions: items, ...(nextToken ? { nextToken } : {}) };
    },
    deregisterJobDefinition: async (input) => (definitions.deregister(input.jobDefinition), {}),
  } satisfies Partial<LocalBatch>;
}

function jobOps(ctx: BatchContext) {
  return {
    async submitJob(input) {
      const records = compileSubmit(ctx, input);
      for (const record of records) ctx.jobs.save(record);
      await ctx.jobs.committed();
      if (ctx.hook) for (const record of records) ctx.hook(jobDetail(record));
      if (ctx.active) for (const record of records) admit(ctx, record);
      const [job] = records;
      return { jobArn: job?.jobArn ?? '', jobName: job?.jobName ?? '', jobId: job?.jobId ?? '' };
    },
    async describeJobs(input) {
      if (!Array.isArray(input?.jobs) || input.jobs.length > 100)
        throw clientError('jobs must be a list of at most 100 job ids');
      const found = input.jobs.map((id: string) => ctx.jobs.get(id)).filter((j) => j !== undefined);
      return { jobs: found.map(jobDetail) };
    },
    async listJobs(input) {
      if (!input.jobQueue && !input.arrayJobId)
        throw clientError('ListJobs needs jobQueue or arrayJobId');
      const queueName = input.jobQueue
        ? ctx.catalog.requireQueue(input.jobQueue).jobQueueName
        : undefined;
      const result = ctx.jobs.list(input, queueName);
      return {
        jobSummaryList: result.jobs.map(jobSummary),
        ...(result.nextToken ? { nextToken: result.nextToken } : {}),
      };
    },
    async terminateJob(input) {
      terminate(ctx, ctx.jobs.require(input.jobId), requireReason(input.reason));
      return {};
    },
    async cancelJob(input) {
      cancel(ctx, ctx.jobs.require(input.jobId), requireReason(input.reason));
      return {};
    },
    waitForJob: (jobId, opts = {}) => waitFor(ctx, ctx.jobs.require(jobId), opts.signal),
  } satisfies Partial<LocalBatch>;
}

function requireReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason === '')
    throw clientError('reason is required: a message saying why, shown in DescribeJobs');
  return reason;
}

function control(ctx: BatchContext) {
  return {
    start() {
      if (ctx.active) return;
      ctx.active = true;
      recover(ctx);
      scheduleDispatch(ctx);
    },
    async stop(opts: { wait?: boolean } = {}) {
      ctx.active = false;
      const handles = [...ctx.running.values()];
      if (opts.wait) {
        await Promise.all(handles.map((h) => h.done));
      } else {
        ctx.epoch += 1;
        for (const handle of handles) handle.terminate('scheduler stopped');
        await Promise.all(handles.map((h) => h.done));
        ctx.running.clear();
        ctx.catalog.resetPools();
      }
      ctx.jobs.flush();
    },
    flush: () => ctx.jobs.flush(),
  };
}
