import { ClusterNotFoundException } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { fromSdk, fromSdkError } from '../common/index.js';
import { createAwsEcs } from './aws.js';
import { runEcsContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runEcsContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsEcs({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('ECS contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against ECS', () => {});
  });
}

describe('ECS AWS adapter conversions', () => {
  it('turns dates into epoch seconds and drops SDK metadata', () => {
    expect(fromSdk({ $metadata: {}, task: { createdAt: new Date(1_700_000_000_250) } })).toEqual({
      task: { createdAt: 1_700_000_000.25 },
    });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code', () => {
    const sdk = new ClusterNotFoundException({
      message: 'Cluster not found.',
      $metadata: { httpStatusCode: 400 },
    });
    expect(isModelmillError(fromSdkError(sdk), 'ClusterNotFoundException')).toBe(true);
  });
});
