import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { SageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import {
  createSageMakerFixture,
  images,
  putSampleData,
  sampleData,
  trainingRequest,
} from '../../../test/services/sagemaker-fixture.js';

let f: SageMakerFixture;
let byomModel: string;
let xgbModel: string;
const file = join(mkdtempSync(join(tmpdir(), 'mm-hosting-')), 'mm.db');

beforeAll(async () => {
  f = await createSageMakerFixture({ file });
  await putSampleData(f);
  await f.sagemaker.createTrainingJob(
    trainingRequest('byom-train', {
      AlgorithmSpecification: { TrainingImage: images.byom, TrainingInputMode: 'File' },
    }),
  );
  await f.sagemaker.createTrainingJob(
    trainingRequest('xgb-train', { HyperParameters: { num_round: '10' } }),
  );
  byomModel = (await f.sagemaker.waitForTrainingJob('byom-train')).ModelArtifacts.S3ModelArtifacts;
  xgbModel = (await f.sagemaker.waitForTrainingJob('xgb-train')).ModelArtifacts.S3ModelArtifacts;
  await f.sagemaker.createModel({
    ModelName: 'byom',
    PrimaryContainer: { Image: images.byom, ModelDataUrl: byomModel },
  });
  await f.sagemaker.createModel({
    ModelName: 'xgb',
    PrimaryContainer: { Image: images.xgboost, ModelDataUrl: xgbModel },
  });
  await f.sagemaker.createEndpointConfig({
    EndpointConfigName: 'byom-config',
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        ModelName: 'byom',
        InitialInstanceCount: 1,
        InstanceType: 'ml.m5.large',
      },
    ],
  });
  await f.sagemaker.createEndpointConfig({
    EndpointConfigName: 'xgb-config',
    ProductionVariants: [
      {
        VariantName: 'Primary',
        ModelName: 'xgb',
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
      },
    ],
  });
});
afterAll(async () => f?.close());

const rows = sampleData('score.csv').split('\n').slice(0, 3).join('\n');

describe('models and endpoint configurations', () => {
  it('refuses missing model data, images and models, and duplicates, as SageMaker words it', async () => {
    const data = await rejection(
      f.sagemaker.createModel({
        ModelName: 'm1',
        PrimaryContainer: { Image: images.byom, ModelDataUrl: 's3://models/none/model.tar.gz' },
      }),
    );
    expect(data).toMatchObject({
      code: 'ValidationException',
      message: expect.stringMatching(
        /^Could not find model data at s3:\/\/models\/none\/model\.tar\.gz\./,
      ),
    });
    const image = await rejection(
      f.sagemaker.createModel({ ModelName: 'm2', PrimaryContainer: { Image: 'nope:1' } }),
    );
    expect(image.message).toMatch(/PrimaryContainer\.Image 'nope:1' does not exist locally/);
    const dup = await rejection(
      f.sagemaker.createModel({ ModelName: 'byom', PrimaryContainer: { Image: images.byom } }),
    );
    expect(dup.message).toBe(
      'Cannot create already existing model "arn:aws:sagemaker:us-east-1:123456789012:model/byom".',
    );
    const noModel = await rejection(
      f.sagemaker.createEndpointConfig({
        EndpointConfigName: 'c',
        ProductionVariants: [{ VariantName: 'v', ModelName: 'ghost' }],
      }),
    );
    expect(noModel.message).toBe(
      'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/ghost".',
    );
    expect(
      (await f.sagemaker.describeEndpointConfig({ EndpointConfigName: 'byom-config' }))
        .ProductionVariants[0],
    ).toMatchObject({ InitialVariantWeight: 1 });
  });
});

