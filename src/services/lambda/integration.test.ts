import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../engine/index.js';
import type { RuntimeFixture } from '../../../test/services/glue-fixture.js';
import { createRuntimeFixture, scope } from '../../../test/services/glue-fixture.js';
import { runDefinition } from '../../../test/support/executions.js';
import { registerLambdaIntegrations } from './integration.js';
import { createLocalLambda } from './local.js';

const fixtures: RuntimeFixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.close();
});

function setup() {
  const fixture = createRuntimeFixture();
  fixtures.push(fixture);
  const lambda = createLocalLambda({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    workDir: fixture.work,
    clock: createFakeClock(),
  });
  const registry = new IntegrationRegistry();
  registerLambdaIntegrations(registry, lambda, { ids: createSequentialIds() });
  const engine = createEngine({ store: createMemoryStore(), integrations: registry, scope });
  lambda.registerLocal('Echo', (event: unknown) => ({ got: event }));
  lambda.registerLocal('Fails', () => {
    const err = new Error('model path not found');
    err.name = 'ModelPathError';
    throw err;
  });
  lambda.registerLocal('Hangs', () => new Promise(() => undefined), { Timeout: 1 });
  return { lambda, engine };
}

const invoke = (parameters: object, extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: parameters,
  End: true,
  ...extra,
});

describe('lambda:invoke', () => {
  it('answers ExecutedVersion, the parsed Payload, HTTP metadata and StatusCode', async () => {
    const { engine } = setup();
    const { output } = await runDefinition(
      engine,
      { StartAt: 'Call', States: { Call: invoke({ FunctionName: 'Echo', 'Payload.$': '$' }) } },
      { a: 1 },
    );
    expect(output).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { got: { a: 1 } },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
  });

  it('fails the state with the errorType as error and the error document as cause', async () => {
    const { engine } = setup();
    const { output, final } = await runDefinition(engine, {
      StartAt: 'Call',
      States: {
        Call: invoke(
          { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:Fails', Payload: {} },
          {
            Catch: [{ ErrorEquals: ['ModelPathError'], ResultPath: '$.error', Next: 'Caught' }],
            End: true,
          },
        ),
        Caught: { Type: 'Pass', End: true },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output.error.Error).toBe('ModelPathError');
    expect(JSON.parse(output.error.Cause)).toMatchObject({
      errorType: 'ModelPathError',
      errorMessage: 'model path not found',
    });
  });

  it('names a timeout Lambda.Unknown and a missing function Lambda.ResourceNotFoundException', async () => {
    const { engine } = setup();
    const late = await runDefinition(engine, {
      StartAt: 'Call',
      States: { Call: invoke({ FunctionName: 'Hangs' }) },
    });
    expect(late.final.error).toBe('Lambda.Unknown');
    expect(JSON.parse(late.final.cause ?? '{}').errorMessage).toContain(
      'Task timed out after 1.00 seconds',
    );
    const missing = await runDefinition(engine, {
      StartAt: 'Call',
      States: { Call: invoke({ FunctionName: 'Nobody' }) },
    });
    expect(missing.final.error).toBe('Lambda.ResourceNotFoundException');
    expect(missing.final.cause).toContain(
      'Function not found: arn:aws:lambda:ap-south-1:123456789012:function:Nobody',
    );
    expect(missing.final.cause).toContain('(Service: Lambda, Status Code: 404');
  });

  it('.waitForTaskToken passes the token in the payload and resumes on the callback', async () => {
    const { engine, lambda } = setup();
    lambda.registerLocal('Approver', (event: { token: string }) => {
      setTimeout(
        () => engine.sendTaskSuccess({ taskToken: event.token, output: '{"approved":true}' }),
        10,
      );
      return 'asked';
    });
    const { output } = await runDefinition(engine, {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'Approver', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    });
    expect(output).toEqual({ approved: true });
  });
});

describe('bare Lambda ARNs', () => {
  it('send the state input as the event and answer the result itself, in Lambda history events', async () => {
    const { engine } = setup();
    const { output, history } = await runDefinition(
      engine,
      {
        StartAt: 'Name',
        States: {
          Name: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:999999999999:function:Echo',
            Parameters: { JobName: 'employee-attrition' },
            End: true,
          },
        },
      },
      { ignored: true },
    );
    expect(output).toEqual({ got: { JobName: 'employee-attrition' } });
    expect(history.map((e) => e.type)).toContain('LambdaFunctionSucceeded');
  });

  it('fail with the errorType as the error name', async () => {
    const { engine } = setup();
    const { final } = await runDefinition(engine, {
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:Fails', End: true },
      },
    });
    expect(final.error).toBe('ModelPathError');
    expect(JSON.parse(final.cause ?? '{}').errorMessage).toBe('model path not found');
  });
});
