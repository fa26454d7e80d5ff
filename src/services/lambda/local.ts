import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { ModelmillError, randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { ImageResolver, Runtime } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { ObjectFiles } from './code.js';
import { backingOf, placeCode } from './code.js';
import {
  compileConfiguration,
  functionNotFound,
  invalidParameter,
  lastModified,
  parseFunctionRef,
} from './functions.js';
import type { InvokeEnvironment } from './invoke.js';
import { NODE_RUNNER_PROGRAM, invokeFunction } from './invoke.js';
import type { FunctionRecord } from './store.js';
import { createLambdaStore } from './store.js';
import type {
  CreateFunctionInput,
  FunctionConfiguration,
  InvokeInput,
  InvokeOutput,
  LocalHandler,
  LocalLambda,
} from './types.js';

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

/** The largest synchronous request payload (6 MB). */
const MAX_PAYLOAD = 6 * 1024 * 1024;

/** Creates the embedded Lambda (table `lambda_functions`). */
export function createLocalLambda(options: LocalLambdaOptions): LocalLambda {
  const store = createLambdaStore(options.db);
  const workDir = options.workDir ?? join(tmpdir(), 'modelmill-lambda');
  const scriptRoot = options.scriptRoot ?? process.cwd();
  const logger = options.logger ?? silentLogger;
  const env: InvokeEnvironment = {
    scope: options.scope,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    runtime: options.runtime,
    images: options.images,
    python: options.python ?? 'python3',
    workDir,
    runEnv: options.runEnv ?? (() => ({})),
    running: new Set(),
  };
  if (!options.runtime.programs.has(NODE_RUNNER_PROGRAM)) {
    options.runtime.programs.register({
      name: NODE_RUNNER_PROGRAM,
      module: new URL('./node-runner.js', import.meta.url),
      description: 'runs a Lambda function’s Node.js handler',
    });
  }
  const locals = new Map<string, LocalHandler>();
  const events = new Set<Promise<unknown>>();
  const now = (): number => env.clock.now();

  function create(input: CreateFunctionInput): FunctionConfiguration {
    const { name } = parseFunctionRef(input?.FunctionName);
    if (store.get(name)) {
      throw new ModelmillError(
        'ResourceConflictException',
        `Function already exist: ${name}: change it with UpdateFunctionCode, or delete it first`,
      );
    }
    const code = placeCode(input.Code, options.objects, join(workDir, 'code'), name);
    const configuration = compileConfiguration(env.scope, input, code, now(), env.ids.uuid());
    const record: FunctionRecord = {
      configuration,
      tags: input.Tags ?? {},
      ...(code.codeDir ? { codeDir: code.codeDir } : {}),
      ...(code.imageUri ? { imageUri: code.imageUri } : {}),
      ...(input.ImageConfig ? { imageConfig: input.ImageConfig } : {}),
    };
    store.put(record);
    return configuration;
  }

  function find(ref: unknown, given?: string): FunctionRecord {
    const parsed = parseFunctionRef(ref);
    const { name } = parsed;
    const qualifier = given ?? parsed.qualifier;
    const record = store.get(name);
    if (!record || (qualifier !== undefined && qualifier !== '$LATEST')) {
      throw functionNotFound(env.scope, name, qualifier);
    }
    return record;
  }

  async function invoke(input: InvokeInput): Promise<InvokeOutput> {
    const record = find(input?.FunctionName, input?.Qualifier);
    const type = input.InvocationType ?? 'RequestResponse';
    if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
      throw invalidParameter(
        `InvocationType '${type}' is not valid: use RequestResponse, Event or DryRun`,
      );
    }
    const eventText = input.Payload === undefined || input.Payload === '' ? '{}' : input.Payload;
    if (Buffer.byteLength(eventText) > MAX_PAYLOAD) {
      throw new ModelmillError(
        'RequestTooLargeException',
        `Request must be smaller than 6291456 bytes for the InvokeFunction operation: pass a reference to the data (an S3 URI) instead`,
      );
    }
    try {
      JSON.parse(eventText);
    } catch {
      throw new ModelmillError(
        'InvalidRequestContentException',
        'Could not parse request body into json: the Payload must be JSON text',
      );
    }
    if (type === 'DryRun') return { StatusCode: 204 };
    const backing = backingOf(record, locals.get(record.configuration.FunctionName), scriptRoot);
    const requestId = env.ids.uuid();
    if (type === 'Event') {
      const running = invokeFunction(env, record, backing, eventText, requestId).catch(
        (err: unknown) =>
          logger.error('event invocation failed', {
            function: record.configuration.FunctionName,
            error: String(err),
          }),
      );
      events.add(running);
      void running.finally(() => events.delete(running));
      return { StatusCode: 202 };
    }
    const outcome = await invokeFunction(env, record, backing, eventText, requestId);
    return {
      StatusCode: 200,
      ...(outcome.failed ? { FunctionError: 'Unhandled' } : {}),
      ...(input.LogType === 'Tail' ? { LogResult: tail(outcome.logStream, record) } : {}),
      Payload: outcome.payload,
      ExecutedVersion: '$LATEST',
    };
  }

  function tail(stream: string, record: FunctionRecord): string {
    env.runtime.logs.flush();
    const group = `/aws/lambda/${record.configuration.FunctionName}`;
    const text = env.runtime.logs
      .read(group, stream)
      .events.map((e) => e.message)
      .join('\n');
    const bytes = Buffer.from(text, 'utf8');
    return bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64');
  }

  return {
    createFunction: async (input) => create(input),
    async getFunction(input) {
      const record = find(input?.FunctionName, input?.Qualifier);
      const code = record.imageUri
        ? { RepositoryType: 'ECR', ImageUri: record.imageUri }
        : {
            RepositoryType: 'S3',
            ...(record.codeDir ? { Location: `file://${record.codeDir}` } : {}),
          };
      return { Configuration: record.configuration, Code: code, Tags: record.tags };
    },
    getFunctionConfiguration: async (input) =>
      find(input?.FunctionName, input?.Qualifier).configuration,
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
      const record = find(input?.FunctionName);
      store.delete(record.configuration.FunctionName);
      locals.delete(record.configuration.FunctionName);
    },
    async updateFunctionCode(input) {
      const record = find(input?.FunctionName);
      const name = record.configuration.FunctionName;
      const code = placeCode(input, options.objects, join(workDir, 'code'), name);
      const updated: FunctionRecord = {
        ...record,
        configuration: {
          ...record.configuration,
          CodeSha256: code.sha,
          CodeSize: code.size,
          LastModified: lastModified(now()),
          RevisionId: env.ids.uuid(),
        },
      };
      delete updated.codeDir;
      delete updated.imageUri;
      if (code.codeDir) updated.codeDir = code.codeDir;
      if (code.imageUri) updated.imageUri = code.imageUri;
      store.put(updated);
      return updated.configuration;
    },
    invoke,
    registerLocal(name, handler, settings = {}) {
      const existing = store.get(parseFunctionRef(name).name);
      const configuration =
        existing?.configuration ??
        create({
          FunctionName: name,
          Role: `arn:aws:iam::${env.scope.accountId}:role/modelmill-local`,
          Runtime: 'nodejs20.x',
          Handler: 'modelmill:local',
          Description: 'in-process handler bound with registerLocal',
          Code: {},
          ...(settings.Timeout === undefined ? {} : { Timeout: settings.Timeout }),
          ...(settings.MemorySize === undefined ? {} : { MemorySize: settings.MemorySize }),
          ...(settings.Environment ? { Environment: { Variables: settings.Environment } } : {}),
        });
      locals.set(configuration.FunctionName, handler);
      return configuration;
    },
    async stop() {
      for (const handle of env.running) handle.terminate('modelmill stopped');
      await Promise.all([...events]);
    },
  };
}
