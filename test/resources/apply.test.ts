import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isModelmillError } from '../../src/core/index.js';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { ApplyReport, ResourceChange } from '../../src/resources/index.js';
import { applyResources, listStacks, removeStack } from '../../src/resources/index.js';

/** `up` and `down` against the real embedded services of a temp home. */

let home: string;
let mm: Modelmill;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-resources-'));
  mm = await createModelmill({ home, logLevel: 'silent' });
});

afterEach(async () => {
  await mm.close();
  rmSync(home, { recursive: true, force: true });
});

const pass = (result: string) => ({
  StartAt: 'A',
  States: { A: { Type: 'Pass', Result: result, End: true } },
});

function specs(overrides: { value?: string; result?: string } = {}) {
  return [
    { kind: 'bucket', name: 'team-data' },
    { kind: 'parameter', name: '/team/image', value: overrides.value ?? 'repo:1' },
    { kind: 'parameter', name: '/team/flag', value: 'default', overwrite: false },
    {
      kind: 'table',
      name: 'team-jobs',
      hashKey: { name: 'id' },
      rangeKey: { name: 'ts', type: 'N' },
    },
    {
      kind: 'stateMachine',
      name: 'team-flow',
      definition: pass('${Greeting}'),
      definitionSubstitutions: { Greeting: overrides.result ?? 'hello' },
    },
  ];
}

const lines = (changes: ResourceChange[]) => changes.map((c) => `${c.action} ${c.kind} ${c.name}`);

async function runFlow(): Promise<unknown> {
  const { executionArn } = mm.engine.startExecution({ stateMachineArn: 'team-flow', input: '{}' });
  const final = await mm.engine.waitFor(executionArn);
  return JSON.parse(final.output ?? 'null');
}

