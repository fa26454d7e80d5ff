import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { CompiledResource } from '../../src/resources/index.js';
import {
  applyCompiled,
  compileResources,
  loadResourceConfig,
  removeStack,
  synthTemplate,
} from '../../src/resources/index.js';
import { repoRoot } from '../support/shared.js';

/**
 * The storage example end to end: `examples/storage.json` applied to a temp
 * home, its state machine run to SUCCEEDED over the bucket, parameters and
 * table it declares, and the same config synthesized to CloudFormation.
 */

const configFile = join(repoRoot, 'examples', 'storage.json');
const prefix = 'demo-dev-useast1';
const bucket = `${prefix}-storage`;
const table = `${prefix}-storage-runs`;
const machine = `${prefix}-storage-inventory`;

function load(): CompiledResource[] {
  const config = loadResourceConfig(configFile);
  if (!config.ok) throw new Error(JSON.stringify(config.issues));
  return config.resources;
}

describe('examples/storage.json on the embedded backend', () => {
  let home: string;
  let mm: Modelmill;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'mm-storage-example-'));
    mm = await createModelmill({ home, logLevel: 'silent' });
  });
  afterAll(async () => {
    await mm.close();
    rmSync(home, { recursive: true, force: true });
  });

  async function run(name: string) {
    const { executionArn } = mm.engine.startExecution({
      stateMachineArn: machine,
      name,
      input: '{}',
    });
    const final = await mm.engine.waitFor(executionArn);
    const item = await mm.services.dynamodb.getItem({
      TableName: table,
      Key: { run_id: { S: name } },
    });
    return { final, item: item.Item };
  }

  it('applies, runs the machine to SUCCEEDED on both manifest paths, and comes down clean', async () => {
    const up = await applyCompiled(mm, load(), { stack: 'storage', source: configFile });
    expect(up.resources.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      `created bucket ${bucket}`,
      `created parameter /${prefix}/storage/input_prefix`,
      `created parameter /${prefix}/storage/complete_status`,
      `created table ${table}`,
      `created stateMachine ${machine}`,
    ]);
    await mm.services.s3.putObject({ Bucket: bucket, Key: 'incoming/a.csv', Body: 'a\n1\n' });
    await mm.services.s3.putObject({ Bucket: bucket, Key: 'incoming/b.csv', Body: 'a\n2\n' });
    await mm.services.s3.putObject({ Bucket: bucket, Key: 'elsewhere/c.csv', Body: 'a\n3\n' });

    const missing = await run('without-manifest');
    expect(missing.final.status).toBe('SUCCEEDED');
    expect(JSON.parse(missing.final.output ?? '{}')).toEqual({ inputObjects: 2, manifest: 'no' });
    expect(missing.item).toEqual({
      run_id: { S: 'without-manifest' },
      input_objects: { N: '2' },
      manifest: { S: 'no' },
    });
    const history = mm.engine.getExecutionHistory({
      executionArn: missing.final.arn,
      maxResults: 1000,
    });
    expect(history.items.some((e) => e.type === 'TaskFailed')).toBe(true);

    await mm.services.s3.putObject({ Bucket: bucket, Key: 'incoming/manifest.json', Body: '{}' });
    const present = await run('with-manifest');
    expect(present.final.status).toBe('SUCCEEDED');
    expect(JSON.parse(present.final.output ?? '{}')).toEqual({ inputObjects: 3, manifest: 'yes' });

    const again = await applyCompiled(mm, load(), { stack: 'storage', source: configFile });
    expect(again.resources.every((c) => c.action === 'unchanged')).toBe(true);

    const down = await removeStack(mm, 'storage', { force: true });
    expect(down.resources.map((c) => `${c.action} ${c.kind}`)).toEqual([
      'deleted stateMachine',
      'deleted table',
      'deleted parameter',
      'deleted parameter',
      'deleted bucket',
    ]);
    expect((await mm.services.s3.listBuckets()).Buckets).toEqual([]);
  });
});

