/**
 * The embedded AWS Batch under load, in one process:
 * - no-op built-in programs (worker threads) from SubmitJob to SUCCEEDED
 *   through the scheduler, beside AWS Batch's SubmitJob quota (50 calls/s);
 * - SubmitJob calls alone;
 * - child-process jobs (`true`) against a bare `child_process.spawn` loop of
 *   the same command at the same concurrency, in the same run.
 * Goals: >= 2,000 no-op jobs/s; child-process jobs >= 0.8x the bare loop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createProgramRegistry,
  createRuntime,
  createSqliteLogStore,
} from '../src/runtime/index.js';
import type { Runtime } from '../src/runtime/index.js';
import { createLocalBatch } from '../src/services/batch/index.js';
import type { LocalBatch } from '../src/services/batch/index.js';
import { createLocalEcr } from '../src/services/ecr/index.js';
import { openDatabase } from '../src/store/index.js';
import type { SqliteDatabase } from '../src/store/index.js';
import type { BenchReport } from './harness.js';
import { timeMs } from './harness.js';

const NOOP_JOBS = 5_000;
const NOOP_ROUNDS = 3;
const SUBMIT_ONLY = 5_000;
const CHILD_JOBS = 400;
const CHILD_CONCURRENCY = 4;
const AWS_SUBMIT_QUOTA = 50;
const scope = { region: 'us-east-1', accountId: '000000000000' };

interface Rig {
  db: SqliteDatabase;
  runtime: Runtime;
  batch: LocalBatch;
}

async function rig(home: string, maxvCpus: number): Promise<Rig> {
  const db = openDatabase(join(home, 'modelmill.db'));
  const programs = createProgramRegistry([
    {
      name: 'noop',
      module: new URL('../test/runtime/fixtures/programs.js', import.meta.url),
      export: 'noop',
    },
  ]);
  const runtime = createRuntime({
    logs: createSqliteLogStore({ db }),
    programs,
    workDir: join(home, 'work'),
    containerEngine: null,
  });
  const ecr = createLocalEcr({ db, scope });
  await ecr.registerImage({ imageUri: 'noop:1', program: 'noop' });
  const batch = createLocalBatch({ db, scope, runtime, images: ecr, workDir: join(home, 'work') });
  await batch.createComputeEnvironment({
    computeEnvironmentName: 'ce',
    type: 'MANAGED',
    computeResources: { type: 'EC2', maxvCpus },
  });
  await batch.createJobQueue({
    jobQueueName: 'q',
    priority: 1,
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }],
  });
  await batch.registerJobDefinition({
    jobDefinitionName: 'noop',
    type: 'container',
    containerProperties: { image: 'noop:1', vcpus: 1, memory: 1 },
  });
  await batch.registerJobDefinition({
    jobDefinitionName: 'true',
    type: 'container',
    containerProperties: { image: 'busybox', vcpus: 1, memory: 1, command: ['true'] },
  });
  return { db, runtime, batch };
}

async function runJobs(batch: LocalBatch, definition: string, count: number): Promise<void> {
  const submitted = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      batch.submitJob({ jobName: `j${i}`, jobQueue: 'q', jobDefinition: definition }),
    ),
  );
  const done = await Promise.all(submitted.map((s) => batch.waitForJob(s.jobId)));
  const failed = done.filter((j) => j.status !== 'SUCCEEDED').length;
  if (failed > 0) throw new Error(`${failed} of ${count} ${definition} jobs did not succeed`);
}

function bareSpawnLoop(count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await new Promise<void>((resolve, reject) => {
        const child = spawn('true', []);
        child.once('error', reject);
        child.once('close', () => resolve());
      });
    }
  };
  return Promise.all(Array.from({ length: concurrency }, worker)).then(() => undefined);
}

async function close(r: Rig): Promise<void> {
  await r.batch.stop();
  await r.runtime.close();
  r.db.close();
}

export default async function batchBench(): Promise<BenchReport> {
  const home = mkdtempSync(join(tmpdir(), 'mm-bench-batch-'));
  try {
    const fast = await rig(join(home, 'fast'), 256);
    fast.batch.start();
    await runJobs(fast.batch, 'noop', 200);
    const rounds: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let round = 0; round < NOOP_ROUNDS; round += 1) {
      rounds.push(await timeMs(() => runJobs(fast.batch, 'noop', NOOP_JOBS)));
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerJobUs = (cpu.user + cpu.system) / (NOOP_ROUNDS * NOOP_JOBS);
    const noopMs = [...rounds].sort((a, b) => a - b)[Math.floor(NOOP_ROUNDS / 2)] ?? NaN;
    await fast.batch.stop({ wait: true });
    const submitMs = await timeMs(() =>
      Promise.all(
        Array.from({ length: SUBMIT_ONLY }, (_, i) =>
          fast.batch.submitJob({ jobName: `s${i}`, jobQueue: 'q', jobDefinition: 'noop' }),
        ),
      ),
    );
    await close(fast);

    const child = await rig(join(home, 'child'), CHILD_CONCURRENCY);
    child.batch.start();
    await runJobs(child.batch, 'true', 20);
    await bareSpawnLoop(20, CHILD_CONCURRENCY);
    // Halves of each side alternate, so both see the same machine conditions.
    let childMs = 0;
    let bareMs = 0;
    for (let round = 0; round < 2; round += 1) {
      bareMs += await timeMs(() => bareSpawnLoop(CHILD_JOBS / 2, CHILD_CONCURRENCY));
      childMs += await timeMs(() => runJobs(child.batch, 'true', CHILD_JOBS / 2));
    }
    await close(child);

    const noopRate = (NOOP_JOBS / noopMs) * 1000;
    const submitRate = (SUBMIT_ONLY / submitMs) * 1000;
    const childRate = (CHILD_JOBS / childMs) * 1000;
    const bareRate = (CHILD_JOBS / bareMs) * 1000;
    const quota = `AWS Batch SubmitJob quota (${AWS_SUBMIT_QUOTA}/s)`;
    return {
      title: 'Embedded AWS Batch: jobs through the scheduler',
      rows: [
        {
          name: `no-op program jobs (worker threads), SubmitJob → SUCCEEDED, median of ${NOOP_ROUNDS} rounds of ${NOOP_JOBS.toLocaleString('en-US')}`,
          value: noopRate,
          unit: 'jobs/s',
          baseline: AWS_SUBMIT_QUOTA,
          baselineName: quota,
          goal: '>= 2,000 jobs/s',
          met: noopRate >= 2000,
        },
        {
          name: `SubmitJob calls (committed to SQLite), ${SUBMIT_ONLY.toLocaleString('en-US')} calls`,
          value: submitRate,
          unit: 'calls/s',
          baseline: AWS_SUBMIT_QUOTA,
          baselineName: quota,
        },
        {
          name: `child-process jobs (\`true\`), ${CHILD_CONCURRENCY} at a time, ${CHILD_JOBS} jobs`,
          value: childRate,
          unit: 'jobs/s',
          baseline: bareRate,
          baselineName: `bare child_process.spawn loop, ${CHILD_CONCURRENCY} at a time`,
          goal: '>= 0.8x',
          met: childRate / bareRate >= 0.8,
        },
      ],
      notes: [
        `No-op rounds: ${rounds.map((ms) => Math.round((NOOP_JOBS / ms) * 1000)).join(', ')} jobs/s; CPU per no-op job, all threads together: ${Math.round(cpuPerJobUs)} µs, i.e. at most ${Math.round((cpus().length * 1e6) / cpuPerJobUs).toLocaleString('en-US')} jobs/s on ${cpus().length} idle cores (wall-clock figures depend on what else the machine runs).`,
        'Jobs are submitted all at once and awaited with waitForJob; each job runs in its own attempt with its own log stream, and state changes are written to SQLite (WAL) in batches, one transaction per millisecond of changes.',
      ],
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
