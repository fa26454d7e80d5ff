import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../types.js';
import { ExpressionContext } from './context.js';
import { parseCondition } from './parse-condition.js';
import { parseProjection, parseUpdate } from './parse-update.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect((err as { code: string }).code).toBe('ValidationException');
    return (err as Error).message;
  }
  throw new Error('expected a ValidationException');
}

function context(
  names?: Record<string, string>,
  values?: Record<string, AttributeValue>,
): ExpressionContext {
  return new ExpressionContext(names, values, { any: true, withValues: true });
}

describe('syntax errors', () => {
  it.each([
    ['ADD hits : incr', ':', 'hits : incr'],
    ['INVALID SYNTAX HERE', 'INVALID', 'INVALID SYNTAX'],
    ['SET a = :x, , b = :y', ',', ', , b'],
    ['SET a = :v, updated =', '<EOF>', '='],
    ['SET #a = :v, #, #b = :w', '#', ', #,'],
    ['SET a = :v REMOVE', '<EOF>', 'REMOVE'],
    ['SET a[x] = :v', 'x', '[x]'],
  ])('%s fails at token %s near %s', (source, token, near) => {
    const message = messageOf(() => parseUpdate(source));
    expect(message).toContain(
      `Invalid UpdateExpression: Syntax error; token: "${token}", near: "${near}"`,
    );
    expect(message).toMatch(/\(at character \d+ of the expression\)$/);
  });

  it('reports the position of the offending token', () => {
    expect(messageOf(() => parseUpdate('SET a = :v, updated = = :w'))).toContain('at character 23');
  });

  it('words projection and condition errors with their own kind', () => {
    expect(messageOf(() => parseProjection('!!! INVALID !!!'))).toContain(
      'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"',
    );
    expect(messageOf(() => parseCondition('user-id = :v', 'ConditionExpression'))).toContain(
      'Invalid ConditionExpression: Syntax error; token: "-", near: "user-id"',
    );
    expect(messageOf(() => parseCondition('a = :v AND', 'FilterExpression'))).toContain(
      'Invalid FilterExpression: Syntax error; token: "<EOF>"',
    );
  });

  it('refuses empty expressions', () => {
    expect(messageOf(() => parseUpdate('  '))).toBe(
      'Invalid UpdateExpression: The expression can not be empty;',
    );
    expect(messageOf(() => parseCondition('', 'KeyConditionExpression'))).toBe(
      'Invalid KeyConditionExpression: The expression can not be empty;',
    );
  });

  it('refuses a clause used twice and redundant parentheses', () => {
    expect(messageOf(() => parseUpdate('SET a = :a SET b = :b'))).toContain(
      'The "SET" section can only be used once in an update expression;',
    );
    expect(
      messageOf(() => parseCondition('((attribute_not_exists(pk)))', 'ConditionExpression')),
    ).toContain('Invalid ConditionExpression: The expression has redundant parentheses;');
    expect(() =>
      parseCondition('(a = :a) AND (b = :b OR (c = :c))', 'ConditionExpression'),
    ).not.toThrow();
  });

  it('checks functions: names, arity, document paths and where they may be used', () => {
    expect(messageOf(() => parseCondition('exists(a)', 'ConditionExpression'))).toContain(
      'Invalid function name; function: exists',
    );
    expect(messageOf(() => parseCondition('begins_with(a)', 'ConditionExpression'))).toContain(
      'Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1',
    );
    expect(
      messageOf(() => parseCondition('attribute_exists(:v)', 'ConditionExpression')),
    ).toContain(
      'Operator or function requires a document path; operator or function: attribute_exists',
    );
    expect(messageOf(() => parseCondition('size(a)', 'ConditionExpression'))).toContain(
      'The function is not allowed to be used this way in an expression; function: size',
    );
    expect(messageOf(() => parseUpdate('SET a = size(b)'))).toContain(
      'The function is not allowed in an update expression; function: size',
    );
    expect(
      messageOf(() => parseCondition('if_not_exists(a, :v) = :v', 'ConditionExpression')),
    ).toContain('function: if_not_exists');
  });

  it('parses every clause of an update with nested paths', () => {
    const { tree } = parseUpdate(
      'set a.b[2].c = :v, n = n + :one remove x[0], y add s :s delete t :t',
    );
    expect(tree.set.map((a) => a.path.elements)).toEqual([['a', 'b', 2, 'c'], ['n']]);
    expect(tree.remove.map((p) => p.elements)).toEqual([['x', 0], ['y']]);
    expect(tree.add[0]?.path.elements).toEqual(['s']);
    expect(tree.delete[0]?.value.ref).toBe(':t');
  });
});

describe('expression attribute names and values', () => {
  it('substitutes names and values', () => {
    const ctx = context({ '#s': 'status', '#n': 'nested' }, { ':v': { S: 'x' } });
    const tree = ctx.update('SET #s = :v, #n.#s = :v');
    expect(tree.set.map((a) => a.path.elements)).toEqual([['status'], ['nested', 'status']]);
    expect(tree.set[0]?.value).toMatchObject({ kind: 'value', value: { S: 'x' } });
    expect(() => ctx.finish()).not.toThrow();
  });

  it('refuses undefined references', () => {
    expect(messageOf(() => context().update('SET attr1 = :v'))).toBe(
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
    expect(
      messageOf(() =>
        context(undefined, { ':v': { S: 'x' } }).condition('#missing = :v', 'FilterExpression'),
      ),
    ).toBe(
      'Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing',
    );
  });

  it('refuses unused names and values', () => {
    const names = context({ '#unused': 'x' }, { ':v': { S: 'x' } });
    names.update('SET a = :v');
    expect(messageOf(() => names.finish())).toBe(
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}',
    );
    const values = context(undefined, { ':v': { S: 'x' }, ':unused': { S: 'y' } });
    values.update('SET a = :v');
    expect(messageOf(() => values.finish())).toBe(
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
    );
  });

  it('refuses reserved words written bare', () => {
    expect(
      messageOf(() =>
        context(undefined, { ':v': { S: 'x' } }).condition('status = :v', 'ConditionExpression'),
      ),
    ).toContain(
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status',
    );
    expect(messageOf(() => context().projection('pk, Data'))).toContain('reserved keyword: Data');
  });

  it('checks the maps themselves', () => {
    const make =
      (names: unknown, values: unknown, withValues = true) =>
      () =>
        new ExpressionContext(names, values, { any: true, withValues });
    expect(messageOf(make({}, undefined))).toBe('ExpressionAttributeNames must not be empty');
    expect(messageOf(make({ n: 'x' }, undefined))).toContain(
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "n"',
    );
    expect(messageOf(make(undefined, { v: { S: 'x' } }))).toContain(
      'ExpressionAttributeValues contains invalid key',
    );
    expect(messageOf(make(undefined, { ':v': { SS: [] } }))).toContain(
      'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty',
    );
    expect(messageOf(make(undefined, { ':v': { S: 'x' } }, false))).toBe(
      'ExpressionAttributeValues can only be specified when using expressions',
    );
    expect(
      messageOf(
        () => new ExpressionContext({ '#a': 'a' }, undefined, { any: false, withValues: false }),
      ),
    ).toBe('ExpressionAttributeNames can only be specified when using expressions');
  });
});
