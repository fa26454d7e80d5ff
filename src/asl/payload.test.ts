import { describe, expect, it } from 'vitest';
import { StatesError } from './errors.js';
import type { Randomness } from './intrinsics-values.js';
import { evaluatePayload, isDynamicPayload } from './payload.js';
import type { Scope } from './scope.js';

const input = { a: 1, list: [{ v: 'x' }, { v: 'y' }], 'delivery-partner': 'UQS' };
const context = {
  Execution: { Id: 'arn:exec', Input: { original: true } },
  Map: { Item: { Value: 'item', Index: 2 } },
};
const scope: Scope = { input, context, variables: { bucket: 'my-bucket', cfg: { size: 3 } } };

function failure(template: unknown, s: Scope = scope): StatesError {
  try {
    evaluatePayload(template, s, 'Parameters');
  } catch (err) {
    if (err instanceof StatesError) return err;
    throw err;
  }
  throw new Error('no failure');
}

describe('evaluatePayload', () => {
  it('replaces `.$` keys with path values and keeps other values', () => {
    const template = {
      'value.$': '$.a',
      'whole.$': '$',
      'partner.$': '$.delivery-partner',
      constant: 'text',
      notAPath: '$.a',
      number: 1.5,
      nothing: null,
      'ctx.$': '$$.Execution.Id',
      'item.$': '$$.Map.Item.Value',
      'var.$': '$bucket',
      'varField.$': '$cfg.size',
    };
    expect(evaluatePayload(template, scope, 'Parameters')).toEqual({
      value: 1,
      whole: input,
      partner: 'UQS',
      constant: 'text',
      notAPath: '$.a',
      number: 1.5,
      nothing: null,
      ctx: 'arn:exec',
      item: 'item',
      var: 'my-bucket',
      varField: 3,
    });
  });

  it('walks nested objects and arrays', () => {
    const template = {
      outer: { 'inner.$': '$.list[1].v', deeper: [{ 'x.$': '$.a' }, 'plain', [{ 'y.$': '$.a' }]] },
    };
    expect(evaluatePayload(template, scope, 'Parameters')).toEqual({
      outer: { inner: 'y', deeper: [{ x: 1 }, 'plain', [{ y: 1 }]] },
    });
  });

  it('evaluates intrinsic functions, with the injected randomness', () => {
    const random: Randomness = { random: () => 0, uuid: () => 'fixed-uuid' };
    const template = {
      'msg.$': "States.Format('{}-{}', $.a, $bucket)",
      'id.$': 'States.UUID()',
      'n.$': 'States.MathRandom(3, 9)',
    };
    expect(evaluatePayload(template, scope, 'Parameters', random)).toEqual({
      msg: '1-my-bucket',
      id: 'fixed-uuid',
      n: 3,
    });
  });

  it('returns [] for indefinite paths that match nothing', () => {
    expect(
      evaluatePayload({ 'item.$': '$.item.items[*]' }, { ...scope, input: {} }, 'Parameters'),
    ).toEqual({ item: [] });
    expect(evaluatePayload({ 'vs.$': '$.list[*].v' }, scope, 'Parameters')).toEqual({
      vs: ['x', 'y'],
    });
  });

  it('returns templates without `.$` keys unchanged, and primitives as they are', () => {
    const template = { Comment: 'Comment text', comment: 'comment text', nested: { a: ['$.x'] } };
    expect(evaluatePayload(template, scope, 'Parameters')).toBe(template);
    expect(isDynamicPayload(template)).toBe(false);
    expect(isDynamicPayload({ x: [{ 'y.$': '$' }] })).toBe(true);
    expect(evaluatePayload('literal', scope, 'Parameters')).toBe('literal');
    expect(evaluatePayload(null, scope, 'Parameters')).toBeNull();
    expect(evaluatePayload([1, { 'a.$': '$.a' }], scope, 'Parameters')).toEqual([1, { a: 1 }]);
  });

  it('does not modify the input', () => {
    const before = JSON.stringify(input);
    evaluatePayload(
      {
        'l.$': '$.list',
        'x.$': 'States.JsonMerge($.list[0], States.StringToJson(\'{"z":1}\'), false)',
      },
      scope,
      'Parameters',
    );
    expect(JSON.stringify(input)).toBe(before);
  });

  it('names the field and prints the input when a path matches nothing', () => {
    const err = failure({ nested: { 'value.$': '$.nope' } }, { ...scope, input: { a: 1 } });
    expect(err.error).toBe('States.Runtime');
    expect(err.causeText).toBe(
      `The JSONPath '$.nope' specified for the field 'value.$' could not be found in the input '{"a":1}'`,
    );
  });

  it('reports context paths against the state input, as AWS does', () => {
    const err = failure(
      { 'value.$': '$$.Execution.Input.no_such_jsonpath' },
      { ...scope, input: { 'int-literal': 0 } },
    );
    expect(err.causeText).toBe(
      `The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`,
    );
  });

  it('fails on an undefined variable', () => {
    expect(failure({ 'v.$': '$nope' }).causeText).toContain(
      "The JSONPath '$nope' specified for the field 'v.$'",
    );
  });

  it('fails with States.Runtime on malformed `.$` values', () => {
    expect(failure({ 'a.$': 5 }).causeText).toContain(
      "The value for the field 'a.$' must be a STRING",
    );
    expect(failure({ 'a.$': 'no-dollar' }).causeText).toContain(
      "The value for the field 'a.$' is not a valid JSONPath",
    );
    expect(failure({ 'a.$': 'States.Nope()' }).causeText).toContain('unknown intrinsic function');
    expect(failure({ 'a.$': 'no-dollar' }).causeText).toContain('(in Parameters)');
  });

  it('propagates intrinsic failures', () => {
    const err = failure({ 'x.$': 'States.ArrayGetItem($.list, 5)' });
    expect(err.error).toBe('States.IntrinsicFailure');
  });

  it('keeps the key order of the template', () => {
    const out = evaluatePayload({ z: 1, 'y.$': '$.a', x: 2 }, scope, 'Parameters') as object;
    expect(Object.keys(out)).toEqual(['z', 'y', 'x']);
  });
});
