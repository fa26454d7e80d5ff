import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import type { ECSClientConfig } from '@aws-sdk/client-ecs';
import type { Clock } from '../../core/index.js';
import { systemClock } from '../../core/index.js';
import { createSdkSender } from '../common/index.js';
import type { EcsService, Task } from './types.js';

/**
 * The ECS port over the AWS SDK v3, for real ECS (or any endpoint that speaks
 * it). Dates become epoch seconds as on the wire; SDK errors become the
 * ModelmillErrors the embedded ECS throws; waiting for a task polls
 * DescribeTasks.
 */

/** A client to use, or the settings to build one from. */
export interface AwsEcsOptions {
  client?: ECSClient;
  config?: ECSClientConfig;
  /** Time between DescribeTasks polls while waiting (ms). Default: 6000. */
  pollMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
}

/** The port over `@aws-sdk/client-ecs`. */
export function createAwsEcs(options: AwsEcsOptions = {}): EcsService {
  const client = options.client ?? new ECSClient(options.config ?? {});
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 6000;
  const send = createSdkSender(client);
  const lists =
    (defaults: object) =>
    (out: object): any => ({ ...defaults, ...out });
  const service: EcsService = {
    createCluster: (input = {}) => send(new CreateClusterCommand(input)),
    describeClusters: async (input = {}) =>
      lists({ clusters: [], failures: [] })(await send(new DescribeClustersCommand(input))),
    listClusters: async (input = {}) =>
      lists({ clusterArns: [] })(await send(new ListClustersCommand(input))),
    deleteCluster: (input) => send(new DeleteClusterCommand(input)),
    registerTaskDefinition: async (input) =>
      lists({ tags: [] })(await send(new RegisterTaskDefinitionCommand(input as any))),
    deregisterTaskDefinition: (input) => send(new DeregisterTaskDefinitionCommand(input)),
    describeTaskDefinition: (input) => send(new DescribeTaskDefinitionCommand(input as any)),
    listTaskDefinitions: async (input = {}) =>
      lists({ taskDefinitionArns: [] })(await send(new ListTaskDefinitionsCommand(input))),
    runTask: async (input) =>
      lists({ tasks: [], failures: [] })(await send(new RunTaskCommand(input as any))),
    describeTasks: async (input) =>
      lists({ tasks: [], failures: [] })(await send(new DescribeTasksCommand(input))),
    stopTask: (input) => send(new StopTaskCommand(input)),
    listTasks: async (input = {}) =>
      lists({ taskArns: [] })(await send(new ListTasksCommand(input as any))),
    async waitForTask(cluster, task, opts = {}) {
      for (;;) {
        const { tasks } = await service.describeTasks({ cluster, tasks: [task] });
        const found: Task | undefined = tasks[0];
        if (found?.lastStatus === 'STOPPED') return found;
        await clock.sleep(pollMs, opts.signal);
      }
    },
  };
  return service;
}
