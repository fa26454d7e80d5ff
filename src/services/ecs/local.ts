import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { ImageResolver, Runtime } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { createClusters } from './clusters.js';
import type { EcsContext } from './context.js';
import { compileDefinition, deregister, findDefinition, listDefinitions } from './definitions.js';
import { seconds } from './runner.js';
import { createEcsStore } from './store.js';
import { describeTasks, listTasks, recoverTasks, runTask, stopTask, waitForTask } from './tasks.js';
import type { LocalEcs, TaskStateHook } from './types.js';

/**
 * The embedded ECS: clusters, task definition revisions and tasks in the
 * instance's SQLite database; each container of a task runs on the job
 * runtime, its image resolved through the image registry (a program, a
 * folder, a real image, or the command on the host); output in `/ecs` or the
 * container's awslogs group. Call `start()` to pick up tasks a previous
 * process left running.
 */

/** Options of the embedded ECS. */
export interface LocalEcsOptions {
  db: SqliteDatabase;
  scope: AccountScope;
  /** Runs the containers. */
  runtime: Runtime;
  /** Resolves image URIs (the ECR service). Default: none (every image runs its command on the host). */
  images?: ImageResolver;
  /** Parent of the containers' working folders. Default: `<os tmpdir>/modelmill-ecs`. */
  workDir?: string;
  /** Variables every container gets, e.g. `AWS_ENDPOINT_URL` of the local API. Default: none. */
  runEnv?: () => Record<string, string>;
  /** Called on every task state change (EventBridge `ECS Task State Change`). */
  onTaskStateChange?: TaskStateHook;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
}

/** Creates the embedded ECS (tables `ecs_*`). */
export function createLocalEcs(options: LocalEcsOptions): LocalEcs {
  const store = createEcsStore(options.db);
  const ctx: EcsContext = {
    scope: options.scope,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    logger: options.logger ?? silentLogger,
    runtime: options.runtime,
    images: options.images,
    store,
    clusters: createClusters(options.scope, store),
    workDir: options.workDir ?? join(tmpdir(), 'modelmill-ecs'),
    runEnv: options.runEnv ?? (() => ({})),
    active: new Map(),
    waiters: new Map(),
    hook: options.onTaskStateChange,
    epoch: 0,
  };
  const now = (): number => seconds(ctx.clock.now());
  let started = false;
  return {
    createCluster: async (input) => ({ cluster: ctx.clusters.create(input) }),
    describeClusters: async (input) => ctx.clusters.describe(input?.clusters),
    listClusters: async (input = {}) => ctx.clusters.list(input.maxResults, input.nextToken),
    deleteCluster: async (input) => ({ cluster: ctx.clusters.delete(input?.cluster) }),
    async registerTaskDefinition(input) {
      const record = compileDefinition(ctx.scope, store, input, now());
      store.putDefinition(record);
      return { taskDefinition: record.definition, tags: record.tags };
    },
    deregisterTaskDefinition: async (input) => ({
      taskDefinition: deregister(store, input?.taskDefinition, now()),
    }),
    async describeTaskDefinition(input) {
      const record = findDefinition(store, input?.taskDefinition);
      return {
        taskDefinition: record.definition,
        ...(input.include?.includes('TAGS') ? { tags: record.tags } : {}),
      };
    },
    listTaskDefinitions: async (input = {}) => listDefinitions(store, input),
    runTask: async (input) => runTask(ctx, input),
    describeTasks: async (input) => describeTasks(ctx, input),
    stopTask: async (input) => ({ task: stopTask(ctx, input) }),
    listTasks: async (input) => listTasks(ctx, input),
    waitForTask: (cluster, task, opts = {}) => waitForTask(ctx, cluster, task, opts.signal),
    start() {
      if (started) return;
      started = true;
      recoverTasks(ctx);
    },
    async stop() {
      started = false;
      ctx.epoch += 1;
      const handles = [...ctx.active.values()].flatMap((a) => [...a.handles.values()]);
      ctx.active.clear();
      for (const handle of handles) handle.terminate('modelmill stopped');
      await Promise.all(handles.map((h) => h.done));
    },
  };
}
