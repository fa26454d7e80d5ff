import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ListImagesCommand,
} from '@aws-sdk/client-ecr';
import type { ECRClientConfig } from '@aws-sdk/client-ecr';
import { ModelmillError } from '../../core/index.js';
import type { EcrService } from './types.js';

/**
 * The ECR port over the AWS SDK v3, for a real registry (or any ECR
 * endpoint). Dates become epoch seconds as on the wire; SDK errors become the
 * ModelmillErrors the embedded registry throws.
 */

/** A client to use, or the settings to build one from. */
export interface AwsEcrOptions {
  client?: ECRClient;
  config?: ECRClientConfig;
}

/** SDK values → port values: dates become epoch seconds; `$metadata` and undefined fields go. */
export function fromSdk(value: unknown): any {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(fromSdk);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== '$metadata' && inner !== undefined) out[key] = fromSdk(inner);
  }
  return out;
}

/** An SDK failure as the ModelmillError the embedded registry would throw. */
export function fromSdkError(err: unknown): unknown {
  if (!(err instanceof Error) || !('$metadata' in err)) return err;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return new ModelmillError(err.name, err.message, {
    cause: err,
    ...(status !== undefined && status >= 500 ? { fault: 'server' as const } : {}),
  });
}

/** The port over `@aws-sdk/client-ecr`. */
export function createAwsEcr(options: AwsEcrOptions = {}): EcrService {
  const client = options.client ?? new ECRClient(options.config ?? {});
  async function send<T>(command: any): Promise<T> {
    try {
      return fromSdk(await client.send(command)) as T;
    } catch (err) {
      throw fromSdkError(err);
    }
  }
  return {
    createRepository: (input) => send(new CreateRepositoryCommand(input)),
    describeRepositories: async (input = {}) => ({
      repositories: [],
      ...(await send<object>(new DescribeRepositoriesCommand(input))),
    }),
    describeImages: async (input) => ({
      imageDetails: [],
      ...(await send<object>(new DescribeImagesCommand(input))),
    }),
    listImages: async (input) => ({
      imageIds: [],
      ...(await send<object>(new ListImagesCommand(input))),
    }),
    deleteRepository: (input) => send(new DeleteRepositoryCommand(input)),
  };
}
