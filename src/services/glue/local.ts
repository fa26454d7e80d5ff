import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { Runtime } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { GlueContext } from './context.js';
import { jobOps, recover, runOps } from './runs.js';
import { createGlueStore } from './store.js';
import type { JobRunStateHook, LocalGlue, ObjectFiles } from './types.js';

/**
 * The embedded Glue jobs: definitions and runs in the instance's SQLite
 * database, runs on the job runtime (built-in programs, Python and Node
 * scripts), logs in `/aws-glue/jobs/output` and `/aws-glue/jobs/error`.
 * Call `start()` to pick up runs a previous process left unfinished.
 */

/** Options of the embedded Glue. */
export interface LocalGlueOptions {
  db: SqliteDatabase;
  scope: AccountScope;
  /** Runs the scripts and programs. */
  runtime: Runtime;
  /** Reads `s3://` script locations and `--extra-py-files` (the S3 service). Default: none. */
  objects?: ObjectFiles;
  /** Where relative script paths start. Default: the process's working folder. */
  scriptRoot?: string;
  /** The Python interpreter of `.py` scripts. Default: `python3`. */
  python?: string;
  /** Parent of the runs' working folders. Default: `<os tmpdir>/modelmill-glue`. */
  workDir?: string;
  /** Variables every run gets, e.g. `AWS_ENDPOINT_URL` of the local API. Default: none. */
  runEnv?: () => Record<string, string>;
  /** Called on every run state change (EventBridge `Glue Job Run Status`). */
  onJobRunStateChange?: JobRunStateHook;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
}

/** Creates the embedded Glue (tables `glue_*`). */
export function createLocalGlue(options: LocalGlueOptions): LocalGlue {
  const ctx: GlueContext = {
    scope: options.scope,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    logger: options.logger ?? silentLogger,
    runtime: options.runtime,
    store: createGlueStore(options.db),
    script: {
      programs: options.runtime.programs,
      objects: options.objects,
      scriptRoot: options.scriptRoot ?? process.cwd(),
      python: options.python ?? 'python3',
    },
    workDir: options.workDir ?? join(tmpdir(), 'modelmill-glue'),
    runEnv: options.runEnv ?? (() => ({})),
    active: new Map(),
    waiters: new Map(),
    hook: options.onJobRunStateChange,
    epoch: 0,
  };
  let started = false;
  return {
    ...jobOps(ctx),
    ...runOps(ctx),
    start() {
      if (started) return;
      started = true;
      recover(ctx);
    },
    async stop() {
      started = false;
      ctx.epoch += 1;
      const handles = [...ctx.active.values()].flatMap((a) => (a.handle ? [a.handle] : []));
      ctx.active.clear();
      for (const handle of handles) handle.terminate('modelmill stopped');
      await Promise.all(handles.map((h) => h.done));
    },
  };
}
