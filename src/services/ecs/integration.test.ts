import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSequentialIds } from '../../core/index.js';
import {
  IntegrationRegistry,
  createEngine,
  createMemoryStore,
  createSqliteStore,
} from '../../engine/index.js';
import { startServer } from '../../server/index.js';
import { stepFunctionsApi } from '../stepfunctions/index.js';
import type { EcsFixture } from '../../../test/services/ecs-fixture.js';
import { createEcsFixture, images } from '../../../test/services/ecs-fixture.js';
import { createRuntimeFixture, scope } from '../../../test/services/glue-fixture.js';
import { runDefinition } from '../../../test/support/executions.js';
import { registerEcsIntegrations } from './integration.js';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function setup(options: { file?: string; runEnv?: () => Record<string, string> } = {}) {
  const ecsFixture: EcsFixture = await createEcsFixture({
    ...(options.file ? { fixture: createRuntimeFixture({ file: options.file }) } : {}),
    ...(options.runEnv ? { runEnv: options.runEnv } : {}),
  });
  const registry = new IntegrationRegistry();
  registerEcsIntegrations(registry, ecsFixture.ecs, { ids: createSequentialIds() });
  const engine = createEngine({
    store: options.file ? createSqliteStore(ecsFixture.fixture.db) : createMemoryStore(),
    integrations: registry,
    scope,
  });
  const close = async () => {
    await engine.close();
    await ecsFixture.close();
  };
  closers.push(close);
  return { ...ecsFixture, engine, close };
}

const runTask = (family: string, extra: object = {}, suffix = '.sync') => ({
  Type: 'Task',
  Resource: `arn:aws:states:::ecs:runTask${suffix}`,
  Parameters: { Cluster: 'default', TaskDefinition: family, LaunchType: 'FARGATE' },
  ...extra,
});

async function family(fixture: EcsFixture, name: string, image: string, command?: string[]) {
  await fixture.ecs.registerTaskDefinition({
    family: name,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'main', image, ...(command ? { command } : {}) }],
  });
}

