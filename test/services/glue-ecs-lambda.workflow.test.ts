import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../src/engine/index.js';
import { LogGroup } from '../../src/runtime/index.js';
import { createLocalEcs, registerEcsIntegrations } from '../../src/services/ecs/index.js';
import { createLocalGlue, registerGlueIntegrations } from '../../src/services/glue/index.js';
import { createLocalLambda, registerLambdaIntegrations } from '../../src/services/lambda/index.js';
import { createLocalEcr } from '../../src/services/ecr/index.js';
import { sharedDir } from '../support/shared.js';
import { createRuntimeFixture, scope, writeScript } from './glue-fixture.js';
import type { RuntimeFixture } from './glue-fixture.js';

/**
 * Glue, ECS and Lambda together under the engine: a state machine with a Glue
 * `.sync` run, an ECS `.sync` task and Lambda calls (request-response and bare
 * ARNs), failing jobs caught as on AWS, and the MLOps module's batch-transform
 * definition run unchanged (its SageMaker steps answered by stubs).
 */

const fixtures: RuntimeFixture[] = [];
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  for (const f of fixtures) await f.close();
});

async function instance() {
  const fixture = createRuntimeFixture();
  fixtures.push(fixture);
  const buckets = join(fixture.work, 'objects');
  const objects = { localPath: (bucket: string, key = '') => join(buckets, bucket, key) };
  const runEnv = () => ({ OBJECTS_ROOT: buckets });
  const glue = createLocalGlue({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    objects,
    runEnv,
    workDir: join(fixture.work, 'glue'),
  });
  const ecr = createLocalEcr({ db: fixture.db, scope });
  const ecs = createLocalEcs({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    images: ecr,
    runEnv,
    workDir: join(fixture.work, 'ecs'),
  });
  const lambda = createLocalLambda({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    objects,
    workDir: join(fixture.work, 'lambda'),
  });
  glue.start();
  ecs.start();
  stops.push(
    () => glue.stop(),
    () => ecs.stop(),
    () => lambda.stop(),
  );
  const registry = new IntegrationRegistry();
  registerGlueIntegrations(registry, glue);
  registerEcsIntegrations(registry, ecs);
  registerLambdaIntegrations(registry, lambda);
  const engine = createEngine({ store: createMemoryStore(), integrations: registry, scope });
  stops.push(() => engine.close());
  return { fixture, buckets, glue, ecr, ecs, lambda, registry, engine };
}

async function execute(engine: Engine, name: string, definition: string, input: unknown = {}) {
  engine.createStateMachine({ name, definition });
  const { executionArn } = engine.startExecution({
    stateMachineArn: name,
    input: JSON.stringify(input),
  });
  const final = await engine.waitFor(executionArn);
  return {
    final,
    output: final.output === undefined ? undefined : JSON.parse(final.output),
    history: engine.getExecutionHistory({ executionArn, maxResults: 1000 }).items,
  };
}

const role = 'arn:aws:iam::123456789012:role/demo';

