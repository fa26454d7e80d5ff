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
import type { ApiModule, RunningServer } from './server/index.js';
import { startServer } from './server/index.js';
import type { LocalAthena } from './services/athena/index.js';
import {
  athenaApi,
  createLocalAthena,
  glueCatalogApi,
  registerAthenaIntegrations,
} from './services/athena/index.js';
import type { TableStore } from './services/dynamodb/index.js';
import type { LocalEventBridge } from './services/eventbridge/index.js';
import {
  createLocalEventBridge,
  eventBridgeApi,
  registerEventBridgeIntegrations,
} from './services/eventbridge/index.js';
import type { LocalSns } from './services/sns/index.js';
import { createLocalSns, registerSnsIntegrations, snsApi } from './services/sns/index.js';
import {
  createLocalDynamoDb,
  dynamoDbApi,
  registerDynamoDbIntegrations,
} from './services/dynamodb/index.js';
import type { LocalObjectStore, S3ObjectEvent } from './services/s3/index.js';
import {
  createLocalS3,
  objectAccessFor,
  registerS3Integrations,
  s3Api,
} from './services/s3/index.js';
import type { ParameterStore } from './services/ssm/index.js';
import { createLocalSsm, registerSsmIntegrations, ssmApi } from './services/ssm/index.js';
import { stepFunctionsApi } from './services/stepfunctions/index.js';
import type { SqliteDatabase } from './store/index.js';
import { openDatabase } from './store/index.js';

/**
 * The composition root: one function that builds a whole modelmill instance
 * (store, engine, services, integrations, HTTP API) from a config. The CLI,
 * the server and the tests all start here.
 */

/** What createModelmill takes besides the config. */
export interface CreateModelmillOptions extends ModelmillOptions {
  /** Keep executions and service state in memory (tests); objects still go under `home`. */
  inMemory?: boolean;
  /** Keep executions in memory while services use `home` (one-shot `sfn run`). */
  ephemeralExecutions?: boolean;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
  random?: () => number;
  mockConfig?: MockConfig;
}

/** The embedded services of an instance. */
export interface Services {
  s3: LocalObjectStore;
  ssm: ParameterStore;
  dynamodb: TableStore;
  events: LocalEventBridge;
  sns: LocalSns;
  athena: LocalAthena;
}

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
  /** The wire protocols served over HTTP. */
  apiModules(): ApiModule[];
  /** Starts the HTTP API (port from the config unless given). */
  serve(port?: number): Promise<RunningServer>;
  /** Stops work in flight (RUNNING executions resume at the next start) and closes the database. */
  close(): Promise<void>;
}

/** Builds an instance; call `engine.recover()` to resume executions left RUNNING by a previous process. */
export async function createModelmill(options: CreateModelmillOptions = {}): Promise<Modelmill> {
  const config = compileConfig(options);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(options.inMemory ? ':memory:' : join(config.home, 'modelmill.db'));
  const scope = { region: config.region, accountId: config.accountId };
  const integrations = new IntegrationRegistry();

  // S3 notifications fan out to whoever listens (EventBridge, once wired).
  const s3Listeners: Array<(event: S3ObjectEvent) => void | Promise<void>> = [];
  const s3 = createLocalS3({
    db,
    home: config.home,
    scope,
    clock,
    logger,
    onEvent: async (event) => {
      for (const listener of s3Listeners) await listener(event);
    },
  });
  const ssm = createLocalSsm({ db, home: config.home, scope, clock });
  const dynamodb = createLocalDynamoDb({ db, scope, clock, ids, logger });
  registerS3Integrations(integrations, s3, { ids });
  registerSsmIntegrations(integrations, ssm);
  registerDynamoDbIntegrations(integrations, dynamodb);
  const events = createLocalEventBridge({ db, scope, clock, ids, logger });
  const sns = createLocalSns({
    db,
    scope,
    home: config.home,
    clock,
    ids,
    logger,
    publicUrl: `http://127.0.0.1:${config.port}`,
  });
  registerEventBridgeIntegrations(integrations, events, { ids });
  registerSnsIntegrations(integrations, sns, { ids });
  const athena = createLocalAthena({
    db,
    home: config.home,
    scope,
    clock,
    ids,
    logger,
    objects: s3,
  });
  registerAthenaIntegrations(integrations, athena, athena.catalog, { ids });
  s3Listeners.push(async (event) => {
    await events.putS3Notification(event);
  });

  const engine = createEngine({
    store:
      options.inMemory || options.ephemeralExecutions ? createMemoryStore() : createSqliteStore(db),
    integrations,
    scope,
    clock,
    ids,
    logger,
    objects: objectAccessFor(s3),
    timeScale: config.timeScale,
    ...(options.random ? { random: options.random } : {}),
    ...(options.mockConfig ? { mockConfig: options.mockConfig } : {}),
  });
  events.connect({
    startExecution: async (arn, input) => ({
      executionArn: engine.startExecution({ stateMachineArn: arn, input }).executionArn,
    }),
    publish: (TopicArn, Message, Subject) =>
      sns.publish({ TopicArn, Message, ...(Subject ? { Subject } : {}) }),
  });
  const servers: RunningServer[] = [];
  const modules: ApiModule[] = [
    stepFunctionsApi(engine),
    ssmApi(ssm),
    dynamoDbApi(dynamodb),
    eventBridgeApi(events),
    snsApi(sns),
    athenaApi(athena),
    glueCatalogApi(athena.catalog),
    s3Api(s3),
  ];

  return {
    config,
    db,
    clock,
    ids,
    logger,
    integrations,
    engine,
    services: { s3, ssm, dynamodb, events, sns, athena },
    apiModules: () => modules,
    async serve(port) {
      const server = await startServer({ modules, port: port ?? config.port, logger });
      servers.push(server);
      events.scheduler.start();
      return server;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await events.scheduler.stop();
      await engine.close();
      await athena.close();
      db.close();
    },
  };
}
