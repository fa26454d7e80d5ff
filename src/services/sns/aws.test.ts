import { NotFoundException } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { createAwsSns, fromSdk, fromSdkError, wireCode } from './aws.js';
import { runSnsContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runSnsContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsSns({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('SNS contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against SNS', () => {});
  });
}

describe('AWS adapter conversions', () => {
  it('maps SDK exception names back to SNS wire codes', () => {
    expect(wireCode('NotFoundException')).toBe('NotFound');
    expect(wireCode('InvalidParameterException')).toBe('InvalidParameter');
    expect(wireCode('InvalidParameterValueException')).toBe('ParameterValueInvalid');
    expect(wireCode('ValidationException')).toBe('ValidationException');
    const err = fromSdkError(
      new NotFoundException({ message: 'Topic does not exist', $metadata: {} }),
    );
    expect(isModelmillError(err, 'NotFound')).toBe(true);
    const plain = new Error('socket hang up');
    expect(fromSdkError(plain)).toBe(plain);
  });

  it('turns bytes into base64 and drops $metadata', () => {
    expect(fromSdk({ BinaryValue: new Uint8Array([1, 2]), $metadata: {} })).toEqual({
      BinaryValue: 'AQI=',
    });
  });
});
