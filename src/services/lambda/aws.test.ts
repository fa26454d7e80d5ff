import { ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { fromSdk, fromSdkError } from '../common/index.js';
import { createAwsLambda } from './aws.js';
import { runLambdaContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runLambdaContract(
    'AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT',
    () => createAwsLambda({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
    process.env.MODELMILL_TEST_LAMBDA_ROLE,
  );
} else {
  describe('Lambda contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION, AWS credentials and MODELMILL_TEST_LAMBDA_ROLE in the environment) to run the contract against Lambda', () => {});
  });
}

describe('Lambda AWS adapter conversions', () => {
  it('drops SDK metadata and keeps payload bytes', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(fromSdk({ $metadata: {}, Payload: bytes, X: undefined })).toEqual({ Payload: bytes });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code', () => {
    const sdk = new ResourceNotFoundException({
      message: 'Function not found: arn:aws:lambda:us-east-1:1:function:x',
      $metadata: { httpStatusCode: 404 },
    });
    const err = fromSdkError(sdk);
    expect(isModelmillError(err, 'ResourceNotFoundException')).toBe(true);
  });
});
