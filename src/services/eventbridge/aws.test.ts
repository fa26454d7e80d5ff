import { ResourceNotFoundException } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { fromSdk, fromSdkError } from '../common/index.js';
import { createAwsEventBridge } from './aws.js';
import { runEventBridgeContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runEventBridgeContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsEventBridge({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('EventBridge contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against EventBridge', () => {});
  });
}

describe('AWS adapter conversions', () => {
  it('turns dates into epoch seconds and drops $metadata', () => {
    expect(
      fromSdk({
        CreationTime: new Date(1_700_000_000_500),
        Name: 'b',
        $metadata: { httpStatusCode: 200 },
      }),
    ).toEqual({ CreationTime: 1_700_000_000.5, Name: 'b' });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code and message', () => {
    const sdkError = new ResourceNotFoundException({
      message: 'Rule r does not exist on EventBus default.',
      $metadata: {},
    });
    const err = fromSdkError(sdkError);
    expect(isModelmillError(err, 'ResourceNotFoundException')).toBe(true);
    expect((err as Error).message).toBe('Rule r does not exist on EventBus default.');
    const plain = new Error('socket hang up');
    expect(fromSdkError(plain)).toBe(plain);
  });
});
