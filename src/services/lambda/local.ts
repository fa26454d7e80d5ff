import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { ImageResolver, Runtime } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { ObjectFiles } from './code.js';
import { parseFunctionRef } from './functions.js';
import { NODE_RUNNER_PROGRAM } from './invoke.js';
import type { LambdaState } from './operations.js';
import { createFunction, findFunction, invoke, updateCode } from './operations.js';
import { createLambdaStore } from './store.js';
import type { LocalLambda } from './types.js';

/**
 * The embedded Lambda: functions in the instance's SQLite database (code
 * packages unpacked under the work folder), invocations on the job runtime or
 * in-process, logs in `/aws/lambda/<name>`. Invoke answers as Lambda does:
 * the payload, or `FunctionError: 'Unhandled'` with the error document.
 */

/** Options of the embedded Lambda. */
export interface LocalLambdaOptions {
  db: SqliteDatabase;
  scope: AccountScope;
  /** Runs the functions (Node.js handlers in its worker pool, the others as processes). */
  runtime: Runtime;
  /** Resolves image URIs of Image functions (the ECR service). Default: none. */
  images?: ImageResolver;
  /** Reads code packages given as S3Bucket/S3Key (the S3 service). Default: none. */
  objects?: ObjectFiles;
  /** Where relative module paths of Handlers start when a function has no code package. Default: the working folder. */
  scriptRoot?: string;
  /** The Python interpreter. Default: `python3`. */
  python?: string;
  /** Unpacked code and invocation files. Default: `<os tmpdir>/modelmill-lambda`. */
  workDir?: string;
  /** Variables every function run gets, e.g. `AWS_ENDPOINT_URL` of the local API. Default: none. */
  runEnv?: () => Record<string, string>;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
}

/** Creates the embedded Lambda (table `lambda_functions`). */
export function createLocalLambda(options: LocalLambdaOptions): LocalLambda {
  const state: LambdaState = {
    store: createLambdaStore(options.db),
    env: {
      scope: options.scope,
      clock: options.clock ?? systemClock,
      ids: options.ids ?? randomIds,
      runtime: options.runtime,
      images: options.images,
      python: options.python ?? 'python3',
      workDir: options.workDir ?? join(tmpdir(), 'modelmill-lambda'),
      runEnv: options.runEnv ?? (() => ({})),
      running: new Set(),
    },
    objects: options.objects,
    scriptRoot: options.scriptRoot ?? process.cwd(),
    logger: options.logger ?? silentLogger,
    locals: new Map(),
    events: new Set(),
  };
  if (!options.runtime.programs.has(NODE_RUNNER_PROGRAM)) {
    options.runtime.programs.register({
      name: NODE_RUNNER_PROGRAM,
      module: new URL('./node-runner.js', import.meta.url),
      description: 'runs a Lambda function’s Node.js handler',
    });
  }
  const { store } = state;
  return {
    createFunction: async (input) => createFunction(state, input),
    async getFunction(input) {
      const record = findFunction(state, input?.FunctionName, input?.Qualifier);
      const code = record.imageUri
        ? { RepositoryType: 'ECR', ImageUri: record.imageUri }
        : {
            RepositoryType: 'S3',
            ...(record.codeDir ? { Location: `file://${record.codeDir}` } : {}),
          };
      return { Configuration: record.configuration, Code: code, Tags: record.tags };
    },
    getFunctionConfiguration: async (input) =>
      findFunction(state, input?.FunctionName, input?.Qualifier).configuration,
    async listFunctions(input = {}) {
      const size = Math.min(Math.max(input.MaxItems ?? 50, 1), 50);
      const records = store.list(input.Marker, size + 1);
      const page = records.slice(0, size);
      const last = page[page.length - 1];
      return {
        Functions: page.map((r) => r.configuration),
        ...(records.length > size && last ? { NextMarker: last.configuration.FunctionName } : {}),
      };
    },
    async deleteFunction(input) {
      const { FunctionName } = findFunction(state, input?.FunctionName).configuration;
      store.delete(FunctionName);
      state.locals.delete(FunctionName);
    },
    updateFunctionCode: async (input) => updateCode(state, input),
    invoke: (input) => invoke(state, input),
    registerLocal(name, handler, settings = {}) {
      const configuration =
        store.get(parseFunctionRef(name).name)?.configuration ??
        createFunction(state, {
          FunctionName: name,
          Role: `arn:aws:iam::${options.scope.accountId}:role/modelmill-local`,
          Runtime: 'nodejs20.x',
          Handler: 'modelmill:local',
          Description: 'in-process handler bound with registerLocal',
          Code: {},
          ...(settings.Timeout === undefined ? {} : { Timeout: settings.Timeout }),
          ...(settings.MemorySize === undefined ? {} : { MemorySize: settings.MemorySize }),
          ...(settings.Environment ? { Environment: { Variables: settings.Environment } } : {}),
        });
      state.locals.set(configuration.FunctionName, handler);
      return configuration;
    },
    async stop() {
      for (const handle of state.env.running) handle.terminate('modelmill stopped');
      await Promise.all([...state.events]);
    },
  };
}
