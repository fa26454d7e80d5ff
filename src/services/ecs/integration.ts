import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskContext, TaskInvocation } from '../../engine/index.js';
import { awaitSyncJob, taskApiError, withHttpMetadata } from '../common/index.js';
import { toCamel, toPascal } from './pascal.js';
import type { EcsService, RunTaskInput, Task } from './types.js';

/**
 * The Step Functions integrations of ECS:
 * - `arn:aws:states:::ecs:runTask` — request-response answers RunTask's
 *   `{Failures, Tasks}`; `.sync` waits until the task is STOPPED and answers
 *   its description; a container that exits non-zero (or never starts) fails
 *   the state with `States.TaskFailed` and the task as the cause;
 *   `.waitForTaskToken` starts the task and waits for the callback (the token
 *   travels in the container overrides). A non-empty `Failures` fails `.sync`
 *   and `.waitForTaskToken` with `AmazonECS.Unknown`, as on AWS.
 * - `arn:aws:states:::aws-sdk:ecs:<action>`: PascalCase in and out, dates as
 *   ISO-8601, errors `Ecs.<Name>Exception`.
 */

/** Options of the integrations. */
export interface EcsIntegrationOptions {
  /** Request ids in outputs and error causes. Default: random. */
  ids?: IdGenerator;
}

/** The StopTask reason used when an execution stops or a state times out. */
export const STOPPED_BY_STEP_FUNCTIONS =
  'Task stopped by AWS Step Functions: the execution stopped or the state timed out';

/** The SDK actions served under `aws-sdk:ecs:`. */
export const ECS_SDK_ACTIONS = [
  'createCluster',
  'describeClusters',
  'listClusters',
  'deleteCluster',
  'registerTaskDefinition',
  'deregisterTaskDefinition',
  'describeTaskDefinition',
  'listTaskDefinitions',
  'runTask',
  'describeTasks',
  'stopTask',
  'listTasks',
] as const;

/** An ECS failure as Step Functions names it: `<prefix>.<Code>` with the Exception suffix. */
export function ecsError(err: unknown, prefix: 'ECS' | 'Ecs', requestId: string): StatesError {
  if (!isModelmillError(err)) {
    return new StatesError('States.TaskFailed', err instanceof Error ? err.message : String(err));
  }
  return taskApiError(err, requestId, { prefix, service: 'AmazonECS', wording: 'optimised' });
}

/** True when a stopped task counts as failed: an essential container without exit code 0. */
export function taskFailed(task: Task): boolean {
  if (task.stopCode === 'TaskFailedToStart') return true;
  return task.containers.some((c) => c.exitCode !== 0);
}

function attach(service: EcsService, cluster: string, taskArn: string, context: TaskContext) {
  return awaitSyncJob(
    {
      wait: (signal) => service.waitForTask(cluster, taskArn, { signal }),
      stop: () => service.stopTask({ cluster, task: taskArn, reason: STOPPED_BY_STEP_FUNCTIONS }),
      output: (task) => toPascal(task, 'ms'),
      failed: taskFailed,
    },
    context,
  );
}

function resumedTask(resumed: unknown): { cluster: string; taskArn: string } | undefined {
  const first =
    isPlainObject(resumed) && Array.isArray(resumed.Tasks) ? resumed.Tasks[0] : undefined;
  if (!isPlainObject(first)) return undefined;
  const { ClusterArn, TaskArn } = first;
  return typeof ClusterArn === 'string' && typeof TaskArn === 'string'
    ? { cluster: ClusterArn, taskArn: TaskArn }
    : undefined;
}

/** Registers `ecs:runTask` (request-response, `.sync`, `.waitForTaskToken`) and the `aws-sdk:ecs` actions. */
export function registerEcsIntegrations(
  registry: IntegrationRegistry,
  service: EcsService,
  options: EcsIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const runTask = async ({ parameters, resource, context }: TaskInvocation) => {
    const resumed = resumedTask(context.resumed);
    if (resource.pattern === 'sync' && resumed) {
      return attach(service, resumed.cluster, resumed.taskArn, context);
    }
    const requestId = ids.uuid();
    let answer;
    try {
      answer = await service.runTask(
        toCamel(isPlainObject(parameters) ? parameters : {}) as RunTaskInput,
      );
    } catch (err) {
      throw ecsError(err, 'ECS', requestId);
    }
    const output = toPascal(answer, 'ms');
    if (resource.pattern === 'request-response') {
      return withHttpMetadata(output, {
        requestId,
        clock: context.clock,
        contentType: 'application/x-amz-json-1.1',
      });
    }
    const task = answer.tasks[0];
    if (answer.failures.length > 0 || !task) {
      throw new StatesError('AmazonECS.Unknown', JSON.stringify(output.Failures ?? []));
    }
    if (resource.pattern !== 'sync') return output;
    await context.submitted(output);
    return attach(service, task.clusterArn, task.taskArn, context);
  };
  registry.register('ecs:runTask', runTask, ['request-response', 'sync', 'waitForTaskToken']);

  for (const action of ECS_SDK_ACTIONS) {
    registry.register(`aws-sdk:ecs:${action}`, async ({ parameters }) => {
      const input = toCamel(isPlainObject(parameters) ? parameters : {});
      try {
        return toPascal(await (service as any)[action](input), 'iso');
      } catch (err) {
        throw ecsError(err, 'Ecs', ids.uuid());
      }
    });
  }
}
