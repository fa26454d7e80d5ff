import { RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { fromSdk, fromSdkError } from '../common/index.js';
import { createAwsEcr } from './aws.js';
import { runEcrContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runEcrContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsEcr({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('ECR contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against ECR', () => {});
  });
}

describe('ECR AWS adapter conversions', () => {
  it('turns dates into epoch seconds and drops SDK metadata', () => {
    expect(
      fromSdk({
        $metadata: {},
        repository: { createdAt: new Date(1_700_000_000_000), x: undefined },
      }),
    ).toEqual({ repository: { createdAt: 1_700_000_000 } });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code', () => {
    const sdk = new RepositoryNotFoundException({
      message: 'The repository ...',
      $metadata: { httpStatusCode: 400 },
    });
    const err = fromSdkError(sdk);
    expect(isModelmillError(err, 'RepositoryNotFoundException')).toBe(true);
    expect((err as Error).message).toBe('The repository ...');
  });
});
