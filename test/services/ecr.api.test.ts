import { DescribeImagesCommand, ECRClient, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsEcr, createLocalEcr, ecrApi } from '../../src/services/ecr/index.js';
import type { LocalImageRegistry } from '../../src/services/ecr/index.js';
import { runEcrContract } from '../../src/services/ecr/contract.js';
import { openDatabase } from '../../src/store/index.js';
import { lazyServer, localSdkConfig } from '../support/aws-api.js';

/** ECR's JSON protocol end to end: the real SDK against the embedded registry. */

let registry: LocalImageRegistry;

const serve = lazyServer(async () => {
  registry = createLocalEcr({
    db: openDatabase(':memory:'),
    scope: { region: 'us-east-1', accountId: '000000000000' },
  });
  return [ecrApi(registry)];
});

afterAll(async () => {
  await serve.close();
});

runEcrContract('AWS SDK over HTTP to the embedded registry', async () =>
  createAwsEcr({ config: localSdkConfig((await serve()).url) }),
);

describe('ECR wire protocol details', () => {
  it('shows registered images to DescribeImages, with dates', async () => {
    const client = new ECRClient({ ...localSdkConfig((await serve()).url), maxAttempts: 1 });
    await registry.registerImage({
      imageUri: '000000000000.dkr.ecr.us-east-1.amazonaws.com/jobs:v1',
      container: true,
    });
    const out = await client.send(new DescribeImagesCommand({ repositoryName: 'jobs' }));
    expect(out.imageDetails?.[0]?.imageTags).toEqual(['v1']);
    expect(out.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date);
    const err = await client
      .send(new DescribeImagesCommand({ repositoryName: 'nope' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RepositoryNotFoundException);
  });
});