describe('applyResources', () => {
  it('creates every resource in the local services, then reports unchanged', async () => {
    const first = await applyResources(mm, specs(), { stack: 'team' });
    expect(lines(first.resources)).toEqual([
      'created bucket team-data',
      'created parameter /team/image',
      'created parameter /team/flag',
      'created table team-jobs',
      'created stateMachine team-flow',
    ]);
    await expect(mm.services.s3.headBucket({ Bucket: 'team-data' })).resolves.toBeDefined();
    const image = await mm.services.ssm.getParameter({ Name: '/team/image' });
    expect(image.Parameter).toMatchObject({ Value: 'repo:1', Type: 'String', Version: 1 });
    const table = await mm.services.dynamodb.describeTable({ TableName: 'team-jobs' });
    expect(table.Table.KeySchema).toEqual([
      { AttributeName: 'id', KeyType: 'HASH' },
      { AttributeName: 'ts', KeyType: 'RANGE' },
    ]);
    expect(table.Table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(await runFlow()).toBe('hello');

    const second = await applyResources(mm, specs(), { stack: 'team' });
    expect(second.resources.map((c) => c.action)).toEqual(Array(5).fill('unchanged'));
    expect((await mm.services.ssm.getParameter({ Name: '/team/image' })).Parameter.Version).toBe(1);
  });

  it('updates a changed definition and parameter value in place, keeping overwrite:false values', async () => {
    await applyResources(mm, specs(), { stack: 'team' });
    const revision = mm.engine.describeStateMachine('team-flow').revisionId;
    await mm.services.ssm.putParameter({ Name: '/team/flag', Value: 'True', Overwrite: true });
    const report = await applyResources(mm, specs({ value: 'repo:2', result: 'bonjour' }), {
      stack: 'team',
    });
    expect(report.resources.map((c) => [c.action, c.name, c.changes])).toEqual([
      ['unchanged', 'team-data', undefined],
      ['updated', '/team/image', ['value']],
      ['unchanged', '/team/flag', undefined],
      ['unchanged', 'team-jobs', undefined],
      ['updated', 'team-flow', ['definition']],
    ]);
    expect((await mm.services.ssm.getParameter({ Name: '/team/image' })).Parameter).toMatchObject({
      Value: 'repo:2',
      Version: 2,
    });
    expect((await mm.services.ssm.getParameter({ Name: '/team/flag' })).Parameter.Value).toBe(
      'True',
    );
    expect(mm.engine.describeStateMachine('team-flow').revisionId).not.toBe(revision);
    expect(await runFlow()).toBe('bonjour');
  });

  it('refuses a changed table key schema with the fix, applying nothing', async () => {
    await applyResources(mm, specs(), { stack: 'team' });
    const changed: unknown[] = specs({ value: 'repo:9' });
    changed[3] = { kind: 'table', name: 'team-jobs', hashKey: { name: 'pk' } };
    const error = await applyResources(mm, changed, { stack: 'team' }).catch((e: unknown) => e);
    expect(isModelmillError(error, 'ValidationError')).toBe(true);
    expect((error as Error).message).toContain(
      "resources[3] (table 'team-jobs'): table 'team-jobs' has the key schema HASH id (S), RANGE ts (N), but the config asks for HASH pk (S); DynamoDB cannot change a table's keys in place. Give the table a new name",
    );
    expect((await mm.services.ssm.getParameter({ Name: '/team/image' })).Parameter.Value).toBe(
      'repo:1',
    );
  });

  it('refuses invalid specs with every problem, applying nothing', async () => {
    const bad = [
      { kind: 'bucket', name: 'fine-bucket' },
      { kind: 'table', name: 'jobs', hashKey: { name: 'id', type: 'string' } },
      { kind: 'parameter', name: '/x' },
    ];
    const error = await applyResources(mm, bad, { stack: 'team' }).catch((e: unknown) => e);
    expect(isModelmillError(error, 'InvalidConfig')).toBe(true);
    expect((error as Error).message).toContain(
      'resources[1] (table \'jobs\'): hashKey.type: expected one of S, N, B, got "string"',
    );
    expect((error as Error).message).toContain(
      "resources[2] (parameter '/x'): value: required (expected string or array)",
    );
    await expect(mm.services.s3.headBucket({ Bucket: 'fine-bucket' })).rejects.toThrow(
      /fine-bucket|bucket/,
    );
    expect(listStacks(mm)).toEqual([]);
  });

  it('dry run plans without changing anything', async () => {
    const planned = await applyResources(mm, specs(), { stack: 'team', dryRun: true });
    expect(planned.resources.map((c) => c.action)).toEqual(Array(5).fill('create'));
    expect((await mm.services.s3.listBuckets()).Buckets).toEqual([]);
    await applyResources(mm, specs(), { stack: 'team' });
    const update = await applyResources(mm, specs({ value: 'repo:3' }), {
      stack: 'team',
      dryRun: true,
    });
    expect(update.resources[1]).toMatchObject({ action: 'update', changes: ['value'] });
    expect((await mm.services.ssm.getParameter({ Name: '/team/image' })).Parameter.Value).toBe(
      'repo:1',
    );
  });
});

describe('secrets', () => {
  it('applies a SecureString idempotently and never stores its value in the applied state', async () => {
    const secret = [
      { kind: 'parameter', name: '/team/token', type: 'SecureString', value: 's3cret-value' },
    ];
    expect((await applyResources(mm, secret, { stack: 'team' })).resources[0]?.action).toBe(
      'created',
    );
    expect((await applyResources(mm, secret, { stack: 'team' })).resources[0]?.action).toBe(
      'unchanged',
    );
    const stored = mm.db.prepare('SELECT spec FROM resource_entries').all() as Array<{
      spec: string;
    }>;
    expect(stored).toHaveLength(1);
    expect(stored[0]?.spec).not.toContain('s3cret-value');
    const value = await mm.services.ssm.getParameter({ Name: '/team/token', WithDecryption: true });
    expect(value.Parameter.Value).toBe('s3cret-value');
  });
});

describe('removeStack', () => {
  it('removes exactly what up created, newest first, and leaves what existed before', async () => {
    await mm.services.s3.createBucket({ Bucket: 'team-data' });
    await mm.services.s3.putObject({ Bucket: 'team-data', Key: 'keep/me.txt', Body: 'precious' });
    await mm.services.ssm.putParameter({ Name: '/other/param', Value: 'x', Type: 'String' });
    const up: ApplyReport = await applyResources(mm, specs(), { stack: 'team' });
    expect(up.resources[0]).toMatchObject({
      action: 'unchanged',
      note: 'existed before up; down leaves it',
    });
    const down = await removeStack(mm, 'team');
    expect(down.resources.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'deleted stateMachine team-flow',
      'deleted table team-jobs',
      'deleted parameter /team/flag',
      'deleted parameter /team/image',
      'kept bucket team-data',
    ]);
    expect(down.resources[4]?.note).toBe('existed before up; left alone');
    expect(
      (await mm.services.s3.getObject({ Bucket: 'team-data', Key: 'keep/me.txt' })).Body,
    ).toBeDefined();
    expect((await mm.services.ssm.getParameter({ Name: '/other/param' })).Parameter.Value).toBe(
      'x',
    );
    await expect(mm.services.ssm.getParameter({ Name: '/team/image' })).rejects.toThrow();
    await expect(mm.services.dynamodb.describeTable({ TableName: 'team-jobs' })).rejects.toThrow();
    expect(mm.engine.listStateMachines().items).toEqual([]);
    expect(listStacks(mm)).toEqual([]);
    expect(await removeStack(mm, 'team')).toMatchObject({ found: false, resources: [] });
  });

  it('refuses a non-empty bucket without force (removing nothing), and empties it with force', async () => {
    await applyResources(mm, specs(), { stack: 'team' });
    await mm.services.s3.putObject({
      Bucket: 'team-data',
      Key: 'runs/2024/out.csv',
      Body: 'a,b\n',
    });
    const error = await removeStack(mm, 'team').catch((e: unknown) => e);
    expect(isModelmillError(error, 'ValidationError')).toBe(true);
    expect((error as Error).message).toContain(
      "bucket 'team-data' is not empty (it holds 'runs/2024/out.csv', among others); run down again with --force",
    );
    expect(mm.engine.listStateMachines().items).toHaveLength(1);
    const forced = await removeStack(mm, 'team', { force: true });
    expect(forced.resources.at(-1)).toMatchObject({ action: 'deleted', kind: 'bucket' });
    await expect(mm.services.s3.headBucket({ Bucket: 'team-data' })).rejects.toThrow();
  });

  it('reports resources deleted behind its back as absent', async () => {
    await applyResources(mm, specs(), { stack: 'team' });
    await mm.services.dynamodb.deleteTable({ TableName: 'team-jobs' });
    const down = await removeStack(mm, 'team');
    expect(down.resources.find((c) => c.kind === 'table')).toMatchObject({
      action: 'absent',
      note: 'already gone',
    });
  });
});