describe('Glue, ECS and Lambda in one state machine', () => {
  it('runs a Glue .sync job, an ECS .sync task and Lambda calls end to end, catching a failed job', async () => {
    const { engine, glue, ecs, ecr, lambda, fixture } = await instance();
    writeScript(
      fixture.work,
      'gatekeeper.py',
      'import sys\nfrom awsglue.utils import getResolvedOptions\nargs = getResolvedOptions(sys.argv, ["pk_id"])\nprint("gate open for", args["pk_id"])\n',
    );
    await glue.createJob({
      Name: 'gatekeeper',
      Role: role,
      Command: { Name: 'pythonshell', ScriptLocation: join(fixture.work, 'gatekeeper.py') },
    });
    await glue.createJob({
      Name: 'broken',
      Role: role,
      Command: { ScriptLocation: 'program:t-fail' },
    });
    await ecr.registerImage({
      imageUri: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/train:7',
      program: 't-echo',
    });
    await ecs.registerTaskDefinition({
      family: 'train',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '1024',
      memory: '2048',
      containerDefinitions: [
        { name: 'train', image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/train:7' },
      ],
    });
    lambda.registerLocal('Score', (event: { region: string; exit: number }) => ({
      score: event.exit === 0 ? 0.9 : 0,
      region: event.region,
    }));
    lambda.registerLocal('Label', (event: { score: number }) =>
      event.score > 0.5 ? 'champion' : 'challenger',
    );
    const definition = {
      StartAt: 'Gatekeeper',
      States: {
        Gatekeeper: {
          Type: 'Task',
          Resource: 'arn:aws:states:::glue:startJobRun.sync',
          Parameters: {
            JobName: 'gatekeeper',
            Arguments: { '--pk_id': '7', '--region.$': '$.region' },
          },
          ResultPath: '$.jobRun',
          Next: 'Train',
        },
        Train: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Parameters: {
            LaunchType: 'FARGATE',
            TaskDefinition: 'train',
            Overrides: {
              ContainerOverrides: [
                {
                  Name: 'train',
                  'Command.$': "States.Array('--pk_id', $.jobRun.Arguments['--pk_id'])",
                },
              ],
            },
          },
          ResultSelector: { 'exit.$': '$.Containers[0].ExitCode' },
          ResultPath: '$.train',
          Next: 'Score',
        },
        Score: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'arn:aws:lambda:us-east-1:111111111111:function:Score',
            Payload: { 'region.$': "$.jobRun.Arguments['--region']", 'exit.$': '$.train.exit' },
          },
          ResultSelector: { 'score.$': '$.Payload.score' },
          ResultPath: '$.scored',
          Next: 'Label',
        },
        Label: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:111111111111:function:Label',
          InputPath: '$.scored',
          ResultPath: '$.label',
          Next: 'Broken',
        },
        Broken: {
          Type: 'Task',
          Resource: 'arn:aws:states:::glue:startJobRun.sync',
          Parameters: { JobName: 'broken' },
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Done' }],
          Next: 'Done',
        },
        Done: {
          Type: 'Pass',
          Parameters: {
            'label.$': '$.label',
            'score.$': '$.scored.score',
            'failedRun.$': 'States.StringToJson($.failure.Cause)',
          },
          End: true,
        },
      },
    };
    const { final, output } = await execute(engine, 'together', JSON.stringify(definition), {
      region: 'ap-south-1',
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toMatchObject({
      label: 'champion',
      score: 0.9,
      failedRun: {
        JobName: 'broken',
        JobRunState: 'FAILED',
        ErrorMessage: 'Command failed with exit code 3',
      },
    });
    const [gateRun] = (await glue.getJobRuns({ JobName: 'gatekeeper' })).JobRuns;
    expect(fixture.lines(LogGroup.Glue, gateRun?.Id ?? '')).toContain('gate open for 7');
    const [taskArn] = (await ecs.listTasks({ desiredStatus: 'STOPPED' })).taskArns;
    const taskId = (taskArn ?? '').split('/').pop() ?? '';
    expect(fixture.lines(LogGroup.Ecs, `train/train/${taskId}`)[0]).toBe('info args {"pk_id":"7"}');
  });
});

const batchTransform = sharedDir('reference', 'asl', 'slalom-mlops-batch-transform.asl.json');

