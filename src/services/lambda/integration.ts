import { StatesError } from '../../asl/index.js';
import type { Clock, IdGenerator } from '../../core/index.js';
import { isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskInvocation } from '../../engine/index.js';
import { responseHeaders, sdkMetadata, taskApiError } from '../common/index.js';
import type { InvokeInput, InvokeOutput, LambdaService } from './types.js';

/**
 * The Step Functions integrations of Lambda:
 * - `arn:aws:states:::lambda:invoke` answers `{ExecutedVersion, Payload,
 *   SdkHttpMetadata, SdkResponseMetadata, StatusCode}` with the function's
 *   answer parsed as JSON in Payload; `.waitForTaskToken` invokes the function
 *   (the token travels in its Payload) and waits for the callback;
 * - a bare function ARN as the resource (`arn:aws:lambda:...:function:name`)
 *   sends the state's input as the event and answers the function's answer
 *   itself.
 * A function error fails the state with the error document's `errorType` as
 * the error name (`Lambda.Unknown` when it has none, as for timeouts) and the
 * document as the cause; a Lambda API error is `Lambda.<Exception>`.
 */

/** Options of the integrations. */
export interface LambdaIntegrationOptions {
  /** Request ids in outputs and error causes. Default: random. */
  ids?: IdGenerator;
}

const STATUS: Record<string, number> = {
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  TooManyRequestsException: 429,
};

/** A Lambda API failure as Step Functions names it: `Lambda.<Code>`. */
export function lambdaError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) {
    return new StatesError('States.TaskFailed', err instanceof Error ? err.message : String(err));
  }
  return taskApiError(err, requestId, {
    prefix: 'Lambda',
    service: 'Lambda',
    wording: 'sdk',
    status: (code, fault) => (fault === 'server' ? 500 : (STATUS[code] ?? 400)),
  });
}

/** The function error of an invocation: its errorType (or Lambda.Unknown) and the document as cause. */
export function functionError(output: InvokeOutput): StatesError {
  const text = output.Payload ?? '';
  let errorType: unknown;
  try {
    errorType = (JSON.parse(text) as { errorType?: unknown }).errorType;
  } catch {
    errorType = undefined;
  }
  return new StatesError(
    typeof errorType === 'string' && errorType !== '' ? errorType : 'Lambda.Unknown',
    text,
  );
}

function parsePayload(text: string | undefined): unknown {
  if (text === undefined || text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function invokeRequest(parameters: unknown): InvokeInput {
  const p = isPlainObject(parameters) ? parameters : {};
  const payload = p.Payload;
  return {
    ...(p as unknown as InvokeInput),
    FunctionName: typeof p.FunctionName === 'string' ? p.FunctionName : '',
    ...(payload === undefined
      ? {}
      : { Payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  };
}

function invokeHttpMetadata(output: InvokeOutput, requestId: string, clock: Clock): object {
  const headers = responseHeaders({
    requestId,
    clock,
    body: output.Payload ?? '',
    contentType: 'application/json',
    headers: {
      'X-Amz-Executed-Version': output.ExecutedVersion ?? '$LATEST',
      'x-amzn-Remapped-Content-Length': '0',
    },
  });
  return {
    ExecutedVersion: output.ExecutedVersion ?? '$LATEST',
    Payload: parsePayload(output.Payload),
    ...sdkMetadata(headers, requestId, output.StatusCode),
    StatusCode: output.StatusCode,
  };
}

/** Registers `lambda:invoke` (request-response and `.waitForTaskToken`), which also serves bare function ARNs. */
export function registerLambdaIntegrations(
  registry: IntegrationRegistry,
  service: LambdaService,
  options: LambdaIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const handler = async ({ parameters, resource, context }: TaskInvocation): Promise<unknown> => {
    const bare = resource.functionArn !== undefined;
    const request: InvokeInput = bare
      ? { FunctionName: resource.functionArn ?? '', Payload: JSON.stringify(parameters ?? {}) }
      : invokeRequest(parameters);
    const requestId = ids.uuid();
    let output: InvokeOutput;
    try {
      output = await service.invoke(request);
    } catch (err) {
      throw lambdaError(err, requestId);
    }
    if (output.FunctionError) throw functionError(output);
    if (bare) return parsePayload(output.Payload);
    return invokeHttpMetadata(output, requestId, context.clock);
  };
  registry.register('lambda:invoke', handler, ['request-response', 'waitForTaskToken']);
}
