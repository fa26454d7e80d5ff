import { join } from 'node:path';
import type { Logger } from '../../core/index.js';
import { ModelmillError } from '../../core/index.js';
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
import { invokeFunction } from './invoke.js';
import type { FunctionRecord, LambdaStore } from './store.js';
import type {
  CreateFunctionInput,
  FunctionCode,
  FunctionConfiguration,
  InvokeInput,
  InvokeOutput,
  LocalHandler,
} from './types.js';

/**
 * The embedded Lambda's operations over its state: creating and finding
 * functions, replacing their code, and Invoke (checks, then the invocation
 * in the foreground or, for Event, in the background).
 */

/** What the operations share. */
export interface LambdaState {
  store: LambdaStore;
  env: InvokeEnvironment;
  objects: ObjectFiles | undefined;
  scriptRoot: string;
  logger: Logger;
  /** In-process handlers by function name. */
  locals: Map<string, LocalHandler>;
  /** Event invocations in flight. */
  events: Set<Promise<unknown>>;
}

/** The largest synchronous request payload (6 MB). */
const MAX_PAYLOAD = 6 * 1024 * 1024;

function place(state: LambdaState, code: FunctionCode | undefined, name: string) {
  return placeCode(code, state.objects, join(state.env.workDir, 'code'), name);
}

/** CreateFunction. */
export function createFunction(
  state: LambdaState,
  input: CreateFunctionInput,
): FunctionConfiguration {
  const { name } = parseFunctionRef(input?.FunctionName);
  if (state.store.get(name)) {
    throw new ModelmillError(
      'ResourceConflictException',
      `Function already exist: ${name}: change it with UpdateFunctionCode, or delete it first`,
    );
  }
  const code = place(state, input.Code, name);
  const { env } = state;
  const configuration = compileConfiguration(
    env.scope,
    input,
    code,
    env.clock.now(),
    env.ids.uuid(),
  );
  state.store.put({
    configuration,
    tags: input.Tags ?? {},
    ...(code.codeDir ? { codeDir: code.codeDir } : {}),
    ...(code.imageUri ? { imageUri: code.imageUri } : {}),
    ...(input.ImageConfig ? { imageConfig: input.ImageConfig } : {}),
  });
  return configuration;
}

/** The function a reference names (only `$LATEST` exists locally). */
export function findFunction(state: LambdaState, ref: unknown, given?: string): FunctionRecord {
  const parsed = parseFunctionRef(ref);
  const qualifier = given ?? parsed.qualifier;
  const record = state.store.get(parsed.name);
  if (!record || (qualifier !== undefined && qualifier !== '$LATEST')) {
    throw functionNotFound(state.env.scope, parsed.name, qualifier);
  }
  return record;
}

/** UpdateFunctionCode: new code, new hash and revision. */
export function updateCode(
  state: LambdaState,
  input: FunctionCode & { FunctionName: string },
): FunctionConfiguration {
  const record = findFunction(state, input?.FunctionName);
  const code = place(state, input, record.configuration.FunctionName);
  const { codeDir: _dir, imageUri: _image, ...rest } = record;
  const updated: FunctionRecord = {
    ...rest,
    configuration: {
      ...record.configuration,
      CodeSha256: code.sha,
      CodeSize: code.size,
      LastModified: lastModified(state.env.clock.now()),
      RevisionId: state.env.ids.uuid(),
    },
    ...(code.codeDir ? { codeDir: code.codeDir } : {}),
    ...(code.imageUri ? { imageUri: code.imageUri } : {}),
  };
  state.store.put(updated);
  return updated.configuration;
}

function eventText(input: InvokeInput): string {
  const text = input.Payload === undefined || input.Payload === '' ? '{}' : input.Payload;
  if (Buffer.byteLength(text) > MAX_PAYLOAD) {
    throw new ModelmillError(
      'RequestTooLargeException',
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation: pass a reference to the data (an S3 URI) instead',
    );
  }
  try {
    JSON.parse(text);
  } catch {
    throw new ModelmillError(
      'InvalidRequestContentException',
      'Could not parse request body into json: the Payload must be JSON text',
    );
  }
  return text;
}

function tail(state: LambdaState, record: FunctionRecord, stream: string): string {
  const logs = state.env.runtime.logs;
  logs.flush();
  const group = `/aws/lambda/${record.configuration.FunctionName}`;
  const text = logs
    .read(group, stream)
    .events.map((e) => e.message)
    .join('\n');
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64');
}

/** Invoke: RequestResponse waits for the answer, Event runs in the background, DryRun only checks. */
export async function invoke(state: LambdaState, input: InvokeInput): Promise<InvokeOutput> {
  const record = findFunction(state, input?.FunctionName, input?.Qualifier);
  const type = input.InvocationType ?? 'RequestResponse';
  if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
    throw invalidParameter(
      `InvocationType '${type}' is not valid: use RequestResponse, Event or DryRun`,
    );
  }
  const event = eventText(input);
  if (type === 'DryRun') return { StatusCode: 204 };
  const name = record.configuration.FunctionName;
  const backing = backingOf(record, state.locals.get(name), state.scriptRoot);
  const requestId = state.env.ids.uuid();
  if (type === 'Event') {
    const running = invokeFunction(state.env, record, backing, event, requestId).catch(
      (err: unknown) =>
        state.logger.error('event invocation failed', { function: name, error: String(err) }),
    );
    state.events.add(running);
    void running.finally(() => state.events.delete(running));
    return { StatusCode: 202 };
  }
  const outcome = await invokeFunction(state.env, record, backing, event, requestId);
  return {
    StatusCode: 200,
    ...(outcome.failed ? { FunctionError: 'Unhandled' } : {}),
    ...(input.LogType === 'Tail' ? { LogResult: tail(state, record, outcome.logStream) } : {}),
    Payload: outcome.payload,
    ExecutedVersion: '$LATEST',
  };
}
