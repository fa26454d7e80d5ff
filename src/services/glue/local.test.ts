import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { RuntimeFixture } from '../../../test/services/glue-fixture.js';
import { createRuntimeFixture, scope, writeScript } from '../../../test/services/glue-fixture.js';
import { runGlueContract } from './contract.js';
import { createLocalGlue } from './local.js';
import type { LocalGlueOptions } from './local.js';
import type { JobRun, LocalGlue } from './types.js';

const fixtures: RuntimeFixture[] = [];
const glues: LocalGlue[] = [];
afterAll(async () => {
  for (const glue of glues) await glue.stop();
  for (const f of fixtures) await f.close();
});

function setup(options: Partial<LocalGlueOptions> & { fixture?: RuntimeFixture } = {}) {
  const fixture = options.fixture ?? createRuntimeFixture();
  if (!options.fixture) fixtures.push(fixture);
  const changes: string[] = [];
  const glue = createLocalGlue({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    workDir: join(fixture.work, 'glue'),
    scriptRoot: fixture.work,
    onJobRunStateChange: (run: JobRun) => changes.push(`${run.Id} ${run.JobRunState}`),
    ...options,
  });
  glue.start();
  glues.push(glue);
  return { glue, fixture, changes };
}

const role = 'arn:aws:iam::123456789012:role/glue';

async function runJob(glue: LocalGlue, name: string, location: string, args = {}, extra = {}) {
  await glue.createJob({
    Name: name,
    Role: role,
    Command: { Name: 'pythonshell', ScriptLocation: location },
    ...extra,
  });
  const { JobRunId } = await glue.startJobRun({ JobName: name, Arguments: args });
  return glue.waitForJobRun(name, JobRunId);
}

runGlueContract('embedded Glue', () => setup().glue, {
  succeeds: 'program:t-noop',
  fails: 'program:t-fail',
});

