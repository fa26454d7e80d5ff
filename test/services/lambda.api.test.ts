import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createAwsLambda,
  createLocalLambda,
  lambdaApi,
  writeZip,
} from '../../src/services/lambda/index.js';
import type { LocalLambda } from '../../src/services/lambda/index.js';
import { runLambdaContract } from '../../src/services/lambda/contract.js';
import { lazyServer, localSdkConfig } from '../support/aws-api.js';
import type { RuntimeFixture } from './glue-fixture.js';
import { createRuntimeFixture, scope } from './glue-fixture.js';

/** Lambda's REST protocol end to end: the real SDK against the embedded Lambda over HTTP. */

let fixture: RuntimeFixture | undefined;
let lambda: LocalLambda;

const serve = lazyServer(async () => {
  fixture = createRuntimeFixture();
  lambda = createLocalLambda({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    workDir: fixture.work,
  });
  return [lambdaApi(lambda)];
});

afterAll(async () => {
  await serve.close();
  await lambda?.stop();
  await fixture?.close();
});

runLambdaContract('AWS SDK over HTTP to the embedded Lambda', async () =>
  createAwsLambda({ config: localSdkConfig((await serve()).url, scope.region) }),
);

describe('Lambda wire protocol details', () => {
  async function client(): Promise<LambdaClient> {
    return new LambdaClient({
      ...localSdkConfig((await serve()).url, scope.region),
      maxAttempts: 1,
    });
  }

  it('creates from a zip, invokes with raw payloads, and reports function errors in headers', async () => {
    const sdk = await client();
    const created = await sdk.send(
      new CreateFunctionCommand({
        FunctionName: 'wire',
        Role: 'arn:aws:iam::123456789012:role/r',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: {
          ZipFile: writeZip({
            'index.js':
              "exports.handler = async (e) => { if (e.boom) throw new Error('boom'); console.log('hi'); return e.n * 2; };",
          }),
        },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionArn).toBe('arn:aws:lambda:ap-south-1:123456789012:function:wire');
    const ok = await sdk.send(
      new InvokeCommand({
        FunctionName: 'wire',
        Payload: Buffer.from('{"n":21}'),
        LogType: 'Tail',
      }),
    );
    expect(ok.StatusCode).toBe(200);
    expect(Buffer.from(ok.Payload ?? []).toString()).toBe('42');
    expect(ok.ExecutedVersion).toBe('$LATEST');
    expect(Buffer.from(ok.LogResult ?? '', 'base64').toString()).toContain('\nhi\n');
    const bad = await sdk.send(
      new InvokeCommand({ FunctionName: created.FunctionArn, Payload: Buffer.from('{"boom":1}') }),
    );
    expect(bad.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(bad.Payload ?? []).toString())).toMatchObject({
      errorType: 'Error',
      errorMessage: 'boom',
    });
    const event = await sdk.send(
      new InvokeCommand({
        FunctionName: 'wire',
        InvocationType: 'Event',
        Payload: Buffer.from('{"n":1}'),
      }),
    );
    expect(event.StatusCode).toBe(202);
  });

  it('answers ResourceNotFoundException as the SDK models it, and deletes with 204', async () => {
    const sdk = await client();
    const err = await sdk
      .send(new GetFunctionCommand({ FunctionName: 'nope' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect((err as Error).message).toContain(
      'Function not found: arn:aws:lambda:ap-south-1:123456789012:function:nope',
    );
    lambda.registerLocal('temporary', () => 1);
    const deleted = await sdk.send(new DeleteFunctionCommand({ FunctionName: 'temporary' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });
});
