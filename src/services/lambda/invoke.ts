import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator } from '../../core/index.js';
import type {
  ImageResolver,
  RunHandle,
  RunResult,
  RunTarget,
  Runtime,
} from '../../runtime/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { Backing } from './code.js';
import { nodeErrorDocument } from './node-runner.js';
import { PYTHON_BOOTSTRAP } from './python-runner.js';
import type { FunctionRecord } from './store.js';
import type { LambdaContext } from './types.js';

/**
 * One invocation: a log stream of its own in `/aws/lambda/<name>` with
 * Lambda's START / END / REPORT lines, the function run in-process or on the
 * runtime (Node.js handlers in the worker pool, Python, commands and images
 * as processes) under the function's Timeout, and the answer or Lambda's
 * error document as the payload.
 */

/** The program that runs Node.js handlers in the worker pool. */
export const NODE_RUNNER_PROGRAM = 'modelmill-lambda-node';

/** What invocations share. */
export interface InvokeEnvironment {
  scope: AccountScope;
  clock: Clock;
  ids: IdGenerator;
  runtime: Runtime;
  images: ImageResolver | undefined;
  python: string;
  workDir: string;
  runEnv: () => Record<string, string>;
  /** Runs in flight, to stop them on `stop()`. */
  running: Set<RunHandle>;
}

/** How an invocation ended: the payload text, and whether it is an error document. */
export interface Outcome {
  payload: string;
  failed: boolean;
  logStream: string;
}

type Result = { ok: unknown } | { error: Record<string, unknown> };

function streamName(env: InvokeEnvironment): string {
  const day = new Date(env.clock.now()).toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${env.ids.uuid().replace(/-/g, '')}`;
}

function timedOut(env: InvokeEnvironment, requestId: string, seconds: number): Result {
  const at = new Date(env.clock.now()).toISOString();
  return {
    error: {
      errorMessage: `${at} ${requestId} Task timed out after ${seconds.toFixed(2)} seconds`,
    },
  };
}

function functionEnv(env: InvokeEnvironment, record: FunctionRecord, facts: LambdaContext) {
  const config = record.configuration;
  return {
    ...env.runEnv(),
    ...config.Environment?.Variables,
    AWS_REGION: env.scope.region,
    AWS_DEFAULT_REGION: env.scope.region,
    AWS_LAMBDA_FUNCTION_NAME: config.FunctionName,
    AWS_LAMBDA_FUNCTION_VERSION: config.Version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.MemorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: facts.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: facts.logStreamName,
    AWS_EXECUTION_ENV: `AWS_Lambda_${config.Runtime ?? 'provided'}`,
    ...(record.codeDir ? { LAMBDA_TASK_ROOT: record.codeDir } : {}),
    _HANDLER: config.Handler ?? '',
  };
}

async function runLocal(
  env: InvokeEnvironment,
  backing: Extract<Backing, { kind: 'local' }>,
  event: unknown,
  facts: LambdaContext,
  timeoutMs: number,
): Promise<Result | 'timeout'> {
  const timer = new AbortController();
  const deadline = env.clock.sleep(timeoutMs, timer.signal).then(
    () => 'timeout' as const,
    () => 'timeout' as const,
  );
  const work = Promise.resolve()
    .then(() => backing.handler(event, facts))
    .then(
      (value): Result => ({ ok: value === undefined ? null : value }),
      (err: unknown): Result => ({ error: nodeErrorDocument(err) }),
    );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    timer.abort();
  }
}

function target(
  env: InvokeEnvironment,
  backing: Backing,
  files: Record<string, string>,
): RunTarget {
  if (backing.kind === 'node') {
    const args = { module: backing.moduleUrl, handler: backing.exportName, ...files };
    return { kind: 'program', name: NODE_RUNNER_PROGRAM, args };
  }
  if (backing.kind === 'python') {
    const { event, result, context } = files;
    return {
      kind: 'command',
      command: [
        env.python,
        '-c',
        PYTHON_BOOTSTRAP,
        backing.dir,
        backing.module,
        backing.fn,
        event ?? '',
        result ?? '',
        context ?? '',
      ],
    };
  }
  if (backing.kind === 'image') {
    return {
      kind: 'image',
      uri: backing.uri,
      image: env.images?.resolve(backing.uri),
      command: backing.command,
    };
  }
  return { kind: 'command', command: backing.kind === 'command' ? backing.command : [] };
}

function resultOf(
  run: RunResult,
  file: string,
  raw: boolean,
  requestId: string,
): Result | 'timeout' {
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (!raw) return JSON.parse(text) as Result;
    try {
      return { ok: text.trim() === '' ? null : (JSON.parse(text) as unknown) };
    } catch {
      return { ok: text };
    }
  }
  if (raw && run.exitCode === 0) return { ok: null };
  const reason =
    run.exitCode === undefined ? (run.reason ?? 'it did not start') : `exit status ${run.exitCode}`;
  return {
    error: {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`,
    },
  };
}