describe('Glue jobs: what a run runs', () => {
  it('runs a built-in program with the defaults merged under the run arguments', async () => {
    const { glue, fixture, changes } = setup();
    await glue.createJob({
      Name: 'gatekeeper',
      Role: role,
      Command: { Name: 'pythonshell', ScriptLocation: 'program:t-echo' },
      DefaultArguments: { '--region': 'ap-south-1', '--pk_id': 'default' },
      NonOverridableArguments: { '--env': 'pl' },
    });
    const { JobRunId } = await glue.startJobRun({
      JobName: 'gatekeeper',
      Arguments: { '--pk_id': '7', '--env': 'ignored' },
    });
    const run = await glue.waitForJobRun('gatekeeper', JobRunId);
    expect(run).toMatchObject({
      JobRunState: 'SUCCEEDED',
      Arguments: { '--pk_id': '7', '--env': 'ignored' },
      Attempt: 0,
      Timeout: 2880,
      LogGroupName: '/aws-glue/jobs',
    });
    expect(JobRunId).toMatch(/^jr_[0-9a-f]{64}$/);
    expect(run.CompletedOn).toBeGreaterThanOrEqual(run.StartedOn);
    const written = JSON.parse(
      readFileSync(join(fixture.work, 'glue', JobRunId, 'args.json'), 'utf8'),
    );
    expect(written.args).toMatchObject({
      JOB_NAME: 'gatekeeper',
      JOB_RUN_ID: JobRunId,
      region: 'ap-south-1',
      pk_id: '7',
      env: 'pl',
    });
    expect(fixture.lines(LogGroup.Glue, JobRunId)[0]).toContain('info args');
    expect(changes).toEqual([
      `${JobRunId} STARTING`,
      `${JobRunId} RUNNING`,
      `${JobRunId} SUCCEEDED`,
    ]);
  });

  it('runs a Python script that reads its arguments the Glue way', async () => {
    const { glue, fixture } = setup();
    writeScript(
      fixture.work,
      'transform.py',
      [
        'import sys',
        'from awsglue.utils import getResolvedOptions',
        "args = getResolvedOptions(sys.argv, ['JOB_NAME', 'S3_SOURCE'])",
        "print('source', args['S3_SOURCE'], 'job', args['JOB_NAME'])",
      ].join('\n'),
    );
    const run = await runJob(glue, 'transform', 'transform.py', { '--S3_SOURCE': 'feature-store' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(fixture.lines(LogGroup.Glue, run.Id)).toContain('source feature-store job transform');
  });

  it('fails a Python script that raises, with the exception as ErrorMessage in both log groups', async () => {
    const { glue, fixture } = setup();
    writeScript(
      fixture.work,
      'bad.py',
      "print('before')\nraise ValueError('no rows in the partition')\n",
    );
    const run = await runJob(glue, 'bad', join(fixture.work, 'bad.py'));
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toBe(
      'ValueError: no rows in the partition (Command failed with exit code 1)',
    );
    expect(fixture.lines(LogGroup.Glue, run.Id)).toContain('before');
    expect(fixture.lines(LogGroup.GlueError, run.Id)).toEqual([`FAILED: ${run.ErrorMessage}`]);
  });

  it('runs JavaScript and TypeScript scripts with Node, from paths, file URLs and s3:// URIs', async () => {
    const bucketRoot = createRuntimeFixture();
    fixtures.push(bucketRoot);
    const objects = { localPath: (bucket: string, key = '') => join(bucketRoot.work, bucket, key) };
    const { glue, fixture } = setup({ objects });
    mkdirSync(join(bucketRoot.work, 'code', 'glue'), { recursive: true });
    writeScript(
      join(bucketRoot.work, 'code', 'glue'),
      'job.mjs',
      "console.log('mjs', process.argv.slice(2).join(' '));",
    );
    writeScript(
      fixture.work,
      'job.ts',
      "const words: string[] = process.argv.slice(2);\nconsole.log('ts', words.length);",
    );
    const fromS3 = await runJob(glue, 'js', 's3://code/glue/job.mjs', { '--a': 'b' });
    expect(fromS3.JobRunState).toBe('SUCCEEDED');
    expect(fixture.lines(LogGroup.Glue, fromS3.Id).join('\n')).toContain('--a b');
    const ts = await runJob(glue, 'ts', `file://${join(fixture.work, 'job.ts')}`);
    expect(ts.JobRunState).toBe('SUCCEEDED');
    expect(fixture.lines(LogGroup.Glue, ts.Id)).toEqual(['ts 6']);
  });

  it('fails runs whose script or program does not exist, saying where it looked', async () => {
    const { glue } = setup();
    const missing = await runJob(glue, 'missing', 'scripts/nowhere.py');
    expect(missing.JobRunState).toBe('FAILED');
    expect(missing.ErrorMessage).toMatch(
      /^Script scripts\/nowhere\.py not found \(looked for .*nowhere\.py\)/,
    );
    const program = await runJob(glue, 'noprogram', 'program:not-there');
    expect(program.JobRunState).toBe('FAILED');
    expect(program.ErrorMessage).toContain('names no built-in program (registered: t-echo');
    const noS3 = await runJob(glue, 'nos3', 's3://code/x.py');
    expect(noS3.ErrorMessage).toContain('has no object store');
  });

  it('puts --extra-py-files on PYTHONPATH and reports --additional-python-modules it cannot install', async () => {
    const { glue, fixture } = setup();
    writeScript(fixture.work, 'helpers.py', "def greet():\n    return 'hello from helpers'\n");
    writeScript(fixture.work, 'uses.py', 'import helpers\nprint(helpers.greet())\n');
    const run = await runJob(glue, 'uses', 'uses.py', {
      '--extra-py-files': join(fixture.work, 'helpers.py'),
      '--additional-python-modules': 'json,surely-not-a-module-xyz==1.0',
    });
    expect(run.JobRunState).toBe('SUCCEEDED');
    const lines = fixture.lines(LogGroup.Glue, run.Id);
    expect(lines).toContain('hello from helpers');
    expect(lines.join('\n')).toContain('json is already importable');
    expect(lines.join('\n')).toContain(
      'surely-not-a-module-xyz==1.0 is not installed locally and modelmill cannot install it (PyPI is not reachable)',
    );
  });
});

describe('Glue jobs: limits, stops and retries', () => {
  it('refuses a run beyond MaxConcurrentRuns', async () => {
    const { glue } = setup();
    await glue.createJob({
      Name: 'one-at-a-time',
      Role: role,
      Command: { ScriptLocation: 'program:t-slow' },
      DefaultArguments: { '--ms': '5000' },
    });
    const { JobRunId } = await glue.startJobRun({ JobName: 'one-at-a-time' });
    const err = await glue.startJobRun({ JobName: 'one-at-a-time' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ConcurrentRunsExceededException' });
    expect((err as Error).message).toContain('Concurrent runs exceeded for one-at-a-time');
    await glue.batchStopJobRun({ JobName: 'one-at-a-time', JobRunIds: [JobRunId] });
  });

  it('stops a run with BatchStopJobRun and reports the runs it cannot stop', async () => {
    const { glue, changes } = setup();
    await glue.createJob({
      Name: 'stoppable',
      Role: role,
      Command: { ScriptLocation: 'program:t-slow' },
      ExecutionProperty: { MaxConcurrentRuns: 2 },
    });
    const { JobRunId } = await glue.startJobRun({ JobName: 'stoppable' });
    await new Promise((r) => setTimeout(r, 200));
    const out = await glue.batchStopJobRun({
      JobName: 'stoppable',
      JobRunIds: [JobRunId, 'jr_nope'],
    });
    expect(out.SuccessfulSubmissions).toEqual([{ JobName: 'stoppable', JobRunId }]);
    expect(out.Errors).toEqual([
      expect.objectContaining({
        JobRunId: 'jr_nope',
        ErrorDetail: expect.objectContaining({ ErrorCode: 'EntityNotFoundException' }),
      }),
    ]);
    const run = await glue.waitForJobRun('stoppable', JobRunId);
    expect(run.JobRunState).toBe('STOPPED');
    expect(changes).toContain(`${JobRunId} STOPPING`);
    const again = await glue.batchStopJobRun({ JobName: 'stoppable', JobRunIds: [JobRunId] });
    expect(again.Errors[0]?.ErrorDetail.ErrorCode).toBe('InvalidInputException');
  });

  it('times a run out after its Timeout in minutes (on the runtime clock)', async () => {
    const clock = createFakeClock();
    const fixture = createRuntimeFixture({ clock });
    fixtures.push(fixture);
    const { glue } = setup({ fixture, clock });
    const run = await runJob(
      glue,
      'slowpoke',
      'program:t-slow',
      { '--ms': '600000' },
      { Timeout: 1 },
    );
    expect(run.JobRunState).toBe('TIMEOUT');
    expect(run.ErrorMessage).toContain('timed out after 1 minute(s)');
  });

  it('retries a failed run MaxRetries times, each retry a run of its own', async () => {
    const { glue } = setup();
    const first = await runJob(glue, 'flaky', 'program:t-fail', {}, { MaxRetries: 1 });
    expect(first.JobRunState).toBe('FAILED');
    await new Promise((r) => setTimeout(r, 50));
    const retryId = `${first.Id}_attempt_1`;
    const retry = await glue.waitForJobRun('flaky', retryId);
    expect(retry).toMatchObject({ Attempt: 1, PreviousRunId: first.Id, JobRunState: 'FAILED' });
    const { JobRuns } = await glue.getJobRuns({ JobName: 'flaky' });
    expect(JobRuns.map((r) => r.Id)).toEqual([retryId, first.Id]);
  });

  it('checks definitions at the edge', async () => {
    const { glue } = setup();
    const noScript = await glue
      .createJob({ Name: 'x', Role: role, Command: { Name: 'pythonshell' } })
      .catch((e: unknown) => e);
    expect(noScript).toMatchObject({ code: 'InvalidInputException' });
    expect((noScript as Error).message).toContain("Command.ScriptLocation of job 'x' is missing");
    const noRole = await glue
      .createJob({ Name: 'x', Command: { ScriptLocation: 'a.py' } } as never)
      .catch((e: unknown) => e);
    expect((noRole as Error).message).toContain("Role of job 'x' is missing");
    const badArgs = await glue
      .createJob({
        Name: 'x',
        Role: role,
        Command: { ScriptLocation: 'a.py' },
        DefaultArguments: { '--n': 1 },
      } as never)
      .catch((e: unknown) => e);
    expect((badArgs as Error).message).toContain('DefaultArguments of job');
  });
});

describe('Glue jobs: a restart', () => {
  it('runs a run that was in flight again, under the same id, in the next process', async () => {
    const file = join(createRuntimeFixture().work, 'glue.db');
    const first = createRuntimeFixture({ file });
    const a = setup({ fixture: first });
    await a.glue.createJob({
      Name: 'long',
      Role: role,
      Command: { ScriptLocation: 'program:t-slow' },
      DefaultArguments: { '--ms': '800' },
    });
    const { JobRunId } = await a.glue.startJobRun({ JobName: 'long' });
    const state = async () =>
      (await a.glue.getJobRun({ JobName: 'long', RunId: JobRunId })).JobRun.JobRunState;
    while ((await state()) === 'STARTING') await new Promise((r) => setTimeout(r, 20));
    expect(await state()).toBe('RUNNING');
    await a.glue.stop();
    await first.close();

    const second = createRuntimeFixture({ file });
    fixtures.push(second);
    const b = setup({ fixture: second });
    const run = await b.glue.waitForJobRun('long', JobRunId);
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect((await b.glue.getJobRuns({ JobName: 'long' })).JobRuns).toHaveLength(1);
    expect(second.lines(LogGroup.Glue, JobRunId)[0]).toContain('running it again');
  });
});

describe('Glue jobs: deleting a job', () => {
  it('stops its runs and forgets them', async () => {
    const { glue } = setup();
    await glue.createJob({
      Name: 'doomed',
      Role: role,
      Command: { ScriptLocation: 'program:t-slow' },
    });
    const { JobRunId } = await glue.startJobRun({ JobName: 'doomed' });
    const waiting = glue.waitForJobRun('doomed', JobRunId);
    await glue.deleteJob({ JobName: 'doomed' });
    expect((await waiting).JobRunState).toBe('STOPPED');
    await glue.createJob({
      Name: 'doomed',
      Role: role,
      Command: { ScriptLocation: 'program:t-noop' },
    });
    expect((await glue.getJobRuns({ JobName: 'doomed' })).JobRuns).toEqual([]);
  });
});

describe('Glue jobs: failures of modelmill itself', () => {
  it('ends a run it cannot start in ERROR, with the reason', async () => {
    const fixture = createRuntimeFixture();
    fixtures.push(fixture);
    const broken = {
      ...fixture.runtime,
      start: () => {
        throw new Error('the worker pool is closed');
      },
    };
    const { glue } = setup({ fixture, runtime: broken });
    const run = await runJob(glue, 'unlucky', 'program:t-noop');
    expect(run).toMatchObject({
      JobRunState: 'ERROR',
      ErrorMessage: 'modelmill could not run the job: the worker pool is closed',
    });
  });
});
