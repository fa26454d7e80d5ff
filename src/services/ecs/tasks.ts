import { isArn } from '../../core/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { EcsContext } from './context.js';
import { findDefinition, pageOf } from './definitions.js';
import {
  clientException,
  clusterName,
  containerArn,
  invalidParameter,
  taskArn,
  taskId,
} from './names.js';
import {
  definitionOf,
  launch,
  logTarget,
  requestStop,
  saveTask,
  seconds,
  waitForStop,
} from './runner.js';
import type { Failure, ListTasksInput, RunTaskInput, Task, TaskDefinition } from './types.js';

/**
 * RunTask, DescribeTasks, StopTask, ListTasks, waiting for a task, and what
 * `start()` does with tasks a previous process left behind.
 */

function checkOverrides(input: RunTaskInput, definition: TaskDefinition): void {
  const names = new Set(definition.containerDefinitions.map((c) => c.name));
  for (const override of input.overrides?.containerOverrides ?? []) {
    if (override.name !== undefined && !names.has(override.name)) {
      throw invalidParameter(
        `Override for container named ${override.name} is not a container in the TaskDefinition (${[...names].join(', ')}).`,
      );
    }
  }
}

function checkLaunch(input: RunTaskInput, definition: TaskDefinition): string {
  const launchType = input.launchType ?? 'EC2';
  if (!['EC2', 'FARGATE', 'EXTERNAL'].includes(launchType)) {
    throw invalidParameter(`launchType '${launchType}' is not valid: use FARGATE, EC2 or EXTERNAL`);
  }
  if (launchType === 'FARGATE' && !definition.compatibilities.includes('FARGATE')) {
    throw clientException(
      `Task definition does not support launch_type FARGATE (${definition.taskDefinitionArn}): register it with requiresCompatibilities ["FARGATE"] and networkMode "awsvpc"`,
    );
  }
  return launchType;
}

function newTask(
  ctx: EcsContext,
  input: RunTaskInput,
  definition: TaskDefinition,
  cluster: string,
): Task {
  const id = ctx.ids.uuid().replace(/-/g, '');
  const arn = taskArn(ctx.scope, cluster, id);
  const launchType = checkLaunch(input, definition);
  const overrides = input.overrides ?? {};
  const cpu = overrides.cpu ?? definition.cpu;
  const memory = overrides.memory ?? definition.memory;
  return {
    taskArn: arn,
    clusterArn: ctx.clusters.require(cluster).clusterArn,
    taskDefinitionArn: definition.taskDefinitionArn,
    containers: definition.containerDefinitions.map((c) => ({
      containerArn: containerArn(ctx.scope, cluster, id, c.name),
      taskArn: arn,
      name: c.name,
      image: c.image,
      lastStatus: 'PENDING',
      networkBindings: [],
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
      cpu: String(c.cpu ?? 0),
      ...(c.memory === undefined ? {} : { memory: String(c.memory) }),
    })),
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    launchType,
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
    createdAt: seconds(ctx.clock.now()),
    group: input.group ?? `family:${definition.family}`,
    ...(input.startedBy === undefined ? {} : { startedBy: input.startedBy }),
    overrides: { containerOverrides: [], ...overrides },
    version: 0,
    attachments: [],
    tags: input.tags ?? [],
    availabilityZone: `${ctx.scope.region}a`,
    ...(launchType === 'FARGATE' ? { platformVersion: input.platformVersion ?? '1.4.0' } : {}),
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    healthStatus: 'UNKNOWN',
  };
}

/** RunTask: `count` tasks, each started at once. */
export function runTask(
  ctx: EcsContext,
  input: RunTaskInput,
): { tasks: Task[]; failures: Failure[] } {
  const cluster = ctx.clusters.require(input?.cluster).clusterName;
  const { definition } = findDefinition(ctx.store, input.taskDefinition);
  if (definition.status !== 'ACTIVE') {
    throw clientException(
      `TaskDefinition is inactive: ${definition.taskDefinitionArn} was deregistered; run an ACTIVE revision or register a new one`,
    );
  }
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw invalidParameter(`count must be between 1 and 10, got ${JSON.stringify(input.count)}`);
  }
  checkOverrides(input, definition);
  const tasks: Task[] = [];
  for (let i = 0; i < count; i += 1) {
    const task = newTask(ctx, input, definition, cluster);
    saveTask(ctx, task);
    tasks.push(structuredClone(task));
    launch(ctx, task);
  }
  return { tasks, failures: [] };
}