describe('examples/storage.json synthesized to CloudFormation', () => {
  const { template, notes } = synthTemplate(load(), { stack: 'storage' });
  const resources = template.Resources;

  it('is a structurally valid template with deterministic logical ids', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.keys(resources)).toEqual([
      'DemoDevUseast1StorageBucket',
      'DemoDevUseast1StorageInputPrefixParameter',
      'DemoDevUseast1StorageCompleteStatusParameter',
      'DemoDevUseast1StorageRunsTable',
      'DemoDevUseast1StorageInventoryStateMachineRole',
      'DemoDevUseast1StorageInventoryStateMachine',
    ]);
    for (const [id, resource] of Object.entries(resources)) {
      expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/);
      expect(resource.Type).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
      expect(typeof resource.Properties).toBe('object');
    }
    for (const target of references(template)) expect(Object.keys(resources)).toContain(target);
    for (const [id, output] of Object.entries(template.Outputs ?? {})) {
      expect(id).toMatch(/^[A-Za-z0-9]+$/);
      expect(output.Value).toBeDefined();
    }
    expect(notes).toEqual([]);
    expect(JSON.parse(JSON.stringify(template))).toEqual(template);
    expect(synthTemplate(load(), { stack: 'storage' }).template).toEqual(template);
  });

  it('maps each kind to its CloudFormation resource', () => {
    expect(resources.DemoDevUseast1StorageBucket).toEqual({
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: bucket,
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      },
    });
    expect(resources.DemoDevUseast1StorageCompleteStatusParameter).toEqual({
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: `/${prefix}/storage/complete_status`,
        Type: 'String',
        Value: 'default',
        Description: 'loop flag the pipeline flips at run time; up sets it only once',
      },
    });
    expect(resources.DemoDevUseast1StorageRunsTable).toEqual({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: table,
        KeySchema: [{ AttributeName: 'run_id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'run_id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      },
    });
  });

  it('keeps the ASL document as written, with its substitutions, and a minimal role', () => {
    const sm = resources.DemoDevUseast1StorageInventoryStateMachine;
    const file = JSON.parse(
      readFileSync(join(repoRoot, 'examples', 'storage-inventory.asl.json'), 'utf8'),
    );
    expect(sm?.Properties).toEqual({
      StateMachineName: machine,
      StateMachineType: 'STANDARD',
      Definition: file,
      DefinitionSubstitutions: {
        BucketName: bucket,
        PrefixParameter: `/${prefix}/storage/input_prefix`,
        RunsTable: table,
      },
      RoleArn: { 'Fn::GetAtt': ['DemoDevUseast1StorageInventoryStateMachineRole', 'Arn'] },
    });
    const role = resources.DemoDevUseast1StorageInventoryStateMachineRole?.Properties as any;
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'states.amazonaws.com',
    });
    expect(role.Policies[0].PolicyDocument.Statement[0].Action).toEqual([
      'dynamodb:PutItem',
      's3:GetObject',
      's3:ListBucket',
      'ssm:GetParameter',
    ]);
  });

  it('leaves SecureString parameters out with the workaround, and uses a given role', () => {
    const compiled = compileResources([
      { kind: 'parameter', name: '/team/token', type: 'SecureString', value: 's3cret' },
      {
        kind: 'stateMachine',
        name: 'flow',
        roleArn: 'arn:aws:iam::123456789012:role/flow',
        definition: {
          StartAt: 'Train',
          States: {
            Train: {
              Type: 'Task',
              Resource: 'arn:aws:states:::batch:submitJob.sync',
              Parameters: { JobName: 'j', JobQueue: 'q', JobDefinition: 'd' },
              End: true,
            },
          },
        },
      },
    ]);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const result = synthTemplate(compiled.resources, { stack: 'team' });
    expect(Object.keys(result.template.Resources)).toEqual(['FlowStateMachine']);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(
      /'\/team\/token' is a SecureString.*aws ssm put-parameter --type SecureString/,
    );
    expect(result.template.Metadata.modelmill.notes).toEqual(result.notes);
    expect(JSON.stringify(result.template)).not.toContain('s3cret');
    expect(result.template.Resources.FlowStateMachine?.Properties?.RoleArn).toBe(
      'arn:aws:iam::123456789012:role/flow',
    );
  });
});

/** Every logical id a Ref or Fn::GetAtt in the template points at. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own: string[] = [];
  if (typeof record.Ref === 'string') own.push(record.Ref);
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') own.push(getAtt[0]);
  return [...own, ...Object.values(record).flatMap(references)];
}
