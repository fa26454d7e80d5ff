import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { openDatabase } from '../../store/index.js';
import { expectCode } from './contract.js';
import { createLocalSsm } from './local.js';
import type { ParameterStore } from './types.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };
let home: string;
let db: SqliteDatabase;
let ssm: ParameterStore;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'mm-ssm-'));
  db = openDatabase(join(home, 'modelmill.db'));
  ssm = createLocalSsm({ db, home, scope, clock: createFakeClock(Date.UTC(2024, 5, 1)) });
});

afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

const stored = () =>
  (db.prepare('SELECT COUNT(*) AS n FROM ssm_parameter_versions').get() as { n: number }).n;

describe('SecureString at rest', () => {
  it('creates secrets.key (mode 0600) on first use and stores only ciphertext', async () => {
    await ssm.putParameter({ Name: '/app/plain', Value: 'v', Type: 'String' });
    expect(existsSync(join(home, 'secrets.key'))).toBe(false);
    await ssm.putParameter({ Name: '/app/db/password', Value: 'hunter2', Type: 'SecureString' });
    const key = statSync(join(home, 'secrets.key'));
    expect(key.size).toBe(32);
    if (process.platform !== 'win32') expect(key.mode & 0o777).toBe(0o600);
    const raw = db
      .prepare("SELECT value FROM ssm_parameter_versions WHERE name = '/app/db/password'")
      .get() as { value: string };
    expect(raw.value).not.toContain('hunter2');
    const hidden = (await ssm.getParameter({ Name: '/app/db/password' })).Parameter.Value;
    expect(hidden).toBe(raw.value);
    expect(
      (await ssm.getParameter({ Name: '/app/db/password', WithDecryption: true })).Parameter.Value,
    ).toBe('hunter2');
  });

  it('refuses to decrypt with a different key, saying which file and how to fix it', async () => {
    await ssm.putParameter({ Name: '/app/token', Value: 't', Type: 'SecureString' });
    writeFileSync(join(home, 'secrets.key'), Buffer.alloc(32, 1));
    const fresh = createLocalSsm({ db, home, scope });
    await expectCode(
      fresh.getParameter({ Name: '/app/token', WithDecryption: true }),
      'InternalServerError',
      'secrets.key',
      '/app/token',
    );
  });

  it('binds a ciphertext to its parameter name', async () => {
    await ssm.putParameter({ Name: '/a/one', Value: 'secret-one', Type: 'SecureString' });
    await ssm.putParameter({ Name: '/a/two', Value: 'secret-two', Type: 'SecureString' });
    db.prepare(
      "UPDATE ssm_parameter_versions SET value = (SELECT value FROM ssm_parameter_versions WHERE name = '/a/one') WHERE name = '/a/two'",
    ).run();
    await expectCode(
      ssm.getParameter({ Name: '/a/two', WithDecryption: true }),
      'InternalServerError',
      '/a/two',
    );
  });
});

