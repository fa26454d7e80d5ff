import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import type { ImageResolver, RunHandle, Runtime } from '../../runtime/index.js';
import type { Catalog } from './catalog.js';
import type { Definitions } from './definitions.js';
import type { JobRecord } from './job-record.js';
import type { JobStore } from './job-store.js';
import type { RunnableHeap } from './heap.js';
import type { JobStateChangeHook } from './types.js';

/** What the parts of the embedded Batch share. */
export interface BatchContext {
  scope: AccountScope;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  runtime: Runtime;
  images: ImageResolver | undefined;
  /** Parent of the attempts' working folders. */
  workDir: string;
  catalog: Catalog;
  definitions: Definitions;
  jobs: JobStore;
  /** RUNNABLE jobs per queue, in submission order. */
  runnable: Map<string, RunnableHeap>;
  /** Attempts in flight, by job id. */
  running: Map<string, RunHandle>;
  /** Job id → ids of PENDING jobs waiting for it. */
  dependents: Map<string, Set<string>>;
  /** Job id → callbacks waiting for it to finish. */
  waiters: Map<string, Set<(job: JobRecord) => void>>;
  hook: JobStateChangeHook | undefined;
  /** True while the scheduler runs. */
  active: boolean;
  /** Bumped by stop(): outcomes of attempts from an older epoch are ignored. */
  epoch: number;
  dispatchScheduled: boolean;
  /** The last submission number given. */
  seq: number;
  /** One dispatch pass (set by the scheduler; called through scheduleDispatch). */
  dispatch(): void;
}