async function runOnRuntime(
  env: InvokeEnvironment,
  record: FunctionRecord,
  backing: Backing,
  eventText: string,
  facts: LambdaContext,
): Promise<Result | 'timeout'> {
  const folder = join(env.workDir, 'invocations', facts.awsRequestId);
  mkdirSync(folder, { recursive: true });
  const files = {
    event: join(folder, 'event.json'),
    result: join(folder, 'result.json'),
    context: join(folder, 'context.json'),
  };
  writeFileSync(files.event, eventText);
  writeFileSync(files.context, JSON.stringify(facts));
  const raw = backing.kind === 'command' || backing.kind === 'image';
  const dir = backing.kind === 'node' || backing.kind === 'command' ? backing.dir : undefined;
  const handle = env.runtime.start({
    target: target(env, backing, files),
    env: {
      ...functionEnv(env, record, facts),
      MODELMILL_LAMBDA_EVENT: files.event,
      MODELMILL_LAMBDA_RESULT: files.result,
    },
    cwd: dir ?? folder,
    log: { group: facts.logGroupName, stream: facts.logStreamName },
  });
  env.running.add(handle);
  // The timeout counts from the handler's start, not the worker's or process's start-up
  // (Lambda's init phase is not part of the function timeout either).
  const timer = new AbortController();
  let timedOut = false;
  void handle.started.then((started) => {
    if (!started) return;
    env.clock.sleep(record.configuration.Timeout * 1000, timer.signal).then(
      () => {
        timedOut = true;
        handle.terminate('timed out');
      },
      () => undefined,
    );
  });
  try {
    const run = await handle.done;
    return timedOut ? 'timeout' : resultOf(run, files.result, raw, facts.awsRequestId);
  } finally {
    timer.abort();
    env.running.delete(handle);
    rmSync(folder, { recursive: true, force: true });
  }
}

function log(env: InvokeEnvironment, facts: LambdaContext, message: string): void {
  env.runtime.logs.append(facts.logGroupName, facts.logStreamName, [
    { timestamp: env.clock.now(), message },
  ]);
}

/** Runs one invocation of `record` with `eventText` through `backing`. */
export async function invokeFunction(
  env: InvokeEnvironment,
  record: FunctionRecord,
  backing: Backing,
  eventText: string,
  requestId: string,
): Promise<Outcome> {
  const config = record.configuration;
  const start = env.clock.now();
  const facts: LambdaContext = {
    functionName: config.FunctionName,
    functionVersion: config.Version,
    invokedFunctionArn: config.FunctionArn,
    memoryLimitInMB: String(config.MemorySize),
    awsRequestId: requestId,
    logGroupName: `${LogGroup.Lambda}/${config.FunctionName}`,
    logStreamName: streamName(env),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, start + config.Timeout * 1000 - env.clock.now()),
  };
  const withDeadline = { ...facts, deadlineMs: Date.now() + config.Timeout * 1000 };
  log(env, facts, `START RequestId: ${requestId} Version: ${config.Version}`);
  let result: Result | 'timeout';
  if (backing.kind === 'fail')
    result = { error: { errorType: backing.errorType, errorMessage: backing.errorMessage } };
  else if (backing.kind === 'local')
    result = await runLocal(env, backing, JSON.parse(eventText), facts, config.Timeout * 1000);
  else result = await runOnRuntime(env, record, backing, eventText, withDeadline);
  if (result === 'timeout') result = timedOut(env, requestId, config.Timeout);
  if ('error' in result) {
    log(
      env,
      facts,
      `${new Date(env.clock.now()).toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(result.error)}`,
    );
  }
  const duration = env.clock.now() - start;
  log(env, facts, `END RequestId: ${requestId}`);
  log(
    env,
    facts,
    `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(duration))} ms\tMemory Size: ${config.MemorySize} MB`,
  );
  const failed = 'error' in result;
  return {
    payload: JSON.stringify('error' in result ? result.error : result.ok),
    failed,
    logStream: facts.logStreamName,
  };
}
