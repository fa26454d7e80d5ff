import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseS3Uri } from '../../src/core/index.js';
import type { Clock } from '../../src/core/index.js';
import {
  createProgramRegistry,
  createRuntime,
  createSqliteLogStore,
} from '../../src/runtime/index.js';
import type { LogStore, Runtime } from '../../src/runtime/index.js';
import { createLocalEcr } from '../../src/services/ecr/index.js';
import type { LocalImageRegistry } from '../../src/services/ecr/index.js';
import { createLocalS3 } from '../../src/services/s3/index.js';
import type { LocalObjectStore } from '../../src/services/s3/index.js';
import { createLocalSageMaker } from '../../src/services/sagemaker/index.js';
import type {
  CreateTrainingJobInput,
  EventEntry,
  LocalSageMaker,
} from '../../src/services/sagemaker/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { SqliteDatabase } from '../../src/store/index.js';
import { repoRoot } from '../support/shared.js';

/**
 * An embedded SageMaker on a real runtime, image registry and S3 over one
 * SQLite database, for the SageMaker tests. The bring-your-own sample
 * (`examples/byom`) is registered as `byom:1`; events land in `events`.
 */

/** The account of the fixtures. */
export const scope = { region: 'us-east-1', accountId: '123456789012' };

/** The sample's folder. */
export const byomFolder = join(repoRoot, 'examples', 'byom');

/** Image URIs the fixture registers. */
export const images = {
  byom: '123456789012.dkr.ecr.us-east-1.amazonaws.com/byom:1',
  xgboost: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
};

/** What a fixture holds. */
export interface SageMakerFixture {
  home: string;
  db: SqliteDatabase;
  logs: LogStore;
  runtime: Runtime;
  ecr: LocalImageRegistry;
  s3: LocalObjectStore;
  sagemaker: LocalSageMaker;
  /** Events the registry put. */
  events: EventEntry[];
  /** Writes an object (creating its bucket). */
  put(uri: string, body: string | Buffer): Promise<void>;
  /** An object's text. */
  read(uri: string): Promise<string>;
  /** Lines of a log stream. */
  lines(group: string, stream: string): string[];
  /** Writes an executable script into a fresh folder and returns the folder. */
  folderWith(files: Record<string, string>): string;
  close(): Promise<void>;
}

/** Builds a fixture (started). */
export async function createSageMakerFixture(
  options: { file?: string; home?: string; clock?: Clock; serverStartMs?: number } = {},
): Promise<SageMakerFixture> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'mm-sagemaker-'));
  const db = openDatabase(options.file ?? ':memory:');
  const logs = createSqliteLogStore({ db });
  const runtime = createRuntime({
    logs,
    programs: createProgramRegistry(),
    workDir: join(home, 'work', 'runtime'),
    poolSize: 2,
    containerEngine: null,
    killGraceMs: 300,
  });
  const ecr = createLocalEcr({ db, scope });
  await ecr.registerImage({ imageUri: images.byom, folder: byomFolder });
  const s3 = createLocalS3({ db, home, scope });
  const events: EventEntry[] = [];
  const sagemaker = createLocalSageMaker({
    db,
    scope,
    runtime,
    images: ecr,
    objects: s3,
    home,
    events: { putEvents: async (entries) => void events.push(...entries) },
    serverStartMs: options.serverStartMs ?? 20_000,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await sagemaker.start();
  const buckets = new Set<string>();
  const fixture: SageMakerFixture = {
    home,
    db,
    logs,
    runtime,
    ecr,
    s3,
    sagemaker,
    events,
    async put(uri, body) {
      const { bucket, key } = parseS3Uri(uri);
      if (!buckets.has(bucket)) {
        buckets.add(bucket);
        await s3.createBucket({ Bucket: bucket }).catch(() => undefined);
      }
      await s3.putObject({ Bucket: bucket, Key: key, Body: body });
    },
    async read(uri) {
      const { bucket, key } = parseS3Uri(uri);
      return Buffer.from((await s3.getObject({ Bucket: bucket, Key: key })).Body).toString('utf8');
    },
    lines(group, stream) {
      logs.flush();
      return logs.read(group, stream).events.map((e) => e.message);
    },
    folderWith(files) {
      const folder = mkdtempSync(join(home, 'image-'));
      for (const [name, text] of Object.entries(files)) {
        const path = join(folder, name);
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, text);
        chmodSync(path, 0o755);
      }
      return folder;
    },
    async close() {
      await sagemaker.close();
      await runtime.close();
      db.close();
    },
  };
  return fixture;
}

/** The sample data of examples/byom. */
export function sampleData(name: 'train.csv' | 'validation.csv' | 'score.csv'): string {
  return readFileSync(join(byomFolder, 'data', name), 'utf8');
}

/** A training job request with the usual fields filled in. */
export function trainingRequest(
  name: string,
  fields: Record<string, unknown> = {},
): CreateTrainingJobInput {
  return {
    TrainingJobName: name,
    RoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
    AlgorithmSpecification: { TrainingImage: images.xgboost, TrainingInputMode: 'File' },
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix' as const, S3Uri: 's3://data/train/' },
        },
      },
      {
        ChannelName: 'validation',
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix' as const, S3Uri: 's3://data/validation/' },
        },
      },
    ],
    OutputDataConfig: { S3OutputPath: 's3://models/out' },
    ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
    ...fields,
  };
}

/** Puts the sample's train and validation sets under s3://data/. */
export async function putSampleData(f: SageMakerFixture): Promise<void> {
  await f.put('s3://data/train/train.csv', sampleData('train.csv'));
  await f.put('s3://data/validation/validation.csv', sampleData('validation.csv'));
  await f.put('s3://data/score/score.csv', sampleData('score.csv'));
  await f.s3.createBucket({ Bucket: 'models' }).catch(() => undefined);
}
