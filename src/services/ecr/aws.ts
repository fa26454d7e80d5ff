import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ListImagesCommand,
} from '@aws-sdk/client-ecr';
import type { ECRClientConfig } from '@aws-sdk/client-ecr';
import { createSdkSender } from '../common/index.js';
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

/** The port over `@aws-sdk/client-ecr`. */
export function createAwsEcr(options: AwsEcrOptions = {}): EcrService {
  const client = options.client ?? new ECRClient(options.config ?? {});
  const send = createSdkSender(client);
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
