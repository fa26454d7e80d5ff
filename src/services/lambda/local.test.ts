import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import type { RuntimeFixture } from '../../../test/services/glue-fixture.js';
import { createRuntimeFixture, scope, writeScript } from '../../../test/services/glue-fixture.js';
import { lambdaPrograms } from '../../../test/services/lambda-programs.js';
import { runLambdaContract } from './contract.js';
import { createLocalLambda } from './local.js';
import type { LocalLambdaOptions } from './local.js';
import type { LocalLambda } from './types.js';
import { writeZip } from './zip.js';

const fixtures: RuntimeFixture[] = [];
const lambdas: LocalLambda[] = [];
afterAll(async () => {
  for (const l of lambdas) await l.stop();
  for (const f of fixtures) await f.close();
});

function setup(options: Partial<LocalLambdaOptions> & { fixture?: RuntimeFixture } = {}) {
  const fixture = options.fixture ?? createRuntimeFixture();
  if (!options.fixture) fixtures.push(fixture);
  const lambda = createLocalLambda({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    workDir: join(fixture.work, 'lambda'),
    scriptRoot: fixture.work,
    ...options,
  });
  lambdas.push(lambda);
  return { lambda, fixture };
}

const role = 'arn:aws:iam::123456789012:role/fn';
const json = (text: string | undefined) => JSON.parse(text ?? 'null');

runLambdaContract('embedded Lambda', () => setup().lambda);