describe('stacks', () => {
  it('keeps resources dropped from the config until --prune removes them', async () => {
    await applyResources(mm, specs(), { stack: 'team' });
    const smaller = specs().filter((s) => s.kind !== 'table');
    const kept = await applyResources(mm, smaller, { stack: 'team' });
    expect(kept.resources.at(-1)).toMatchObject({
      action: 'kept',
      kind: 'table',
      name: 'team-jobs',
    });
    await expect(
      mm.services.dynamodb.describeTable({ TableName: 'team-jobs' }),
    ).resolves.toBeDefined();
    const pruned = await applyResources(mm, smaller, { stack: 'team', prune: true });
    expect(pruned.resources.at(-1)).toMatchObject({ action: 'deleted', kind: 'table' });
    await expect(mm.services.dynamodb.describeTable({ TableName: 'team-jobs' })).rejects.toThrow();
  });

  it('tells two configs with the same stack name apart', async () => {
    await applyResources(mm, specs(), { stack: 'team', source: '/a/team.json' });
    await expect(
      applyResources(mm, specs(), { stack: 'team', source: '/b/team.json' }),
    ).rejects.toThrow(
      "stack 'team' was applied from /a/team.json, not /b/team.json; pass --stack NAME",
    );
    expect(listStacks(mm).map((s) => [s.stack, s.source])).toEqual([['team', '/a/team.json']]);
  });

  it('does not take over a resource another stack created', async () => {
    await applyResources(mm, specs(), { stack: 'first' });
    const second = await applyResources(mm, [{ kind: 'bucket', name: 'team-data' }], {
      stack: 'second',
    });
    expect(second.resources[0]?.note).toBe('existed before up; down leaves it');
    const down = await removeStack(mm, 'second');
    expect(down.resources.map((c) => c.action)).toEqual(['kept']);
    await expect(mm.services.s3.headBucket({ Bucket: 'team-data' })).resolves.toBeDefined();
  });

  it('refuses invalid stack names with the fix', async () => {
    await expect(applyResources(mm, specs(), { stack: 'my_stack' })).rejects.toThrow(
      "stack name 'my_stack' is not valid: use a letter, then letters, digits and hyphens",
    );
  });
});
