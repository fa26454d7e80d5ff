import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { ImageResolver, ProgramDefinition, Runtime } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { BUILTIN_TRAIN_PROGRAM } from './builtin-train.js';
import type { SageMakerContext, SageMakerObjects } from './context.js';
import { recoverEndpoints, stopEndpoints } from './deploy.js';
import { endpointOps } from './endpoints.js';
import { modelOps } from './models.js';
import { processingOps, recoverProcessing } from './processing.js';
import { registryOps } from './registry.js';
import { createSageMakerStore } from './store.js';
import { recoverTraining, trainingOps } from './training.js';
import { recoverTransforms, transformOps } from './transform.js';
import { recoverTuning, tuningOps } from './tuning.js';
import type { LocalSageMaker, SageMakerEvents } from './types.js';

/**
 * The embedded SageMaker: every resource in the instance's SQLite database
 * (table `sagemaker_resources`), jobs on the job runtime, model servers as
 * local processes (bring-your-own `serve`) or in-process servers (built-in
 * algorithms), model data and job data in the embedded S3's files.
 */

/** Options of the embedded SageMaker. */
export interface LocalSageMakerOptions {
  db: SqliteDatabase;
  scope: AccountScope;
  /** Runs training, processing and model-server processes. */
  runtime: Runtime;
  /** Resolves image URIs (the local ECR registry). */
  images: ImageResolver;
  /** The embedded S3 (its files are read and written directly). */
  objects: SageMakerObjects;
  /** The home folder; work goes under `<home>/work/sagemaker` unless `workDir` says otherwise. */
  home: string;
  /** Parent of the jobs' and servers' folders. Default: `<home>/work/sagemaker`. */
  workDir?: string;
  /** Where model package state changes go (EventBridge's PutEvents). Default: nowhere. */
  events?: SageMakerEvents;
  /** Variables every job and server gets, e.g. the local API endpoint. Default: none. */
  runEnv?: () => Record<string, string>;
  /** How long a model server may take to answer `/ping` (ms). Default: 60,000. */
  serverStartMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
}

/** The built-in programs SageMaker's images run (registered on the runtime by createLocalSageMaker). */
export const SAGEMAKER_PROGRAMS: readonly ProgramDefinition[] = [
  {
    name: BUILTIN_TRAIN_PROGRAM,
    module: new URL('./builtin-train.js', import.meta.url),
    description: 'SageMaker training container of the built-in algorithms (src/ml)',
  },
];

/** Creates the embedded SageMaker; call `start()` to resume what a previous process left. */
export function createLocalSageMaker(options: LocalSageMakerOptions): LocalSageMaker {
  for (const program of SAGEMAKER_PROGRAMS) {
    if (!options.runtime.programs.has(program.name)) options.runtime.programs.register(program);
  }
  const ctx: SageMakerContext = {
    scope: options.scope,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    logger: options.logger ?? silentLogger,
    runtime: options.runtime,
    images: options.images,
    objects: options.objects,
    store: createSageMakerStore(options.db),
    workDir: options.workDir ?? join(options.home, 'work', 'sagemaker'),
    runEnv: options.runEnv ?? (() => ({})),
    events: options.events,
    active: new Map(),
    waiters: new Map(),
    deployments: new Map(),
    epoch: 0,
    serverStartMs: options.serverStartMs ?? 60_000,
  };
  let started = false;
  return {
    ...trainingOps(ctx),
    ...processingOps(ctx),
    ...tuningOps(ctx),
    ...transformOps(ctx),
    ...modelOps(ctx),
    ...endpointOps(ctx),
    ...registryOps({
      store: ctx.store,
      scope: ctx.scope,
      clock: ctx.clock,
      logger: ctx.logger,
      events: ctx.events,
    }),
    async start() {
      if (started) return;
      started = true;
      recoverTraining(ctx);
      recoverProcessing(ctx);
      recoverTuning(ctx);
      recoverTransforms(ctx);
      await recoverEndpoints(ctx);
    },
    async close() {
      started = false;
      ctx.epoch += 1;
      const jobs = [...ctx.active.values()];
      ctx.active.clear();
      for (const job of jobs) {
        job.controller.abort();
        job.handle?.terminate('modelmill stopped');
      }
      await Promise.all(jobs.flatMap((job) => (job.handle ? [job.handle.done] : [])));
      await stopEndpoints(ctx);
    },
  };
}