describe('Lambda: what backs a function', () => {
  it('calls an in-process handler bound with registerLocal, with Lambda’s context', async () => {
    const { lambda } = setup();
    const config = lambda.registerLocal('UniqueJobName', (event: { JobName: string }, context) => ({
      JobName: `${event.JobName}-240101000000`,
      requestId: context.awsRequestId,
      remaining: context.getRemainingTimeInMillis() > 0,
    }));
    expect(config).toMatchObject({
      FunctionName: 'UniqueJobName',
      Runtime: 'nodejs20.x',
      Timeout: 3,
    });
    const out = await lambda.invoke({
      FunctionName: 'arn:aws:lambda:us-east-1:999999999999:function:UniqueJobName',
      Payload: '{"JobName":"attrition"}',
    });
    expect(json(out.Payload)).toMatchObject({ JobName: 'attrition-240101000000', remaining: true });
    expect(
      (await lambda.getFunction({ FunctionName: 'UniqueJobName' })).Configuration.Handler,
    ).toBe('modelmill:local');
  });

  it('answers a thrown error, and a timeout without errorType, as Unhandled function errors', async () => {
    const { lambda } = setup({ clock: createFakeClock() });
    lambda.registerLocal('thrower', () => {
      throw new RangeError('score out of range');
    });
    const thrown = await lambda.invoke({ FunctionName: 'thrower' });
    expect(thrown.FunctionError).toBe('Unhandled');
    expect(json(thrown.Payload)).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'score out of range',
    });
    expect(json(thrown.Payload).trace[0]).toBe('RangeError: score out of range');
    lambda.registerLocal('sleeper', () => new Promise(() => undefined), { Timeout: 2 });
    const late = await lambda.invoke({ FunctionName: 'sleeper' });
    expect(late.FunctionError).toBe('Unhandled');
    expect(json(late.Payload)).toEqual({
      errorMessage: expect.stringMatching(
        /^\d{4}-.*Z [0-9a-f-]{36} Task timed out after 2\.00 seconds$/,
      ),
    });
  });

  it('runs a Python handler from a zip, with the Python error document when it raises', async () => {
    const { lambda, fixture } = setup();
    const code = writeZip({
      'app/__init__.py': '',
      'app/main.py': [
        'import os',
        'def handler(event, context):',
        "    if event.get('bad'):",
        "        raise ValueError('bad input')",
        "    return {'sum': event['a'] + event['b'], 'fn': context.function_name, 'env': os.environ['STAGE']}",
      ].join('\n'),
    });
    await lambda.createFunction({
      FunctionName: 'adder',
      Role: role,
      Runtime: 'python3.11',
      Handler: 'app.main.handler',
      Environment: { Variables: { STAGE: 'dev' } },
      Code: { ZipFile: code.toString('base64') },
    });
    const ok = await lambda.invoke({
      FunctionName: 'adder',
      Payload: '{"a":2,"b":3}',
      LogType: 'Tail',
    });
    expect(json(ok.Payload)).toEqual({ sum: 5, fn: 'adder', env: 'dev' });
    expect(Buffer.from(ok.LogResult ?? '', 'base64').toString()).toMatch(
      /^START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: /s,
    );
    const bad = await lambda.invoke({ FunctionName: 'adder', Payload: '{"bad":true}' });
    expect(bad.FunctionError).toBe('Unhandled');
    expect(json(bad.Payload)).toMatchObject({ errorType: 'ValueError', errorMessage: 'bad input' });
    expect(json(bad.Payload).stackTrace.length).toBeGreaterThan(0);
    const streams = fixture.logs.streams('/aws/lambda/adder');
    expect(streams).toHaveLength(2);
    expect(streams[0]?.stream).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('runs a module#export handler in the worker pool, with the function’s environment and console output', async () => {
    const { lambda, fixture } = setup();
    writeScript(
      fixture.work,
      'fn.mts',
      "export async function rename(event: { Path: string }) {\n  console.log('renaming', event.Path);\n  return { renamed: `${event.Path}/out.csv`, name: process.env.AWS_LAMBDA_FUNCTION_NAME, bucket: process.env.BUCKET };\n}\n",
    );
    await lambda.createFunction({
      FunctionName: 'RenameBatchOutput',
      Role: role,
      Runtime: 'nodejs20.x',
      Handler: 'fn.mts#rename',
      Environment: { Variables: { BUCKET: 'output-store' } },
      Code: {},
    });
    const out = await lambda.invoke({
      FunctionName: 'RenameBatchOutput',
      Payload: '{"Path":"batch"}',
    });
    expect(json(out.Payload)).toEqual({
      renamed: 'batch/out.csv',
      name: 'RenameBatchOutput',
      bucket: 'output-store',
    });
    const [stream] = fixture.logs.streams('/aws/lambda/RenameBatchOutput');
    const lines = fixture.lines('/aws/lambda/RenameBatchOutput', stream?.stream ?? '');
    expect(lines[0]).toMatch(/^START RequestId: /);
    expect(lines).toContain('renaming batch');
    expect(lines.at(-1)).toMatch(
      /^REPORT RequestId: .*\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB$/,
    );
  });

  it('runs a command with the event and result files, and an exit failure as Runtime.ExitError', async () => {
    const { lambda } = setup();
    await lambda.createFunction({
      FunctionName: 'shell',
      Role: role,
      Handler: 'command:["sh", "-c", "cat $MODELMILL_LAMBDA_EVENT > $MODELMILL_LAMBDA_RESULT"]',
      Code: {},
    });
    expect(
      json((await lambda.invoke({ FunctionName: 'shell', Payload: '{"x":[1]}' })).Payload),
    ).toEqual({ x: [1] });
    await lambda.createFunction({
      FunctionName: 'absent',
      Role: role,
      Handler: 'command:definitely-not-a-command-xyz',
      Code: {},
    });
    const absent = await lambda.invoke({ FunctionName: 'absent' });
    expect(absent.FunctionError).toBe('Unhandled');
    expect(json(absent.Payload).errorMessage).toContain('definitely-not-a-command-xyz');
    await lambda.createFunction({
      FunctionName: 'dies',
      Role: role,
      Handler: 'command:["sh", "-c", "exit 4"]',
      Code: {},
    });
    const out = await lambda.invoke({ FunctionName: 'dies' });
    expect(json(out.Payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringMatching(
        /^RequestId: .* Error: Runtime exited with error: exit status 4$/,
      ),
    });
  });

  it('runs an Image function through the image registry', async () => {
    const fixture = createRuntimeFixture();
    fixtures.push(fixture);
    for (const p of lambdaPrograms) fixture.runtime.programs.register(p);
    const images = {
      resolve: (uri: string) =>
        uri.endsWith('/fn:1')
          ? { kind: 'program' as const, program: 'lambda-image-echo' }
          : undefined,
    };
    const { lambda } = setup({ fixture, images });
    await lambda.createFunction({
      FunctionName: 'imaged',
      Role: role,
      PackageType: 'Image',
      Code: { ImageUri: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/fn:1' },
      ImageConfig: { Command: ['app.handler'] },
    });
    const out = await lambda.invoke({ FunctionName: 'imaged', Payload: '{"k":1}' });
    expect(json(out.Payload)).toEqual({ image: ['app.handler'], event: { k: 1 } });
  });

  it('uses a folder in S3 as code, and reports a missing module or export as Lambda does', async () => {
    const bucket = createRuntimeFixture();
    fixtures.push(bucket);
    mkdirSync(join(bucket.work, 'code', 'fns'), { recursive: true });
    writeScript(
      join(bucket.work, 'code', 'fns'),
      'index.js',
      'exports.handler = async () => "from s3";\n',
    );
    const objects = { localPath: (b: string, k = '') => join(bucket.work, b, k) };
    const { lambda } = setup({ objects });
    const create = (name: string, handler: string) =>
      lambda.createFunction({
        FunctionName: name,
        Role: role,
        Runtime: 'nodejs20.x',
        Handler: handler,
        Code: { S3Bucket: 'code', S3Key: 'fns' },
      });
    await create('s3fn', 'index.handler');
    expect(json((await lambda.invoke({ FunctionName: 's3fn' })).Payload)).toBe('from s3');
    await create('nomodule', 'missing.handler');
    expect(json((await lambda.invoke({ FunctionName: 'nomodule' })).Payload).errorType).toBe(
      'Runtime.ImportModuleError',
    );
    await create('noexport', 'index.other');
    expect(json((await lambda.invoke({ FunctionName: 'noexport' })).Payload).errorType).toBe(
      'Runtime.HandlerNotFound',
    );
    const err = await lambda
      .createFunction({
        FunctionName: 'nos3',
        Role: role,
        Handler: 'i.h',
        Code: { S3Bucket: 'code', S3Key: 'nothing.zip' },
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'InvalidParameterValueException' });
  });
});

describe('Lambda: invocations and definitions', () => {
  it('runs Event invocations in the background', async () => {
    const { lambda } = setup();
    const seen: unknown[] = [];
    lambda.registerLocal('listener', async (event: unknown) => {
      await new Promise((r) => setTimeout(r, 50));
      seen.push(event);
    });
    const out = await lambda.invoke({
      FunctionName: 'listener',
      InvocationType: 'Event',
      Payload: '{"n":1}',
    });
    expect(out).toEqual({ StatusCode: 202 });
    expect(seen).toEqual([]);
    await lambda.stop();
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('replaces the code with UpdateFunctionCode and keeps functions in the database', async () => {
    const file = join(createRuntimeFixture().work, 'lambda.db');
    const first = createRuntimeFixture({ file });
    const a = setup({ fixture: first });
    const zip = (answer: string) =>
      writeZip({ 'index.js': `exports.handler = async () => ${JSON.stringify(answer)};` }).toString(
        'base64',
      );
    const created = await a.lambda.createFunction({
      FunctionName: 'versioned',
      Role: role,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zip('one') },
    });
    expect(json((await a.lambda.invoke({ FunctionName: 'versioned' })).Payload)).toBe('one');
    const updated = await a.lambda.updateFunctionCode({
      FunctionName: 'versioned',
      ZipFile: zip('two'),
    });
    expect(updated.CodeSha256).not.toBe(created.CodeSha256);
    expect(json((await a.lambda.invoke({ FunctionName: 'versioned' })).Payload)).toBe('two');
    await a.lambda.stop();
    await first.close();
    const b = setup({ fixture: createRuntimeFixture({ file }) });
    fixtures.push(b.fixture);
    expect(json((await b.lambda.invoke({ FunctionName: 'versioned' })).Payload)).toBe('two');
  });

  it('checks requests at the edge', async () => {
    const { lambda } = setup();
    const fail = (p: Promise<unknown>) =>
      p.catch((e: unknown) => e as { code: string; message: string });
    expect(
      await fail(
        lambda.createFunction({ FunctionName: 'bad name!', Role: role, Handler: 'a.b', Code: {} }),
      ),
    ).toMatchObject({ code: 'InvalidParameterValueException' });
    expect(
      await fail(
        lambda.createFunction({
          FunctionName: 'x',
          Role: role,
          Handler: 'a.b',
          Timeout: 901,
          Code: {},
        }),
      ),
    ).toMatchObject({
      message: expect.stringContaining('Member must have value between 1 and 900'),
    });
    expect(
      await fail(lambda.createFunction({ FunctionName: 'x', Role: role, Code: {} })),
    ).toMatchObject({
      message: expect.stringContaining('Handler is missing'),
    });
    lambda.registerLocal('ok', () => 1);
    expect(await fail(lambda.invoke({ FunctionName: 'ok', Payload: 'not json' }))).toMatchObject({
      code: 'InvalidRequestContentException',
    });
    expect(await fail(lambda.invoke({ FunctionName: 'ok', Qualifier: 'prod' }))).toMatchObject({
      code: 'ResourceNotFoundException',
    });
  });
});
