import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSequentialIds } from '../../core/index.js';
import {
  IntegrationRegistry,
  createEngine,
  createMemoryStore,
  createSqliteStore,
} from '../../engine/index.js';
import type { RuntimeFixture } from '../../../test/services/glue-fixture.js';
import { createRuntimeFixture, scope } from '../../../test/services/glue-fixture.js';
import { runDefinition } from '../../../test/support/executions.js';
import { registerGlueIntegrations } from './integration.js';
import { createLocalGlue } from './local.js';
import type { LocalGlue } from './types.js';

const fixtures: RuntimeFixture[] = [];
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
  for (const f of fixtures) await f.close();
});

const role = 'arn:aws:iam::123456789012:role/glue';

function setup(options: { fixture?: RuntimeFixture; sqlite?: boolean } = {}) {
  const fixture = options.fixture ?? createRuntimeFixture();
  if (!options.fixture) fixtures.push(fixture);
  const glue = createLocalGlue({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    workDir: join(fixture.work, 'glue'),
  });
  glue.start();
  const registry = new IntegrationRegistry();
  registerGlueIntegrations(registry, glue, { ids: createSequentialIds() });
  const engine = createEngine({
    store: options.sqlite ? createSqliteStore(fixture.db) : createMemoryStore(),
    integrations: registry,
    scope,
  });
  closers.push(async () => {
    await engine.close();
    await glue.stop();
  });
  return { glue, engine, fixture };
}

async function job(glue: LocalGlue, name: string, program: string, defaults = {}) {
  await glue.createJob({
    Name: name,
    Role: role,
    Command: { Name: 'pythonshell', ScriptLocation: `program:${program}` },
    DefaultArguments: defaults,
    ExecutionProperty: { MaxConcurrentRuns: 5 },
  });
}

const syncState = (jobName: string, extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::glue:startJobRun.sync',
  Parameters: { JobName: jobName, 'Arguments.$': '$.args' },
  ...extra,
});

