import { join } from 'node:path';
import type {
  Clock,
  IdGenerator,
  Logger,
  ModelmillConfig,
  ModelmillOptions,
} from './core/index.js';
import { compileConfig, createLogger, randomIds, systemClock } from './core/index.js';
import type { Engine, MockConfig } from './engine/index.js';
import {
  IntegrationRegistry,
  createEngine,
  createMemoryStore,
  createSqliteStore,
} from './engine/index.js';
import type {
  ComputeServices,
  MessagingServices,
  StorageServices,
  WiringContext,
} from './instance/index.js';
import {
  connectTargets,
  s3Api,
  wireAnalytics,
  wireCompute,
  wireMessaging,
  wireStorage,
  wireStreaming,
} from './instance/index.js';
import { builtinPrograms } from './pipelines/index.js';
import type { LogStore, ProgramDefinition, ProgramRegistry, Runtime } from './runtime/index.js';
import type { ApiModule, RunningServer } from './server/index.js';
import { startServer } from './server/index.js';
import type { LocalAthena } from './services/athena/index.js';
import type { LocalFirehose } from './services/firehose/index.js';
import { objectAccessFor } from './services/s3/index.js';
import { stepFunctionsApi } from './services/stepfunctions/index.js';
import type { SqliteDatabase } from './store/index.js';
import { openDatabase } from './store/index.js';

/**
 * The composition root: one function that builds a whole modelmill instance
 * (store, engine, services, integrations, job runtime, HTTP API) from a
 * config. The CLI, the server and the tests all start here; the wiring of
 * each family of services lives in src/instance/.
 */

/** What createModelmill takes besides the config. */
export interface CreateModelmillOptions extends ModelmillOptions {
  /** Keep executions and service state in memory (tests); objects still go under `home`. */
  inMemory?: boolean;
  /** Keep executions in memory while services use `home` (one-shot `sfn run`). */
  ephemeralExecutions?: boolean;
  /** Built-in programs jobs can run (the shipped pipelines' programs are always included). */
  programs?: readonly ProgramDefinition[];
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
  random?: () => number;
  mockConfig?: MockConfig;
}

/** The embedded services of an instance. */
export type Services = Omit<StorageServices, 's3Listeners'> &
  MessagingServices &
  Pick<ComputeServices, 'ecr' | 'batch' | 'glue' | 'ecs' | 'lambda' | 'sagemaker'> & {
    athena: LocalAthena;
    firehose: LocalFirehose;
  };

/** A running instance. */
export interface Modelmill {
  readonly config: ModelmillConfig;
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly integrations: IntegrationRegistry;
  readonly engine: Engine;
  readonly services: Services;
  readonly runtime: Runtime;
  readonly programs: ProgramRegistry;
  readonly logs: LogStore;
  /** The wire protocols served over HTTP. */
  apiModules(): ApiModule[];
  /** Starts the HTTP API (port from the config unless given). */
  serve(port?: number): Promise<RunningServer>;
  /** The URL of the HTTP API (started on a free port if not serving yet); job programs call it. */
  endpoint(): Promise<string>;
  /**
   * Waits (up to `timeoutMs`) until nothing this process started is still
   * going: event deliveries and the executions they started. Short CLI
   * commands call it before exiting.
   */
  settle(timeoutMs?: number): Promise<void>;
  /** Starts the work: job schedulers and the recovery of jobs left by a previous process. */
  start(): Promise<void>;
  /** Stops work in flight (RUNNING executions resume at the next start) and closes the database. */
  close(): Promise<void>;
}

/** Builds an instance; call `start()` to run jobs, and `engine.recover()` to resume executions. */
export async function createModelmill(options: CreateModelmillOptions = {}): Promise<Modelmill> {
  const config = compileConfig(options);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(options.inMemory ? ':memory:' : join(config.home, 'modelmill.db'));
  const servers: RunningServer[] = [];
  let internal: Promise<RunningServer> | undefined;
  const ctx: WiringContext = {
    config,
    db,
    scope: { region: config.region, accountId: config.accountId },
    clock,
    ids,
    logger,
    integrations: new IntegrationRegistry(),
    modules: [],
    closers: [],
    starters: [],
    endpoint: async () => servers[0]?.url ?? (await (internal ??= serve(0))).url,
  };
  const storage = wireStorage(ctx);
  const messaging = wireMessaging(ctx, storage);
  const { athena } = wireAnalytics(ctx, storage);
  const { firehose } = wireStreaming(ctx, storage);
  const compute = wireCompute(ctx, storage, messaging, athena, [
    ...builtinPrograms,
    ...(options.programs ?? []),
  ]);
  const engine = createEngine({
    store:
      options.inMemory || options.ephemeralExecutions ? createMemoryStore() : createSqliteStore(db),
    integrations: ctx.integrations,
    scope: ctx.scope,
    clock,
    ids,
    logger,
    objects: objectAccessFor(storage.s3),
    timeScale: config.timeScale,
    ...(options.random ? { random: options.random } : {}),
    ...(options.mockConfig ? { mockConfig: options.mockConfig } : {}),
  });
  connectTargets(messaging, engine, compute.logs, clock);
  // S3's REST routes match any path, so S3 comes last.
  const modules = [stepFunctionsApi(engine), ...ctx.modules, s3Api(storage.s3)];

  async function serve(port: number): Promise<RunningServer> {
    const server = await startServer({ modules, port, logger });
    servers.push(server);
    return server;
  }

  return {
    config,
    db,
    clock,
    ids,
    logger,
    integrations: ctx.integrations,
    engine,
    services: {
      s3: storage.s3,
      ssm: storage.ssm,
      dynamodb: storage.dynamodb,
      ...messaging,
      athena,
      firehose,
      ecr: compute.ecr,
      batch: compute.batch,
      glue: compute.glue,
      ecs: compute.ecs,
      lambda: compute.lambda,
      sagemaker: compute.sagemaker,
    },
    runtime: compute.runtime,
    programs: compute.programs,
    logs: compute.logs,
    apiModules: () => modules,
    async serve(port) {
      const server = await serve(port ?? config.port);
      messaging.events.scheduler.start();
      return server;
    },
    endpoint: () => ctx.endpoint(),
    async settle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        await messaging.events.idle();
        const active = engine.active();
        if (active.length === 0) return;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise(
          (resolve) => (timer = setTimeout(resolve, deadline - Date.now())),
        );
        await Promise.race([Promise.allSettled(active.map((arn) => engine.waitFor(arn))), timeout]);
        clearTimeout(timer);
      }
    },
    async start() {
      for (const starter of ctx.starters) await starter();
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      // Buffered Firehose records become objects first: what their S3 events start, the engine suspends.
      await firehose.close();
      await messaging.events.idle();
      await engine.close();
      for (const closer of [...ctx.closers].reverse()) await closer();
      db.close();
    },
  };
}
