import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/index.js';
import {
  createProgramRegistry,
  createRuntime,
  createSqliteLogStore,
} from '../../src/runtime/index.js';
import type { LogStore, ProgramMode, Runtime } from '../../src/runtime/index.js';
import { createLocalBatch } from '../../src/services/batch/index.js';
import type { JobDetail, LocalBatch } from '../../src/services/batch/index.js';
import { createLocalEcr } from '../../src/services/ecr/index.js';
import type { LocalImageRegistry } from '../../src/services/ecr/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { SqliteDatabase } from '../../src/store/index.js';
import { testPrograms } from '../runtime/fixtures/programs.js';

/** An embedded Batch on a real runtime and registry, for tests. */

/** The account of the fixtures. */
export const scope = { region: 'ap-south-1', accountId: '123456789012' };

/** Image URIs the fixtures register. */
export const images = {
  noop: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/noop:1',
  echo: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/echo:1',
  fail: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/fail:1',
  flaky: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/flaky:1',
  slow: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/slow:1',
};

/** What a fixture holds. */
export interface BatchFixture {
  db: SqliteDatabase;
  logs: LogStore;
  runtime: Runtime;
  ecr: LocalImageRegistry;
  batch: LocalBatch;
  /** The parent of the attempts' working folders. */
  work: string;
  /** Every state change the hook saw, as `jobId STATUS`. */
  changes: string[];
  /** Stops the scheduler and the runtime and closes the database. */
  close(): Promise<void>;
}

/** Options of a fixture. */
export interface FixtureOptions {
  /** SQLite file (default: in memory). */
  file?: string;
  clock?: Clock;
  programMode?: ProgramMode;
  gpus?: number;
}

/** Builds a fixture (scheduler not started). */
export async function createBatchFixture(options: FixtureOptions = {}): Promise<BatchFixture> {
  const work = mkdtempSync(join(tmpdir(), 'mm-batch-'));
  const db = openDatabase(options.file ?? ':memory:');
  const logs = createSqliteLogStore({ db });
  const programs = createProgramRegistry(testPrograms);
  const runtime = createRuntime({
    logs,
    programs,
    workDir: work,
    poolSize: 2,
    containerEngine: null,
    killGraceMs: 300,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.programMode ? { programMode: options.programMode } : {}),
  });
  const ecr = createLocalEcr({ db, scope, hasProgram: (name) => programs.has(name) });
  for (const [name, uri] of Object.entries(images))
    await ecr.registerImage({ imageUri: uri, program: `t-${name}` });
  const changes: string[] = [];
  const batch = createLocalBatch({
    db,
    scope,
    runtime,
    images: ecr,
    workDir: work,
    host: { gpus: options.gpus ?? 0, memoryMiB: 16_384 },
    onJobStateChange: (job: JobDetail) => changes.push(`${job.jobId} ${job.status}`),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    db,
    logs,
    runtime,
    ecr,
    batch,
    work,
    changes,
    async close() {
      await batch.stop();
      await runtime.close();
      db.close();
    },
  };
}

/** A compute environment `ce` (maxvCpus), queue `q` and definitions `noop`, `echo`, `fail`, `flaky`, `slow`, `shell`. */
export async function standardSetup(batch: LocalBatch, maxvCpus = 4): Promise<void> {
  await batch.createComputeEnvironment({
    computeEnvironmentName: 'ce',
    type: 'MANAGED',
    computeResources: { type: 'EC2', maxvCpus, minvCpus: 0 },
  });
  await batch.createJobQueue({
    jobQueueName: 'q',
    priority: 1,
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }],
  });
  for (const [name, image] of Object.entries(images)) {
    await batch.registerJobDefinition({
      jobDefinitionName: name,
      type: 'container',
      containerProperties: { image, vcpus: 1, memory: 512 },
    });
  }
  await batch.registerJobDefinition({
    jobDefinitionName: 'shell',
    type: 'container',
    containerProperties: {
      image: 'busybox',
      vcpus: 1,
      memory: 128,
      command: ['sh', '-c', 'echo "shell $AWS_BATCH_JOB_ATTEMPT"'],
    },
  });
}
