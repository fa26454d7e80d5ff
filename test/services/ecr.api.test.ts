import { DescribeImagesCommand, ECRClient, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { createAwsEcr, createLocalEcr, ecrApi } from '../../src/services/ecr/index.js';
import type { LocalImageRegistry } from '../../src/services/ecr/index.js';
import { runEcrContract } from '../../src/services/ecr/contract.js';
import { openDatabase } from '../../src/store/index.js';

/** ECR's JSON protocol end to end: the real SDK against the embedded registry. */

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let server: RunningServer | undefined;
let registry: LocalImageRegistry;

async function serve(): Promise<RunningServer> {
  if (!server) {
    registry = createLocalEcr({
      db: openDatabase(':memory:'),
      scope: { region: 'us-east-1', accountId: '000000000000' },
    });
    server = await startServer({ modules: [ecrApi(registry)], port: 0 });
  }
  return server;
}

afterAll(async () => {
  await server?.close();
});

runEcrContract('AWS SDK over HTTP to the embedded registry', async () =>
  createAwsEcr({ config: { endpoint: (await serve()).url, region: 'us-east-1', credentials } }),
);

describe('ECR wire protocol details', () => {
  it('shows registered images to DescribeImages, with dates', async () => {
    const client = new ECRClient({
      endpoint: (await serve()).url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
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
