/**
 * The embedded SageMaker's overhead, against the same work done directly with
 * `src/ml` in the same process:
 * - built-in training jobs (xgboost, 150 rows) from CreateTrainingJob to
 *   Completed — staging the channels, the worker program, metrics from the
 *   log, model.tar.gz upload — against parse + fit + serialize in process;
 * - InvokeEndpoint on a built-in endpoint (one row per call, HTTP to the
 *   in-process model server) against `model.predict` of one row;
 * - a batch transform of 20,000 CSV rows (MultiRecord) against one
 *   `model.predict` of the whole matrix.
 * Goals: a training job costs < 50 ms on top of its fit; a transform keeps
 * >= 0.2x of the bare predict rate.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom, fitModel, loadModel, parseCsv, serializeModel } from '../src/ml/index.js';
import {
  createProgramRegistry,
  createRuntime,
  createSqliteLogStore,
} from '../src/runtime/index.js';
import { createLocalEcr } from '../src/services/ecr/index.js';
import { createLocalS3 } from '../src/services/s3/index.js';
import { createLocalSageMaker } from '../src/services/sagemaker/index.js';
import { openDatabase } from '../src/store/index.js';
import type { BenchReport } from './harness.js';
import { timeMs } from './harness.js';

const JOBS = 40;
const CALLS = 500;
const TRANSFORM_ROWS = 20_000;
const scope = { region: 'us-east-1', accountId: '000000000000' };
const image = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const train = readFileSync(new URL('../examples/byom/data/train.csv', import.meta.url), 'utf8');

function scoreRows(n: number): string {
  const random = createRandom(1);
  return Array.from({ length: n }, () =>
    Array.from({ length: 4 }, () => (random.next() * 4).toFixed(3)).join(','),
  ).join('\n');
}

async function rig() {
  const home = mkdtempSync(join(tmpdir(), 'mm-bench-sm-'));
  const db = openDatabase(':memory:');
  const runtime = createRuntime({
    logs: createSqliteLogStore({ db }),
    programs: createProgramRegistry(),
    workDir: join(home, 'work'),
    containerEngine: null,
  });
  const s3 = createLocalS3({ db, home, scope });
  const sagemaker = createLocalSageMaker({
    db,
    scope,
    runtime,
    images: createLocalEcr({ db, scope }),
    objects: s3,
    home,
  });
  await s3.createBucket({ Bucket: 'data' });
  await s3.createBucket({ Bucket: 'models' });
  await s3.putObject({ Bucket: 'data', Key: 'train/train.csv', Body: train });
  await s3.putObject({ Bucket: 'data', Key: 'score/score.csv', Body: scoreRows(TRANSFORM_ROWS) });
  const close = async () => {
    await sagemaker.close();
    await runtime.close();
    db.close();
    rmSync(home, { recursive: true, force: true });
  };
  return { sagemaker, close };
}

function request(name: string) {
  return {
    TrainingJobName: name,
    RoleArn: 'arn:aws:iam::000000000000:role/r',
    AlgorithmSpecification: { TrainingImage: image, TrainingInputMode: 'File' },
    HyperParameters: { num_round: '20', max_depth: '3' },
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix' as const, S3Uri: 's3://data/train/' },
        },
      },
    ],
    OutputDataConfig: { S3OutputPath: 's3://models/out' },
  };
}

/** Runs the benchmark. */
export default async function bench(): Promise<BenchReport> {
  const { sagemaker, close } = await rig();
  try {
    // Warm the worker pool and the modules once.
    await sagemaker.createTrainingJob(request('warm'));
    await sagemaker.waitForTrainingJob('warm');
    const jobsMs = await timeMs(async () => {
      const names = Array.from({ length: JOBS }, (_, i) => `job-${i}`);
      for (const name of names) await sagemaker.createTrainingJob(request(name));
      await Promise.all(names.map((n) => sagemaker.waitForTrainingJob(n)));
    });
    const data = parseCsv(train);
    const fitMs = await timeMs(() => {
      for (let i = 0; i < JOBS; i += 1) {
        const model = fitModel({
          algorithm: 'xgb',
          task: 'classification',
          x: data.x,
          y: data.y ?? new Float64Array(),
          hyperparameters: { num_round: '20', max_depth: '3' },
        });
        JSON.stringify(serializeModel(model));
      }
    });
    const { ModelArtifacts } = await sagemaker.describeTrainingJob({ TrainingJobName: 'warm' });
    await sagemaker.createModel({
      ModelName: 'm',
      PrimaryContainer: { Image: image, ModelDataUrl: ModelArtifacts.S3ModelArtifacts },
    });
    await sagemaker.createEndpointConfig({
      EndpointConfigName: 'c',
      ProductionVariants: [{ VariantName: 'v', ModelName: 'm' }],
    });
    await sagemaker.createEndpoint({ EndpointName: 'e', EndpointConfigName: 'c' });
    await sagemaker.waitForEndpoint('e');
    const row = '1.2,2.3,0.4,3.1';
    const invokeMs = await timeMs(async () => {
      for (let i = 0; i < CALLS; i += 1)
        await sagemaker.invokeEndpoint({ EndpointName: 'e', Body: row, ContentType: 'text/csv' });
    });
    const model = loadModel(
      serializeModel(
        fitModel({
          algorithm: 'xgb',
          task: 'classification',
          x: data.x,
          y: data.y ?? new Float64Array(),
          hyperparameters: { num_round: '20', max_depth: '3' },
        }),
      ),
    );
    const one = parseCsv(row, { label: null }).x;
    const predictMs = await timeMs(() => {
      for (let i = 0; i < CALLS; i += 1) model.predict(one);
    });
    const transformMs = await timeMs(async () => {
      await sagemaker.createTransformJob({
        TransformJobName: 't',
        ModelName: 'm',
        TransformInput: {
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/score/' } },
          ContentType: 'text/csv',
          SplitType: 'Line',
        },
        TransformOutput: { S3OutputPath: 's3://models/scored', AssembleWith: 'Line' },
        BatchStrategy: 'MultiRecord',
      });
      const done = await sagemaker.waitForTransformJob('t');
      if (done.TransformJobStatus !== 'Completed')
        throw new Error(`transform ${done.TransformJobStatus}: ${done.FailureReason}`);
    });
    const all = parseCsv(scoreRows(TRANSFORM_ROWS), { label: null }).x;
    const bulkMs = await timeMs(() => model.predict(all));
    const overhead = (jobsMs - fitMs) / JOBS;
    const transformRate = TRANSFORM_ROWS / (transformMs / 1000);
    const bulkRate = TRANSFORM_ROWS / (bulkMs / 1000);
    return {
      title:
        'SageMaker: built-in training jobs, endpoint calls and batch transform against src/ml in process',
      rows: [
        {
          name: `${JOBS} xgboost training jobs, create → Completed`,
          value: JOBS / (jobsMs / 1000),
          unit: 'jobs/s',
          baseline: JOBS / (fitMs / 1000),
          baselineName: 'fit + serialize in process',
        },
        {
          name: 'overhead per training job',
          value: overhead,
          unit: 'ms',
          higherIsBetter: false,
          goal: '< 50 ms',
          met: overhead < 50,
        },
        {
          name: 'InvokeEndpoint, one CSV row',
          value: CALLS / (invokeMs / 1000),
          unit: 'calls/s',
          baseline: CALLS / (predictMs / 1000),
          baselineName: 'model.predict of one row',
        },
        {
          name: `batch transform, ${TRANSFORM_ROWS.toLocaleString('en-US')} rows MultiRecord`,
          value: transformRate,
          unit: 'rows/s',
          baseline: bulkRate,
          baselineName: 'one model.predict of all rows',
          goal: '>= 0.2x',
          met: transformRate >= 0.2 * bulkRate,
        },
      ],
      notes: [
        "Training jobs run in the runtime's worker pool (one per CPU), so several fit at once; the in-process baseline fits one after another.",
      ],
    };
  } finally {
    await close();
  }
}
