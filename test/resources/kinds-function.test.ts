import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  down,
  instance,
  lines,
  problems,
  synthOne,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** The `function` kind against the embedded Lambda: module handlers beside the config, and commands. */

useInstance();

const configDir = mkdtempSync(join(tmpdir(), 'mm-function-config-'));
writeFileSync(
  join(configDir, 'greet.mjs'),
  [
    'export async function handler(event, context) {',
    '  return { greeting: `${process.env.GREETING} ${event.who}`, name: context.functionName };',
    '}',
    'export const shout = async (event) => ({ greeting: `HELLO ${event.who}` });',
  ].join('\n'),
);
writeFileSync(
  join(configDir, 'score.py'),
  'def handler(event, context):\n    return {"ok": True}\n',
);

const fn = (over: object = {}) => ({
  kind: 'function',
  name: 'mlops-unique-job-name',
  handler: 'greet.mjs#handler',
  environment: { GREETING: 'hello' },
  timeout: 30,
  ...over,
});

const lambda = () => instance.mm.services.lambda;
const configuration = async () =>
  (await lambda().getFunction({ FunctionName: 'mlops-unique-job-name' })).Configuration;
const invoke = async (who: string) => {
  const out = await lambda().invoke({
    FunctionName: 'arn:aws:lambda:ap-south-1:123456789012:function:mlops-unique-job-name',
    Payload: JSON.stringify({ who }),
  });
  return { error: out.FunctionError, payload: JSON.parse(out.Payload ?? 'null') as unknown };
};
const apply = (specs: unknown[]) => up(specs, { baseDir: configDir });

describe('function', () => {
  it('creates the function from a module beside the config; it answers Invoke', async () => {
    const first = await apply([fn({ tags: { team: 'ml' } })]);
    expect(lines(first.resources)).toEqual(['created function mlops-unique-job-name']);
    expect(await configuration()).toMatchObject({
      Handler: `${join(configDir, 'greet.mjs')}#handler`,
      Runtime: 'nodejs20.x',
      Timeout: 30,
      MemorySize: 128,
      Environment: { Variables: { GREETING: 'hello' } },
      Role: 'arn:aws:iam::000000000000:role/modelmill-local',
    });
    expect(await invoke('modelmill')).toEqual({
      error: undefined,
      payload: { greeting: 'hello modelmill', name: 'mlops-unique-job-name' },
    });
    expect((await apply([fn({ tags: { team: 'ml' } })])).resources).toMatchObject([
      { action: 'unchanged' },
    ]);
  });

  it('updates handler and settings (replacing the function, tags kept) and names what changed', async () => {
    await apply([fn({ tags: { team: 'ml' } })]);
    const report = await apply([
      fn({
        handler: 'greet.mjs#shout',
        environment: {},
        memorySize: 512,
        description: 'makes job names',
        role: 'arn:aws:iam::123456789012:role/fn',
      }),
    ]);
    expect(report.resources).toMatchObject([
      {
        action: 'updated',
        changes: ['handler', 'environment', 'memorySize', 'description', 'role'],
      },
    ]);
    expect(await configuration()).toMatchObject({
      MemorySize: 512,
      Description: 'makes job names',
      Role: 'arn:aws:iam::123456789012:role/fn',
    });
    expect((await configuration()).Environment).toBeUndefined();
    expect((await lambda().getFunction({ FunctionName: 'mlops-unique-job-name' })).Tags).toEqual({
      team: 'ml',
    });
    expect(await invoke('again')).toMatchObject({ payload: { greeting: 'HELLO again' } });
    // Leaving the role out keeps the one the function has.
    const again = await apply([
      fn({
        handler: 'greet.mjs#shout',
        environment: {},
        memorySize: 512,
        description: 'makes job names',
      }),
    ]);
    expect(again.resources).toMatchObject([{ action: 'unchanged' }]);
  });

  it('runs a command handler, and a Python module with python3.12 by default', async () => {
    await apply([
      fn({ name: 'cmd', handler: 'command:node -e "1"' }),
      fn({ name: 'py', handler: 'score.py#handler', environment: {} }),
    ]);
    const describeIt = async (name: string) =>
      (await lambda().getFunction({ FunctionName: name })).Configuration;
    expect(await describeIt('cmd')).toMatchObject({
      Handler: 'command:node -e "1"',
      Runtime: 'nodejs20.x',
    });
    expect(await describeIt('py')).toMatchObject({
      Handler: `${join(configDir, 'score.py')}#handler`,
      Runtime: 'python3.12',
    });
  });

  it('down deletes what up created and keeps a function that existed before', async () => {
    await lambda().createFunction({
      FunctionName: 'theirs',
      Role: 'arn:aws:iam::123456789012:role/x',
      Handler: 'command:true',
      Code: {},
    });
    await apply([fn(), fn({ name: 'theirs' })]);
    expect(lines((await down()).resources)).toEqual([
      'kept function theirs',
      'deleted function mlops-unique-job-name',
    ]);
    expect((await lambda().listFunctions()).Functions.map((f) => f.FunctionName)).toEqual([
      'theirs',
    ]);
  });
});

