import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { fromSdk, fromSdkError } from '../common/index.js';
import { createAwsSageMaker } from './aws.js';
import { runSageMakerContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runSageMakerContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsSageMaker({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('SageMaker contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against SageMaker', () => {});
  });
}

describe('SageMaker AWS adapter conversions', () => {
  it('turns dates into epoch seconds and drops SDK metadata', () => {
    expect(
      fromSdk({
        $metadata: {},
        CreationTime: new Date(1_700_000_000_500),
        List: [{ T: new Date(0) }],
        X: undefined,
      }),
    ).toEqual({ CreationTime: 1_700_000_000.5, List: [{ T: 0 }] });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code', () => {
    const sdk = new SageMakerServiceException({
      name: 'ValidationException',
      $fault: 'client',
      message: 'Could not find endpoint "arn:aws:sagemaker:us-east-1:1:endpoint/x".',
      $metadata: { httpStatusCode: 400 },
    });
    const err = fromSdkError(sdk);
    expect(isModelmillError(err, 'ValidationException')).toBe(true);
    expect((err as Error).message).toMatch(/^Could not find endpoint/);
  });
});
