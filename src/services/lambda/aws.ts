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
import { createSdkSender } from '../common/index.js';
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

function sdkCode(code: FunctionCode): any {
  return {
    ...code,
    ...(typeof code.ZipFile === 'string' ? { ZipFile: Buffer.from(code.ZipFile, 'base64') } : {}),
  };
}

/** The port over `@aws-sdk/client-lambda`. */
export function createAwsLambda(options: AwsLambdaOptions = {}): LambdaService {
  const client = options.client ?? new LambdaClient(options.config ?? {});
  const send = createSdkSender(client);
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
