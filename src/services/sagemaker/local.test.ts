import { afterAll, describe, expect, it } from 'vitest';
import type { SageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import {
  createSageMakerFixture,
  images,
  sampleData,
} from '../../../test/services/sagemaker-fixture.js';
import { runSageMakerContract } from './contract.js';
import { SAGEMAKER_PROGRAMS } from './local.js';

let fixture: SageMakerFixture | undefined;
afterAll(async () => fixture?.close());

runSageMakerContract(
  'embedded',
  async () => {
    fixture = await createSageMakerFixture();
    await fixture.put('s3://contract/train/train.csv', sampleData('train.csv'));
    await fixture.s3.createBucket({ Bucket: 'contract-models' });
    return fixture.sagemaker;
  },
  {
    image: images.xgboost,
    role: 'arn:aws:iam::123456789012:role/sagemaker',
    trainUri: 's3://contract/train/',
    outputUri: 's3://contract-models/out/',
    hyperParameters: { num_round: '5' },
  },
);

describe('embedded SageMaker', () => {
  it('registers the built-in training program on the runtime it is given', () => {
    expect(fixture?.runtime.programs.has(SAGEMAKER_PROGRAMS[0]!.name)).toBe(true);
  });
});
