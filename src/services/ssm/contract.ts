import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParameterStore } from './types.js';

/**
 * The contract every ParameterStore adapter keeps, as one Vitest suite:
 * `runParameterStoreContract('local', async () => ({ store }))`. Parameters
 * live under a fresh `/mm-contract/<run>/` path, deleted afterwards.
 */

/** An adapter under test and how to clean up after it. */
export interface ParameterStoreFixture {
  store: ParameterStore;
  cleanup?: () => Promise<void>;
}

/** Expects `promise` to reject with a ModelmillError of `code` whose message names `mentions`. */
export async function expectCode(
  promise: Promise<unknown>,
  code: string,
  ...mentions: string[]
): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(Error);
  expect((err as { code?: string }).code).toBe(code);
  for (const text of mentions) expect((err as Error).message).toContain(text);
}

/** Registers the ParameterStore contract suite for one adapter. */
export function runParameterStoreContract(
  name: string,
  makeFixture: () => Promise<ParameterStoreFixture>,
): void {
  describe(`ParameterStore contract: ${name}`, () => {
    const root = `/mm-contract/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let fixture: ParameterStoreFixture;
    let ssm: ParameterStore;
    beforeAll(async () => {
      fixture = await makeFixture();
      ssm = fixture.store;
    });
    afterAll(async () => {
      if (ssm === undefined) return;
      for (;;) {
        const page = await ssm.getParametersByPath({ Path: root, Recursive: true });
        if (page.Parameters.length === 0) break;
        await ssm.deleteParameters({ Names: page.Parameters.map((p) => p.Name) });
      }
      await fixture.cleanup?.();
    });
    writeCases(() => ssm, root);
    readCases(() => ssm, root);
    listCases(() => ssm, root);
    errorCases(() => ssm, root);
  });
}

function writeCases(get: () => ParameterStore, root: string): void {
  it('creates, overwrites and versions parameters', async () => {
    const ssm = get();
    const name = `${root}/w/db-host`;
    expect(
      await ssm.putParameter({ Name: name, Value: 'a', Type: 'String', Description: 'host' }),
    ).toMatchObject({ Version: 1, Tier: 'Standard' });
    await expectCode(
      ssm.putParameter({ Name: name, Value: 'b', Type: 'String' }),
      'ParameterAlreadyExists',
    );
    expect((await ssm.putParameter({ Name: name, Value: 'b', Overwrite: true })).Version).toBe(2);
    const { Parameter } = await ssm.getParameter({ Name: name });
    expect(Parameter).toMatchObject({
      Name: name,
      Type: 'String',
      Value: 'b',
      Version: 2,
      DataType: 'text',
    });
    expect(Parameter.ARN).toMatch(
      new RegExp(`^arn:aws:ssm:[a-z0-9-]+:\\d{12}:parameter${root}/w/db-host$`),
    );
    expect(Parameter.LastModifiedDate).toBeInstanceOf(Date);
    const old = await ssm.getParameter({ Name: `${name}:1` });
    expect(old.Parameter).toMatchObject({ Value: 'a', Version: 1, Selector: ':1' });
  });

  it('keeps SecureStrings encrypted unless decryption is asked for', async () => {
    const ssm = get();
    const name = `${root}/w/secret`;
    await ssm.putParameter({ Name: name, Value: 's3cr3t', Type: 'SecureString' });
    const hidden = await ssm.getParameter({ Name: name });
    expect(hidden.Parameter.Type).toBe('SecureString');
    expect(hidden.Parameter.Value).not.toContain('s3cr3t');
    expect((await ssm.getParameter({ Name: name, WithDecryption: true })).Parameter.Value).toBe(
      's3cr3t',
    );
    const described = await ssm.describeParameters({
      ParameterFilters: [{ Key: 'Name', Values: [name] }],
    });
    expect(described.Parameters[0]).toMatchObject({ Name: name, Type: 'SecureString', Version: 1 });
    expect(described.Parameters[0]?.KeyId).toBeTruthy();
  });

  it('labels versions and reads them by label', async () => {
    const ssm = get();
    const name = `${root}/w/image`;
    await ssm.putParameter({ Name: name, Value: ':v1', Type: 'String' });
    await ssm.putParameter({ Name: name, Value: ':v2', Overwrite: true });
    const labelled = await ssm.labelParameterVersion({
      Name: name,
      ParameterVersion: 1,
      Labels: ['prod', '1bad'],
    });
    expect(labelled).toMatchObject({ ParameterVersion: 1, InvalidLabels: ['1bad'] });
    expect((await ssm.getParameter({ Name: `${name}:prod` })).Parameter).toMatchObject({
      Value: ':v1',
      Selector: ':prod',
    });
    await ssm.labelParameterVersion({ Name: name, Labels: ['prod'] });
    expect((await ssm.getParameter({ Name: `${name}:prod` })).Parameter.Value).toBe(':v2');
    const history = await ssm.getParameterHistory({ Name: name });
    expect(history.Parameters.map((h) => [h.Version, h.Value, h.Labels])).toEqual([
      [1, ':v1', []],
      [2, ':v2', ['prod']],
    ]);
    await expectCode(ssm.getParameter({ Name: `${name}:9` }), 'ParameterVersionNotFound');
  });
}

function readCases(get: () => ParameterStore, root: string): void {
  it('reads several parameters at once, reporting the unknown ones', async () => {
    const ssm = get();
    await ssm.putParameter({ Name: `${root}/r/a`, Value: 'x,y', Type: 'StringList' });
    const out = await ssm.getParameters({ Names: [`${root}/r/a`, `${root}/r/missing`] });
    expect(out.Parameters.map((p) => [p.Name, p.Type, p.Value])).toEqual([
      [`${root}/r/a`, 'StringList', 'x,y'],
    ]);
    expect(out.InvalidParameters).toEqual([`${root}/r/missing`]);
  });

  it('deletes one or several parameters', async () => {
    const ssm = get();
    await ssm.putParameter({ Name: `${root}/d/a`, Value: '1', Type: 'String' });
    await ssm.putParameter({ Name: `${root}/d/b`, Value: '2', Type: 'String' });
    await ssm.deleteParameter({ Name: `${root}/d/a` });
    await expectCode(ssm.getParameter({ Name: `${root}/d/a` }), 'ParameterNotFound', `${root}/d/a`);
    await expectCode(ssm.deleteParameter({ Name: `${root}/d/a` }), 'ParameterNotFound');
    const out = await ssm.deleteParameters({ Names: [`${root}/d/b`, `${root}/d/none`] });
    expect(out).toEqual({
      DeletedParameters: [`${root}/d/b`],
      InvalidParameters: [`${root}/d/none`],
    });
    await ssm.putParameter({ Name: `${root}/d/a`, Value: 'again', Type: 'String' });
    expect((await ssm.getParameter({ Name: `${root}/d/a` })).Parameter.Version).toBe(1);
  });
}

function listCases(get: () => ParameterStore, root: string): void {
  it('lists by path, one level or recursively, with paging', async () => {
    const ssm = get();
    for (const leaf of ['p/one', 'p/two', 'p/sub/three', 'p/sub/deep/four']) {
      await ssm.putParameter({ Name: `${root}/${leaf}`, Value: leaf, Type: 'String' });
    }
    const direct = await ssm.getParametersByPath({ Path: `${root}/p` });
    expect(direct.Parameters.map((p) => p.Name).sort()).toEqual([`${root}/p/one`, `${root}/p/two`]);
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.getParametersByPath({
        Path: `${root}/p/`,
        Recursive: true,
        MaxResults: 3,
        ...(NextToken ? { NextToken } : {}),
      });
      expect(page.Parameters.length).toBeLessThanOrEqual(3);
      names.push(...page.Parameters.map((p) => p.Value));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    expect(names.sort()).toEqual(['p/one', 'p/sub/deep/four', 'p/sub/three', 'p/two']);
    const described = await ssm.describeParameters({
      ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [`${root}/p/sub`] }],
    });
    expect(described.Parameters.map((p) => p.Name).sort()).toEqual([
      `${root}/p/sub/deep/four`,
      `${root}/p/sub/three`,
    ]);
    const begins = await ssm.describeParameters({
      ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [`${root}/p/t`] }],
    });
    expect(begins.Parameters.map((p) => p.Name)).toEqual([`${root}/p/two`]);
  });
}

function errorCases(get: () => ParameterStore, root: string): void {
  it('refuses invalid names, too-deep hierarchies and over-long values, writing nothing', async () => {
    const ssm = get();
    await expectCode(
      ssm.putParameter({ Name: `${root}/bad name`, Value: 'x', Type: 'String' }),
      'ValidationException',
    );
    const deep = `${root}/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}`;
    await expectCode(
      ssm.putParameter({ Name: deep, Value: 'x', Type: 'String' }),
      'HierarchyLevelLimitExceededException',
    );
    await expectCode(
      ssm.putParameter({ Name: `${root}/e/big`, Value: 'x'.repeat(4097), Type: 'String' }),
      'ValidationException',
      '4096',
    );
    await expectCode(ssm.getParameter({ Name: `${root}/e/big` }), 'ParameterNotFound');
    expect(
      (
        await ssm.putParameter({
          Name: `${root}/e/big`,
          Value: 'x'.repeat(4097),
          Type: 'String',
          Tier: 'Advanced',
        })
      ).Tier,
    ).toBe('Advanced');
    await expectCode(
      ssm.getParametersByPath({ Path: root, MaxResults: 11 }),
      'ValidationException',
    );
  });
}
