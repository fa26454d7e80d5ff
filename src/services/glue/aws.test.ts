import { EntityNotFoundException } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { fromSdk, fromSdkError } from '../common/index.js';
import { createAwsGlue } from './aws.js';
import { runGlueContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runGlueContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsGlue({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('Glue jobs contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against Glue', () => {});
  });
}

describe('Glue AWS adapter conversions', () => {
  it('turns dates into epoch seconds and drops SDK metadata', () => {
    expect(
      fromSdk({ $metadata: {}, JobRun: { StartedOn: new Date(1_700_000_000_500), X: undefined } }),
    ).toEqual({ JobRun: { StartedOn: 1_700_000_000.5 } });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code', () => {
    const sdk = new EntityNotFoundException({
      message: 'Job with name: x not found',
      $metadata: { httpStatusCode: 400 },
    });
    const err = fromSdkError(sdk);
    expect(isModelmillError(err, 'EntityNotFoundException')).toBe(true);
    expect((err as Error).message).toBe('Job with name: x not found');
  });
});
