import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogGroup } from '../../runtime/index.js';
import type { EcsFixture } from '../../../test/services/ecs-fixture.js';
import { createEcsFixture, images } from '../../../test/services/ecs-fixture.js';
import { createRuntimeFixture } from '../../../test/services/glue-fixture.js';
import { runEcsContract } from './contract.js';
import type { ContainerDefinition, LocalEcs } from './types.js';

const fixtures: EcsFixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.close();
});

async function setup(options: Parameters<typeof createEcsFixture>[0] = {}): Promise<EcsFixture> {
  const f = await createEcsFixture(options);
  fixtures.push(f);
  return f;
}

function main(image: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return { name: 'main', image, memory: 256, ...extra };
}

async function run(ecs: LocalEcs, family: string, containers: ContainerDefinition[], extra = {}) {
  await ecs.registerTaskDefinition({ family, containerDefinitions: containers });
  const { tasks } = await ecs.runTask({ taskDefinition: family, ...extra });
  return ecs.waitForTask('default', tasks[0]?.taskArn ?? '');
}

const idOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

runEcsContract('embedded ECS', async () => (await setup()).ecs, {
  succeeds: { image: images.noop },
  fails: { image: images.fail },
});

describe('ECS tasks', () => {
  it('goes PROVISIONING → PENDING → RUNNING → DEPROVISIONING → STOPPED with the exit code', async () => {
    const { ecs, changes } = await setup();
    const task = await run(ecs, 'lifecycle', [main(images.noop)]);
    expect(task).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      group: 'family:lifecycle',
      launchType: 'EC2',
    });
    expect(task.containers[0]).toMatchObject({ name: 'main', exitCode: 0, lastStatus: 'STOPPED' });
    const id = idOf(task.taskArn);
    const seen = changes.filter((c) => c.startsWith(id)).map((c) => c.split(' ')[1]);
    expect([...new Set(seen)]).toEqual([
      'PROVISIONING',
      'PENDING',
      'RUNNING',
      'DEPROVISIONING',
      'STOPPED',
    ]);
    expect(task.stoppedAt).toBeGreaterThanOrEqual(task.startedAt ?? Infinity);
  });

  it('applies container overrides (command, environment) over the definition', async () => {
    const { ecs, fixture } = await setup();
    const task = await run(
      ecs,
      'overrides',
      [
        main(images.show, {
          command: ['from-definition'],
          environment: [
            { name: 'APP_A', value: 'definition' },
            { name: 'APP_B', value: 'definition' },
          ],
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/app', 'awslogs-stream-prefix': 'batch-7' },
          },
        }),
      ],
      {
        launchType: 'EC2',
        overrides: {
          containerOverrides: [
            {
              name: 'main',
              command: ['2024010100'],
              environment: [{ name: 'APP_B', value: 'run' }],
            },
          ],
        },
      },
    );
    expect(task.containers[0]?.exitCode).toBe(0);
    const lines = fixture.lines('/ecs/app', `batch-7/main/${idOf(task.taskArn)}`);
    expect(lines).toContain('argv=["2024010100"]');
    expect(lines).toContain(
      'env={"AWS_REGION":"ap-south-1","AWS_EXECUTION_ENV":"AWS_ECS_EC2","APP_A":"definition","APP_B":"run"}',
    );
  });

  it('runs an unregistered image’s command on the host, and fails one with no command to pull', async () => {
    const { ecs, fixture } = await setup();
    const host = await run(ecs, 'host', [
      main('busybox:latest', { command: ['sh', '-c', 'echo on the host; exit 3'] }),
    ]);
    expect(host.containers[0]?.exitCode).toBe(3);
    expect(host.stopCode).toBe('EssentialContainerExited');
    const lines = fixture.lines(LogGroup.Ecs, `host/main/${idOf(host.taskArn)}`);
    expect(lines[0]).toContain('image busybox:latest is not registered');
    expect(lines).toContain('on the host');

    const missing = await run(ecs, 'missing', [
      main('busybox:latest', { command: ['definitely-not-a-command-xyz'] }),
    ]);
    expect(missing.stopCode).toBe('TaskFailedToStart');
    expect(missing.stoppedReason).toContain('definitely-not-a-command-xyz');

    const nothing = await run(ecs, 'nothing', [main('unknown/image:1')]);
    expect(nothing.stopCode).toBe('TaskFailedToStart');
    expect(nothing.stoppedReason).toMatch(/^CannotPullContainerError: /);
    expect(nothing.containers[0]?.reason).toMatch(/^CannotPullContainerError: /);
    expect(nothing.containers[0]?.exitCode).toBeUndefined();
  });

  it('stops a task with StopTask (UserInitiated), and stops sidecars when the essential container exits', async () => {
    const { ecs } = await setup();
    await ecs.registerTaskDefinition({
      family: 'stoppable',
      containerDefinitions: [main(images.slow)],
    });
    const { tasks } = await ecs.runTask({ taskDefinition: 'stoppable' });
    const arn = tasks[0]?.taskArn ?? '';
    expect((await ecs.listTasks({})).taskArns).toContain(arn);
    await ecs.stopTask({ task: arn, reason: 'enough' });
    const stopped = await ecs.waitForTask('default', arn);
    expect(stopped).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'enough' });
    expect(stopped.containers[0]?.exitCode).not.toBe(0);
    expect((await ecs.listTasks({})).taskArns).not.toContain(arn);
    expect((await ecs.listTasks({ desiredStatus: 'STOPPED' })).taskArns).toContain(arn);

    const pair = await run(ecs, 'pair', [
      main(images.noop),
      { name: 'sidecar', image: images.slow, memory: 64, essential: false },
    ]);
    expect(pair.stopCode).toBe('EssentialContainerExited');
    expect(pair.containers.find((c) => c.name === 'sidecar')?.lastStatus).toBe('STOPPED');
  });

  it('refuses what ECS refuses, naming the resource', async () => {
    const { ecs } = await setup();
    const fail = (p: Promise<unknown>) =>
      p.catch((e: unknown) => e as { code: string; message: string });
    expect(await fail(ecs.runTask({ taskDefinition: 'none' }))).toMatchObject({
      code: 'ClientException',
      message: expect.stringContaining("no task definition 'none'"),
    });
    await ecs.registerTaskDefinition({
      family: 'plain',
      containerDefinitions: [main(images.noop)],
    });
    expect(
      await fail(
        ecs.runTask({ cluster: 'arn:aws:ecs:us-east-1:1:cluster/gone', taskDefinition: 'plain' }),
      ),
    ).toMatchObject({
      code: 'ClusterNotFoundException',
      message: expect.stringContaining("no cluster 'gone'"),
    });
    expect(
      await fail(ecs.runTask({ taskDefinition: 'plain', launchType: 'FARGATE' })),
    ).toMatchObject({
      code: 'ClientException',
      message: expect.stringContaining('Task definition does not support launch_type FARGATE'),
    });
    expect(
      await fail(
        ecs.runTask({
          taskDefinition: 'plain',
          overrides: { containerOverrides: [{ name: 'other' }] },
        }),
      ),
    ).toMatchObject({ code: 'InvalidParameterException' });
    await ecs.deregisterTaskDefinition({ taskDefinition: 'plain:1' });
    expect(await fail(ecs.runTask({ taskDefinition: 'plain:1' }))).toMatchObject({
      code: 'ClientException',
      message: expect.stringContaining('TaskDefinition is inactive'),
    });
    expect(
      await fail(
        ecs.registerTaskDefinition({
          family: 'fargate',
          requiresCompatibilities: ['FARGATE'],
          containerDefinitions: [main(images.noop)],
        }),
      ),
    ).toMatchObject({
      message: expect.stringContaining("Fargate requires that 'cpu' be defined at the task level"),
    });
    const missing = await ecs.describeTasks({ tasks: ['0123'] });
    expect(missing.failures).toEqual([
      { arn: 'arn:aws:ecs:ap-south-1:123456789012:task/default/0123', reason: 'MISSING' },
    ]);
  });
});

describe('ECS: a restart', () => {
  it('runs a task that was running again, under the same ARN, in the next process', async () => {
    const file = join(createRuntimeFixture().work, 'ecs.db');
    const first = await createEcsFixture({ fixture: createRuntimeFixture({ file }) });
    await first.ecs.registerTaskDefinition({
      family: 'long',
      containerDefinitions: [main(images.slow, { command: ['--ms', '700'] })],
    });
    const { tasks } = await first.ecs.runTask({ taskDefinition: 'long', count: 2 });
    expect(tasks).toHaveLength(2);
    const arn = tasks[0]?.taskArn ?? '';
    let status = '';
    while (status !== 'RUNNING') {
      await new Promise((r) => setTimeout(r, 20));
      status = (await first.ecs.describeTasks({ tasks: [arn] })).tasks[0]?.lastStatus ?? '';
    }
    await first.close();

    const second = await setup({ fixture: createRuntimeFixture({ file }) });
    const task = await second.ecs.waitForTask('default', arn);
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
    expect(task.containers[0]?.exitCode).toBe(0);
    const lines = second.fixture.lines(LogGroup.Ecs, `long/main/${idOf(arn)}`);
    expect(lines[0]).toContain('running its containers again');
  });
});
