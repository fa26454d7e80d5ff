import { join } from 'node:path';
import type { RunResult, RunSpec } from '../../runtime/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { ActiveTask, EcsContext } from './context.js';
import { parseTaskDefinitionRef } from './names.js';
import type {
  ContainerDefinition,
  Task,
  TaskDefinition,
  TaskStatus,
  TaskStopCode,
} from './types.js';

/**
 * Tasks on the runtime: every container of the task definition is one run
 * (its image resolved as Batch's are). The task goes PROVISIONING → PENDING
 * → RUNNING once a container is up → DEPROVISIONING when an essential
 * container exits (the others are stopped) or StopTask is called → STOPPED
 * when every container has ended, with ECS's stop codes and reasons.
 */

/** ECS's stoppedReason once an essential container has exited. */
export const ESSENTIAL_EXITED = 'Essential container in task exited';

/** Epoch seconds, as ECS's JSON protocol has them. */
export function seconds(ms: number): number {
  return ms / 1000;
}

/** Saves the task (one version more) and reports the change. */
export function saveTask(ctx: EcsContext, task: Task, status?: TaskStatus): void {
  if (status) task.lastStatus = status;
  task.version += 1;
  ctx.store.putTask(task);
  ctx.hook?.(task);
}

function taskIdOf(task: Task): string {
  return task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1);
}

/** Where a container's output goes: its awslogs group and `<prefix>/<container>/<task id>`. */
export function logTarget(task: Task, family: string, container: ContainerDefinition) {
  const options = container.logConfiguration?.options ?? {};
  const awslogs = container.logConfiguration?.logDriver === 'awslogs';
  const group = (awslogs && options['awslogs-group']) || LogGroup.Ecs;
  const prefix = (awslogs && options['awslogs-stream-prefix']) || family;
  return { group, stream: `${prefix}/${container.name}/${taskIdOf(task)}` };
}

function containerEnv(
  ctx: EcsContext,
  task: Task,
  container: ContainerDefinition,
): Record<string, string> {
  const env: Record<string, string> = {
    ...ctx.runEnv(),
    AWS_REGION: ctx.scope.region,
    AWS_DEFAULT_REGION: ctx.scope.region,
    AWS_EXECUTION_ENV: task.launchType === 'FARGATE' ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2',
  };
  const override = task.overrides.containerOverrides?.find((o) => o.name === container.name);
  for (const { name, value } of container.environment ?? []) env[name] = value;
  for (const { name, value } of override?.environment ?? []) env[name] = value;
  return env;
}

function containerSpec(
  ctx: EcsContext,
  task: Task,
  definition: TaskDefinition,
  container: ContainerDefinition,
): RunSpec {
  const override = task.overrides.containerOverrides?.find((o) => o.name === container.name);
  const words = [
    ...(container.entryPoint ?? []),
    ...(override?.command ?? container.command ?? []),
  ];
  return {
    target: {
      kind: 'image',
      uri: container.image,
      image: ctx.images?.resolve(container.image),
      ...(words.length > 0 ? { command: words } : {}),
    },
    env: containerEnv(ctx, task, container),
    cwd: join(ctx.workDir, taskIdOf(task), container.name),
    log: logTarget(task, definition.family, container),
  };
}

/** The definition a task runs (it stays stored when deregistered). */
export function definitionOf(ctx: EcsContext, task: Task): TaskDefinition | undefined {
  const { family, revision } = parseTaskDefinitionRef(task.taskDefinitionArn);
  return ctx.store.getDefinition(family, revision)?.definition;
}

/** Starts (or, after a restart, starts again) every container of `task`. */
export function launch(ctx: EcsContext, task: Task): void {
  const epoch = ctx.epoch;
  const active: ActiveTask = { task, handles: new Map() };
  ctx.active.set(taskIdOf(task), active);
  const definition = definitionOf(ctx, task);
  if (!definition) return finishTask(ctx, active);
  task.pullStartedAt = seconds(ctx.clock.now());
  saveTask(ctx, task, 'PENDING');
  for (const container of definition.containerDefinitions) {
    const handle = ctx.runtime.start(containerSpec(ctx, task, definition, container));
    active.handles.set(container.name, handle);
    void handle.started.then((started) => {
      if (!started || epoch !== ctx.epoch) return;
      const state = task.containers.find((c) => c.name === container.name);
      if (state) state.lastStatus = 'RUNNING';
      if (task.lastStatus === 'PENDING') {
        task.pullStoppedAt = seconds(ctx.clock.now());
        task.startedAt = task.pullStoppedAt;
      }
      saveTask(ctx, task, task.lastStatus === 'PENDING' ? 'RUNNING' : undefined);
    });
    void handle.done.then((result) => {
      if (epoch === ctx.epoch) containerEnded(ctx, active, container, result);
    });
  }
}

