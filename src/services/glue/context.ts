import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import type { RunHandle, Runtime } from '../../runtime/index.js';
import type { ScriptEnvironment } from './script.js';
import type { GlueStore, RunRecord } from './store.js';
import type { JobRun, JobRunStateHook } from './types.js';

/** A run this process is running. */
export interface ActiveRun {
  record: RunRecord;
  handle?: RunHandle;
  /** Set by BatchStopJobRun. */
  stopRequested?: boolean;
}

/** What the parts of the embedded Glue share. */
export interface GlueContext {
  scope: AccountScope;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  runtime: Runtime;
  store: GlueStore;
  script: ScriptEnvironment;
  /** Parent of the runs' working folders. */
  workDir: string;
  /** Variables every run gets (the local API endpoint, credentials, home). */
  runEnv: () => Record<string, string>;
  /** Runs in flight, by run id. */
  active: Map<string, ActiveRun>;
  /** Run id → callbacks waiting for it to finish. */
  waiters: Map<string, Set<(run: JobRun) => void>>;
  hook: JobRunStateHook | undefined;
  /** Bumped by stop(): outcomes of runs from an older epoch are ignored. */
  epoch: number;
}
