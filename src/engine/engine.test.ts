import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatesError } from '../asl/index.js';
import { createFakeClock, createSequentialIds } from '../core/index.js';
import { runDefinition as run } from '../../test/support/executions.js';
import { openDatabase } from '../store/index.js';
import { createEngine } from './engine.js';
import { IntegrationRegistry } from './integrations.js';
import { createMemoryStore } from './memory-store.js';
import { compileMockConfig } from './mocks.js';
import { createSqliteStore } from './sqlite-store.js';
import type { ExecutionStore } from './store.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };

function setup(options: { store?: ExecutionStore; registry?: IntegrationRegistry } = {}) {
  const clock = createFakeClock();
  const registry = options.registry ?? new IntegrationRegistry();
  const engine = createEngine({
    store: options.store ?? createMemoryStore(),
    integrations: registry,
    scope,
    clock,
    ids: createSequentialIds(),
  });
  return { engine, clock, registry };
}

describe('engine: tasks, retry and catch', () => {
  it('retries a failing task with back-off on the clock, then catches into a fallback', async () => {
    const registry = new IntegrationRegistry();
    let calls = 0;
    registry.register('test:flaky', async () => {
      calls += 1;
      throw new StatesError('Flaky.Error', `attempt ${calls}`);
    });
    const { engine, clock } = setup({ registry });
    const start = clock.now();
    const { final, output, history } = await run(
      engine,
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::test:flaky',
            Retry: [
              { ErrorEquals: ['Flaky.Error'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 3 },
            ],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Fallback' }],
            End: true,
          },
          Fallback: { Type: 'Pass', End: true },
        },
      },
      { a: 1 },
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(calls).toBe(3);
    expect(output).toEqual({ a: 1, error: { Error: 'Flaky.Error', Cause: 'attempt 3' } });
    // 2 s, then 6 s of back-off passed on the fake clock.
    expect(clock.now() - start).toBeGreaterThanOrEqual(8000);
    expect(history.filter((e) => e.type === 'TaskFailed')).toHaveLength(3);
  });

  it('times a task out with States.Timeout', async () => {
    const registry = new IntegrationRegistry();
    const { engine, clock } = setup({ registry });
    registry.register('test:slow', async ({ context }) => {
      await clock.sleep(60_000, context.signal);
      return 'late';
    });
    const { final } = await run(engine, {
      StartAt: 'Slow',
      States: {
        Slow: {
          Type: 'Task',
          Resource: 'arn:aws:states:::test:slow',
          TimeoutSeconds: 5,
          End: true,
        },
      },
    });
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('States.Timeout');
  });

  it('waits for a task token and resumes with SendTaskSuccess', async () => {
    const registry = new IntegrationRegistry();
    let token = '';
    registry.register(
      'test:hand',
      async ({ parameters }) => {
        token = (parameters as { token: string }).token;
        return {};
      },
      ['waitForTaskToken'],
    );
    const { engine } = setup({ registry });
    engine.createStateMachine({
      name: 'cb',
      definition: JSON.stringify({
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::test:hand.waitForTaskToken',
            Parameters: { 'token.$': '$$.Task.Token' },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: 'cb', input: '{}' });
    await new Promise((r) => setTimeout(r, 20));
    expect(token).not.toBe('');
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');
    engine.sendTaskSuccess({ taskToken: token, output: '{"approved":true}' });
    const final = await engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    expect(JSON.parse(final.output ?? '')).toEqual({ approved: true });
    expect(() => engine.sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(
      /Task Does Not Exist/,
    );
  });

  it('answers from a MockConfigFile test case', async () => {
    const mockConfig = compileMockConfig({
      StateMachines: { mocked: { TestCases: { Happy: { Call: 'Ok' }, Sad: { Call: 'Boom' } } } },
      MockedResponses: {
        Ok: { '0': { Return: { Payload: 42 } } },
        Boom: { '0-1': { Throw: { Error: 'Lambda.Unknown', Cause: 'mock' } } },
      },
    });
    const engine = createEngine({
      store: createMemoryStore(),
      integrations: new IntegrationRegistry(),
      scope,
      clock: createFakeClock(),
      mockConfig,
    });
    engine.createStateMachine({
      name: 'mocked',
      definition: JSON.stringify({
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            OutputPath: '$.Payload',
            End: true,
          },
        },
      }),
    });
    const happy = await engine.waitFor(
      engine.startExecution({
        stateMachineArn: 'arn:aws:states:eu-west-1:999999999999:stateMachine:mocked#Happy',
      }).executionArn,
    );
    expect(happy.output).toBe('42');
    const sad = await engine.waitFor(
      engine.startExecution({ stateMachineArn: 'mocked#Sad' }).executionArn,
    );
    expect([sad.status, sad.error, sad.cause]).toEqual(['FAILED', 'Lambda.Unknown', 'mock']);
  });
});

