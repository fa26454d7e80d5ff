import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StatesError } from './errors.js';
import {
  compileIntrinsic,
  evaluateIntrinsic,
  IntrinsicSyntaxError,
  parseIntrinsic,
} from './intrinsics.js';
import {
  JavaRandom,
  javaDoubleToString,
  javaToString,
  type Randomness,
} from './intrinsics-values.js';
import type { Scope } from './scope.js';

const input = {
  str: 'Hello World',
  num: 5,
  arr: [1, 2, 2, 3, 3, 4],
  obj: { a: 1, b: [true, null, 'x'] },
  json: '{"key":"value"}',
  big: 'x'.repeat(10_001),
};
const scope: Scope = {
  input,
  context: {
    Execution: { Name: 'exec-1' },
    StateMachine: { Id: 'arn:sm', Name: 'my-machine-name' },
  },
  variables: { greeting: 'Hi {}!', list: ['a', 'b'] },
};
const fixed: Randomness = { random: () => 0.5, uuid: () => '00000000-0000-4000-8000-000000000000' };
const run = (text: string, s: Scope = scope) => evaluateIntrinsic(text, s, fixed, 'field.$');

function failure(text: string, s: Scope = scope): StatesError {
  try {
    run(text, s);
  } catch (err) {
    if (err instanceof StatesError) return err;
    throw err;
  }
  throw new Error(`${text} did not fail`);
}

describe('States.Format', () => {
  it.each([
    ["States.Format('Hello {}', $.str)", 'Hello Hello World'],
    ["States.Format('{} + {} = {}', 1, 2.5, true)", '1 + 2.5 = true'],
    ["States.Format('v={}', null)", 'v=null'],
    ["States.Format('o={}', $.obj)", 'o={a=1, b=[true, null, x]}'],
    ["States.Format('a={}', $.arr)", 'a=[1, 2, 2, 3, 3, 4]'],
    ["States.Format('no placeholders')", 'no placeholders'],
    ["States.Format('esc \\{\\} {} \\' \\\\', 'v')", "esc {} v ' \\"],
    ["States.Format('{}{}', '', ' ')", ' '],
    ['States.Format($greeting, $list[1])', 'Hi b!'],
    ["States.Format('{}', $$.StateMachine)", '{Id=arn:sm, Name=my-machine-name}'],
  ])('%s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('fails when a template from a path has the wrong number of placeholders', () => {
    const err = failure('States.Format($greeting)');
    expect(err.error).toBe('States.IntrinsicFailure');
    expect(err.causeText).toContain('States.Format');
  });

  it('rejects a literal template whose placeholders do not match the arguments, when parsing', () => {
    expect(() => parseIntrinsic("States.Format('{} {}', 1)")).toThrow(IntrinsicSyntaxError);
    expect(() => parseIntrinsic("States.Format('{}')")).toThrow(/1 placeholder/);
  });

  it('prints numbers as Java does', () => {
    expect(javaDoubleToString(1.1)).toBe('1.1');
    expect(javaDoubleToString(1e7 + 0.5)).toBe('1.00000005E7');
    expect(javaDoubleToString(0.0001)).toBe('1.0E-4');
    expect(javaDoubleToString(0.001)).toBe('0.001');
    expect(javaDoubleToString(-0)).toBe('-0.0');
    expect(javaToString(1e20)).toBe('100000000000000000000');
    expect(javaToString(1e21)).toBe('1000000000000000000000');
    expect(javaToString({ a: { b: 'c' }, d: [] })).toBe('{a={b=c}, d=[]}');
  });
});

