import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { InvalidRequestException } from '@aws-sdk/client-athena';
import { EntityNotFoundException } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { createAwsAthena, createAwsGlueCatalog, fromSdkError } from './aws.js';
import { runAthenaContract } from './contract.js';

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;
const bucket = process.env.MODELMILL_TEST_ATHENA_BUCKET;

if (endpoint && bucket) {
  const config = { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  runAthenaContract('AWS SDK adapters against MODELMILL_TEST_AWS_ENDPOINT', () => ({
    athena: createAwsAthena({ config }),
    catalog: createAwsGlueCatalog({ config }),
    bucket,
    putObject: async (key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    cleanup: async (prefix) => {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      const Objects = (listed.Contents ?? []).map((o) => ({ Key: o.Key ?? '' }));
      if (Objects.length > 0)
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects } }));
    },
  }));
} else {
  describe('Athena contract: AWS SDK adapters against a real endpoint', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT and MODELMILL_TEST_ATHENA_BUCKET (with AWS_REGION and AWS credentials in the environment) to run the contract against Athena and Glue', () => {});
  });
}

describe('AWS adapter error translation', () => {
  it('turns SDK exceptions into ModelmillErrors with the same code and fault', () => {
    const athena = fromSdkError(
      new InvalidRequestException({ message: 'QueryExecution x was not found', $metadata: {} }),
    );
    expect(isModelmillError(athena, 'InvalidRequestException')).toBe(true);
    expect((athena as Error).message).toBe('QueryExecution x was not found');
    const glue = fromSdkError(
      new EntityNotFoundException({ message: 'Table t not found.', $metadata: {} }),
    );
    expect(isModelmillError(glue, 'EntityNotFoundException')).toBe(true);
    const plain = new Error('socket hang up');
    expect(fromSdkError(plain)).toBe(plain);
  });
});