describe('ecs:runTask', () => {
  it('.sync answers the stopped task in PascalCase with millisecond dates', async () => {
    const f = await setup();
    await family(f, 'ok', images.noop);
    const { final, output } = await runDefinition(f.engine, {
      StartAt: 'Run',
      States: { Run: runTask('ok', { End: true }) },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toMatchObject({
      LastStatus: 'STOPPED',
      StopCode: 'EssentialContainerExited',
      LaunchType: 'FARGATE',
      Containers: [{ Name: 'main', ExitCode: 0 }],
    });
    expect(output.StoppedAt).toBeGreaterThan(1e12);
  });

  it('.sync fails the state with States.TaskFailed and the task as cause when a container fails', async () => {
    const f = await setup();
    await family(f, 'bad', images.fail, ['--code', '3']);
    const { final } = await runDefinition(f.engine, {
      StartAt: 'Run',
      States: { Run: runTask('bad', { End: true }) },
    });
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('States.TaskFailed');
    const cause = JSON.parse(final.cause ?? '{}');
    expect(cause.Containers[0].ExitCode).toBe(3);
    expect(cause.StoppedReason).toBe('Essential container in task exited');
  });

  it('request-response answers RunTask with HTTP metadata; errors are ECS.<Exception>', async () => {
    const f = await setup();
    await family(f, 'fire', images.noop);
    const { output } = await runDefinition(f.engine, {
      StartAt: 'Run',
      States: { Run: runTask('fire', { End: true }, '') },
    });
    expect(output.Failures).toEqual([]);
    expect(output.Tasks[0].LastStatus).toBe('PROVISIONING');
    expect(output.SdkHttpMetadata.HttpStatusCode).toBe(200);
    const missing = await runDefinition(f.engine, {
      StartAt: 'Run',
      States: { Run: runTask('missing', { End: true }) },
    });
    expect(missing.final.error).toBe('ECS.ClientException');
    expect(missing.final.cause).toContain('Service: AmazonECS; Status Code: 400');
  });

  it('.waitForTaskToken hands the token to the container, which calls back over the local API', async () => {
    let url = '';
    const f = await setup({
      runEnv: () => ({
        AWS_ENDPOINT_URL: url,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      }),
    });
    const server = await startServer({ modules: [stepFunctionsApi(f.engine)], port: 0 });
    closers.push(() => server.close());
    url = server.url;
    await family(f, 'callback', images.callback);
    const { final, output } = await runDefinition(f.engine, {
      StartAt: 'Run',
      States: {
        Run: runTask(
          'callback',
          {
            Parameters: {
              Cluster: 'default',
              TaskDefinition: 'callback',
              Overrides: {
                ContainerOverrides: [
                  {
                    Name: 'main',
                    Command: ['hello'],
                    Environment: [{ Name: 'TASK_TOKEN', 'Value.$': '$$.Task.Token' }],
                  },
                ],
              },
            },
            TimeoutSeconds: 60,
            End: true,
          },
          '.waitForTaskToken',
        ),
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toEqual({ from: 'container', words: ['hello'] });
  });

  it('serves aws-sdk:ecs register and deregister in PascalCase, with Ecs.<Exception> errors', async () => {
    const f = await setup();
    const { final, output } = await runDefinition(f.engine, {
      StartAt: 'Register',
      States: {
        Register: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:ecs:registerTaskDefinition',
          Parameters: {
            Family: 'sdk',
            ContainerDefinitions: [
              {
                Name: 'main',
                Image: images.noop,
                Memory: 128,
                LogConfiguration: {
                  LogDriver: 'awslogs',
                  Options: { 'awslogs-group': '/ecs/sdk', 'awslogs-stream-prefix': 'p' },
                },
              },
            ],
          },
          ResultSelector: {
            'arn.$': '$.TaskDefinition.TaskDefinitionArn',
            'at.$': '$.TaskDefinition.RegisteredAt',
            'options.$': '$.TaskDefinition.ContainerDefinitions[0].LogConfiguration.Options',
          },
          Next: 'Deregister',
        },
        Deregister: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:ecs:deregisterTaskDefinition',
          Parameters: { 'TaskDefinition.$': '$.arn' },
          ResultSelector: { 'status.$': '$.TaskDefinition.Status' },
          ResultPath: '$.deregistered',
          Next: 'Again',
        },
        Again: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:ecs:describeTaskDefinition',
          Parameters: { TaskDefinition: 'nothing:1' },
          Catch: [{ ErrorEquals: ['Ecs.ClientException'], ResultPath: '$.error', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output.arn).toBe('arn:aws:ecs:ap-south-1:123456789012:task-definition/sdk:1');
    expect(output.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(output.options).toEqual({ 'awslogs-group': '/ecs/sdk', 'awslogs-stream-prefix': 'p' });
    expect(output.deregistered).toEqual({ status: 'INACTIVE' });
    expect(output.error.Error).toBe('Ecs.ClientException');
  });
});

describe('ecs:runTask.sync across a restart', () => {
  it('re-attaches to the same task and finishes the execution without a second task', async () => {
    const file = join(createRuntimeFixture().work, 'ecs-restart.db');
    const a = await setup({ file });
    await family(a, 'long', images.slow, ['--ms', '700']);
    a.engine.createStateMachine({
      name: 'restartable',
      definition: JSON.stringify({
        StartAt: 'Run',
        States: { Run: runTask('long', { Next: 'After' }), After: { Type: 'Pass', End: true } },
      }),
    });
    const { executionArn } = a.engine.startExecution({
      stateMachineArn: 'restartable',
      input: '{}',
    });
    let arns: string[] = [];
    while (arns.length === 0) {
      await new Promise((r) => setTimeout(r, 20));
      arns = (await a.ecs.listTasks({})).taskArns;
    }
    let status = '';
    while (status !== 'RUNNING') {
      await new Promise((r) => setTimeout(r, 20));
      status = (await a.ecs.describeTasks({ tasks: arns })).tasks[0]?.lastStatus ?? '';
    }
    await a.close();

    const b = await setup({ file });
    expect(b.engine.recover()).toBe(1);
    const final = await b.engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    const stopped = (await b.ecs.listTasks({ desiredStatus: 'STOPPED' })).taskArns;
    expect(stopped).toEqual(arns);
  });
});