describe('bad input names the parameter and writes nothing', () => {
  const cases: [string, string, string][] = [
    ['/aws/reserved', 'ValidationException', 'can\'t be prefixed with "aws" or "ssm"'],
    ['SSM-thing', 'ValidationException', "can't be prefixed"],
    ['app/no-slash', 'ValidationException', "must start with '/'"],
    ['/app//x', 'ValidationException', 'empty level'],
    ['/app/x/', 'ValidationException', 'empty level'],
    ['/app/sp ace', 'ValidationException', 'contains " "'],
    ['/app/colon:x', 'ValidationException', 'contains ":"'],
    [`/${'l/'.repeat(15)}x`, 'HierarchyLevelLimitExceededException', 'has 16'],
  ];
  it.each(cases)('%s → %s', async (Name, code, why) => {
    await expectCode(ssm.putParameter({ Name, Value: 'x', Type: 'String' }), code, why);
    expect(stored()).toBe(0);
  });

  it('refuses values over 4 KB (Standard) and 8 KB (Advanced)', async () => {
    await expectCode(
      ssm.putParameter({ Name: '/big', Value: 'x'.repeat(4097), Type: 'String' }),
      'ValidationException',
      "'/big' has 4097",
      'Advanced',
    );
    await expectCode(
      ssm.putParameter({ Name: '/big', Value: 'x'.repeat(8193), Type: 'String', Tier: 'Advanced' }),
      'ValidationException',
      '8192',
    );
    expect(
      (
        await ssm.putParameter({
          Name: '/big',
          Value: 'x'.repeat(5000),
          Type: 'String',
          Tier: 'Intelligent-Tiering',
        })
      ).Tier,
    ).toBe('Advanced');
    await expectCode(
      ssm.putParameter({ Name: '/big', Value: 'x', Overwrite: true, Tier: 'Standard' }),
      'ValidationException',
      "can't be reverted",
    );
    expect(stored()).toBe(1);
  });

  it('checks type, key, tags, nesting and allowed patterns', async () => {
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: 'x' }),
      'ValidationException',
      'type is required',
      "'/t'",
    );
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: 'x', Type: 'Text' as never }),
      'ValidationException',
      "Type 'Text'",
    );
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: 'x', Type: 'String', KeyId: 'alias/k' }),
      'ValidationException',
      'only for SecureString',
    );
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: '{{ssm:/other}}', Type: 'String' }),
      'ValidationException',
      "can't nest",
    );
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: 'abc', Type: 'String', AllowedPattern: '^\\d+$' }),
      'ParameterPatternMismatchException',
      '^\\d+$',
    );
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: 'abc', Type: 'String', AllowedPattern: '(' }),
      'InvalidAllowedPatternException',
    );
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: '', Type: 'String' }),
      'ValidationException',
      'non-empty',
    );
    await ssm.putParameter({ Name: '/t', Value: '1', Type: 'String', AllowedPattern: '^\\d+$' });
    await expectCode(
      ssm.putParameter({ Name: '/t', Value: 'x', Overwrite: true }),
      'ParameterPatternMismatchException',
    );
    await expectCode(
      ssm.putParameter({
        Name: '/t',
        Value: '2',
        Overwrite: true,
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
      'ValidationException',
      "tags and overwrite can't be used together",
    );
    expect(stored()).toBe(1);
  });

  it('reports limits on names per request and bad tokens and filters', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/n${i}`);
    await expectCode(ssm.getParameters({ Names: names }), 'ValidationException', '1 to 10 names');
    await expectCode(
      ssm.getParametersByPath({ Path: '/', NextToken: 'nonsense' }),
      'InvalidNextToken',
    );
    await expectCode(
      ssm.getParametersByPath({ Path: 'app' }),
      'ValidationException',
      "must start with '/'",
    );
    await expectCode(
      ssm.getParametersByPath({ Path: '/', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] }),
      'InvalidFilterKey',
      'Name',
    );
    await expectCode(
      ssm.describeParameters({
        ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['x'] }],
      }),
      'InvalidFilterOption',
    );
  });
});

describe('versions and types', () => {
  it('keeps the type when an overwrite omits it, and changes it when given', async () => {
    await ssm.putParameter({ Name: '/cfg', Value: 'a', Type: 'SecureString', Description: 'd' });
    await ssm.putParameter({ Name: '/cfg', Value: 'b', Overwrite: true });
    let meta = (await ssm.describeParameters({})).Parameters[0];
    expect(meta).toMatchObject({
      Type: 'SecureString',
      KeyId: 'alias/aws/ssm',
      Description: 'd',
      Version: 2,
    });
    await ssm.putParameter({ Name: '/cfg', Value: 'c', Type: 'String', Overwrite: true });
    meta = (await ssm.describeParameters({})).Parameters[0];
    expect(meta?.Type).toBe('String');
    expect(meta?.KeyId).toBeUndefined();
    expect(meta).toMatchObject({
      LastModifiedDate: new Date(Date.UTC(2024, 5, 1)),
      LastModifiedUser: 'arn:aws:iam::123456789012:user/modelmill',
      ARN: 'arn:aws:ssm:ap-south-1:123456789012:parameter/cfg',
    });
  });

  it('keeps 100 versions, dropping the oldest unless it carries a label', async () => {
    await ssm.putParameter({ Name: 'counter', Value: '1', Type: 'String' });
    for (let v = 2; v <= 100; v += 1)
      await ssm.putParameter({ Name: 'counter', Value: String(v), Overwrite: true });
    await ssm.labelParameterVersion({ Name: 'counter', ParameterVersion: 1, Labels: ['first'] });
    await expectCode(
      ssm.putParameter({ Name: 'counter', Value: '101', Overwrite: true }),
      'ParameterMaxVersionLimitExceeded',
      'first',
    );
    await ssm.unlabelParameterVersion({ Name: 'counter', ParameterVersion: 1, Labels: ['first'] });
    expect(
      (await ssm.putParameter({ Name: 'counter', Value: '101', Overwrite: true })).Version,
    ).toBe(101);
    const history = await ssm.getParameterHistory({ Name: 'counter', MaxResults: 50 });
    expect(history.Parameters[0]?.Version).toBe(2);
    const rest = await ssm.getParameterHistory({
      Name: 'counter',
      MaxResults: 50,
      NextToken: history.NextToken as string,
    });
    expect(rest.Parameters.map((p) => p.Version)).toEqual(
      Array.from({ length: 50 }, (_, i) => 52 + i),
    );
    expect(rest.NextToken).toBeUndefined();
  });

  it('accepts parameter ARNs wherever a name is taken', async () => {
    await ssm.putParameter({ Name: '/app/x', Value: 'hier', Type: 'String' });
    await ssm.putParameter({ Name: 'flat', Value: 'flat', Type: 'String' });
    const arn = 'arn:aws:ssm:eu-west-1:999999999999:parameter';
    expect((await ssm.getParameter({ Name: `${arn}/app/x` })).Parameter.Value).toBe('hier');
    expect((await ssm.getParameter({ Name: `${arn}/flat` })).Parameter.Value).toBe('flat');
    expect((await ssm.getParameter({ Name: `${arn}/app/x:1` })).Parameter.Selector).toBe(':1');
  });

  it('filters by type, tag and label', async () => {
    await ssm.putParameter({
      Name: '/f/a',
      Value: 'a',
      Type: 'String',
      Tags: [{ Key: 'team', Value: 'ml' }],
    });
    await ssm.putParameter({ Name: '/f/b', Value: 'b', Type: 'StringList' });
    await ssm.putParameter({ Name: '/f/b', Value: 'b2', Overwrite: true });
    await ssm.labelParameterVersion({ Name: '/f/b', ParameterVersion: 1, Labels: ['stable'] });
    const lists = await ssm.getParametersByPath({
      Path: '/f',
      ParameterFilters: [{ Key: 'Type', Values: ['StringList'] }],
    });
    expect(lists.Parameters.map((p) => p.Name)).toEqual(['/f/b']);
    const tagged = await ssm.describeParameters({
      ParameterFilters: [{ Key: 'tag:team', Values: ['ml'] }],
    });
    expect(tagged.Parameters.map((p) => p.Name)).toEqual(['/f/a']);
    const stable = await ssm.getParametersByPath({
      Path: '/f',
      ParameterFilters: [{ Key: 'Label', Values: ['stable'] }],
    });
    expect(stable.Parameters.map((p) => [p.Name, p.Value, p.Version])).toEqual([['/f/b', 'b', 1]]);
    const legacy = await ssm.describeParameters({ Filters: [{ Key: 'Name', Values: ['/f/'] }] });
    expect(legacy.Parameters).toHaveLength(2);
  });
});
