import { join } from 'node:path';
import { runEnvironment } from '../clients/index.js';
import type { LogStore, ProgramDefinition, ProgramRegistry, Runtime } from '../runtime/index.js';
import { createProgramRegistry, createRuntime, createSqliteLogStore } from '../runtime/index.js';
import type { LocalBatch } from '../services/batch/index.js';
import { batchApi, createLocalBatch, registerBatchIntegrations } from '../services/batch/index.js';
import type { LocalImageRegistry } from '../services/ecr/index.js';
import { createLocalEcr, ecrApi } from '../services/ecr/index.js';
import type { WiringContext } from './context.js';

/** The job runtime and the services that run jobs on it. */
export interface ComputeServices {
  runtime: Runtime;
  programs: ProgramRegistry;
  logs: LogStore;
  ecr: LocalImageRegistry;
  batch: LocalBatch;
}

/**
 * Builds the runtime (every run gets the variables that let its programs
 * reach this instance's API), the image registry and AWS Batch.
 */
export function wireCompute(
  ctx: WiringContext,
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
    baseEnv: async () =>
      runEnvironment(await ctx.endpoint(), { region: config.region, home: config.home }),
  });
  const ecr = createLocalEcr({ db, scope, clock, hasProgram: (name) => programs.has(name) });
  const batch = createLocalBatch({
    db,
    scope,
    runtime,
    images: ecr,
    clock,
    ids,
    logger,
    workDir: join(config.home, 'work', 'batch'),
  });
  registerBatchIntegrations(integrations, batch, { ids });
  ctx.modules.push(batchApi(batch), ecrApi(ecr));
  ctx.starters.push(() => batch.start());
  ctx.closers.push(async () => {
    await batch.stop();
    logs.flush();
    await runtime.close();
  });
  return { runtime, programs, logs, ecr, batch };
}
