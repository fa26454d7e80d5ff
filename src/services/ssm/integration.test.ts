import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatesError } from '../../asl/index.js';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { IntegrationRegistry, parseTaskResource } from '../../engine/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { openDatabase } from '../../store/index.js';
import { registerSsmIntegrations } from './integration.js';
import { createLocalSsm } from './local.js';

let home: string;
let db: SqliteDatabase;
let registry: IntegrationRegistry;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-ssm-sfn-'));
  db = openDatabase(':memory:');
  const ssm = createLocalSsm({
    db,
    home,
    scope: { region: 'ap-south-1', accountId: '123456789012' },
    clock: createFakeClock(Date.UTC(2024, 0, 1)),
  });
  registry = new IntegrationRegistry();
  registerSsmIntegrations(registry, ssm, { ids: createSequentialIds() });
  await ssm.putParameter({
    Name: '/app/dev/image/version-data-prep',
    Value: ':1.2.0',
    Type: 'String',
  });
  await ssm.putParameter({
    Name: '/app/dev/image/version-finetune',
    Value: '@sha256:abc',
    Type: 'String',
  });
  await ssm.putParameter({ Name: '/app/dev/db/password', Value: 'pw', Type: 'SecureString' });
});

afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

async function task(action: string, parameters: unknown): Promise<any> {
  const resource = parseTaskResource(`arn:aws:states:::aws-sdk:ssm:${action}`);
  return registry.resolve(resource)({ resource, parameters, context: {} as never });
}

describe('aws-sdk:ssm Task handlers', () => {
  it('serves getParametersByPath as the fine-tune LoadConfig state reads it', async () => {
    const out = await task('getParametersByPath', { Path: '/app/dev/image/' });
    expect(out.Parameters).toEqual([
      {
        Name: '/app/dev/image/version-data-prep',
        Type: 'String',
        Value: ':1.2.0',
        Version: 1,
        LastModifiedDate: '2024-01-01T00:00:00Z',
        ARN: 'arn:aws:ssm:ap-south-1:123456789012:parameter/app/dev/image/version-data-prep',
        DataType: 'text',
      },
      expect.objectContaining({ Name: '/app/dev/image/version-finetune', Value: '@sha256:abc' }),
    ]);
  });

  it('puts and gets, decrypting only with WithDecryption', async () => {
    expect(
      await task('putParameter', { Name: '/app/dev/flag', Value: 'False', Type: 'String' }),
    ).toEqual({ Version: 1, Tier: 'Standard' });
    expect((await task('getParameter', { Name: '/app/dev/flag' })).Parameter.Value).toBe('False');
    expect(
      (await task('getParameter', { Name: '/app/dev/db/password', WithDecryption: true })).Parameter
        .Value,
    ).toBe('pw');
    expect((await task('getParameter', { Name: '/app/dev/db/password' })).Parameter.Value).not.toBe(
      'pw',
    );
  });

  it('fails with Ssm.ParameterNotFoundException and AWS-style causes', async () => {
    const err = await task('getParameter', { Name: '/app/dev/missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatesError);
    expect((err as StatesError).error).toBe('Ssm.ParameterNotFoundException');
    expect((err as StatesError).causeText).toMatch(
      /'\/app\/dev\/missing' not found.*\(Service: Ssm, Status Code: 400, Request ID: 00000000-/,
    );
    const exists = await task('putParameter', {
      Name: '/app/dev/flag2',
      Value: 'x',
      Type: 'String',
    }).then(() =>
      task('putParameter', { Name: '/app/dev/flag2', Value: 'y', Type: 'String' }).catch(
        (e: unknown) => e,
      ),
    );
    expect((exists as StatesError).error).toBe('Ssm.ParameterAlreadyExistsException');
    const invalid = await task('putParameter', {
      Name: 'bad name',
      Value: 'x',
      Type: 'String',
    }).catch((e: unknown) => e);
    expect((invalid as StatesError).error).toBe('Ssm.ValidationException');
    const deep = await task('getParametersByPath', { Path: `/${'a/'.repeat(16)}` }).catch(
      (e: unknown) => e,
    );
    expect((deep as StatesError).error).toBe('Ssm.HierarchyLevelLimitExceededException');
  });
});