describe.skipIf(!batchTransform)('the MLOps batch-transform definition, unchanged', () => {
  async function mlops() {
    const env = await instance();
    const { buckets, glue, lambda, registry } = env;
    const script = join(buckets, 'demo-source-repository-a1b2', 'glue', 'python', 'transform.py');
    mkdirSync(join(script, '..'), { recursive: true });
    writeFileSync(
      script,
      [
        'import os, shutil, sys',
        'from awsglue.utils import getResolvedOptions',
        "a = getResolvedOptions(sys.argv, ['S3_SOURCE', 'S3_DEST', 'TRAIN_KEY', 'INFERENCE_TYPE'])",
        "root = os.environ['OBJECTS_ROOT']",
        "target = os.path.join(root, a['S3_DEST'], a['TRAIN_KEY'])",
        'os.makedirs(os.path.dirname(target), exist_ok=True)',
        "shutil.copy(os.path.join(root, a['S3_SOURCE'], a['TRAIN_KEY']), target)",
        "print('extracted', a['TRAIN_KEY'], 'for', a['INFERENCE_TYPE'])",
      ].join('\n'),
    );
    const train = join(buckets, 'demo-feature-store-a1b2', 'data', 'train', 'train.csv');
    mkdirSync(join(train, '..'), { recursive: true });
    writeFileSync(train, 'label,x\n1,0.5\n');
    await glue.createJob({
      Name: 'demo-data-transformation',
      Role: role,
      Command: {
        Name: 'pythonshell',
        ScriptLocation: 's3://demo-source-repository-a1b2/glue/python/transform.py',
      },
    });
    const calls: string[] = [];
    lambda.registerLocal(
      'UniqueJobName',
      (e: { JobName: string }) => (
        calls.push('UniqueJobName'),
        { JobName: `${e.JobName}-240101000000` }
      ),
    );
    lambda.registerLocal(
      'ExtractModelPath',
      () => (
        calls.push('ExtractModelPath'),
        's3://demo-model-store-a1b2/models/best/output/model.tar.gz'
      ),
    );
    lambda.registerLocal('QueryTrainingStatus', (e: { BestModelResult: string }) => {
      calls.push('QueryTrainingStatus');
      return {
        trainingMetrics: [{ Name: 'accuracy', Value: 0.82 }],
        modelDataUrl: e.BestModelResult,
        modelName: 'employee-attrition-model',
      };
    });
    lambda.registerLocal(
      'RenameBatchOutput',
      (e: { Payload: { Path: string } }) => (
        calls.push('RenameBatchOutput'),
        { renamed: `${e.Payload.Path}/out.csv` }
      ),
    );
    lambda.registerLocal('RunGlueCrawler', () => (calls.push('RunGlueCrawler'), { started: true }));
    const sagemaker: Array<[string, unknown]> = [];
    for (const action of ['createHyperParameterTuningJob', 'createModel', 'createTransformJob']) {
      registry.register(
        `sagemaker:${action}`,
        async ({ parameters }) => (sagemaker.push([action, parameters]), { stub: action }),
        ['request-response', 'sync'],
      );
    }
    return { ...env, calls, sagemaker };
  }

  it('runs the Glue transform (.sync) and the five functions by bare ARN', async () => {
    const { engine, glue, buckets, fixture, calls, sagemaker } = await mlops();
    const { final } = await execute(engine, 'mlops', readFileSync(batchTransform ?? '', 'utf8'));
    expect(final.error ?? '', final.cause).toBe('');
    expect(final.status).toBe('SUCCEEDED');
    expect(calls).toEqual([
      'UniqueJobName',
      'ExtractModelPath',
      'QueryTrainingStatus',
      'RenameBatchOutput',
      'RunGlueCrawler',
    ]);
    expect(sagemaker.map(([a]) => a)).toEqual([
      'createHyperParameterTuningJob',
      'createModel',
      'createTransformJob',
    ]);
    expect(sagemaker[0]?.[1]).toMatchObject({
      HyperParameterTuningJobName: 'employee-attrition-240101000000',
    });
    expect(
      existsSync(join(buckets, 'demo-extracts-store-a1b2', 'data', 'train', 'train.csv')),
    ).toBe(true);
    const [run] = (await glue.getJobRuns({ JobName: 'demo-data-transformation' })).JobRuns;
    expect(run?.Arguments['--INFERENCE_TYPE']).toBe('batch');
    const lines = fixture.lines(LogGroup.Glue, run?.Id ?? '');
    expect(lines).toContain('extracted data/train/train.csv for batch');
    expect(lines.join('\n')).toContain(
      '--extra-py-files: s3://demo-source-repository-a1b2/glue/python/pandasmodule-0.1-py3-none-any.whl was not found locally',
    );
  });

  it('fails the execution as AWS does when the transform job fails', async () => {
    const { engine, glue } = await mlops();
    await glue.updateJob({
      JobName: 'demo-data-transformation',
      JobUpdate: { Role: role, Command: { ScriptLocation: 'program:t-fail' } },
    });
    const { final } = await execute(
      engine,
      'mlops-failing',
      readFileSync(batchTransform ?? '', 'utf8'),
    );
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('States.TaskFailed');
    expect(JSON.parse(final.cause ?? '{}')).toMatchObject({
      JobName: 'demo-data-transformation',
      JobRunState: 'FAILED',
    });
  });
});
