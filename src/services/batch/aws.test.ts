import { ClientException } from '@aws-sdk/client-batch';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { fromSdk, fromSdkError } from '../common/index.js';
import { createAwsBatch } from './aws.js';
import { runBatchContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runBatchContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsBatch({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('Batch contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against AWS Batch', () => {});
  });
}

describe('Batch AWS adapter conversions', () => {
  it('drops SDK metadata and undefined fields', () => {
    expect(fromSdk({ $metadata: {}, jobs: [{ jobId: 'a', statusReason: undefined }] })).toEqual({
      jobs: [{ jobId: 'a' }],
    });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code', () => {
    const err = fromSdkError(
      new ClientException({ message: 'JobQueue q not found.', $metadata: { httpStatusCode: 400 } }),
    );
    expect(isModelmillError(err, 'ClientException')).toBe(true);
    expect((err as Error).message).toBe('JobQueue q not found.');
  });
});
