import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogGroup } from '../../runtime/index.js';
import { rejection } from '../common/index.js';
import type { SageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import { createSageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import type { CreateProcessingJobInput } from './types.js';

let f: SageMakerFixture;
const programImage = '123456789012.dkr.ecr.us-east-1.amazonaws.com/preprocessing:abc123';
beforeAll(async () => {
  f = await createSageMakerFixture();
  f.runtime.programs.register({
    name: 'sm-processing-echo',
    module: new URL('../../../test/services/sagemaker-programs.js', import.meta.url),
    export: 'processingEcho',
  });
  await f.ecr.registerImage({ imageUri: programImage, program: 'sm-processing-echo' });
  await f.put('s3://raw/in/a.csv', '1,2\n');
  await f.put('s3://raw/in/b.csv', '3,4\n');
  await f.s3.createBucket({ Bucket: 'processed' });
});
afterAll(async () => f?.close());

function request(
  name: string,
  image: string,
  fields: Partial<CreateProcessingJobInput> = {},
): CreateProcessingJobInput {
  return {
    ProcessingJobName: name,
    RoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
    AppSpecification: { ImageUri: image },
    ProcessingResources: {
      ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
    },
    ProcessingInputs: [
      {
        InputName: 'raw',
        S3Input: {
          S3Uri: 's3://raw/in/',
          LocalPath: '/opt/ml/processing/input',
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
        },
      },
    ],
    ProcessingOutputConfig: {
      Outputs: [
        {
          OutputName: 'out',
          S3Output: {
            S3Uri: `s3://processed/${name}`,
            LocalPath: '/opt/ml/processing/output',
            S3UploadMode: 'EndOfJob',
          },
        },
      ],
    },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
    ...fields,
  };
}

describe('processing jobs', () => {
  it('gives an image registered to a program the container arguments as --key value args', async () => {
    const { ProcessingJobArn } = await f.sagemaker.createProcessingJob(
      request('dapm-pre', programImage, {
        AppSpecification: {
          ImageUri: programImage,
          ContainerArguments: [
            '--train_metatable_name',
            'uc-meta',
            '--region',
            'ap-south-1',
            '--execution_id',
            'arn:aws:states:ap-south-1:1:execution:m:e',
          ],
        },
        Environment: { STAGE: 'dev' },
      }),
    );
    expect(ProcessingJobArn).toBe(
      'arn:aws:sagemaker:us-east-1:123456789012:processing-job/dapm-pre',
    );
    const job = await f.sagemaker.waitForProcessingJob('dapm-pre');
    expect(job.FailureReason).toBeUndefined();
    expect(job.ProcessingJobStatus).toBe('Completed');
    const written = JSON.parse(await f.read('s3://processed/dapm-pre/args.json'));
    expect(written).toEqual({
      args: {
        train_metatable_name: 'uc-meta',
        region: 'ap-south-1',
        execution_id: 'arn:aws:states:ap-south-1:1:execution:m:e',
      },
      argv: [
        '--train_metatable_name',
        'uc-meta',
        '--region',
        'ap-south-1',
        '--execution_id',
        'arn:aws:states:ap-south-1:1:execution:m:e',
      ],
      inputs: ['a.csv', 'b.csv'],
      stage: 'dev',
      job: 'dapm-pre',
    });
    const stream = f.logs.streams(LogGroup.SageMakerProcessing, 'dapm-pre/')[0]?.stream ?? '';
    expect(f.lines(LogGroup.SageMakerProcessing, stream)).toContain('processed 2 files');
    expect(job.ProcessingEndTime).toBeGreaterThanOrEqual(job.ProcessingStartTime ?? 0);
  });

  it('runs a folder image with its entrypoint and uploads outputs only on success', async () => {
    const folder = f.folderWith({
      'count.sh':
        '#!/bin/sh\ncat "$MODELMILL_OPT_ML"/processing/input/* | wc -l | tr -d " " > "$MODELMILL_OPT_ML/processing/output/count.txt"\n',
      'fail.sh':
        '#!/bin/sh\necho "bad rows in input" > "$MODELMILL_OPT_ML/output/failure"\nexit 2\n',
    });
    const uri = '123456789012.dkr.ecr.us-east-1.amazonaws.com/scripts:1';
    await f.ecr.registerImage({ imageUri: uri, folder });
    await f.sagemaker.createProcessingJob(
      request('count', uri, {
        AppSpecification: { ImageUri: uri, ContainerEntrypoint: ['count.sh'] },
      }),
    );
    await f.sagemaker.createProcessingJob(
      request('fails', uri, {
        AppSpecification: { ImageUri: uri, ContainerEntrypoint: ['fail.sh'] },
      }),
    );
    expect((await f.sagemaker.waitForProcessingJob('count')).ProcessingJobStatus).toBe('Completed');
    expect((await f.read('s3://processed/count/count.txt')).trim()).toBe('2');
    const failed = await f.sagemaker.waitForProcessingJob('fails');
    expect(failed).toMatchObject({
      ProcessingJobStatus: 'Failed',
      FailureReason: 'AlgorithmError: bad rows in input',
    });
    const listed = await f.sagemaker.listProcessingJobs({ StatusEquals: 'Failed' });
    expect(listed.ProcessingJobSummaries.map((s) => s.ProcessingJobName)).toEqual(['fails']);
  });

  it('fails on an empty input prefix and refuses paths outside /opt/ml/processing', async () => {
    await f.sagemaker.createProcessingJob(
      request('empty', programImage, {
        ProcessingInputs: [
          {
            InputName: 'raw',
            S3Input: {
              S3Uri: 's3://raw/none/',
              LocalPath: '/opt/ml/processing/input',
              S3DataType: 'S3Prefix',
            },
          },
        ],
      }),
    );
    const job = await f.sagemaker.waitForProcessingJob('empty');
    expect(job.FailureReason).toMatch(
      /^ClientError: No S3 objects found under S3 URL "s3:\/\/raw\/none\/" given in processing input 'raw'/,
    );
    const path = await rejection(
      f.sagemaker.createProcessingJob(
        request('path', programImage, {
          ProcessingInputs: [
            {
              InputName: 'x',
              S3Input: { S3Uri: 's3://raw/in/', LocalPath: '/tmp/x', S3DataType: 'S3Prefix' },
            },
          ],
        }),
      ),
    );
    expect(path.message).toMatch(
      /LocalPath '\/tmp\/x' must be a folder under \/opt\/ml\/processing\//,
    );
    const missing = await rejection(
      f.sagemaker.describeProcessingJob({ ProcessingJobName: 'ghost' }),
    );
    expect(missing).toMatchObject({
      code: 'ValidationException',
      message: 'Could not find requested job with name ghost',
    });
  });
});
