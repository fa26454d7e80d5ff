import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerImages } from '../../src/cli/commands/images.js';
import { registerJob } from '../../src/cli/commands/job.js';
import type { ComputeParts } from '../../src/cli/commands/jobs.js';
import { registerJobs } from '../../src/cli/commands/jobs.js';
import { registerLogs } from '../../src/cli/commands/logs.js';
import { createProgramRegistry } from '../../src/runtime/index.js';
import { RESOURCE_MISCONFIGURATION } from '../../src/services/batch/index.js';
import { testPrograms } from '../runtime/fixtures/programs.js';
import type { BatchFixture } from './batch-fixture.js';
import { createBatchFixture, standardSetup } from './batch-fixture.js';

/** The compute commands (`jobs`, `logs`, `images`, `job`) over an embedded Batch. */

let f: BatchFixture;
let parts: ComputeParts;
let out: string[] = [];
let err: string[] = [];

beforeAll(async () => {
  f = await createBatchFixture();
  await standardSetup(f.batch, 2);
  f.batch.start();
  parts = {
    batch: f.batch,
    ecr: f.ecr,
    logs: f.logs,
    programs: createProgramRegistry(testPrograms),
    close: async () => undefined,
  };
});
afterAll(async () => {
  await f.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  let code = 0;
  const setExit = (c: number): void => {
    code = c;
  };
  const program = new Command('modelmill').exitOverride();
  const open = async (): Promise<ComputeParts> => parts;
  registerJobs(program, setExit, open);
  registerLogs(program, setExit, open);
  registerImages(program, setExit, open);
  registerJob(program, setExit, () => parts.programs);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return { code, out: out.join(''), err: err.join('') };
}

describe('modelmill images', () => {
  it('registers a URI to a program or a folder and lists the mappings with the programs', async () => {
    const uri = '123456789012.dkr.ecr.ap-south-1.amazonaws.com/dapm-train:abc';
    const reg = await cli('images', 'register', uri, '--program', 't-echo');
    expect(reg.code).toBe(0);
    expect(reg.out).toMatch(/^dapm-train:abc \(sha256:[0-9a-f]{12}\) → program t-echo\n$/);
    const folder = mkdtempSync(join(tmpdir(), 'mm-cli-byo-'));
    expect((await cli('images', 'register', 'byo:1', '--folder', folder)).code).toBe(0);
    expect(
      (await cli('images', 'register', 'x:1', '--program', 'a', '--folder', folder)).code,
    ).toBe(2);
    const list = await cli('images', 'list');
    expect(list.out).toContain('dapm-train:abc');
    expect(list.out).toContain(`folder ${folder}`);
    expect(list.out).toMatch(/t-echo/);
    expect(
      JSON.parse((await cli('images', 'list', '--output', 'json')).out).images.length,
    ).toBeGreaterThanOrEqual(7);
  });
});

describe('modelmill jobs', () => {
  it('lists jobs with the reason a RUNNABLE job waits, and describes one', async () => {
    const big = await f.batch.submitJob({
      jobName: 'too-big',
      jobQueue: 'q',
      jobDefinition: 'noop',
      containerOverrides: { vcpus: 64 },
    });
    const ok = await f.batch.submitJob({ jobName: 'fine', jobQueue: 'q', jobDefinition: 'noop' });
    await f.batch.waitForJob(ok.jobId);
    for (let i = 0; i < 100; i += 1) {
      const [job] = (await f.batch.describeJobs({ jobs: [big.jobId] })).jobs;
      if (job?.statusReason) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const list = await cli('jobs', 'list', '--queue', 'q');
    expect(list.code).toBe(0);
    const line = list.out.split('\n').find((l) => l.startsWith(big.jobId)) ?? '';
    expect(line).toContain('RUNNABLE');
    expect(line).toContain(RESOURCE_MISCONFIGURATION);
    expect(list.out).toContain(ok.jobId);
    const runnable = JSON.parse(
      (await cli('jobs', 'list', '--status', 'runnable', '--output', 'json')).out,
    );
    expect(runnable.map((j: { jobId: string }) => j.jobId)).toEqual([big.jobId]);
    const described = await cli('jobs', 'describe', big.jobId);
    expect(described.out.split('\n')[0]).toBe(
      `too-big ${big.jobId}: RUNNABLE — ${RESOURCE_MISCONFIGURATION}`,
    );
    expect((await cli('jobs', 'list', '--status', 'BOGUS')).code).toBe(2);
    expect((await cli('jobs', 'describe', 'nope')).code).toBe(1);
    await f.batch.terminateJob({ jobId: big.jobId, reason: 'cleanup' });
  });
});

describe('modelmill logs', () => {
  it('prints every attempt of a job, lists a group, and prints a stream', async () => {
    const marker = join(f.work, 'cli-flaky');
    const { jobId } = await f.batch.submitJob({
      jobName: 'flaky',
      jobQueue: 'q',
      jobDefinition: 'flaky',
      containerOverrides: { command: ['--marker', marker] },
      retryStrategy: { attempts: 2 },
    });
    const job = await f.batch.waitForJob(jobId);
    const logs = await cli('logs', jobId);
    expect(logs.out).toBe('first attempt fails\n');
    const stream = job.attempts[0]?.container.logStreamName ?? '';
    const streams = await cli('logs', '/aws/batch/job');
    expect(streams.out).toContain(stream);
    expect((await cli('logs', '/aws/batch/job', stream, '--timestamps')).out).toMatch(
      /^\d{4}-\d\d-\d\dT.* first attempt fails\n$/,
    );
    expect((await cli('logs', 'not-a-job')).code).toBe(2);
  });

  it('follows a running job until it ends', async () => {
    await f.batch.registerJobDefinition({
      jobDefinitionName: 'ticker',
      type: 'container',
      containerProperties: {
        image: 'busybox',
        vcpus: 1,
        command: ['sh', '-c', 'echo one; sleep 0.3; echo two; sleep 0.3; echo three'],
      },
    });
    const { jobId } = await f.batch.submitJob({
      jobName: 'ticker',
      jobQueue: 'q',
      jobDefinition: 'ticker',
    });
    const followed = await cli('logs', jobId, '--follow');
    expect(followed.out.split('\n').filter((l) => l && !l.startsWith('modelmill:'))).toEqual([
      'one',
      'two',
      'three',
    ]);
    const [job] = (await f.batch.describeJobs({ jobs: [jobId] })).jobs;
    expect(job?.status).toBe('SUCCEEDED');
  });
});

describe('modelmill job', () => {
  it('runs a built-in program here with its arguments and exits with its code', async () => {
    const failed = await cli('job', 't-fail', '--code', '4');
    expect(failed.code).toBe(4);
    const unknown = await cli('job', 'no-such-program');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no built-in program is named 'no-such-program'/);
  });
});