describe('endpoints', () => {
  it('serves the bring-your-own model through its serve executable', async () => {
    const { EndpointArn } = await f.sagemaker.createEndpoint({
      EndpointName: 'byom-ep',
      EndpointConfigName: 'byom-config',
    });
    expect(EndpointArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/byom-ep');
    expect((await f.sagemaker.describeEndpoint({ EndpointName: 'byom-ep' })).EndpointStatus).toBe(
      'Creating',
    );
    const ready = await f.sagemaker.waitForEndpoint('byom-ep');
    expect(ready.FailureReason).toBeUndefined();
    expect(ready).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'byom-config',
      ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 1 }],
    });
    const out = await f.sagemaker.invokeEndpoint({
      EndpointName: 'byom-ep',
      Body: rows,
      ContentType: 'text/csv',
    });
    expect(out.InvokedProductionVariant).toBe('AllTraffic');
    expect(Buffer.from(out.Body).toString('utf8')).toBe('0\n1\n2\n');
    const bad = await rejection(
      f.sagemaker.invokeEndpoint({
        EndpointName: 'byom-ep',
        Body: '1,2\n',
        ContentType: 'text/csv',
      }),
    );
    expect(bad.code).toBe('ModelError');
    expect(bad.message).toMatch(
      /Received client error \(400\) from primary with message "line 1: 2 fields, the model takes 4"/,
    );
    expect(bad.details).toMatchObject({ OriginalStatusCode: 400 });
  });

  it('serves a built-in model in process, CSV and JSON', async () => {
    await f.sagemaker.createEndpoint({ EndpointName: 'xgb-ep', EndpointConfigName: 'xgb-config' });
    expect((await f.sagemaker.waitForEndpoint('xgb-ep')).EndpointStatus).toBe('InService');
    const csv = await f.sagemaker.invokeEndpoint({
      EndpointName: 'xgb-ep',
      Body: rows,
      ContentType: 'text/csv',
    });
    const labels = Buffer.from(csv.Body).toString('utf8').trimEnd().split('\n');
    expect(labels).toHaveLength(3);
    const instances = rows.split('\n').map((line) => line.split(',').map(Number));
    const json = await f.sagemaker.invokeEndpoint({
      EndpointName: 'xgb-ep',
      Body: JSON.stringify({ instances }),
      ContentType: 'application/json',
      Accept: 'application/json',
    });
    const answer = JSON.parse(Buffer.from(json.Body).toString('utf8'));
    expect(
      answer.predictions.map((p: { predicted_label: number }) => String(p.predicted_label)),
    ).toEqual(labels);
    expect(answer.predictions[0].probabilities).toHaveLength(3);
    expect(json.ContentType).toBe('application/json');
  });

  it('updates an endpoint to another configuration, and refuses to update one that does not exist', async () => {
    await f.sagemaker.updateEndpoint({ EndpointName: 'byom-ep', EndpointConfigName: 'xgb-config' });
    expect((await f.sagemaker.describeEndpoint({ EndpointName: 'byom-ep' })).EndpointStatus).toBe(
      'Updating',
    );
    const updated = await f.sagemaker.waitForEndpoint('byom-ep');
    expect(updated).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'xgb-config',
    });
    expect(
      (
        await f.sagemaker.invokeEndpoint({
          EndpointName: 'byom-ep',
          Body: rows,
          ContentType: 'text/csv',
        })
      ).InvokedProductionVariant,
    ).toBe('Primary');
    const missing = await rejection(
      f.sagemaker.updateEndpoint({
        EndpointName: 'gata-general',
        EndpointConfigName: 'xgb-config',
      }),
    );
    expect(missing).toMatchObject({
      code: 'ValidationException',
      message:
        'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/gata-general".',
    });
    const twice = await rejection(
      f.sagemaker.createEndpoint({ EndpointName: 'xgb-ep', EndpointConfigName: 'xgb-config' }),
    );
    expect(twice.message).toBe(
      'Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/xgb-ep".',
    );
  });

  it('marks an endpoint Failed when its server never answers /ping', async () => {
    const folder = f.folderWith({ serve: '#!/bin/sh\necho "cannot load the model" >&2\nexit 3\n' });
    const uri = '123456789012.dkr.ecr.us-east-1.amazonaws.com/broken:1';
    await f.ecr.registerImage({ imageUri: uri, folder });
    await f.sagemaker.createModel({ ModelName: 'broken', PrimaryContainer: { Image: uri } });
    await f.sagemaker.createEndpointConfig({
      EndpointConfigName: 'broken',
      ProductionVariants: [{ VariantName: 'v1', ModelName: 'broken' }],
    });
    await f.sagemaker.createEndpoint({ EndpointName: 'broken', EndpointConfigName: 'broken' });
    const failed = await f.sagemaker.waitForEndpoint('broken');
    expect(failed.EndpointStatus).toBe('Failed');
    expect(failed.FailureReason).toMatch(
      /the serve process ended \(exit code 3\) before answering GET \/ping/,
    );
    const stream = f.logs.streams('/aws/sagemaker/Endpoints/broken')[0];
    expect(f.lines('/aws/sagemaker/Endpoints/broken', stream?.stream ?? '')).toContain(
      'cannot load the model',
    );
    const invoke = await rejection(
      f.sagemaker.invokeEndpoint({ EndpointName: 'broken', Body: 'x' }),
    );
    expect(invoke.code).toBe('ValidationError');
  });

  it('serves InService endpoints again after a restart, and stops them on delete', async () => {
    await f.sagemaker.close();
    const again = await createSageMakerFixture({ file, home: f.home });
    try {
      const out = await again.sagemaker.invokeEndpoint({
        EndpointName: 'xgb-ep',
        Body: rows,
        ContentType: 'text/csv',
      });
      expect(Buffer.from(out.Body).toString('utf8').trimEnd().split('\n')).toHaveLength(3);
      await again.sagemaker.deleteEndpoint({ EndpointName: 'xgb-ep' });
      expect(
        (await rejection(again.sagemaker.invokeEndpoint({ EndpointName: 'xgb-ep', Body: rows })))
          .message,
      ).toBe('Endpoint xgb-ep of account 123456789012 not found.');
      const listed = await again.sagemaker.listEndpoints({
        SortBy: 'Name',
        SortOrder: 'Ascending',
      });
      expect(listed.Endpoints.map((e) => e.EndpointName)).toEqual(['broken', 'byom-ep']);
    } finally {
      await again.close();
      f = await createSageMakerFixture({ file, home: f.home });
    }
  });
});
