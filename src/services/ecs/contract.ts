import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { EcsService } from './types.js';

/**
 * The contract every ECS adapter keeps, run against the embedded ECS always
 * and against ECS when an endpoint is configured. It asserts only what ECS
 * itself does, with ECS's error names. Tasks run only when the caller gives
 * images that exit 0 and non-zero there (real ECS bills for tasks).
 */

/** Images the task part of the suite uses. */
export interface EcsContractImages {
  /** An image (with its command) that exits 0. */
  succeeds: { image: string; command?: string[] };
  /** An image (with its command) that exits non-zero. */
  fails: { image: string; command?: string[] };
}

/** Runs the suite against the adapter `makeAdapter` builds; families and clusters are prefixed. */
export function runEcsContract(
  name: string,
  makeAdapter: () => EcsService | Promise<EcsService>,
  images?: EcsContractImages,
): void {
  const prefix = `mm-contract-${Date.now().toString(36)}`;
  let ecs: EcsService;
  const container = (
    image = 'public.ecr.aws/docker/library/busybox:latest',
    command?: string[],
  ) => ({
    name: 'main',
    image,
    memory: 128,
    ...(command ? { command } : {}),
  });
  describe(`ECS contract: ${name}`, () => {
    beforeAll(async () => {
      ecs = await makeAdapter();
    });
    afterAll(async () => {
      const { taskDefinitionArns } = await ecs.listTaskDefinitions({ status: 'ACTIVE' });
      for (const arn of taskDefinitionArns.filter((a) => a.includes(`/${prefix}`))) {
        await ecs.deregisterTaskDefinition({ taskDefinition: arn });
      }
    });

    it('registers revisions of a family and describes each way it is named', async () => {
      const family = `${prefix}-family`;
      const first = await ecs.registerTaskDefinition({
        family,
        containerDefinitions: [container()],
      });
      const second = await ecs.registerTaskDefinition({
        family,
        containerDefinitions: [container()],
        cpu: '256',
        memory: '512',
      });
      expect(first.taskDefinition.revision + 1).toBe(second.taskDefinition.revision);
      expect(second.taskDefinition.taskDefinitionArn).toMatch(
        new RegExp(
          `^arn:aws:ecs:[a-z0-9-]+:\\d{12}:task-definition/${family}:${second.taskDefinition.revision}$`,
        ),
      );
      expect(second.taskDefinition).toMatchObject({
        family,
        status: 'ACTIVE',
        cpu: '256',
        memory: '512',
      });
      for (const ref of [
        family,
        `${family}:${second.taskDefinition.revision}`,
        second.taskDefinition.taskDefinitionArn,
      ]) {
        const { taskDefinition } = await ecs.describeTaskDefinition({ taskDefinition: ref });
        expect(taskDefinition.revision).toBe(second.taskDefinition.revision);
      }
      const { taskDefinitionArns } = await ecs.listTaskDefinitions({ familyPrefix: family });
      expect(taskDefinitionArns).toEqual([
        first.taskDefinition.taskDefinitionArn,
        second.taskDefinition.taskDefinitionArn,
      ]);
    });

    it('deregisters a revision: INACTIVE, still describable, no longer listed as ACTIVE', async () => {
      const family = `${prefix}-gone`;
      const { taskDefinition } = await ecs.registerTaskDefinition({
        family,
        containerDefinitions: [container()],
      });
      const out = await ecs.deregisterTaskDefinition({
        taskDefinition: taskDefinition.taskDefinitionArn,
      });
      expect(out.taskDefinition.status).toBe('INACTIVE');
      const again = await ecs.describeTaskDefinition({
        taskDefinition: `${family}:${taskDefinition.revision}`,
      });
      expect(again.taskDefinition.status).toBe('INACTIVE');
      expect((await ecs.listTaskDefinitions({ familyPrefix: family })).taskDefinitionArns).toEqual(
        [],
      );
    });

    it('answers ClientException for a task definition that does not exist', async () => {
      const err = await rejection(
        ecs.describeTaskDefinition({ taskDefinition: `${prefix}-none:1` }),
      );
      expect(err.code ?? err.name).toBe('ClientException');
      expect(err.message).toContain('Unable to describe task definition');
    });

    it('requires a memory limit on containers when the task has none', async () => {
      const err = await rejection(
        ecs.registerTaskDefinition({
          family: `${prefix}-nomem`,
          containerDefinitions: [{ name: 'main', image: 'busybox' }],
        }),
      );
      expect(err.code ?? err.name).toBe('ClientException');
      expect(err.message).toContain(
        "At least one of 'memory' or 'memoryReservation' must be specified",
      );
    });

    it('knows the default cluster, creates others, and reports missing ones', async () => {
      const { clusters } = await ecs.describeClusters({ clusters: ['default'] });
      expect(clusters[0]?.clusterName).toBe('default');
      const { cluster } = await ecs.createCluster({ clusterName: `${prefix}-c` });
      expect(cluster.clusterArn).toMatch(new RegExp(`:cluster/${prefix}-c$`));
      expect((await ecs.listClusters()).clusterArns).toContain(cluster.clusterArn);
      const missing = await ecs.describeClusters({ clusters: [`${prefix}-nope`] });
      expect(missing.failures[0]?.reason).toBe('MISSING');
      await ecs.deleteCluster({ cluster: `${prefix}-c` });
    });

    it('answers ClusterNotFoundException when running in a cluster that does not exist', async () => {
      const family = `${prefix}-nocluster`;
      await ecs.registerTaskDefinition({ family, containerDefinitions: [container()] });
      const err = await rejection(
        ecs.runTask({ cluster: `${prefix}-nope`, taskDefinition: family }),
      );
      expect(err.code ?? err.name).toBe('ClusterNotFoundException');
    });

    if (!images) return;

    it('runs a task to STOPPED with the essential container exit code', async () => {
      const family = `${prefix}-ok`;
      await ecs.registerTaskDefinition({
        family,
        containerDefinitions: [container(images.succeeds.image, images.succeeds.command)],
      });
      const { tasks, failures } = await ecs.runTask({ taskDefinition: family });
      expect(failures).toEqual([]);
      const task = await ecs.waitForTask('default', tasks[0]?.taskArn ?? '');
      expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
      expect(task.containers[0]?.exitCode).toBe(0);
      const described = await ecs.describeTasks({ tasks: [task.taskArn] });
      expect(described.tasks[0]?.lastStatus).toBe('STOPPED');
    });

    it('reports a failing container exit code', async () => {
      const family = `${prefix}-bad`;
      await ecs.registerTaskDefinition({
        family,
        containerDefinitions: [container(images.fails.image, images.fails.command)],
      });
      const { tasks } = await ecs.runTask({ taskDefinition: family });
      const task = await ecs.waitForTask('default', tasks[0]?.taskArn ?? '');
      expect(task.containers[0]?.exitCode).not.toBe(0);
    });
  });
}
