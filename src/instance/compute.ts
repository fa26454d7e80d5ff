import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runEnvironment } from '../clients/index.js';
import type { LogStore, ProgramDefinition, ProgramRegistry, Runtime } from '../runtime/index.js';
import { createProgramRegistry, createRuntime, createSqliteLogStore } from '../runtime/index.js';
import type { LocalBatch } from '../services/batch/index.js';
import { batchApi, createLocalBatch, registerBatchIntegrations } from '../services/batch/index.js';
import type { LocalAthena } from '../services/athena/index.js';
import { glueCatalogOperations } from '../services/athena/index.js';
import type { LocalImageRegistry } from '../services/ecr/index.js';
import { createLocalEcr, ecrApi } from '../services/ecr/index.js';
import type { LocalEcs } from '../services/ecs/index.js';
import { createLocalEcs, ecsApi, registerEcsIntegrations } from '../services/ecs/index.js';
import type { LocalGlue } from '../services/glue/index.js';
import { createLocalGlue, glueApi, registerGlueIntegrations } from '../services/glue/index.js';
import type { LocalLambda } from '../services/lambda/index.js';
import {
  createLocalLambda,
  lambdaApi,
  registerLambdaIntegrations,
} from '../services/lambda/index.js';
import type { LocalSageMaker } from '../services/sagemaker/index.js';
import {
  createLocalSageMaker,
  registerSageMakerIntegrations,
  sageMakerApi,
  serviceEventsPort,
} from '../services/sagemaker/index.js';
import type { MessagingServices } from './messaging.js';
import type { StorageServices } from './storage.js';
import type { WiringContext } from './context.js';

/** The job runtime and the services that run jobs on it. */
export interface ComputeServices {
  runtime: Runtime;
  programs: ProgramRegistry;
  logs: LogStore;
  ecr: LocalImageRegistry;
  batch: LocalBatch;
  glue: LocalGlue;
  ecs: LocalEcs;
  lambda: LocalLambda;
  sagemaker: LocalSageMaker;
}

/**
 * Builds the runtime (every run gets the variables that let its programs
 * reach this instance's API), the image registry, and the services that run
 * jobs on it: Batch, Glue, ECS and Lambda.
 */
export function wireCompute(
  ctx: WiringContext,
  storage: StorageServices,
  messaging: MessagingServices,
  athena: LocalAthena,
  programDefinitions: readonly ProgramDefinition[],
): ComputeServices {
  const { db, config, scope, clock, ids, logger, integrations } = ctx;
  const logs = createSqliteLogStore({ db, clock });
  const programs = createProgramRegistry(programDefinitions);
  const runtime = createRuntime({
    logs,
    programs,
    clock,
    logger,
    workDir: join(config.home, 'work'),
    // Jobs wait on I/O (the API, files) much of the time: twice as many workers as cores keeps the cores busy.
    poolSize: 2 * availableParallelism(),
    baseEnv: async () =>
      runEnvironment(await ctx.endpoint(), { region: config.region, home: config.home }),
  });
  const ecr = createLocalEcr({ db, scope, clock, hasProgram: (name) => programs.has(name) });
  // What every runtime-backed service is built with; each adds its own work folder.
  const base = { db, scope, runtime, clock, ids, logger, images: ecr, objects: storage.s3 };
  const work = (service: string): string => join(config.home, 'work', service);
  const batch = createLocalBatch({ ...base, workDir: work('batch') });
  const glue = createLocalGlue({ ...base, workDir: work('glue') });
  const ecs = createLocalEcs({ ...base, workDir: work('ecs') });
  const lambda = createLocalLambda({ ...base, workDir: work('lambda') });
  const sagemaker = createLocalSageMaker({
    ...base,
    home: config.home,
    events: serviceEventsPort({
      publishServiceEvent: (event) => messaging.events.publishServiceEvent({ ...event }),
    }),
  });
  registerBatchIntegrations(integrations, batch, { ids });
  registerGlueIntegrations(integrations, glue, { ids });
  registerEcsIntegrations(integrations, ecs, { ids });
  registerLambdaIntegrations(integrations, lambda, { ids });
  registerSageMakerIntegrations(integrations, sagemaker, { ids });
  ctx.modules.push(
    batchApi(batch),
    ecrApi(ecr),
    glueApi(glue, glueCatalogOperations(athena.catalog)),
    ecsApi(ecs),
    lambdaApi(lambda),
    sageMakerApi(sagemaker),
  );
  for (const service of [batch, glue, ecs, sagemaker]) ctx.starters.push(() => service.start());
  ctx.closers.push(async () => {
    await sagemaker.close();
    for (const service of [batch, glue, ecs, lambda]) await service.stop();
    logs.flush();
    await runtime.close();
  });
  return { runtime, programs, logs, ecr, batch, glue, ecs, lambda, sagemaker };
}
