import {
  ConditionalCheckFailedException,
  InternalServerError,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { createAwsDynamoDb, fromSdk, fromSdkError, toSdk } from './aws.js';
import { runDynamoDbContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;

if (endpoint) {
  runDynamoDbContract('AWS SDK adapter against MODELMILL_TEST_AWS_ENDPOINT', () =>
    createAwsDynamoDb({ config: { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } }),
  );
} else {
  describe('DynamoDB contract: AWS SDK adapter against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (with AWS_REGION and AWS credentials in the environment) to run the contract against DynamoDB', () => {});
  });
}

describe('AWS adapter conversions', () => {
  it('turns base64 binary into bytes for the SDK, and back', () => {
    const item = {
      pk: { S: 'B' },
      b: { B: 'AAEC' },
      bs: { BS: ['AA=='] },
      m: { M: { B: { S: 'name B' } } },
    };
    const sdk = toSdk({ Item: item });
    expect(sdk.Item.b.B).toEqual(Buffer.from([0, 1, 2]));
    expect(sdk.Item.bs.BS[0]).toEqual(Buffer.from([0]));
    expect(sdk.Item.m.M.B).toEqual({ S: 'name B' });
    expect(fromSdk({ ...sdk, $metadata: { httpStatusCode: 200 } })).toEqual({ Item: item });
  });

  it('turns dates into epoch seconds', () => {
    expect(fromSdk({ Table: { CreationDateTime: new Date(1_700_000_000_500) } })).toEqual({
      Table: { CreationDateTime: 1_700_000_000.5 },
    });
  });

  it('turns SDK exceptions into ModelmillErrors with the same code and old item', () => {
    const sdkError = new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      Item: { pk: { S: 'a' }, b: { B: new Uint8Array([1]) } },
    });
    const err = fromSdkError(sdkError);
    expect(isModelmillError(err, 'ConditionalCheckFailedException')).toBe(true);
    expect((err as { details: unknown }).details).toEqual({
      Item: { pk: { S: 'a' }, b: { B: 'AQ==' } },
    });
    const plain = new Error('socket hang up');
    expect(fromSdkError(plain)).toBe(plain);
  });

  it('marks a 5xx answer as a server fault and a 4xx one as a client fault', () => {
    const internal = new InternalServerError({
      message: 'Internal server error',
      $metadata: { httpStatusCode: 500 },
    });
    expect((fromSdkError(internal) as { fault: string }).fault).toBe('server');
    const missing = new ResourceNotFoundException({
      message: 'Requested resource not found',
      $metadata: { httpStatusCode: 400 },
    });
    expect((fromSdkError(missing) as { fault: string }).fault).toBe('client');
  });
});