describe('glue:startJobRun', () => {
  it('.sync answers the JobRun, whose Arguments later states read', async () => {
    const { glue, engine } = setup();
    await job(glue, 'gatekeeper', 't-noop', { '--log': 'on' });
    const { final, output } = await runDefinition(
      engine,
      {
        StartAt: 'Gatekeeper',
        States: {
          Gatekeeper: syncState('gatekeeper', { ResultPath: '$.jobRun', Next: 'Read' }),
          Read: {
            Type: 'Pass',
            Parameters: { 'region.$': "$.jobRun.Arguments['--region']" },
            End: true,
          },
        },
      },
      { args: { '--region': 'ap-south-1' } },
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toEqual({ region: 'ap-south-1' });
    const { JobRuns } = await glue.getJobRuns({ JobName: 'gatekeeper' });
    expect(JobRuns).toHaveLength(1);
  });

  it('.sync returns timestamps in milliseconds and the run state', async () => {
    const { glue, engine } = setup();
    await job(glue, 'ok', 't-noop');
    const { output } = await runDefinition(
      engine,
      { StartAt: 'Run', States: { Run: syncState('ok', { End: true }) } },
      { args: {} },
    );
    expect(output).toMatchObject({ JobName: 'ok', JobRunState: 'SUCCEEDED', Attempt: 0 });
    expect(output.StartedOn).toBeGreaterThan(1e12);
    expect(Number.isInteger(output.CompletedOn)).toBe(true);
  });

  it('.sync fails the state with States.TaskFailed and the JobRun as cause, which Catch sees', async () => {
    const { glue, engine } = setup();
    await job(glue, 'broken', 't-fail');
    const { final, output } = await runDefinition(
      engine,
      {
        StartAt: 'Run',
        States: {
          Run: syncState('broken', {
            Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Caught' }],
            End: true,
          }),
          Caught: { Type: 'Pass', End: true },
        },
      },
      { args: { '--code': '4' } },
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(output.error.Error).toBe('States.TaskFailed');
    const cause = JSON.parse(output.error.Cause);
    expect(cause).toMatchObject({
      JobName: 'broken',
      JobRunState: 'FAILED',
      ErrorMessage: 'Command failed with exit code 4',
      Arguments: { '--code': '4' },
    });
  });

  it('request-response answers JobName and JobRunId with HTTP metadata', async () => {
    const { glue, engine } = setup();
    await job(glue, 'fire', 't-noop');
    const { output } = await runDefinition(engine, {
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: 'arn:aws:states:::glue:startJobRun',
          Parameters: { JobName: 'fire' },
          End: true,
        },
      },
    });
    expect(output.JobName).toBe('fire');
    expect(output.JobRunId).toMatch(/^jr_/);
    expect(output.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(output.SdkResponseMetadata.RequestId).toBeTypeOf('string');
  });

  it('names a StartJobRun failure Glue.<Exception>', async () => {
    const { engine } = setup();
    const { final } = await runDefinition(
      engine,
      { StartAt: 'Run', States: { Run: syncState('nope', { End: true }) } },
      { args: {} },
    );
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('Glue.EntityNotFoundException');
    expect(final.cause).toContain('Service: AWSGlue; Status Code: 400');
  });

  it('stops the run when the execution is stopped', async () => {
    const { glue, engine } = setup();
    await job(glue, 'forever', 't-slow');
    engine.createStateMachine({
      name: 'stopper',
      definition: JSON.stringify({
        StartAt: 'Run',
        States: { Run: syncState('forever', { End: true }) },
      }),
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: 'stopper',
      input: JSON.stringify({ args: {} }),
    });
    let runs: Awaited<ReturnType<LocalGlue['getJobRuns']>>['JobRuns'] = [];
    while (runs[0]?.JobRunState !== 'RUNNING') {
      await new Promise((r) => setTimeout(r, 20));
      runs = (await glue.getJobRuns({ JobName: 'forever' })).JobRuns;
    }
    engine.stopExecution({ executionArn });
    const run = await glue.waitForJobRun('forever', runs[0]?.Id ?? '');
    expect(run.JobRunState).toBe('STOPPED');
  });

  it('serves aws-sdk:glue job actions with ISO dates and Glue.<Exception> errors', async () => {
    const { glue, engine } = setup();
    await job(glue, 'sdk', 't-noop');
    const { output, final } = await runDefinition(engine, {
      StartAt: 'Get',
      States: {
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:glue:getJob',
          Parameters: { JobName: 'sdk' },
          Next: 'Missing',
        },
        Missing: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:glue:getJobRun',
          Parameters: { JobName: 'sdk', RunId: 'jr_missing' },
          ResultPath: '$.run',
          Catch: [
            {
              ErrorEquals: ['Glue.EntityNotFoundException'],
              ResultPath: '$.error',
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output.Job.Name).toBe('sdk');
    expect(output.Job.CreatedOn).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(output.error.Error).toBe('Glue.EntityNotFoundException');
  });
});

describe('glue:startJobRun.sync across a restart', () => {
  it('re-attaches to the same run and finishes the execution without a second run', async () => {
    const file = join(createRuntimeFixture().work, 'restart.db');
    const first = createRuntimeFixture({ file });
    const a = setup({ fixture: first, sqlite: true });
    await job(a.glue, 'long', 't-slow', { '--ms': '700' });
    a.engine.createStateMachine({
      name: 'restartable',
      definition: JSON.stringify({
        StartAt: 'Run',
        States: { Run: syncState('long', { Next: 'After' }), After: { Type: 'Pass', End: true } },
      }),
    });
    const { executionArn } = a.engine.startExecution({
      stateMachineArn: 'restartable',
      input: JSON.stringify({ args: {} }),
    });
    let state = '';
    while (state !== 'RUNNING') {
      await new Promise((r) => setTimeout(r, 20));
      state = (await a.glue.getJobRuns({ JobName: 'long' })).JobRuns[0]?.JobRunState ?? '';
    }
    await a.engine.close();
    await a.glue.stop();
    await first.close();

    const second = createRuntimeFixture({ file });
    fixtures.push(second);
    const b = setup({ fixture: second, sqlite: true });
    expect(b.engine.recover()).toBe(1);
    const final = await b.engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    const { JobRuns } = await b.glue.getJobRuns({ JobName: 'long' });
    expect(JobRuns).toHaveLength(1);
    expect(JobRuns[0]?.JobRunState).toBe('SUCCEEDED');
    const history = b.engine.getExecutionHistory({ executionArn, maxResults: 1000 }).items;
    expect(history.filter((e) => e.type === 'TaskSubmitted')).toHaveLength(1);
  });
});