describe('engine: API behaviour', () => {
  it('rejects bad input and unknown executions with AWS error names', async () => {
    const { engine } = setup();
    engine.createStateMachine({
      name: 'p',
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
    });
    expect(() => engine.startExecution({ stateMachineArn: 'p', input: '{nope' })).toThrow(
      expect.objectContaining({ code: 'InvalidExecutionInput' }),
    );
    expect(() =>
      engine.startExecution({
        stateMachineArn: 'p',
        input: JSON.stringify({ big: 'x'.repeat(300_000) }),
      }),
    ).toThrow(/262144/);
    expect(() =>
      engine.describeExecution('arn:aws:states:us-east-1:123456789012:execution:p:nope'),
    ).toThrow(expect.objectContaining({ code: 'ExecutionDoesNotExist' }));
    expect(() =>
      engine.createStateMachine({ name: 'bad', definition: '{"StartAt":"X","States":{}}' }),
    ).toThrow(expect.objectContaining({ code: 'InvalidDefinition' }));
    expect(() => engine.startExecution({ stateMachineArn: 'missing' })).toThrow(
      expect.objectContaining({ code: 'StateMachineDoesNotExist' }),
    );
  });

  it('resolves ARNs from any account and region by name', async () => {
    const { engine } = setup();
    engine.createStateMachine({
      name: 'anywhere',
      definition: JSON.stringify({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Result: 1, End: true } },
      }),
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: 'arn:aws:states:ap-south-1:731580992380:stateMachine:anywhere',
      name: 'e1',
    });
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:anywhere:e1');
    expect(
      (await engine.waitFor('arn:aws:states:ap-south-1:731580992380:execution:anywhere:e1')).output,
    ).toBe('1');
  });

  it('stops a waiting execution and redrives a failed one from the failed state', async () => {
    const registry = new IntegrationRegistry();
    let fail = true;
    registry.register('test:once', async () => {
      if (fail) throw new StatesError('Boom', 'first time');
      return 'ok';
    });
    const { engine } = setup({ registry });
    const failedRun = await run(engine, {
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Result: 'b', ResultPath: '$.b', Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::test:once',
          ResultPath: '$.r',
          End: true,
        },
      },
    });
    expect(failedRun.final.status).toBe('FAILED');
    fail = false;
    engine.redriveExecution({ executionArn: failedRun.final.arn });
    const redriven = await engine.waitFor(failedRun.final.arn);
    expect(redriven.status).toBe('SUCCEEDED');
    expect(redriven.redriveCount).toBe(1);
    expect(JSON.parse(redriven.output ?? '')).toEqual({ b: 'b', r: 'ok' });
    const types = engine
      .getExecutionHistory({ executionArn: failedRun.final.arn })
      .items.map((e) => e.type);
    expect(types.filter((t) => t === 'PassStateEntered')).toHaveLength(1);
    expect(types).toContain('ExecutionRedriven');
  });
});

describe('engine: durability', () => {
  it('resumes a waiting execution after the process restarts, without repeating finished states', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mm-engine-')), 'db.sqlite');
    const definition = {
      StartAt: 'Count',
      States: {
        Count: {
          Type: 'Task',
          Resource: 'arn:aws:states:::test:count',
          ResultPath: '$.first',
          Next: 'Hold',
        },
        Hold: {
          Type: 'Task',
          Resource: 'arn:aws:states:::test:hold.waitForTaskToken',
          Parameters: { 'token.$': '$$.Task.Token' },
          ResultPath: '$.held',
          Next: 'Again',
        },
        Again: {
          Type: 'Task',
          Resource: 'arn:aws:states:::test:count',
          ResultPath: '$.second',
          End: true,
        },
      },
    };
    let counted = 0;
    let token = '';
    const makeRegistry = (): IntegrationRegistry => {
      const registry = new IntegrationRegistry();
      registry.register('test:count', async () => (counted += 1));
      registry.register(
        'test:hold',
        async ({ parameters }) => ((token = (parameters as { token: string }).token), {}),
        ['waitForTaskToken'],
      );
      return registry;
    };
    const db1 = openDatabase(file);
    const first = createEngine({
      store: createSqliteStore(db1),
      integrations: makeRegistry(),
      scope,
    });
    first.createStateMachine({ name: 'durable', definition: JSON.stringify(definition) });
    const { executionArn } = first.startExecution({ stateMachineArn: 'durable', input: '{"x":1}' });
    for (let i = 0; i < 50 && token === ''; i += 1) await new Promise((r) => setTimeout(r, 10));
    await first.close();
    db1.close();

    const db2 = openDatabase(file);
    const second = createEngine({
      store: createSqliteStore(db2),
      integrations: makeRegistry(),
      scope,
    });
    expect(second.recover()).toBe(1);
    second.sendTaskSuccess({ taskToken: token, output: '"released"' });
    const final = await second.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    expect(JSON.parse(final.output ?? '')).toEqual({ x: 1, first: 1, held: 'released', second: 2 });
    expect(counted).toBe(2);
    const types = second.getExecutionHistory({ executionArn }).items.map((e) => e.type);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(3);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    await second.close();
    db2.close();
  });
});