/** The stored task a reference names within `cluster`, if any. */
function findTask(ctx: EcsContext, cluster: string, ref: string): Task | undefined {
  const task = ctx.store.getTask(taskId(ref));
  if (!task || clusterName(task.clusterArn) !== cluster) return undefined;
  return ctx.active.get(taskId(ref))?.task ?? task;
}

/** DescribeTasks: the tasks found, and a MISSING failure for each one not found. */
export function describeTasks(
  ctx: EcsContext,
  input: { cluster?: string; tasks: string[] },
): { tasks: Task[]; failures: Failure[] } {
  const cluster = ctx.clusters.require(input?.cluster).clusterName;
  if (!Array.isArray(input.tasks) || input.tasks.length === 0 || input.tasks.length > 100) {
    throw invalidParameter('tasks must list 1 to 100 task ids or ARNs');
  }
  const tasks: Task[] = [];
  const failures: Failure[] = [];
  for (const ref of input.tasks) {
    const task = findTask(ctx, cluster, ref);
    if (task) tasks.push(structuredClone(task));
    else
      failures.push({
        arn: isArn(ref) ? ref : taskArn(ctx.scope, cluster, ref),
        reason: 'MISSING',
      });
  }
  return { tasks, failures };
}

/** The task a reference names (InvalidParameterException when there is none). */
export function requireTask(ctx: EcsContext, clusterRef: string | undefined, ref: unknown): Task {
  const cluster = ctx.clusters.require(clusterRef).clusterName;
  const task = typeof ref === 'string' ? findTask(ctx, cluster, ref) : undefined;
  if (!task) {
    throw invalidParameter(
      `The referenced task was not found: no task '${String(ref)}' in cluster '${cluster}' (ListTasks lists them)`,
    );
  }
  return task;
}

/** StopTask. */
export function stopTask(
  ctx: EcsContext,
  input: { cluster?: string; task: string; reason?: string },
): Task {
  const task = requireTask(ctx, input?.cluster, input?.task);
  return structuredClone(requestStop(ctx, task, input.reason ?? 'Task stopped by user'));
}

/** ListTasks: ARNs of the cluster's tasks with the desired status (RUNNING unless asked). */
export function listTasks(ctx: EcsContext, input: ListTasksInput = {}) {
  const cluster = ctx.clusters.require(input.cluster).clusterName;
  const desired = input.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
  const family = input.family;
  const arns = ctx.store
    .tasks(cluster, desired)
    .filter(
      (t) =>
        family === undefined || t.group === `family:${family}` || definitionFamily(t) === family,
    )
    .filter((t) => input.startedBy === undefined || t.startedBy === input.startedBy)
    .filter((t) => input.launchType === undefined || t.launchType === input.launchType)
    .map((t) => t.taskArn);
  return pageOf(arns, input.maxResults, input.nextToken, 'taskArns');
}

function definitionFamily(task: Task): string {
  const name = task.taskDefinitionArn.slice(task.taskDefinitionArn.lastIndexOf('/') + 1);
  return name.slice(0, name.lastIndexOf(':'));
}

/** Resolves with the task once it is STOPPED. */
export function waitForTask(
  ctx: EcsContext,
  cluster: string,
  ref: string,
  signal?: AbortSignal,
): Promise<Task> {
  return waitForStop(ctx, requireTask(ctx, cluster, ref), signal).then((t) => structuredClone(t));
}

/** Tasks left by a previous process: those being stopped are STOPPED, the others run again. */
export function recoverTasks(ctx: EcsContext): void {
  for (const task of ctx.store.unfinished()) {
    if (ctx.active.has(taskId(task.taskArn))) continue;
    if (task.desiredStatus === 'STOPPED') {
      requestStop(ctx, task, task.stoppedReason ?? 'Task stopped by user');
      continue;
    }
    const definition = definitionOf(ctx, task);
    for (const container of task.containers) {
      container.lastStatus = 'PENDING';
      delete container.exitCode;
      delete container.reason;
      const spec = definition?.containerDefinitions.find((c) => c.name === container.name);
      const { group, stream } = spec
        ? logTarget(task, definition?.family ?? '', spec)
        : { group: LogGroup.Ecs, stream: task.taskArn };
      ctx.runtime.logs.append(group, stream, [
        {
          timestamp: ctx.clock.now(),
          message: `modelmill: the process that ran task ${taskId(task.taskArn)} stopped before it ended; running its containers again`,
        },
      ]);
    }
    saveTask(ctx, task, 'PROVISIONING');
    launch(ctx, task);
  }
}