describe('function: config problems', () => {
  it('names the index, kind, name and field', () => {
    expect(
      problems(
        [
          fn({ handler: 'index.handler' }),
          fn({ name: 'b', handler: 'greet.mjs#' }),
          fn({ name: 'c', handler: 'score.py#handler', runtime: 'nodejs20.x' }),
          fn({ name: 'd', environment: { AWS_REGION: 'x', 'bad-name': 'y' } }),
          fn({ name: 'e', timeout: 901, memorySize: 64 }),
          fn({ name: 'f', handler: 'command:' }),
          fn({ name: 'has space' }),
          fn({ name: 'g', handler: 'nowhere.mjs#handler' }),
        ],
        configDir,
      ),
    ).toEqual([
      "resources[0] (function 'mlops-unique-job-name'): handler: 'index.handler' is not a handler modelmill runs: give 'path/to/module.js#export' (relative to the config) or 'command:<words>'",
      "resources[1] (function 'b'): handler: '' after # is not a function name; give the exported function, e.g. greet.mjs#handler",
      "resources[2] (function 'c'): runtime: the handler is a Python module; set runtime to a python3.x runtime (or leave it out for python3.12)",
      "resources[3] (function 'd'): environment.AWS_REGION: Lambda sets this variable itself; a function cannot set it (choose another name)",
      "resources[3] (function 'd'): environment.bad-name: a variable name is letters, digits and _, starting with a letter",
      "resources[4] (function 'e'): timeout: Too big: expected number to be <=900, got 901",
      "resources[4] (function 'e'): memorySize: Too small: expected number to be >=128, got 64",
      "resources[5] (function 'f'): handler: command: needs the command to run (command:<words>, or command:[...] for a JSON list)",
      "resources[6] (function 'has space'): name: a function name is 1-64 letters, digits, '-' and '_', got \"has space\"",
      `resources[7] (function 'g'): handler: the module '${join(configDir, 'nowhere.mjs')}' does not exist; fix the path before # (it is relative to the config file)`,
    ]);
  });
});

describe('function: synth', () => {
  it('synthesizes a module function with its code location as Parameters and a role', () => {
    const t = template([fn({ tags: { team: 'ml' } })], configDir);
    const id = 'MlopsUniqueJobNameFunction';
    expect(Object.keys(t.Resources)).toEqual([`${id}Role`, id]);
    expect(t.Resources[`${id}Role`]?.Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] },
      ManagedPolicyArns: [
        {
          'Fn::Sub':
            'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        },
      ],
    });
    expect(t.Resources[id]).toEqual({
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'mlops-unique-job-name',
        Role: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] },
        Runtime: 'nodejs20.x',
        Handler: 'greet.handler',
        Code: { S3Bucket: { Ref: 'FunctionCodeBucket' }, S3Key: { Ref: `${id}CodeKey` } },
        Timeout: 30,
        MemorySize: 128,
        Environment: { Variables: { GREETING: 'hello' } },
        Tags: [{ Key: 'team', Value: 'ml' }],
      },
    });
    expect(t.Parameters).toEqual({
      FunctionCodeBucket: { Type: 'String', Description: expect.stringContaining('code packages') },
      [`${id}CodeKey`]: {
        Type: 'String',
        Default: 'functions/mlops-unique-job-name.zip',
        Description: 'S3 key of the code package of function mlops-unique-job-name',
      },
    });
    expect(t.Metadata.modelmill.notes).toEqual([
      "function 'mlops-unique-job-name': zip the folder of greet.mjs (its dependencies included) with greet.mjs at the root and upload it to s3://<FunctionCodeBucket>/functions/mlops-unique-job-name.zip (or pass another key as the parameter MlopsUniqueJobNameFunctionCodeKey)",
    ]);
    expect(t.Outputs?.[`${id}Arn`]?.Value).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
  });

  it('synthesizes a command function as an image, a Python one with its handler, a given role as is', () => {
    const command = synthOne(
      [fn({ handler: 'command:python score.py', role: 'arn:aws:iam::123456789012:role/fn' })],
      0,
    );
    expect(Object.keys(command.part.resources)).toEqual(['Self']);
    expect(command.part.resources.Self?.Properties).toMatchObject({
      Role: 'arn:aws:iam::123456789012:role/fn',
      PackageType: 'Image',
      Code: { ImageUri: { Ref: 'SelfImageUri' } },
    });
    expect(command.part.resources.Self?.Properties).not.toHaveProperty('Handler');
    expect(Object.keys(command.part.parameters ?? {})).toEqual(['SelfImageUri']);
    expect(command.notes[0]).toMatch(
      /^function 'mlops-unique-job-name' runs the command 'python score.py' locally; on AWS build a container image/,
    );
    const python = template(
      [fn({ name: 'py', handler: 'score.py#handler', environment: {} })],
      configDir,
    );
    expect(python.Resources.PyFunction?.Properties).toMatchObject({
      Runtime: 'python3.12',
      Handler: 'score.handler',
    });
    expect(python.Resources.PyFunction?.Properties).not.toHaveProperty('Environment');
  });
});