function beginStopping(
  ctx: EcsContext,
  active: ActiveTask,
  code: TaskStopCode,
  reason: string,
): void {
  const { task } = active;
  if (task.stopCode === undefined) {
    task.stopCode = code;
    task.stoppedReason = reason;
  }
  task.desiredStatus = 'STOPPED';
  task.stoppingAt ??= seconds(ctx.clock.now());
  task.lastStatus = 'DEPROVISIONING';
  for (const handle of active.handles.values()) handle.terminate(reason);
}

function containerEnded(
  ctx: EcsContext,
  active: ActiveTask,
  container: ContainerDefinition,
  result: RunResult,
): void {
  const { task } = active;
  active.handles.delete(container.name);
  const state = task.containers.find((c) => c.name === container.name);
  if (state) {
    state.lastStatus = 'STOPPED';
    if (result.exitCode !== undefined) state.exitCode = result.exitCode;
    if (result.reason !== undefined) state.reason = result.reason;
  }
  if (container.essential !== false) {
    const failedToStart = result.exitCode === undefined && result.stopped === undefined;
    beginStopping(
      ctx,
      active,
      failedToStart && task.startedAt === undefined
        ? 'TaskFailedToStart'
        : 'EssentialContainerExited',
      failedToStart && task.startedAt === undefined
        ? (result.reason ?? 'Task failed to start')
        : ESSENTIAL_EXITED,
    );
  }
  saveTask(ctx, task);
  if (active.handles.size === 0) finishTask(ctx, active);
}

/** The task is STOPPED: every container has ended. */
export function finishTask(ctx: EcsContext, active: ActiveTask): void {
  const { task } = active;
  const now = seconds(ctx.clock.now());
  ctx.active.delete(taskIdOf(task));
  task.desiredStatus = 'STOPPED';
  if (task.stopCode === undefined) {
    const started = task.startedAt !== undefined;
    task.stopCode = started ? 'EssentialContainerExited' : 'TaskFailedToStart';
    task.stoppedReason = started ? ESSENTIAL_EXITED : 'Task failed to start';
  }
  task.stoppingAt ??= now;
  task.executionStoppedAt = now;
  task.stoppedAt = now;
  for (const container of task.containers) container.lastStatus = 'STOPPED';
  saveTask(ctx, task, 'STOPPED');
  const waiting = ctx.waiters.get(taskIdOf(task));
  ctx.waiters.delete(taskIdOf(task));
  for (const wake of waiting ?? []) wake(task);
}

/** StopTask: the containers are stopped; the task is STOPPED once they are gone. */
export function requestStop(ctx: EcsContext, task: Task, reason: string): Task {
  if (task.lastStatus === 'STOPPED') return task;
  const active = ctx.active.get(taskIdOf(task));
  if (!active) {
    task.stopCode = 'UserInitiated';
    task.stoppedReason = reason;
    finishTask(ctx, { task, handles: new Map() });
    return task;
  }
  beginStopping(ctx, active, 'UserInitiated', reason);
  saveTask(ctx, active.task);
  return active.task;
}

/** Resolves once the task is STOPPED. */
export function waitForStop(
  ctx: EcsContext,
  task: Task,
  signal: AbortSignal | undefined,
): Promise<Task> {
  if (task.lastStatus === 'STOPPED') return Promise.resolve(task);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const id = taskIdOf(task);
    let set = ctx.waiters.get(id);
    if (!set) ctx.waiters.set(id, (set = new Set()));
    const wake = (stopped: Task): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve(stopped);
    };
    const onAbort = (): void => {
      set.delete(wake);
      reject(signal?.reason);
    };
    set.add(wake);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
