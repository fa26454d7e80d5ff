import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSequentialIds } from '../../core/index.js';
import type { Engine } from '../../engine/index.js';
import {
  IntegrationRegistry,
  createEngine,
  createMemoryStore,
  createSqliteStore,
} from '../../engine/index.js';
import type { SageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import {
  createSageMakerFixture,
  images,
  putSampleData,
  scope,
  trainingRequest,
} from '../../../test/services/sagemaker-fixture.js';
import { runDefinition } from '../../../test/support/executions.js';
import { registerSageMakerIntegrations } from './integration.js';

const fixtures: SageMakerFixture[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function setup(options: { file?: string; home?: string } = {}) {
  const f = await createSageMakerFixture(options);
  fixtures.push(f);
  if (!options.home) await putSampleData(f);
  const integrations = new IntegrationRegistry();
  registerSageMakerIntegrations(integrations, f.sagemaker, { ids: createSequentialIds() });
  const engine = createEngine({
    store: options.file ? createSqliteStore(f.db) : createMemoryStore(),
    integrations,
    scope,
  });
  engines.push(engine);
  return { f, engine };
}

function task(resource: string, parameters: object, extra: object = {}) {
  return {
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: `arn:aws:states:::${resource}`,
        Parameters: parameters,
        End: true,
        ...extra,
      },
    },
  };
}