describe('JSON functions', () => {
  it.each([
    ['States.StringToJson(\'{"a": [1, 2]}\')', { a: [1, 2] }],
    ['States.StringToJson($.json)', { key: 'value' }],
    ["States.StringToJson('')", null],
    ["States.StringToJson('  ')", null],
    ["States.StringToJson('-0')", 0],
    ['States.StringToJson(\'"s"\')', 's'],
    ['States.JsonToString($.obj)', '{"a":1,"b":[true,null,"x"]}'],
    ["States.JsonToString('s')", '"s"'],
    ['States.JsonToString(null)', 'null'],
    [
      'States.JsonMerge($.obj, States.StringToJson(\'{"b": 2, "c": 3}\'), false)',
      { a: 1, b: 2, c: 3 },
    ],
  ])('%s', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it('keeps the sign of -0 out of StringToJson results', () => {
    expect(Object.is(run("States.StringToJson('-0')"), 0)).toBe(true);
  });

  it.each([
    ["States.StringToJson('{bad')", 'not valid JSON'],
    ['States.StringToJson(1)', 'must be a string'],
    ['States.JsonMerge($.obj, $.arr, false)', 'second argument must be a JSON object'],
    ['States.JsonMerge($.obj, $.obj, true)', 'deep merging is not supported'],
    ["States.JsonMerge($.obj, $.obj, 'false')", 'third argument must be a boolean'],
  ])('%s fails', (text, message) => {
    const err = failure(text);
    expect(err.error).toBe('States.IntrinsicFailure');
    expect(err.causeText).toContain(message);
  });
});

describe('array functions', () => {
  it.each([
    ['States.Array()', []],
    [
      "States.Array('a', 1, true, null, $.obj, States.Array())",
      ['a', 1, true, null, input.obj, []],
    ],
    [
      'States.ArrayPartition($.arr, 4)',
      [
        [1, 2, 2, 3],
        [3, 4],
      ],
    ],
    [
      'States.ArrayPartition($.arr, 2.6)',
      [
        [1, 2, 2],
        [3, 3, 4],
      ],
    ],
    ['States.ArrayPartition(States.Array(), 3)', []],
    ['States.ArrayContains($.arr, 3)', true],
    ['States.ArrayContains($.arr, 9)', false],
    [
      'States.ArrayContains(States.Array($.obj), States.StringToJson(\'{"b":[true,null,"x"],"a":1}\'))',
      true,
    ],
    ["States.ArrayContains(States.Array(1), '1')", false],
    ['States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
    ['States.ArrayRange(0, 10, 3)', [0, 3, 6, 9]],
    ['States.ArrayRange(10, 0, -4)', [10, 6, 2]],
    ['States.ArrayRange(5, 1, 1)', []],
    ['States.ArrayRange(0.6, 2.4, 1)', [1, 2]],
    ['States.ArrayGetItem($.arr, 5)', 4],
    ['States.ArrayGetItem($.arr, 0)', 1],
    ['States.ArrayLength($.arr)', 6],
    ['States.ArrayLength(States.Array())', 0],
    ['States.ArrayUnique($.arr)', [1, 2, 3, 4]],
    ["States.ArrayUnique(States.Array($.obj, 1, '1', $.obj))", [input.obj, 1, '1']],
  ])('%s', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it.each([
    ['States.ArrayPartition($.str, 2)', 'first argument must be an array'],
    ['States.ArrayPartition($.arr, 0)', 'must be a positive integer'],
    ["States.ArrayPartition($.arr, '2')", 'second argument must be a number'],
    ['States.ArrayRange(0, 10, 0)', 'must not be 0'],
    ['States.ArrayRange(0, 1000, 1)', '1001 items'],
    ['States.ArrayGetItem($.arr, 6)', 'index 6 is out of bounds for an array of length 6'],
    ['States.ArrayGetItem($.arr, -1)', 'out of bounds'],
    ['States.ArrayGetItem($.arr, 1.5)', 'must be an integer'],
    ['States.ArrayLength($.obj)', 'must be an array, but was object'],
    ['States.ArrayUnique(null)', 'must be an array, but was null'],
    ['States.ArrayContains($.num, 1)', 'must be an array'],
  ])('%s fails', (text, message) => {
    const err = failure(text);
    expect(err.error).toBe('States.IntrinsicFailure');
    expect(err.causeText).toContain(message);
  });

  it('accepts the largest range', () => {
    expect(run('States.ArrayRange(1, 1000, 1)')).toHaveLength(1000);
  });
});

describe('encoding and hashing', () => {
  it.each([
    ['States.Base64Encode($.str)', 'SGVsbG8gV29ybGQ='],
    ["States.Base64Encode('')", ''],
    ["States.Base64Encode('héllo ✓')", Buffer.from('héllo ✓').toString('base64')],
    ["States.Base64Decode('SGVsbG8gV29ybGQ=')", 'Hello World'],
    ["States.Base64Decode('SGVsbG8gV29ybGQ')", 'Hello World'],
    ["States.Base64Decode('')", ''],
  ])('%s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it.each(['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])('States.Hash with %s', (algorithm) => {
    const node = algorithm.toLowerCase().replace('-', '');
    expect(run(`States.Hash('input data', '${algorithm}')`)).toBe(
      createHash(node).update('input data').digest('hex'),
    );
  });

  it('matches the recorded AWS digests', () => {
    expect(run("States.Hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(run("States.Hash('input data', 'SHA-256')")).toBe(
      'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    );
  });

  it.each([
    ["States.Base64Decode('not base64!')", 'not valid Base64'],
    ["States.Base64Decode('A')", 'not valid Base64'],
    ['States.Base64Encode($.big)', 'at most 10000 characters'],
    ['States.Base64Encode($.num)', 'must be a string'],
    [
      "States.Hash('x', 'SHA-3')",
      'not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512',
    ],
    ["States.Hash($.big, 'MD5')", 'at most 10000 characters'],
    ["States.Hash($.obj, 'MD5')", 'must be a string'],
  ])('%s fails', (text, message) => {
    const err = failure(text);
    expect(err.error).toBe('States.IntrinsicFailure');
    expect(err.causeText).toContain(message);
  });
});

describe('math, strings and ids', () => {
  it.each([
    ['States.MathAdd(1, 2)', 3],
    ['States.MathAdd($.num, -7)', -2],
    ['States.MathAdd(1.49, 1.5)', 3],
    ['States.MathAdd(-1.5, 0)', -1],
    ['States.MathAdd(-2.5, 0)', -2],
    ['States.MathAdd(-0.5, 0)', 0],
    ['States.MathAdd(2147483647, 0)', 2147483647],
    ["States.StringSplit('a,b,,c', ',')", ['a', 'b', 'c']],
    ["States.StringSplit('This.is+a,test=string', '.+,=')", ['This', 'is', 'a', 'test', 'string']],
    ["States.StringSplit(',,,', ',')", []],
    ["States.StringSplit('abc', '')", ['abc']],
    ["States.StringSplit($$.StateMachine.Name, '-')", ['my', 'machine', 'name']],
    ['States.UUID()', '00000000-0000-4000-8000-000000000000'],
    ['States.MathRandom(10, 20)', 15],
  ])('%s', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it('never returns -0 from MathAdd', () => {
    expect(Object.is(run('States.MathAdd(-0.4, 0)'), 0)).toBe(true);
  });

  it('draws MathRandom from [start, end) with the injected randomness', () => {
    const low: Randomness = { random: () => 0, uuid: () => '' };
    const high: Randomness = { random: () => 0.999999, uuid: () => '' };
    expect(evaluateIntrinsic('States.MathRandom(1, 4)', scope, low)).toBe(1);
    expect(evaluateIntrinsic('States.MathRandom(1, 4)', scope, high)).toBe(3);
  });

  it('uses real randomness by default', () => {
    const uuid = evaluateIntrinsic('States.UUID()', scope) as string;
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(evaluateIntrinsic('States.UUID()', scope)).not.toBe(uuid);
    const n = evaluateIntrinsic('States.MathRandom(0, 3)', scope) as number;
    expect([0, 1, 2]).toContain(n);
  });

  it('seeds MathRandom like java.util.Random', () => {
    expect(new JavaRandom(42).nextInt()).toBe(-1170105035);
    expect(new JavaRandom(0).nextInt()).toBe(-1155484576);
    expect(new JavaRandom(42).nextInt(10)).toBe(0);
    const seeded = run('States.MathRandom(100, 200, 42)');
    expect(seeded).toBe(100 + new JavaRandom(42).nextInt(100));
    expect(run('States.MathRandom(100, 200, 42)')).toBe(seeded);
    expect(new JavaRandom(7).nextInt(16)).toBeLessThan(16);
  });

  it.each([
    ['States.MathAdd(2147483648, 0)', 'between -2147483648 and 2147483647'],
    ["States.MathAdd('1', 2)", 'first argument must be a number'],
    ['States.MathRandom(5, 5)', 'must be greater than the start'],
    ["States.StringSplit($.num, ',')", 'first argument must be a string'],
    ['States.StringSplit($.str, 1)', 'second argument must be a string'],
  ])('%s fails', (text, message) => {
    const err = failure(text);
    expect(err.error).toBe('States.IntrinsicFailure');
    expect(err.causeText).toContain(message);
  });
});

describe('arguments and nesting', () => {
  it('evaluates nested calls, context paths and variables', () => {
    expect(run("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)")).toBe('my');
    expect(
      run(
        'States.MathAdd(States.MathAdd(States.ArrayLength($list), 1), States.ArrayLength($.arr))',
      ),
    ).toBe(9);
    expect(run("States.StringSplit('Hello\nWorld', '\n')")).toEqual(['Hello', 'World']);
    expect(run("States.Array($.arr[?(@ > 2)], $.obj['a'])")).toEqual([[3, 3, 4], 1]);
    expect(run("States.Array( 'a' ,\t$.num )")).toEqual(['a', 5]);
  });

  it('fails with States.Runtime naming the field when a path argument matches nothing', () => {
    const err = failure('States.Array($.missing)');
    expect(err.error).toBe('States.Runtime');
    expect(err.causeText).toBe(
      `The JSONPath '$.missing' specified for the field 'field.$' could not be found in the input '${JSON.stringify(input)}'`,
    );
  });

  it('passes an empty match list of an indefinite path through', () => {
    expect(run('States.ArrayLength($.arr[?(@ > 100)])')).toBe(0);
  });

  it('allows 10 levels of nesting but not 11', () => {
    const nest = (n: number): string => (n === 0 ? '1' : `States.MathAdd(${nest(n - 1)}, 1)`);
    expect(run(nest(10))).toBe(11);
    expect(() => parseIntrinsic(nest(11))).toThrow(/nested at most 10 deep/);
  });

  it('caches compiled calls', () => {
    expect(compileIntrinsic('States.Array(1)')).toBe(compileIntrinsic('States.Array(1)'));
  });
});

describe('parse errors', () => {
  it.each([
    ['States.Nope(1)', 0, "unknown intrinsic function 'States.Nope'"],
    ['States.Array(1', 14, "missing ')'"],
    ['States.Array(1 2)', 15, "expected ',' or ')'"],
    ["States.Array('a)", 13, 'unterminated string'],
    ['States.Array(foo)', 13, 'expected a string, a number'],
    ['States.Array(1) extra', 16, 'unexpected text'],
    ['States.ArrayLength()', 0, 'takes 1 argument, but 0 were given'],
    ['States.MathRandom(1)', 0, 'takes 2 to 3 arguments'],
    ['States.UUID(1)', 0, 'takes 0 arguments'],
    ['States.Format()', 0, 'takes at least 1 argument'],
    ['States.Array($.a[)', 17, 'Invalid JSONPath'],
    ['$.notACall', 0, 'expected an intrinsic function'],
  ])('%s fails at %i', (text, position, message) => {
    let error: unknown;
    try {
      parseIntrinsic(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(IntrinsicSyntaxError);
    expect((error as IntrinsicSyntaxError).position).toBe(position);
    expect((error as IntrinsicSyntaxError).message).toContain(message);
  });

  it('returns the call tree', () => {
    const call = parseIntrinsic("States.Format('x{}', States.Array($.a, 'b\\'c', 1, true))");
    expect(call.name).toBe('States.Format');
    expect(call.args[0]).toEqual({ kind: 'string', value: 'x{}', raw: 'x{}' });
    const inner = call.args[1];
    expect(inner?.kind).toBe('call');
    if (inner?.kind === 'call') {
      expect(inner.call.args.map((a) => a.kind)).toEqual(['path', 'string', 'number', 'literal']);
      expect(inner.call.args[1]).toEqual({ kind: 'string', value: "b'c", raw: "b\\'c" });
    }
  });
});
