import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaClientConfig } from '@aws-sdk/client-lambda';
import { ModelmillError } from '../../core/index.js';
import type { FunctionCode, InvokeOutput, LambdaService } from './types.js';

/**
 * The Lambda port over the AWS SDK v3, for real Lambda (or any endpoint that
 * speaks it). Payloads travel as UTF-8 text; zip files as base64 text in the
 * port and bytes in the SDK; SDK errors become the ModelmillErrors the
 * embedded Lambda throws.
 */

/** A client to use, or the settings to build one from. */
export interface AwsLambdaOptions {
  client?: LambdaClient;
  config?: LambdaClientConfig;
}

/** SDK values → port values: `$metadata` and undefined fields go. */
export function fromSdk(value: unknown): any {
  if (Array.isArray(value)) return value.map(fromSdk);
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== '$metadata' && inner !== undefined) out[key] = fromSdk(inner);
  }
  return out;
}

/** An SDK failure as the ModelmillError the embedded Lambda would throw. */
export function fromSdkError(err: unknown): unknown {
  if (!(err instanceof Error) || !('$metadata' in err)) return err;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return new ModelmillError(err.name, err.message, {
    cause: err,
    ...(status !== undefined && status >= 500 ? { fault: 'server' as const } : {}),
  });
}

function sdkCode(code: FunctionCode): any {
  return {
    ...code,
    ...(typeof code.ZipFile === 'string' ? { ZipFile: Buffer.from(code.ZipFile, 'base64') } : {}),
  };
}

/** The port over `@aws-sdk/client-lambda`. */
export function createAwsLambda(options: AwsLambdaOptions = {}): LambdaService {
  const client = options.client ?? new LambdaClient(options.config ?? {});
  async function send<T>(command: any): Promise<T> {
    try {
      return fromSdk(await client.send(command)) as T;
    } catch (err) {
      throw fromSdkError(err);
    }
  }
  return {
    createFunction: (input) =>
      send(new CreateFunctionCommand({ ...input, Code: sdkCode(input.Code) } as any)),
    getFunction: (input) => send(new GetFunctionCommand(input)),
    getFunctionConfiguration: (input) => send(new GetFunctionConfigurationCommand(input)),
    listFunctions: async (input = {}) => ({
      Functions: [],
      ...(await send<object>(new ListFunctionsCommand(input))),
    }),
    deleteFunction: async (input) => {
      await send(new DeleteFunctionCommand(input));
    },
    updateFunctionCode: (input) => send(new UpdateFunctionCodeCommand(sdkCode(input))),
    async invoke(input) {
      const out = await send<Omit<InvokeOutput, 'Payload'> & { Payload?: Uint8Array }>(
        new InvokeCommand({
          ...input,
          ...(input.Payload === undefined ? {} : { Payload: Buffer.from(input.Payload, 'utf8') }),
        }),
      );
      const { Payload, ...rest } = out;
      return {
        ...rest,
        StatusCode: out.StatusCode ?? 200,
        ...(Payload ? { Payload: Buffer.from(Payload).toString('utf8') } : {}),
      };
    },
  };
}
