import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../src/core/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../src/engine/index.js';
import type { Engine } from '../../src/engine/index.js';
import {
  createLocalS3,
  objectAccessFor,
  registerS3Integrations,
} from '../../src/services/s3/index.js';
import type { LocalObjectStore } from '../../src/services/s3/index.js';
import { createLocalSsm, registerSsmIntegrations } from '../../src/services/ssm/index.js';
import type { ParameterStore } from '../../src/services/ssm/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { SqliteDatabase } from '../../src/store/index.js';

/**
 * S3 and SSM wired into the engine as the composition root will wire them:
 * a state machine reads its configuration from the parameter store, skips a
 * branch on S3.NoSuchKeyException, writes an object, and runs a distributed
 * Map over a CSV object.
 */

const scope = { region: 'ap-south-1', accountId: '123456789012' };
let home: string;
let db: SqliteDatabase;
let s3: LocalObjectStore;
let ssm: ParameterStore;
let engine: Engine;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-s3-ssm-flow-'));
  db = openDatabase(join(home, 'modelmill.db'));
  const clock = createFakeClock(Date.UTC(2024, 2, 3));
  s3 = createLocalS3({ db, home, scope, clock });
  ssm = createLocalSsm({ db, home, scope, clock });
  const integrations = new IntegrationRegistry();
  registerS3Integrations(integrations, s3);
  registerSsmIntegrations(integrations, ssm);
  engine = createEngine({
    store: createMemoryStore(),
    integrations,
    scope,
    clock,
    ids: createSequentialIds(),
    objects: objectAccessFor(s3),
  });
  await s3.createBucket({ Bucket: 'gata-data' });
  await ssm.putParameter({
    Name: '/gata/dev/image/version-finetune',
    Value: ':2.1',
    Type: 'String',
  });
  await ssm.putParameter({
    Name: '/gata/dev/image/version-inference',
    Value: '@sha256:9f',
    Type: 'String',
  });
});

afterEach(async () => {
  await engine.close();
  db.close();
  rmSync(home, { recursive: true, force: true });
});

const definition = {
  StartAt: 'LoadConfig',
  States: {
    LoadConfig: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:ssm:getParametersByPath',
      Parameters: { Path: '/gata/dev/image/' },
      ResultSelector: { 'versions.$': '$.Parameters[*].Value' },
      ResultPath: '$.config',
      Next: 'ReadLowVolume',
    },
    ReadLowVolume: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Parameters: {
        Bucket: 'gata-data',
        'Key.$': "States.Format('training/gata-low-vol/{}/train/data.json', $.BatchID)",
      },
      ResultSelector: { 'body.$': '$.Body' },
      ResultPath: '$.lowVolume',
      Catch: [
        { ErrorEquals: ['S3.NoSuchKeyException'], ResultPath: '$.skipped', Next: 'WriteSummary' },
      ],
      Next: 'WriteSummary',
    },
    WriteSummary: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
      Parameters: {
        Bucket: 'gata-data',
        'Key.$': "States.Format('runs/{}/summary.json', $.BatchID)",
        'Body.$': '$',
      },
      ResultPath: null,
      Next: 'Rows',
    },
    Rows: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: 'gata-data', Key: 'labels.csv' },
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Echo',
        States: { Echo: { Type: 'Pass', Parameters: { 'label.$': '$.label' }, End: true } },
      },
      ResultPath: '$.labels',
      End: true,
    },
  },
};

async function runFlow(input: unknown): Promise<{ status: string; output: any; error?: string }> {
  engine.createStateMachine({ name: 'finetune', definition: JSON.stringify(definition) });
  const { executionArn } = engine.startExecution({
    stateMachineArn: 'finetune',
    input: JSON.stringify(input),
  });
  const final = await engine.waitFor(executionArn);
  return {
    status: final.status,
    output: final.output === undefined ? undefined : JSON.parse(final.output),
    ...(final.error === undefined ? {} : { error: final.error }),
  };
}

describe('S3 and SSM in a state machine', () => {
  it('reads configuration, catches S3.NoSuchKeyException, writes and maps over objects', async () => {
    await s3.putObject({
      Bucket: 'gata-data',
      Key: 'labels.csv',
      Body: 'id,label\n1,billing\n2,access\n',
    });
    const result = await runFlow({ BatchID: '2024030300' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output.config.versions).toEqual([':2.1', '@sha256:9f']);
    expect(result.output.skipped.Error).toBe('S3.NoSuchKeyException');
    expect(result.output.labels).toEqual([{ label: 'billing' }, { label: 'access' }]);
    const summary = JSON.parse(
      (
        await s3.getObject({ Bucket: 'gata-data', Key: 'runs/2024030300/summary.json' })
      ).Body.toString(),
    );
    expect(summary).toMatchObject({
      BatchID: '2024030300',
      config: { versions: [':2.1', '@sha256:9f'] },
    });
  });

  it('reads the low-volume file when it exists', async () => {
    await s3.putObject({ Bucket: 'gata-data', Key: 'labels.csv', Body: 'id,label\n' });
    await s3.putObject({
      Bucket: 'gata-data',
      Key: 'training/gata-low-vol/2024030301/train/data.json',
      Body: '{"id":1}\n',
    });
    const result = await runFlow({ BatchID: '2024030301' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output.lowVolume.body).toBe('{"id":1}\n');
    expect(result.output.skipped).toBeUndefined();
  });

  it('fails the execution with Ssm.ParameterNotFoundException when configuration is missing', async () => {
    engine.createStateMachine({
      name: 'needs-param',
      definition: JSON.stringify({
        StartAt: 'Read',
        States: {
          Read: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:ssm:getParameter',
            Parameters: { Name: '/gata/dev/missing' },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: 'needs-param', input: '{}' });
    const final = await engine.waitFor(executionArn);
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('Ssm.ParameterNotFoundException');
    expect(final.cause).toContain('/gata/dev/missing');
  });
});
