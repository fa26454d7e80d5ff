import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import type { ImageResolver, RunHandle, Runtime } from '../../runtime/index.js';
import type { Clusters } from './clusters.js';
import type { EcsStore } from './store.js';
import type { Task, TaskStateHook } from './types.js';

/** A task this process is running: its containers' runs. */
export interface ActiveTask {
  task: Task;
  handles: Map<string, RunHandle>;
}

/** What the parts of the embedded ECS share. */
export interface EcsContext {
  scope: AccountScope;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  runtime: Runtime;
  images: ImageResolver | undefined;
  store: EcsStore;
  clusters: Clusters;
  /** Parent of the containers' working folders. */
  workDir: string;
  /** Variables every container gets (the local API endpoint, credentials, home). */
  runEnv: () => Record<string, string>;
  /** Tasks in flight, by task id. */
  active: Map<string, ActiveTask>;
  /** Task id → callbacks waiting for it to stop. */
  waiters: Map<string, Set<(task: Task) => void>>;
  hook: TaskStateHook | undefined;
  /** Bumped by stop(): outcomes of runs from an older epoch are ignored. */
  epoch: number;
}
