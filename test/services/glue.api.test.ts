import {
  BatchStopJobRunCommand,
  CreateJobCommand,
  EntityNotFoundException,
  GetJobRunCommand,
  GlueClient,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsGlue, createLocalGlue, glueApi } from '../../src/services/glue/index.js';
import type { LocalGlue } from '../../src/services/glue/index.js';
import { runGlueContract } from '../../src/services/glue/contract.js';
import { lazyServer, localSdkConfig } from '../support/aws-api.js';
import type { RuntimeFixture } from './glue-fixture.js';
import { createRuntimeFixture, scope } from './glue-fixture.js';

/** Glue's job operations end to end: the real SDK against the embedded Glue over HTTP. */

let fixture: RuntimeFixture | undefined;
let glue: LocalGlue;

const serve = lazyServer(async () => {
  fixture = createRuntimeFixture();
  glue = createLocalGlue({ db: fixture.db, scope, runtime: fixture.runtime });
  glue.start();
  // A stand-in for the Data Catalog's operations, merged into the same AWSGlue module.
  const catalog = { GetDatabases: async () => ({ DatabaseList: [{ Name: 'merged' }] }) };
  return [glueApi(glue, catalog)];
});

afterAll(async () => {
  await serve.close();
  await glue?.stop();
  await fixture?.close();
});

runGlueContract(
  'AWS SDK over HTTP to the embedded Glue',
  async () =>
    createAwsGlue({
      config: localSdkConfig((await serve()).url, scope.region),
      pollMs: 50,
    }),
  { succeeds: 'program:t-noop', fails: 'program:t-fail' },
);

describe('Glue wire protocol details', () => {
  async function client(): Promise<GlueClient> {
    return new GlueClient({ ...localSdkConfig((await serve()).url, scope.region), maxAttempts: 1 });
  }

  it('returns JobRun dates the SDK reads as Dates, and stops runs', async () => {
    const sdk = await client();
    await sdk.send(
      new CreateJobCommand({
        Name: 'wire',
        Role: 'r',
        Command: { Name: 'pythonshell', ScriptLocation: 'program:t-slow' },
      }),
    );
    const { JobRunId } = await sdk.send(new StartJobRunCommand({ JobName: 'wire' }));
    const { JobRun } = await sdk.send(new GetJobRunCommand({ JobName: 'wire', RunId: JobRunId }));
    expect(JobRun?.StartedOn).toBeInstanceOf(Date);
    expect(['STARTING', 'RUNNING']).toContain(JobRun?.JobRunState);
    const stop = await sdk.send(
      new BatchStopJobRunCommand({ JobName: 'wire', JobRunIds: [JobRunId ?? ''] }),
    );
    expect(stop.SuccessfulSubmissions).toEqual([{ JobName: 'wire', JobRunId }]);
    const stopped = await glue.waitForJobRun('wire', JobRunId ?? '');
    expect(stopped.JobRunState).toBe('STOPPED');
  });

  it('answers EntityNotFoundException as the SDK models it', async () => {
    const sdk = await client();
    const err = await sdk
      .send(new GetJobRunCommand({ JobName: 'nope', RunId: 'jr_x' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EntityNotFoundException);
    expect((err as Error).message).toContain('Job with name: nope not found');
  });

  it('serves merged operations under the same AWSGlue target', async () => {
    const { GetDatabasesCommand } = await import('@aws-sdk/client-glue');
    const out = await (await client()).send(new GetDatabasesCommand({}));
    expect(out.DatabaseList?.[0]?.Name).toBe('merged');
  });
});
