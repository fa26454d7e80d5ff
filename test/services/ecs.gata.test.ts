import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { StatesError } from '../../src/asl/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../src/engine/index.js';
import { registerEcsIntegrations } from '../../src/services/ecs/index.js';
import type { EcsFixture } from './ecs-fixture.js';
import { createEcsFixture } from './ecs-fixture.js';
import { scope } from './glue-fixture.js';
import { sharedDir } from '../support/shared.js';

/**
 * The gata fine-tune workflow (JSONata), unchanged: its ECS part is real —
 * registerTaskDefinition, runTask.sync of the data-prep image (registered to a
 * stand-in program), deregisterTaskDefinition — while the parameter store,
 * S3 and EventBridge calls are answered by stubs and the two model workflows
 * are small local state machines.
 */

const definitionFile = sharedDir('reference', 'asl', 'gata-finetune-workflow.asl.json');
let fixture: EcsFixture | undefined;
afterAll(async () => {
  await fixture?.close();
});

describe.skipIf(!definitionFile)('gata fine-tune workflow', () => {
  it('registers, runs and deregisters the data-prep task, then fine-tunes and emits its event', async () => {
    fixture = await createEcsFixture();
    const { ecs } = fixture;
    await ecs.createCluster({ clusterName: 'gata-dev' });
    const registry = new IntegrationRegistry();
    registerEcsIntegrations(registry, ecs);
    registry.register('aws-sdk:ssm:getParametersByPath', async ({ parameters }) => {
      expect(parameters).toEqual({ Path: '/gata/dev/image/' });
      const parameter = (name: string, value: string) => ({
        Arn: `arn:aws:ssm:us-east-1:123456789012:parameter/gata/dev/image/${name}`,
        DataType: 'text',
        LastModifiedDate: '2024-01-01T00:00:00Z',
        Name: `/gata/dev/image/${name}`,
        Type: 'String',
        Value: value,
        Version: 1,
      });
      return {
        Parameters: [
          parameter('version-data-prep', ':1.2.3'),
          parameter('version-finetune', ':2.0.0'),
          parameter('version-inference', '@sha256:abc'),
        ],
      };
    });
    registry.register('aws-sdk:s3:getObject', async () => {
      throw new StatesError('S3.NoSuchKeyException', 'The specified key does not exist.');
    });
    const events: unknown[] = [];
    registry.register('events:putEvents', async ({ parameters }) => {
      events.push(parameters);
      return { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 };
    });
    const engine = createEngine({ store: createMemoryStore(), integrations: registry, scope });
    for (const name of ['gata-general-pipeline', 'gata-low-vol-pipeline']) {
      engine.createStateMachine({
        name,
        definition: JSON.stringify({
          StartAt: 'Tune',
          States: { Tune: { Type: 'Pass', Result: { tuned: name }, End: true } },
        }),
      });
    }
    engine.createStateMachine({
      name: 'gata-finetune',
      definition: readFileSync(definitionFile ?? '', 'utf8'),
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: 'gata-finetune',
      input: JSON.stringify({ BatchID: 2024010100 }),
    });
    const final = await engine.waitFor(executionArn);
    expect(final.error ?? '', final.cause).toBe('');
    expect(final.status).toBe('SUCCEEDED');

    const definition = await ecs.describeTaskDefinition({ taskDefinition: 'gata-dev-data-prep:1' });
    expect(definition.taskDefinition).toMatchObject({
      status: 'INACTIVE',
      cpu: '1024',
      memory: '4096',
      containerDefinitions: [
        {
          name: 'gata-dev-data-prep-2024010100',
          image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/gata-data-prep:1.2.3',
          command: ['2024010100'],
        },
      ],
    });
    const [taskArn] = (await ecs.listTasks({ cluster: 'gata-dev', desiredStatus: 'STOPPED' }))
      .taskArns;
    const task = (await ecs.describeTasks({ cluster: 'gata-dev', tasks: [taskArn ?? ''] }))
      .tasks[0];
    expect(task).toMatchObject({ lastStatus: 'STOPPED', launchType: 'FARGATE' });
    expect(task?.containers[0]?.exitCode).toBe(0);
    const id = (taskArn ?? '').slice((taskArn ?? '').lastIndexOf('/') + 1);
    expect(
      fixture.fixture.lines(
        '/ecs/gata-dev-data-prep',
        `batch-2024010100/gata-dev-data-prep-2024010100/${id}`,
      ),
    ).toEqual([
      'prepared 2024010100 for s3://gata-123456789012-dev-data/training/gata-general/2024010100/ (fallback 0)',
    ]);
    expect(events).toEqual([
      {
        Entries: [
          {
            Detail: { batch_id: '2024010100' },
            DetailType: 'finetune-complete',
            EventBusName: 'gata',
            Source: 'gata',
          },
        ],
      },
    ]);
  });
});