describe('sagemaker:createTrainingJob.sync', () => {
  it('answers the DescribeTrainingJob response with dates in epoch milliseconds', async () => {
    const { f, engine } = await setup();
    const { final, output } = await runDefinition(
      engine,
      task(
        'sagemaker:createTrainingJob.sync',
        trainingRequest('sfn-train', { HyperParameters: { num_round: '5' } }),
      ),
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toMatchObject({
      TrainingJobName: 'sfn-train',
      TrainingJobStatus: 'Completed',
      ModelArtifacts: { S3ModelArtifacts: 's3://models/out/sfn-train/output/model.tar.gz' },
    });
    const described = await f.sagemaker.describeTrainingJob({ TrainingJobName: 'sfn-train' });
    expect(output.CreationTime).toBe(Math.round(described.CreationTime * 1000));
    expect(output.SecondaryStatusTransitions[0].StartTime).toBe(
      Math.round(described.SecondaryStatusTransitions[0]!.StartTime * 1000),
    );
    expect(output.FinalMetricDataList.length).toBeGreaterThan(0);
  });

  it('fails with States.TaskFailed and the description as cause; Catch sees the FailureReason', async () => {
    const { engine } = await setup();
    const definition = task(
      'sagemaker:createTrainingJob.sync',
      trainingRequest('sfn-fail', {
        AlgorithmSpecification: { TrainingImage: images.byom },
        HyperParameters: { shrinkage: '5' },
      }),
      { Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Caught' }] },
    );
    const states = definition.States as Record<string, object>;
    states.Caught = { Type: 'Pass', End: true };
    const { final, output } = await runDefinition(engine, definition);
    expect(final.status).toBe('SUCCEEDED');
    expect(output.error.Error).toBe('States.TaskFailed');
    const cause = JSON.parse(output.error.Cause);
    expect(cause).toMatchObject({
      TrainingJobName: 'sfn-fail',
      TrainingJobStatus: 'Failed',
      FailureReason: 'ClientError: hyperparameter shrinkage must be between 0 and 1, got 5.0',
    });
  });

  it('names API errors as Step Functions does for the optimised integration', async () => {
    const { engine } = await setup();
    await runDefinition(engine, task('sagemaker:createTrainingJob', trainingRequest('twice')));
    const { final } = await runDefinition(
      engine,
      task('sagemaker:createTrainingJob', trainingRequest('twice')),
    );
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('SageMaker.ResourceInUseException');
    expect(final.cause).toMatch(
      /a training job with this name already exists .*\(Service: AmazonSageMaker; Status Code: 400; Error Code: ResourceInUse; Request ID: [0-9a-f-]+; Proxy: null\)$/,
    );
    const bad = await runDefinition(
      engine,
      task(
        'sagemaker:createTrainingJob',
        trainingRequest('no-image', { AlgorithmSpecification: { TrainingImage: 'missing:1' } }),
      ),
    );
    expect(bad.final.error).toBe('SageMaker.AmazonSageMakerException');
  });

  it('stops the training job when the execution is stopped', async () => {
    const { f, engine } = await setup();
    const folder = f.folderWith({ train: '#!/bin/sh\nexec sleep 30\n' });
    await f.ecr.registerImage({ imageUri: 'slow:1', folder });
    engine.createStateMachine({
      name: 'stoppable',
      definition: JSON.stringify(
        task(
          'sagemaker:createTrainingJob.sync',
          trainingRequest('stoppable', { AlgorithmSpecification: { TrainingImage: 'slow:1' } }),
        ),
      ),
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: 'stoppable', input: '{}' });
    for (
      let i = 0;
      i < 200 &&
      (await f.sagemaker.listTrainingJobs({ NameContains: 'stoppable' })).TrainingJobSummaries[0]
        ?.SecondaryStatus !== 'Training';
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    engine.stopExecution({ executionArn });
    const job = await f.sagemaker.waitForTrainingJob('stoppable');
    expect(job.TrainingJobStatus).toBe('Stopped');
  });

  it('re-attaches to its job after a restart of the engine and SageMaker over one database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-sm-restart-'));
    const file = join(dir, 'mm.db');
    const first = await setup({ file, home: dir });
    await putSampleData(first.f);
    const folder = first.f.folderWith({
      train: '#!/bin/sh\nsleep 1\necho "accuracy: 0.9"\necho ok > "$SM_MODEL_DIR/model.txt"\n',
    });
    await first.f.ecr.registerImage({ imageUri: 'restartable:1', folder });
    first.engine.createStateMachine({
      name: 'durable',
      definition: JSON.stringify(
        task(
          'sagemaker:createTrainingJob.sync',
          trainingRequest('durable', {
            AlgorithmSpecification: {
              TrainingImage: 'restartable:1',
              MetricDefinitions: [{ Name: 'accuracy', Regex: 'accuracy: (\\S+)' }],
            },
          }),
          {
            ResultSelector: {
              'status.$': '$.TrainingJobStatus',
              'metrics.$': '$.FinalMetricDataList[*].Value',
            },
          },
        ),
      ),
    });
    const { executionArn } = first.engine.startExecution({
      stateMachineArn: 'durable',
      input: '{}',
    });
    for (
      let i = 0;
      i < 200 &&
      (await first.f.sagemaker.listTrainingJobs({})).TrainingJobSummaries[0]?.SecondaryStatus !==
        'Training';
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await first.engine.close();
    engines.splice(engines.indexOf(first.engine), 1);
    await first.f.close();
    fixtures.splice(fixtures.indexOf(first.f), 1);

    const second = await setup({ file, home: dir });
    expect(second.engine.recover()).toBe(1);
    const final = await second.engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    expect(JSON.parse(final.output ?? '')).toEqual({ status: 'Completed', metrics: [0.9] });
    const types = second.engine.getExecutionHistory({ executionArn }).items.map((e) => e.type);
    expect(types.filter((t) => t === 'TaskSubmitted')).toHaveLength(1);
  });
});

describe('the other SageMaker integrations', () => {
  it('answers request-response calls with the API answer and HTTP metadata', async () => {
    const { engine } = await setup();
    const { output } = await runDefinition(
      engine,
      task('sagemaker:createModel', {
        ModelName: 'rr',
        PrimaryContainer: { Image: images.xgboost },
      }),
    );
    expect(output.ModelArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:model/rr');
    expect(output.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(output.SdkResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('catches a missing endpoint on updateEndpoint as SageMaker.AmazonSageMakerException', async () => {
    const { engine } = await setup();
    await runDefinition(
      engine,
      task('sagemaker:createModel', {
        ModelName: 'm',
        PrimaryContainer: { Image: images.xgboost },
      }),
    );
    const { final, output } = await runDefinition(engine, {
      StartAt: 'Update',
      States: {
        Update: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sagemaker:updateEndpoint',
          Parameters: { EndpointName: 'none', EndpointConfigName: 'c' },
          Catch: [
            {
              ErrorEquals: ['SageMaker.AmazonSageMakerException'],
              ResultPath: '$.caught',
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output.caught.Cause).toMatch(
      /^Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint\/none"\. \(Service: AmazonSageMaker; Status Code: 400; Error Code: ValidationException/,
    );
  });

  it('serves aws-sdk:sagemaker calls with ISO dates and SageMaker.<Code>Exception errors', async () => {
    const { engine } = await setup();
    await runDefinition(
      engine,
      task(
        'sagemaker:createTrainingJob.sync',
        trainingRequest('sdk', { HyperParameters: { num_round: '5' } }),
      ),
    );
    const { output } = await runDefinition(
      engine,
      task('aws-sdk:sagemaker:describeTrainingJob', { TrainingJobName: 'sdk' }),
    );
    expect(output.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const missing = await runDefinition(
      engine,
      task('aws-sdk:sagemaker:describeHyperParameterTuningJob', {
        HyperParameterTuningJobName: 'none',
      }),
    );
    expect(missing.final.error).toBe('SageMaker.ResourceNotFoundException');
    const invalid = await runDefinition(
      engine,
      task('aws-sdk:sagemaker:describeEndpoint', { EndpointName: 'none' }),
    );
    expect(invalid.final.error).toBe('SageMaker.ValidationException');
  });
});
