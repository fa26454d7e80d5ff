import {
  CreateEndpointCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsSageMaker, sageMakerApi } from '../../src/services/sagemaker/index.js';
import { runSageMakerContract } from '../../src/services/sagemaker/contract.js';
import { lazyServer, localSdkConfig } from '../support/aws-api.js';
import type { SageMakerFixture } from './sagemaker-fixture.js';
import {
  createSageMakerFixture,
  images,
  putSampleData,
  sampleData,
  trainingRequest,
} from './sagemaker-fixture.js';

/** SageMaker's JSON protocol and SageMaker Runtime's REST route, driven by the real SDK clients over HTTP. */

let fixture: SageMakerFixture | undefined;

const server = lazyServer(async () => {
  fixture = await createSageMakerFixture();
  await putSampleData(fixture);
  return [sageMakerApi(fixture.sagemaker)];
});

async function serve(): Promise<{ url: string; f: SageMakerFixture }> {
  const { url } = await server();
  return { url, f: fixture as SageMakerFixture };
}

afterAll(async () => {
  await server.close();
  await fixture?.close();
});

runSageMakerContract(
  'AWS SDK over HTTP to the embedded SageMaker',
  async () =>
    createAwsSageMaker({
      config: localSdkConfig((await serve()).url),
      pollMs: 50,
    }),
  {
    image: images.xgboost,
    role: 'arn:aws:iam::123456789012:role/sagemaker',
    trainUri: 's3://data/train/',
    outputUri: 's3://models/contract',
    hyperParameters: { num_round: '5' },
  },
);

describe('SageMaker wire protocols', () => {
  async function clients() {
    const { url, f } = await serve();
    const config = { ...localSdkConfig(url), maxAttempts: 1 };
    return { f, sm: new SageMakerClient(config), runtime: new SageMakerRuntimeClient(config) };
  }

  it('returns DescribeTrainingJob with Dates the SDK reads, and the full shape', async () => {
    const { f, sm } = await clients();
    await f.sagemaker.createTrainingJob(
      trainingRequest('wire-train', { HyperParameters: { num_round: '5' } }),
    );
    await f.sagemaker.waitForTrainingJob('wire-train');
    const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'wire-train' }));
    expect(job.CreationTime).toBeInstanceOf(Date);
    expect(job.TrainingEndTime).toBeInstanceOf(Date);
    expect(job.SecondaryStatusTransitions?.[0]?.StartTime).toBeInstanceOf(Date);
    expect(job).toMatchObject({
      TrainingJobStatus: 'Completed',
      ModelArtifacts: { S3ModelArtifacts: 's3://models/out/wire-train/output/model.tar.gz' },
      HyperParameters: { num_round: '5' },
    });
    expect(
      job.FinalMetricDataList?.find((m) => m.MetricName === 'validation:accuracy')?.Timestamp,
    ).toBeInstanceOf(Date);
  });

  it('invokes an endpoint through SageMaker Runtime, with its errors', async () => {
    const { f, sm, runtime } = await clients();
    const { ModelArtifacts } = await f.sagemaker.waitForTrainingJob('wire-train');
    await f.sagemaker.createModel({
      ModelName: 'wire',
      PrimaryContainer: { Image: images.xgboost, ModelDataUrl: ModelArtifacts.S3ModelArtifacts },
    });
    await f.sagemaker.createEndpointConfig({
      EndpointConfigName: 'wire',
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'wire' }],
    });
    const update = sm.send(
      new UpdateEndpointCommand({ EndpointName: 'wire', EndpointConfigName: 'wire' }),
    );
    await expect(update).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/wire".',
    });
    await sm.send(new CreateEndpointCommand({ EndpointName: 'wire', EndpointConfigName: 'wire' }));
    await f.sagemaker.waitForEndpoint('wire');
    const rows = sampleData('score.csv').split('\n').slice(0, 4).join('\n');
    const out = await runtime.send(
      new InvokeEndpointCommand({
        EndpointName: 'wire',
        Body: Buffer.from(rows),
        ContentType: 'text/csv',
        Accept: 'text/csv',
      }),
    );
    expect(out.InvokedProductionVariant).toBe('AllTraffic');
    expect(out.ContentType).toBe('text/csv');
    expect(
      Buffer.from(out.Body ?? new Uint8Array())
        .toString('utf8')
        .trimEnd()
        .split('\n'),
    ).toHaveLength(4);
    const json = await runtime.send(
      new InvokeEndpointCommand({
        EndpointName: 'wire',
        Body: Buffer.from('{"instances": [[1, 2, 3, 4]]}'),
        ContentType: 'application/json',
      }),
    );
    expect(
      JSON.parse(Buffer.from(json.Body ?? new Uint8Array()).toString('utf8')).predictions,
    ).toHaveLength(1);
    const bad = runtime.send(
      new InvokeEndpointCommand({
        EndpointName: 'wire',
        Body: Buffer.from('1,2\n'),
        ContentType: 'text/csv',
      }),
    );
    await expect(bad).rejects.toBeInstanceOf(ModelError);
    const missing = runtime.send(
      new InvokeEndpointCommand({ EndpointName: 'nowhere', Body: Buffer.from('1') }),
    );
    await expect(missing).rejects.toBeInstanceOf(ValidationError);
  });
});
