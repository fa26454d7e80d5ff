import {
  ClientException,
  ClusterNotFoundException,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsEcs, ecsApi } from '../../src/services/ecs/index.js';
import { runEcsContract } from '../../src/services/ecs/contract.js';
import { lazyServer, localSdkConfig } from '../support/aws-api.js';
import type { EcsFixture } from './ecs-fixture.js';
import { createEcsFixture, images } from './ecs-fixture.js';
import { scope } from './glue-fixture.js';

/** ECS's JSON protocol end to end: the real SDK against the embedded ECS over HTTP. */

let fixture: EcsFixture | undefined;

const serve = lazyServer(async () => {
  fixture = await createEcsFixture();
  return [ecsApi(fixture.ecs)];
});

afterAll(async () => {
  await serve.close();
  await fixture?.close();
});

runEcsContract(
  'AWS SDK over HTTP to the embedded ECS',
  async () =>
    createAwsEcs({
      config: localSdkConfig((await serve()).url, scope.region),
      pollMs: 50,
    }),
  { succeeds: { image: images.noop }, fails: { image: images.fail } },
);

describe('ECS wire protocol details', () => {
  async function client(): Promise<ECSClient> {
    return new ECSClient({ ...localSdkConfig((await serve()).url, scope.region), maxAttempts: 1 });
  }

  it('runs, lists, describes and stops tasks through the SDK, with dates as Dates', async () => {
    const sdk = await client();
    await sdk.send(
      new RegisterTaskDefinitionCommand({
        family: 'wire',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '1 vCPU',
        memory: '2 GB',
        containerDefinitions: [{ name: 'main', image: images.slow }],
      }),
    );
    const { tasks } = await sdk.send(
      new RunTaskCommand({
        taskDefinition: 'wire',
        launchType: 'FARGATE',
        startedBy: 'wire-test',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      }),
    );
    const arn = tasks?.[0]?.taskArn ?? '';
    expect(tasks?.[0]).toMatchObject({ cpu: '1024', memory: '2048', lastStatus: 'PROVISIONING' });
    expect(tasks?.[0]?.createdAt).toBeInstanceOf(Date);
    const listed = await sdk.send(new ListTasksCommand({ startedBy: 'wire-test' }));
    expect(listed.taskArns).toEqual([arn]);
    await sdk.send(new StopTaskCommand({ task: arn, reason: 'wire test done' }));
    await fixture?.ecs.waitForTask('default', arn);
    const { tasks: described } = await sdk.send(new DescribeTasksCommand({ tasks: [arn] }));
    expect(described?.[0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
    expect(described?.[0]?.stoppedAt).toBeInstanceOf(Date);
  });

  it('answers ECS exceptions as the SDK models them', async () => {
    const sdk = await client();
    const noCluster = await sdk
      .send(new RunTaskCommand({ cluster: 'nope', taskDefinition: 'wire' }))
      .catch((e: unknown) => e);
    expect(noCluster).toBeInstanceOf(ClusterNotFoundException);
    const noDefinition = await sdk
      .send(new RunTaskCommand({ taskDefinition: 'nothing-here' }))
      .catch((e: unknown) => e);
    expect(noDefinition).toBeInstanceOf(ClientException);
  });
});
