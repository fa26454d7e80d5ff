import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { runParameterStoreContract } from '../../src/services/ssm/contract.js';
import { createAwsSsm, createLocalSsm, ssmApi } from '../../src/services/ssm/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { SqliteDatabase } from '../../src/store/index.js';
import { awsCliEnv, localSdkConfig } from '../support/aws-api.js';

/** The AmazonSSM JSON API, driven by @aws-sdk/client-ssm and the AWS CLI against the embedded store. */

let home: string;
let db: SqliteDatabase;
let server: RunningServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-ssm-api-'));
  db = openDatabase(join(home, 'modelmill.db'));
  const ssm = createLocalSsm({
    db,
    home,
    scope: { region: 'us-east-1', accountId: '000000000000' },
  });
  server = await startServer({ modules: [ssmApi(ssm)], port: 0 });
});

afterAll(async () => {
  await server?.close();
  db?.close();
  rmSync(home, { recursive: true, force: true });
});

// The whole port contract, through the AWS adapter, over HTTP, into the embedded store.
runParameterStoreContract('aws adapter over the HTTP API', async () => ({
  store: createAwsSsm({ clientConfig: localSdkConfig(server.url) }),
}));

describe('AmazonSSM JSON protocol', () => {
  it('answers the SDK with its own types and error classes', async () => {
    const client = new SSMClient(localSdkConfig(server.url));
    await client.send(new PutParameterCommand({ Name: '/api/sdk', Value: 'v', Type: 'String' }));
    const out = await client.send(new GetParameterCommand({ Name: '/api/sdk' }));
    expect(out.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    expect(Math.abs((out.Parameter?.LastModifiedDate?.getTime() ?? 0) - Date.now())).toBeLessThan(
      60_000,
    );
    const err = await client
      .send(new GetParameterCommand({ Name: '/api/none' }))
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('ParameterNotFound');
    expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    expect((err as Error).message).toContain('/api/none');
  });

  it('works with the AWS CLI (--endpoint-url)', async () => {
    const run = promisify(execFile);
    const env = awsCliEnv();
    const aws = (...args: string[]) =>
      run('aws', ['ssm', ...args, '--endpoint-url', server.url, '--output', 'json'], { env });
    const available = await run('aws', ['--version'], { env }).then(
      () => true,
      () => false,
    );
    if (!available) {
      console.warn('aws CLI not installed: skipping the CLI check');
      return;
    }
    await aws(
      'put-parameter',
      '--name',
      '/api/cli/db',
      '--value',
      'secret',
      '--type',
      'SecureString',
    );
    const got = JSON.parse(
      (await aws('get-parameter', '--name', '/api/cli/db', '--with-decryption')).stdout,
    );
    expect(got.Parameter).toMatchObject({
      Name: '/api/cli/db',
      Value: 'secret',
      Type: 'SecureString',
      Version: 1,
    });
    const listed = JSON.parse(
      (await aws('get-parameters-by-path', '--path', '/api/cli', '--recursive')).stdout,
    );
    expect(listed.Parameters).toHaveLength(1);
    const failed = await aws('get-parameter', '--name', '/api/cli/none').catch(
      (e: { stderr: string }) => e,
    );
    expect(failed.stderr).toContain('ParameterNotFound');
  });
});
